from __future__ import annotations

import uuid

from sqlalchemy import Computed, Integer, String
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base
from rapport.models.record import RecordMixin


class Company(RecordMixin, Base):
    __tablename__ = "companies"

    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str | None] = mapped_column(String(253))  # lower-cased, unique among live companies
    industry: Mapped[str | None] = mapped_column(String(100))
    employees: Mapped[int | None] = mapped_column(Integer)
    owner_id: Mapped[uuid.UUID | None]  # a workspace member
    # Maintained by PostgreSQL (0004_search); never loaded with the row.
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR, Computed("see migration 0004_search", persisted=True), deferred=True, deferred_raiseload=True
    )
