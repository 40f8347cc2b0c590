from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, func, insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import Activity


async def insert_activity(session: AsyncSession, values: dict[str, object]) -> Activity:
    row = await session.execute(insert(Activity).values(**values).returning(Activity))
    return row.scalar_one()


async def list_for_subject(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    subject_id: uuid.UUID,
    limit: int,
    before: tuple[datetime, uuid.UUID] | None,
) -> Sequence[Activity]:
    """Newest first; `before` is the (occurred_at, id) of the last entry already seen."""
    query = select(Activity).where(Activity.workspace_id == workspace_id, Activity.subject_id == subject_id)
    if before is not None:
        query = query.where(tuple_(Activity.occurred_at, Activity.id) < tuple_(*before))
    query = query.order_by(Activity.occurred_at.desc(), Activity.id.desc()).limit(limit)
    return (await session.scalars(query)).all()


async def count_for_subject(session: AsyncSession, *, workspace_id: uuid.UUID, subject_id: uuid.UUID) -> int:
    query = select(func.count()).where(and_(Activity.workspace_id == workspace_id, Activity.subject_id == subject_id))
    return int(await session.scalar(query) or 0)
