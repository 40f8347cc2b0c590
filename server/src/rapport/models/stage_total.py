from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import CHAR, BigInteger, ForeignKey, Identity, Numeric
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base


class StageTotal(Base):
    """Part of a stage's live deals and of their amounts in one currency (NULL: no amount). A stage's
    figures are the sums of its rows: triggers on `deals` add a row per changing statement and fold the
    stage's other rows into it (migrations/versions/0030_stagetotals.py). Written only by those triggers."""

    __tablename__ = "stage_totals"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    stage_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    currency: Mapped[str | None] = mapped_column(CHAR(3))
    deal_count: Mapped[int] = mapped_column(BigInteger)
    amount_micros: Mapped[Decimal] = mapped_column(Numeric)
