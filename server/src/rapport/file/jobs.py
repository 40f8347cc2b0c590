"""`file.purge`: removes the stored objects of deleted files once the delay has passed."""

from __future__ import annotations

import structlog

from rapport.file import service
from rapport.file.storage import store_of
from rapport.worker.registry import JobContext, job

log = structlog.get_logger("rapport.file")
BATCH = 200


@job("file.purge")
async def purge(context: JobContext, data: dict[str, object]) -> dict[str, int]:
    """Safe to run twice: an object already gone deletes without error, and a row is marked purged
    in the transaction that holds its lock."""
    store = store_of(context.settings)
    purged = 0
    while True:
        async with context.db.transaction(system=True) as session:
            files = await service.files_to_purge(
                session, delay_seconds=context.settings.file_purge_delay_seconds, limit=BATCH
            )
            for file in files:
                await store.delete(file.storage_key)
                await service.mark_purged(session, file_id=file.id)
            purged += len(files)
        if len(files) < BATCH:
            break
    if purged:
        log.info("file.purged", count=purged)
    return {"purged": purged}
