"""The indexes of custom field keys, built by the worker: never by a request, never blocking writes."""

from __future__ import annotations

import asyncpg
import structlog

from rapport.customfield import repository
from rapport.worker.registry import JobContext, job

log = structlog.get_logger("rapport.customfield")


@job("customfield.ensure_indexes")
async def ensure_indexes(context: JobContext, data: dict[str, object]) -> int:
    """Builds, CONCURRENTLY and as the table owner, the index of each custom field key that has none,
    for the `custom_field_indexes_per_table` keys most workspaces use (an index per key is shared by
    every workspace, so one workspace cannot make a table carry hundreds). Safe to run twice."""
    async with context.db.transaction(system=True) as session:
        wanted = await repository.keys_to_index(session, per_table=context.settings.custom_field_indexes_per_table)
        existing = await repository.existing_indexes(session)
    missing = [(table, key, name) for table, key, name in wanted if name not in existing]
    if not missing:
        return 0
    owner_url = context.settings.require_owner_url().replace("postgresql+asyncpg://", "postgresql://", 1)
    owner = await asyncpg.connect(owner_url, server_settings={"application_name": "rapport-worker-indexes"})
    built = 0
    try:
        for table, key, name in missing:
            try:
                await repository.build_index_concurrently(owner, table, key, name)
                built += 1
            except asyncpg.PostgresError as error:  # the next run tries again
                log.warning("customfield.index_failed", table=table, key=key, error=str(error))
    finally:
        await owner.close()
    return built
