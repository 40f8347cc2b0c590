from __future__ import annotations

from sqlalchemy import text

from rapport.worker.registry import JobContext, job


@job("outbox.prune")
async def prune_outbox(context: JobContext, data: dict[str, object]) -> int:
    """Deletes events relayed more than the retention period ago."""
    async with context.db.transaction(system=True) as session:
        result = await session.execute(
            text("DELETE FROM outbox_events WHERE published_at < now() - make_interval(days => :days)"),
            {"days": context.settings.outbox_retention_days},
        )
    return int(result.rowcount)  # type: ignore[attr-defined]
