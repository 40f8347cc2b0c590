from __future__ import annotations

import uuid
from datetime import date
from typing import cast

import strawberry

from rapport.dashboard import service
from rapport.dashboard.repository import MonthTotals, StageTotals
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanRead
from rapport.graphql.types import Money, RowType
from rapport.models import Pipeline as PipelineRow
from rapport.pipeline.graphql import Pipeline, Stage


def _money(sums: list[tuple[str, int]]) -> list[Money]:
    return [Money(amount_micros=str(amount), currency=currency) for currency, amount in sums]


@strawberry.type(description="One stage of a pipeline and its live deals.")
class StageStats:
    totals: strawberry.Private[StageTotals]

    @strawberry.field(description="The stage.")
    def stage(self) -> Stage:
        return cast(Stage, self.totals.stage)

    @strawberry.field(description="How many live deals are in the stage.")
    def count(self) -> int:
        return self.totals.count

    @strawberry.field(description="The sum of their amounts, one entry per currency.")
    def amount(self) -> list[Money]:
        return _money(self.totals.amounts)

    @strawberry.field(
        description="The sum of their amounts times the stage's probability, one entry per currency "
        "(what the stage is expected to bring in)."
    )
    def weighted_amount(self) -> list[Money]:
        return _money(self.totals.weighted)


@strawberry.type(description="The deals of a pipeline closed in one calendar month (UTC).")
class MonthStats:
    totals: strawberry.Private[MonthTotals]

    @strawberry.field(description="The first day of the month, YYYY-MM-DD.")
    def month(self) -> date:
        return self.totals.month

    @strawberry.field(description="How many deals were won that month.")
    def won(self) -> int:
        return self.totals.won

    @strawberry.field(description="How many deals were lost that month.")
    def lost(self) -> int:
        return self.totals.lost

    @strawberry.field(description="The sum of the won deals' amounts, one entry per currency.")
    def won_amount(self) -> list[Money]:
        return _money(self.totals.won_amounts)


@strawberry.type(description="How many lost deals give one reason.")
class LostReasonCount:
    reason: str | None = strawberry.field(description="The lost reason; null for the deals lost without one.")
    count: int = strawberry.field(description="How many live deals of the pipeline were lost for it.")


@strawberry.type(description="Where one pipeline stands: its stages' totals and the deals closed month by month.")
class DealStats(RowType[PipelineRow]):
    @strawberry.field(description="The pipeline these figures are about.")
    def pipeline(self) -> Pipeline:
        return cast(Pipeline, self.row)

    @strawberry.field(description="Every stage in order (WON and LOST ones too), with its live deals' totals.")
    async def by_stage(self, info: Info) -> list[StageStats]:
        totals = await as_actor(info, service.stage_totals, pipeline=self.row)
        return [StageStats(totals=entry) for entry in totals]

    @strawberry.field(
        description="The last `months` calendar months (1 to 36), oldest first and the current one last, "
        "with the deals won and lost in each (by when they closed); months without any are included."
    )
    async def closed_by_month(self, info: Info, months: int = 12) -> list[MonthStats]:
        totals = await as_actor(info, service.closed_by_month, pipeline=self.row, months=months)
        return [MonthStats(totals=entry) for entry in totals]

    @strawberry.field(description="The pipeline's lost deals by lost reason, the most frequent first.")
    async def lost_reasons(self, info: Info) -> list[LostReasonCount]:
        counts = await as_actor(info, service.lost_reasons, pipeline=self.row)
        return [LostReasonCount(reason=reason, count=count) for reason, count in counts]


@strawberry.type
class DashboardQuery:
    @strawberry.field(
        description="Figures for the dashboard about one pipeline (the default one when no id is given); "
        "NOT_FOUND when the pipeline is not in this workspace.",
        permission_classes=[CanRead],
    )
    async def deal_stats(self, info: Info, pipeline_id: uuid.UUID | None = None) -> DealStats:
        row = await as_actor(info, service.pipeline_for_stats, pipeline_id=pipeline_id)
        return DealStats(row=row)
