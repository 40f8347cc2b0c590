"""The dashboard's aggregates: one SQL statement each, always scoped to one workspace."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Numeric, cast, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import Deal, Stage, StageKind, StageTotal


@dataclass
class StageTotals:
    """One stage's live deals: how many, and per currency the sum and the sum weighted by probability."""

    stage: Stage
    count: int = 0
    amounts: list[tuple[str, int]] = field(default_factory=list)
    weighted: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class MonthTotals:
    """Deals closed in one calendar month (UTC): how many won and lost, and the won amount per currency."""

    month: date
    won: int = 0
    lost: int = 0
    won_amounts: list[tuple[str, int]] = field(default_factory=list)


async def stage_totals(session: AsyncSession, workspace_id: uuid.UUID, pipeline_id: uuid.UUID) -> list[StageTotals]:
    """Every stage of the pipeline in order, with its live deals' count and sums (zero when empty), from the
    totals the triggers on `deals` keep (models/stage_total.py). A stage's deals share its probability, so
    the weighted sum is the stage's sum times it (exact in numeric)."""
    per_currency = (
        select(
            StageTotal.stage_id,
            StageTotal.currency,
            func.sum(StageTotal.deal_count).label("deals"),
            func.sum(StageTotal.amount_micros).label("amount"),
        )
        .where(StageTotal.workspace_id == workspace_id)
        .group_by(StageTotal.stage_id, StageTotal.currency)
        .having(func.sum(StageTotal.deal_count) > 0)
        .subquery("per_currency")
    )
    query = (
        select(
            Stage,
            per_currency.c.currency,
            func.coalesce(per_currency.c.deals, 0),
            func.coalesce(per_currency.c.amount, 0),
            func.coalesce(func.round(per_currency.c.amount * cast(Stage.probability, Numeric)), 0),
        )
        .outerjoin(per_currency, per_currency.c.stage_id == Stage.id)
        .where(Stage.workspace_id == workspace_id, Stage.pipeline_id == pipeline_id)
        .order_by(Stage.position, Stage.id, per_currency.c.currency)
    )
    totals: dict[uuid.UUID, StageTotals] = {}
    for stage, currency, deals, amount, weighted_amount in (await session.execute(query)).all():
        entry = totals.setdefault(stage.id, StageTotals(stage=stage))
        entry.count += int(deals)
        if currency is not None:
            entry.amounts.append((currency, int(amount)))
            entry.weighted.append((currency, int(weighted_amount)))
    return list(totals.values())


_CLOSED_BY_MONTH = text(
    """
WITH months AS (
  SELECT generate_series(
    date_trunc('month', now()) - make_interval(months => :months - 1),
    date_trunc('month', now()),
    interval '1 month'
  ) AS month
)
SELECT m.month::date AS month, d.currency,
       count(d.id) FILTER (WHERE d.status = 'WON') AS won,
       count(d.id) FILTER (WHERE d.status = 'LOST') AS lost,
       coalesce(sum(d.amount_micros) FILTER (WHERE d.status = 'WON'), 0) AS won_amount
FROM months m
LEFT JOIN deals d
  ON d.workspace_id = :ws AND d.pipeline_id = :pipeline AND d.deleted_at IS NULL
 AND d.status <> 'OPEN' AND d.closed_at >= m.month AND d.closed_at < m.month + interval '1 month'
GROUP BY m.month, d.currency
ORDER BY m.month, d.currency
"""
)


async def closed_by_month(
    session: AsyncSession, workspace_id: uuid.UUID, pipeline_id: uuid.UUID, months: int
) -> list[MonthTotals]:
    """The last `months` calendar months, oldest first, the current one included; empty months too."""
    rows = await session.execute(_CLOSED_BY_MONTH, {"ws": workspace_id, "pipeline": pipeline_id, "months": months})
    by_month: dict[date, MonthTotals] = {}
    for month, currency, won, lost, won_amount in rows:
        entry = by_month.setdefault(month, MonthTotals(month=month))
        entry.won += int(won)
        entry.lost += int(lost)
        if currency is not None and int(won) > 0:
            entry.won_amounts.append((currency, int(won_amount)))
    return list(by_month.values())


async def lost_reasons(
    session: AsyncSession, workspace_id: uuid.UUID, pipeline_id: uuid.UUID
) -> list[tuple[str | None, int]]:
    """The pipeline's live lost deals by reason (None: none given), the most frequent first."""
    query = (
        select(Deal.lost_reason, func.count())
        .where(
            Deal.workspace_id == workspace_id,
            Deal.pipeline_id == pipeline_id,
            Deal.deleted_at.is_(None),
            Deal.status == StageKind.LOST,
        )
        .group_by(Deal.lost_reason)
        .order_by(func.count().desc(), Deal.lost_reason.asc().nulls_last())
    )
    return [(reason, int(count)) for reason, count in (await session.execute(query)).all()]
