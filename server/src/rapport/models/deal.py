from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CHAR, BigInteger, Computed, Date, DateTime, Enum, Float, String
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base
from rapport.models.pipeline import StageKind
from rapport.models.record import RecordMixin


class Deal(RecordMixin, Base):
    __tablename__ = "deals"

    name: Mapped[str] = mapped_column(String(200))
    amount_micros: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(CHAR(3))
    pipeline_id: Mapped[uuid.UUID]
    stage_id: Mapped[uuid.UUID]
    position: Mapped[float] = mapped_column(Float)  # order within the stage column
    expected_close_date: Mapped[date | None] = mapped_column(Date)
    company_id: Mapped[uuid.UUID | None]
    owner_id: Mapped[uuid.UUID | None]
    status: Mapped[StageKind] = mapped_column(Enum(StageKind, name="stage_kind"), server_default="OPEN")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lost_reason: Mapped[str | None] = mapped_column(String(300))  # while in a LOST stage
    # Maintained by PostgreSQL (0004_search); never loaded with the row.
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR, Computed("see migration 0004_search", persisted=True), deferred=True, deferred_raiseload=True
    )
