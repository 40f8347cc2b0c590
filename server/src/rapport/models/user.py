from __future__ import annotations

import uuid

from sqlalchemy import Boolean, String, false
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin, TimestampMixin


class User(IdMixin, TimestampMixin, Base):
    """A person who signs in. Users are global; what they can see comes from their memberships."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    mfa_enabled: Mapped[bool] = mapped_column(Boolean, server_default=false())
    last_workspace_id: Mapped[uuid.UUID | None]
