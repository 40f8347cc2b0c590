"""All SQL of saved views."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import ObjectType, SavedView


async def list_visible(
    session: AsyncSession, workspace_id: uuid.UUID, member_id: uuid.UUID, object_type: ObjectType
) -> Sequence[SavedView]:
    """The member's own views of `object_type` and those shared with the workspace, by name."""
    query = (
        select(SavedView)
        .where(
            SavedView.workspace_id == workspace_id,
            SavedView.object_type == object_type,
            or_(SavedView.owner_member_id == member_id, SavedView.shared.is_(True)),
        )
        .order_by(SavedView.name, SavedView.id)
    )
    return (await session.scalars(query)).all()


async def get(session: AsyncSession, workspace_id: uuid.UUID, view_id: uuid.UUID) -> SavedView | None:
    query = select(SavedView).where(SavedView.workspace_id == workspace_id, SavedView.id == view_id)
    return await session.scalar(query.with_for_update())


async def upsert(session: AsyncSession, values: dict[str, Any]) -> SavedView:
    """Writes the view, replacing the state and sharing of the author's view of the same type and name."""
    statement = insert(SavedView).values(**values)
    upsert = statement.on_conflict_do_update(
        index_elements=[SavedView.owner_member_id, SavedView.object_type, SavedView.name],
        set_={
            "state": statement.excluded.state,
            "shared": statement.excluded.shared,
            "updated_at": values["updated_at"],
        },
    ).returning(SavedView)
    view: SavedView | None = await session.scalar(upsert.execution_options(populate_existing=True))
    assert view is not None
    return view


async def remove(session: AsyncSession, workspace_id: uuid.UUID, view_id: uuid.UUID) -> None:
    await session.execute(delete(SavedView).where(SavedView.workspace_id == workspace_id, SavedView.id == view_id))
