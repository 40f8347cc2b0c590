from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, LargeBinary, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin


class AuditEvent(IdMixin, Base):
    """One security event, append-only and hash-chained per workspace (migration 0018_guard: the
    database sets `seq`, `prev_hash` and `hash`; no role may update or delete a row). `workspace_id`
    is NULL for events of no workspace, such as a failed sign-in for an unknown email."""

    __tablename__ = "audit_events"

    workspace_id: Mapped[uuid.UUID | None]
    seq: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    action: Mapped[str] = mapped_column(String(64))
    actor_user_id: Mapped[uuid.UUID | None]
    actor_member_id: Mapped[uuid.UUID | None]
    api_key_id: Mapped[uuid.UUID | None]
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary, server_default=text("'\\x'::bytea"))
    hash: Mapped[bytes] = mapped_column(LargeBinary, server_default=text("'\\x'::bytea"))
