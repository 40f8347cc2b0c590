from __future__ import annotations

from sqlalchemy import text

from rapport.worker.registry import JobContext, job


@job("outbox.prune")
async def prune_outbox(context: JobContext, data: dict[str, object]) -> int:
    """Deletes events relayed more than the retention period ago, and remembers the highest sequence
    deleted: a subscriber resuming from before it is told to refetch (REFETCH_REQUIRED)."""
    async with context.db.transaction(system=True) as session:
        result = await session.execute(
            text(
                "WITH pruned AS (DELETE FROM outbox_events WHERE published_at < now() - make_interval(days => :days)"
                " RETURNING sequence)"
                " UPDATE outbox_retention"
                " SET pruned_through = GREATEST(pruned_through, (SELECT max(sequence) FROM pruned))"
                " RETURNING (SELECT count(*) FROM pruned)"
            ),
            {"days": context.settings.outbox_retention_days},
        )
        return int(result.scalar_one())
