from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit import records
from rapport.kit.rows import insert_row
from rapport.models import Deal, Pipeline, Stage, StageTotal


async def list_pipelines(session: AsyncSession, workspace_id: uuid.UUID) -> Sequence[Pipeline]:
    query = (
        select(Pipeline)
        .where(Pipeline.workspace_id == workspace_id)
        .order_by(Pipeline.is_default.desc(), Pipeline.position, Pipeline.created_at)
    )
    return (await session.scalars(query)).all()


async def get_pipeline(session: AsyncSession, workspace_id: uuid.UUID, pipeline_id: uuid.UUID) -> Pipeline | None:
    query = select(Pipeline).where(Pipeline.workspace_id == workspace_id, Pipeline.id == pipeline_id)
    return await session.scalar(query)


async def get_default_pipeline(session: AsyncSession, workspace_id: uuid.UUID) -> Pipeline | None:
    query = (
        select(Pipeline)
        .where(Pipeline.workspace_id == workspace_id)
        .order_by(Pipeline.is_default.desc(), Pipeline.position)
    )
    return await session.scalar(query.limit(1))


async def list_pipelines_by_ids(
    session: AsyncSession, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[Pipeline]:
    query = select(Pipeline).where(Pipeline.workspace_id == workspace_id, Pipeline.id.in_(ids))
    return (await session.scalars(query)).all()


async def list_stages(
    session: AsyncSession, workspace_id: uuid.UUID, pipeline_ids: Sequence[uuid.UUID]
) -> Sequence[Stage]:
    query = (
        select(Stage)
        .where(Stage.workspace_id == workspace_id, Stage.pipeline_id.in_(pipeline_ids))
        .order_by(Stage.pipeline_id, Stage.position, Stage.id)
    )
    return (await session.scalars(query)).all()


async def list_stages_by_ids(
    session: AsyncSession, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[Stage]:
    query = select(Stage).where(Stage.workspace_id == workspace_id, Stage.id.in_(ids))
    return (await session.scalars(query)).all()


async def get_stage(session: AsyncSession, workspace_id: uuid.UUID, stage_id: uuid.UUID) -> Stage | None:
    return await session.scalar(select(Stage).where(Stage.workspace_id == workspace_id, Stage.id == stage_id))


async def insert_pipeline(session: AsyncSession, values: dict[str, object]) -> Pipeline:
    return await insert_row(session, Pipeline, values)


async def insert_stages(session: AsyncSession, rows: list[dict[str, object]]) -> Sequence[Stage]:
    return (await session.scalars(insert(Stage).values(rows).returning(Stage))).all()


async def update_pipeline(session: AsyncSession, pipeline_id: uuid.UUID, values: dict[str, object]) -> Pipeline:
    return await records.update_row(session, Pipeline, pipeline_id, values)


async def clear_default(session: AsyncSession, workspace_id: uuid.UUID) -> None:
    await session.execute(
        update(Pipeline).where(Pipeline.workspace_id == workspace_id, Pipeline.is_default).values(is_default=False)
    )


async def update_stage(session: AsyncSession, stage_id: uuid.UUID, values: dict[str, object]) -> Stage:
    return await records.update_row(session, Stage, stage_id, values, touch=False)


async def set_stage_positions(session: AsyncSession, positions: dict[uuid.UUID, int]) -> None:
    for stage_id, position in positions.items():
        await session.execute(update(Stage).where(Stage.id == stage_id).values(position=position))


async def delete_stage(session: AsyncSession, stage_id: uuid.UUID) -> None:
    await session.execute(delete(Stage).where(Stage.id == stage_id))


async def delete_pipeline(session: AsyncSession, pipeline_id: uuid.UUID) -> None:
    await session.execute(delete(Pipeline).where(Pipeline.id == pipeline_id))


async def count_deals(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    *,
    stage_id: uuid.UUID | None = None,
    pipeline_id: uuid.UUID | None = None,
) -> int:
    """All deals, deleted ones too: their history still points at the stage."""
    query = select(func.count()).where(Deal.workspace_id == workspace_id)
    if stage_id is not None:
        query = query.where(Deal.stage_id == stage_id)
    if pipeline_id is not None:
        query = query.where(Deal.pipeline_id == pipeline_id)
    return int(await session.scalar(query) or 0)


async def stage_totals(
    session: AsyncSession, workspace_id: uuid.UUID, stage_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, list[tuple[str, int]]]]:
    """Per stage: the number of live deals and the sum of their amounts per currency, from the totals
    the triggers on `deals` maintain (models/stage_total.py)."""
    query = (
        select(
            StageTotal.stage_id,
            StageTotal.currency,
            func.sum(StageTotal.deal_count),
            func.sum(StageTotal.amount_micros),
        )
        .where(StageTotal.workspace_id == workspace_id, StageTotal.stage_id.in_(stage_ids))
        .group_by(StageTotal.stage_id, StageTotal.currency)
        .having(func.sum(StageTotal.deal_count) > 0)
        .order_by(StageTotal.stage_id, StageTotal.currency)
    )
    totals: dict[uuid.UUID, tuple[int, list[tuple[str, int]]]] = {}
    for stage_id, currency, count, amount in (await session.execute(query)).all():
        deals, sums = totals.get(stage_id, (0, []))
        if currency is not None:
            sums.append((currency, int(amount)))
        totals[stage_id] = (deals + int(count), sums)
    return totals
