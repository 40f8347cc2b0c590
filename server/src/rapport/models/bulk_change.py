from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Enum, ForeignKey, Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin
from rapport.models.field_definition import ObjectType


class BulkChange(IdMixin, Base):
    """What one bulk update or delete did, so that it can be undone once until `expires_at`: per record
    (`items`) the fields it changed with their values before and after, or the id of a record it deleted."""

    __tablename__ = "bulk_changes"
    __table_args__ = (Index("ix_bulk_changes_workspace_id_expires_at", "workspace_id", "expires_at"),)

    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    object_type: Mapped[ObjectType] = mapped_column(Enum(ObjectType, name="object_type", create_type=False))
    action: Mapped[str] = mapped_column(String(10))  # UPDATE or DELETE
    role: Mapped[str] = mapped_column(String(20))  # the role the change needed (its undo needs it too)
    created_by: Mapped[uuid.UUID]
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
