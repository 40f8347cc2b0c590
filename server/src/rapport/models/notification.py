from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin


class NotificationKind(enum.StrEnum):
    TASK_ASSIGNED = "TASK_ASSIGNED"
    TASK_DUE = "TASK_DUE"
    MENTIONED = "MENTIONED"
    DEAL_WON = "DEAL_WON"
    DEAL_LOST = "DEAL_LOST"
    EMAIL_FROM_CONTACT = "EMAIL_FROM_CONTACT"
    IMPORT_FINISHED = "IMPORT_FINISHED"
    MEETING_SOON = "MEETING_SOON"


class Notification(IdMixin, Base):
    """Something one member should know about. `dedupe_key` names what caused it (the outbox event,
    or the task and due time, or the meeting and its start): a redelivered cause inserts nothing."""

    __tablename__ = "notifications"

    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    recipient_member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace_members.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(Enum(NotificationKind, name="notification_kind"))
    title: Mapped[str] = mapped_column(String(300))
    target_type: Mapped[str | None] = mapped_column(String(20))  # "contact", "company", "deal", "import"
    target_id: Mapped[uuid.UUID | None]
    dedupe_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
