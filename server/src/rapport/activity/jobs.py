from __future__ import annotations

from sqlalchemy import text

from rapport.worker.registry import JobContext, job


@job("activity.ensure_partitions")
async def ensure_partitions(context: JobContext, data: dict[str, object]) -> int:
    """Keeps monthly partitions of `activities` at least three months ahead (idempotent)."""
    async with context.db.transaction() as session:
        created = await session.scalar(
            text("SELECT rapport_ensure_activity_partitions(:months)"),
            {"months": context.settings.activity_partition_months_ahead},
        )
    return int(created or 0)
