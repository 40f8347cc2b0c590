from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Boolean, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin, TimestampMixin
from rapport.models.field_definition import ObjectType


class SavedView(IdMixin, TimestampMixin, Base):
    """A list's state (search, filters, sort, columns) under a name: its author's, or shared with the workspace."""

    __tablename__ = "saved_views"
    __table_args__ = (
        UniqueConstraint("owner_member_id", "object_type", "name"),
        Index("ix_saved_views_workspace_id_object_type", "workspace_id", "object_type"),
    )

    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    owner_member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace_members.id", ondelete="CASCADE"))
    object_type: Mapped[ObjectType] = mapped_column(Enum(ObjectType, name="object_type", create_type=False))
    name: Mapped[str] = mapped_column(String(100))
    state: Mapped[dict[str, Any]] = mapped_column(JSONB)
    shared: Mapped[bool] = mapped_column(Boolean, server_default="false")
