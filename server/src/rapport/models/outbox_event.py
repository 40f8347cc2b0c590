from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin


class OutboxEvent(IdMixin, Base):
    """A domain event written in the transaction of the change; the relay publishes it after commit."""

    __tablename__ = "outbox_events"

    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    actor_user_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Numbered by the relay as it publishes: the order subscribers see, and their resume point.
    sequence: Mapped[int | None] = mapped_column(BigInteger)
    # The W3C traceparent of the transaction that wrote it (rapport/tracing.py): the relay and the work
    # the event causes continue that trace.
    trace_parent: Mapped[str | None] = mapped_column(Text)
