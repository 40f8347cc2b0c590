from __future__ import annotations

from sqlalchemy import Boolean, Enum, String, false, text
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin, TimestampMixin
from rapport.models.email import AutoCreatePolicy


class Workspace(IdMixin, TimestampMixin, Base):
    __tablename__ = "workspaces"

    name: Mapped[str] = mapped_column(String(100))
    # Forward-in address <inbound_token>@<inbound domain>, and the raw MIME webhook's credential.
    inbound_token: Mapped[str] = mapped_column(
        String(64), server_default=text("replace(gen_random_uuid()::text, '-', '')")
    )
    contact_auto_create: Mapped[AutoCreatePolicy] = mapped_column(
        Enum(AutoCreatePolicy, name="auto_create_policy"), server_default=AutoCreatePolicy.OFF.value
    )
    # Every member must sign in with a second factor; members without one are sent to enrol.
    mfa_required: Mapped[bool] = mapped_column(Boolean, server_default=false())
