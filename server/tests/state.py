"""What a workspace holds, read as the superuser: a refused action is proved harmless by comparing
this before and after it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from rapport.db import Database


async def rows(db: Database, workspace_id: str, *tables: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of each table in the workspace, ordered by id (outbox_events included when named)."""
    found: dict[str, list[dict[str, Any]]] = {}
    async with db.transaction() as session:
        for table in tables:
            result = await session.execute(
                text(f"SELECT * FROM {table} WHERE workspace_id = :ws ORDER BY id"),
                {"ws": workspace_id},
            )
            found[table] = [dict(row) for row in result.mappings()]
    return found


async def scalar(db: Database, sql: str, **params: Any) -> Any:
    async with db.transaction() as session:
        return await session.scalar(text(sql), params)
