"""The dashboard: where the pipeline stands and how deals closed, for one pipeline of the workspace."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.dashboard import repository
from rapport.dashboard.repository import MonthTotals, StageTotals
from rapport.errors import BadUserInput
from rapport.models import Pipeline, Role
from rapport.pipeline import service as pipeline_service

MAX_MONTHS = 36


async def pipeline_for_stats(session: AsyncSession, actor: Actor, *, pipeline_id: uuid.UUID | None) -> Pipeline:
    """The pipeline asked for, or the workspace's default one."""
    actor.require(Role.VIEWER)
    if pipeline_id is None:
        return await pipeline_service.default_pipeline(session, actor)
    return await pipeline_service.get(session, actor, pipeline_id=pipeline_id)


async def stage_totals(session: AsyncSession, actor: Actor, *, pipeline: Pipeline) -> list[StageTotals]:
    actor.require(Role.VIEWER)
    return await repository.stage_totals(session, actor.workspace_id, pipeline.id)


async def closed_by_month(session: AsyncSession, actor: Actor, *, pipeline: Pipeline, months: int) -> list[MonthTotals]:
    actor.require(Role.VIEWER)
    if not 1 <= months <= MAX_MONTHS:
        raise BadUserInput(
            f"Ask for 1 to {MAX_MONTHS} months.", field_errors={("months",): f"between 1 and {MAX_MONTHS}"}
        )
    return await repository.closed_by_month(session, actor.workspace_id, pipeline.id, months)


async def lost_reasons(session: AsyncSession, actor: Actor, *, pipeline: Pipeline) -> list[tuple[str | None, int]]:
    actor.require(Role.VIEWER)
    return await repository.lost_reasons(session, actor.workspace_id, pipeline.id)
