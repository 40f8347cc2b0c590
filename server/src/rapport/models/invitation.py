from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin
from rapport.models.workspace_member import Role


class Invitation(IdMixin, Base):
    """An invitation to join a workspace with `role`, for whoever holds the token and signs in with
    `email`. Only the SHA-256 of the token is kept; it works once, until `expires_at`."""

    __tablename__ = "invitations"

    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(Enum(Role, name="member_role"))
    token_hash: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    invited_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workspace_members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    mailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
