from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin


class UserIdentity(IdMixin, Base):
    """An account at an OpenID provider (Google, Microsoft) that signs in as a user: the provider's
    stable subject, never the email, identifies it. Global like `users` (no workspace)."""

    __tablename__ = "user_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(255))
    # The verified address the identity was linked by (the user's email may change later).
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_sign_in_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
