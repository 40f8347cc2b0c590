from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

import asyncpg
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import FieldDefinition, ObjectType

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

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


async def count_definitions(session: AsyncSession, workspace_id: uuid.UUID) -> int:
    query = select(func.count()).select_from(FieldDefinition).where(FieldDefinition.workspace_id == workspace_id)
    return int(await session.scalar(query) or 0)


async def keys_to_index(session: AsyncSession, *, per_table: int) -> list[tuple[str, str, str]]:
    """(table, key, index name) of the keys most workspaces use, `per_table` at most per table (system scope)."""
    result = await session.execute(
        text(
            """
            SELECT target, key, rapport_custom_field_index_name(target, key) FROM (
              SELECT CASE object_type WHEN 'CONTACT' THEN 'contacts' WHEN 'COMPANY' THEN 'companies'
                       ELSE 'deals' END AS target,
                     key, row_number() OVER (PARTITION BY object_type ORDER BY count(*) DESC, key) AS rank
              FROM field_definitions GROUP BY object_type, key
            ) ranked WHERE rank <= :per_table ORDER BY target, key
            """
        ),
        {"per_table": per_table},
    )
    return [(str(row[0]), str(row[1]), str(row[2])) for row in result.all()]


async def existing_indexes(session: AsyncSession) -> set[str]:
    result = await session.execute(
        text(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_class t ON t.oid = i.indrelid"
            " WHERE t.relname IN ('contacts', 'companies', 'deals') AND i.indisvalid"
        )
    )
    return {str(row[0]) for row in result.all()}


async def build_index_concurrently(owner: asyncpg.Connection, table: str, key: str, index_name: str) -> None:
    """Builds one key's index without blocking writes to the shared table (outside any transaction).
    An index left invalid by a failed build is dropped first: IF NOT EXISTS would keep it."""
    if table not in TABLES.values() or not KEY_PATTERN.match(key):
        raise ValueError(f"not a custom field index: {table} {key}")
    valid = await owner.fetchval(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1",
        index_name,
    )
    if valid is False:
        await owner.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{index_name}"')
    literal = key.replace("'", "''")
    await owner.execute(
        f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{index_name}" ON {table}'
        f" (workspace_id, (custom_fields -> '{literal}'), id) WHERE deleted_at IS NULL"
    )
