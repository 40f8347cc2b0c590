from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, ForeignKeyConstraint, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin
from rapport.models.workspace_member import Role


class ApiKey(IdMixin, Base):
    """A credential for integrations: acts in one workspace with `role` (capped by its creator's role),
    as its creator. Only the SHA-256 of the secret is kept; `prefix` is its first characters."""

    __tablename__ = "api_keys"
    __table_args__ = (
        ForeignKeyConstraint(
            ["workspace_id", "created_by_id"],
            ["workspace_members.workspace_id", "workspace_members.id"],
            ondelete="CASCADE",
        ),
    )

    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    role: Mapped[Role] = mapped_column(Enum(Role, name="member_role"))
    created_by_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
