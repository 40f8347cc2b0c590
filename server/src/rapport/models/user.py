from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, LargeBinary, String, false, text
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
    # TOTP (RFC 6238): the secret encrypted at rest, an enrolment awaiting its first code, the last
    # time step accepted (a code works once), and the backoff after wrong codes.
    mfa_secret_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    mfa_pending_secret_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    mfa_last_step: Mapped[int | None] = mapped_column(BigInteger)
    mfa_failed_attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    mfa_blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
