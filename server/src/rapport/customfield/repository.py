from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import FieldDefinition, ObjectType

TABLES = {ObjectType.CONTACT: "contacts", ObjectType.COMPANY: "companies", ObjectType.DEAL: "deals"}


async def list_definitions(
    session: AsyncSession, workspace_id: uuid.UUID, object_type: ObjectType | None
) -> Sequence[FieldDefinition]:
    query = select(FieldDefinition).where(FieldDefinition.workspace_id == workspace_id)
    if object_type is not None:
        query = query.where(FieldDefinition.object_type == object_type)
    query = query.order_by(FieldDefinition.object_type, FieldDefinition.position, FieldDefinition.created_at)
    return (await session.scalars(query)).all()


async def get_definition(
    session: AsyncSession, workspace_id: uuid.UUID, definition_id: uuid.UUID
) -> FieldDefinition | None:
    query = select(FieldDefinition).where(
        FieldDefinition.workspace_id == workspace_id, FieldDefinition.id == definition_id
    )
    return await session.scalar(query)


async def next_position(session: AsyncSession, workspace_id: uuid.UUID, object_type: ObjectType) -> int:
    query = select(func.coalesce(func.max(FieldDefinition.position) + 1, 0)).where(
        FieldDefinition.workspace_id == workspace_id, FieldDefinition.object_type == object_type
    )
    return int(await session.scalar(query) or 0)


async def insert_definition(session: AsyncSession, values: dict[str, object]) -> FieldDefinition | None:
    """None when the key is taken for this object type."""
    statement = (
        pg_insert(FieldDefinition)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["workspace_id", "object_type", "key"])
        .returning(FieldDefinition)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def update_definition(
    session: AsyncSession, definition_id: uuid.UUID, values: dict[str, object]
) -> FieldDefinition:
    statement = (
        update(FieldDefinition).where(FieldDefinition.id == definition_id).values(**values).returning(FieldDefinition)
    )
    return (await session.execute(statement)).scalar_one()


async def delete_definition(session: AsyncSession, definition: FieldDefinition) -> None:
    await session.execute(delete(FieldDefinition).where(FieldDefinition.id == definition.id))
    table = TABLES[definition.object_type]
    await session.execute(
        text(
            f"UPDATE {table} SET custom_fields = custom_fields - :key WHERE workspace_id = :ws AND custom_fields ? :key"
        ),
        {"key": definition.key, "ws": definition.workspace_id},
    )


async def ensure_index(session: AsyncSession, object_type: ObjectType, key: str) -> None:
    await session.execute(
        text("SELECT rapport_index_custom_field(:table, :key)"), {"table": TABLES[object_type], "key": key}
    )
