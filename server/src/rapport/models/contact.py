from __future__ import annotations

import uuid

from sqlalchemy import Computed, String, Text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base
from rapport.models.record import RecordMixin

DISPLAY_NAME = "coalesce(nullif(btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''), emails[1], '')"


class Contact(RecordMixin, Base):
    __tablename__ = "contacts"

    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    emails: Mapped[list[str]] = mapped_column(ARRAY(String(254)), server_default="{}")  # first is primary
    phones: Mapped[list[str]] = mapped_column(ARRAY(String(50)), server_default="{}")
    job_title: Mapped[str | None] = mapped_column(String(200))
    company_id: Mapped[uuid.UUID | None]
    owner_id: Mapped[uuid.UUID | None]  # a workspace member
    name: Mapped[str] = mapped_column(Text, Computed(DISPLAY_NAME, persisted=True))
    # Maintained by PostgreSQL (0004_search); never loaded with the row.
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR, Computed("see migration 0004_search", persisted=True), deferred=True, deferred_raiseload=True
    )
