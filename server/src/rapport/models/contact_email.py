from __future__ import annotations

import uuid

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base


class ContactEmail(Base):
    """One address of a live contact: kept by triggers on contacts (migration 0009), never written by
    the code; it answers "who has this address" with a btree lookup."""

    __tablename__ = "contact_emails"

    workspace_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
