"""The embedding jobs: `embedding.index` embeds what the queue holds, in bounded batches; `embedding.backfill`
queues every record and email without a current vector (at worker start, and by `rapport reindex`, which
an operator runs after a model change and follows to the end).

Each batch is three short transactions around the AI call, so no database lock or connection waits on the
model: lease rows (a lease expires if the job dies), read their texts and skip those whose text hash and
model version are what is stored, then store the vectors and take the rows off the queue (a row touched
again meanwhile stays queued). When the AI service is unavailable the leases are given back and the job
fails: BullMQ retries it with exponential backoff, and the minutely schedule picks the queue up again
after the retries ran out. Safe to run twice and concurrently.

One job indexes at a time, holding a lock in Valkey that it renews while it works. A worker asked to stop
ends its job at the next batch (a follow-up job goes on); one killed leaves its lock for at most
LOCK_SECONDS, and its leased rows to the next indexer, which frees them as it takes the lock.

Jobs are only triggers (the queue is in the database), and every relayed event adds one: while the service
is down, one job at a time asks it and the others end at once (`skipped`) for AI_DOWN_SECONDS after it failed.
Otherwise hundreds of them would each hold one of the worker's slots for the client's whole timeout and its
retries, and the mail behind them would wait: ingestion stopped for minutes with the service down.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from rapport.ai_client import AiClient, AiRequestRefused, AiUnavailable, Embeddings, EmbedKind, ModelInfo
from rapport.embedding import service
from rapport.worker.queue import shared_queue
from rapport.worker.registry import JobContext, job

log = structlog.get_logger("rapport.embedding")

BATCH_SIZE = 32
# A batch of ~250-token emails takes a few seconds on 2 busy cores: more than a search may wait.
EMBED_SECONDS = 60.0
LEASE_SECONDS = 120.0
# After the AI service failed, how long this worker's other indexing jobs end at once instead of asking it.
AI_DOWN_SECONDS = 15.0
# Per AI service (url, port): until when indexing jobs skip it. Set while one job asks, so that only one does.
_ASKING_OR_DOWN: dict[tuple[str | None, int | None], float] = {}
# One job stops after this long and leaves a follow-up job for the rest, so the queue stays fair to others.
JOB_SECONDS = 60.0


async def queue_index_job(context: JobContext) -> None:
    """Another indexing job. Not deduplicated by id: a job that finds the queue empty ends at once, while
    one dropped as a duplicate could leave rows queued just after a running job's last look."""
    await shared_queue(context.settings.require_redis_url()).enqueue("embedding.index", {})


@job("embedding.index")
async def index(context: JobContext, data: dict[str, object]) -> dict[str, int]:
    """Embeds what is queued, as one indexer at a time: the AI service is a shared, CPU-bound resource,
    and concurrent jobs each sending a batch only make every call slower. A job that finds another
    indexing ends at once; the one indexing looks at the queue again after letting go, so nothing queued
    meanwhile waits for the minutely schedule."""
    batch_size = int(str(data.get("batchSize", BATCH_SIZE)))
    seconds = float(str(data.get("seconds", JOB_SECONDS)))
    counts = {"embedded": 0, "current": 0, "removed": 0, "refused": 0, "busy": 0, "skipped": 0}
    service_key = (context.settings.ai_url, context.settings.ai_port)
    if _ASKING_OR_DOWN.get(service_key, 0.0) > time.monotonic():
        counts["skipped"] = 1  # another job is asking, or the service failed moments ago: see the module's note
        return counts
    deadline = time.monotonic() + seconds
    token = uuid.uuid4().hex
    more = False
    async with AiClient.from_settings(context.settings) as client:
        _ASKING_OR_DOWN[service_key] = time.monotonic() + AI_DOWN_SECONDS + client.timeout
        try:
            info = await client.model_info()  # AiUnavailable: the job fails and is retried with backoff
        except AiUnavailable:
            _ASKING_OR_DOWN[service_key] = time.monotonic() + AI_DOWN_SECONDS
            raise
        except BaseException:
            _ASKING_OR_DOWN.pop(service_key, None)
            raise
        _ASKING_OR_DOWN.pop(service_key, None)
        while not more:
            if not await context.redis.set(LOCK_KEY, token, nx=True, px=int(LOCK_SECONDS * 1000)):
                counts["busy"] = 1
                break
            try:
                async with _holding(context.redis, token):
                    await _reclaim(context)
                    more = await _index_until_empty(context, client, info, batch_size, deadline, counts)
            finally:
                await context.redis.eval(_RELEASE, 1, LOCK_KEY, token)
            if more or not await _anything_queued(context):
                break
    if more:
        await queue_index_job(context)
    return counts


LOCK_KEY = "rapport:embedding:indexer"
# The indexer's lock lives this long unless its holder renews it (every third of it, _holding): a worker
# killed while indexing (a deploy's grace period ran out, the OOM killer) stops indexing for at most this
# long. It was 180 s, renewed only between batches, which made every new record wait three minutes to be
# found by meaning after such a kill.
LOCK_SECONDS = 30.0
# Deletes the lock only when it is still ours.
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
# Renews the lock only when it is still ours.
_RENEW = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
)


@asynccontextmanager
async def _holding(redis: Redis, token: str, *, seconds: float = LOCK_SECONDS) -> AsyncIterator[None]:
    """Renews the lock `token` holds every third of `seconds` while the block runs (an AI call may take
    longer than the lock lives)."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(seconds / 3)
            try:
                await redis.eval(_RENEW, 1, LOCK_KEY, token, int(seconds * 1000))
            except (RedisError, OSError) as outage:  # the next renewal tries again; the lock lives on meanwhile
                log.warning("embedding.lock_not_renewed", error=str(outage))

    renewing = asyncio.create_task(renew())
    try:
        yield
    finally:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing


async def _reclaim(context: JobContext) -> None:
    """Rows leased when the lock is taken were leased by an indexer that died holding it (only the lock's
    holder leases): they are free again now, not when their lease runs out."""
    async with context.db.transaction(system=True) as session:
        reclaimed = await service.reclaim_leases(session)
    if reclaimed:
        log.info("embedding.leases_reclaimed", rows=reclaimed)


async def _anything_queued(context: JobContext) -> bool:
    async with context.db.transaction(system=True) as session:
        return (await service.backlog(session, None)).pending > 0


async def _index_until_empty(
    context: JobContext,
    client: AiClient,
    info: ModelInfo,
    batch_size: int,
    deadline: float,
    counts: dict[str, int],
) -> bool:
    """Batches until the queue has nothing free; True when the time ran out first or the worker is
    stopping (the follow-up job goes on where this one stopped)."""
    while True:
        if time.monotonic() >= deadline or context.stopping.is_set():
            return True
        async with context.db.transaction(system=True) as session:
            leased = await service.lease(session, limit=batch_size, seconds=LEASE_SECONDS)
        if not leased:
            return False
        try:
            await _index_batch(context, client, info, leased, counts)
        except BaseException:
            async with context.db.transaction(system=True) as session:
                await service.release(session, leased)
            raise


async def _index_batch(
    context: JobContext, client: AiClient, info: ModelInfo, leased: list[service.Leased], counts: dict[str, int]
) -> None:
    """Reads the texts (a transaction per workspace: record tables admit no system scope), embeds what
    changed in one call, and stores it with the rows taken off the queue."""
    by_workspace: dict[uuid.UUID, list[service.Leased]] = {}
    for row in leased:
        by_workspace.setdefault(row.workspace_id, []).append(row)
    works: dict[uuid.UUID, service.Work] = {}
    for workspace_id, rows in by_workspace.items():
        async with context.db.transaction(workspace_id=workspace_id) as session:
            works[workspace_id] = await service.prepare(session, rows, model_version=info.version)
    texts = [body for work in works.values() for _, body, _ in work.to_embed]
    result: Embeddings | None = None
    if texts:
        try:
            result = await client.embed(texts, kind=EmbedKind.DOCUMENT, within=EMBED_SECONDS)
        except AiRequestRefused:
            # Retrying will not help: this batch's texts leave the queue without a vector (logged).
            log.exception("embedding.refused", count=len(texts))
            counts["refused"] += len(texts)
            for work in works.values():
                work.to_embed = []
    start = 0
    for workspace_id, work in works.items():
        end = start + len(work.to_embed)
        async with context.db.transaction(workspace_id=workspace_id) as session:
            await service.save(
                session,
                by_workspace[workspace_id],
                work,
                vectors=result.vectors[start:end] if result else [],
                tokens=result.tokens[start:end] if result else [],
                model=result.model if result else info.name,
                model_version=result.model_version if result else info.version,
            )
        start = end
        counts["embedded"] += len(work.to_embed)
        counts["current"] += work.current
        counts["removed"] += len(work.gone)


@job("embedding.backfill")
async def backfill(context: JobContext, data: dict[str, object]) -> dict[str, int]:
    """Queues whatever has no vector, and every vector of another model version than the AI service's
    (when it answers), then starts indexing; with `all`, every record and email (`rapport reindex --all`)."""
    return {"queued": await queue_backfill(context, every=bool(data.get("all")))}


async def queue_backfill(context: JobContext, *, every: bool = False) -> int:
    """What `embedding.backfill` queues (see there), and an indexing job when anything was; how many rows.
    `every`: every record and email, for a change of the text embedded (indexing skips the unchanged)."""
    try:
        async with AiClient.from_settings(context.settings) as client:
            version: str | None = (await client.model_info(within=5.0)).version
    except (AiUnavailable, AiRequestRefused):
        version = None
    async with context.db.transaction(system=True) as session:
        workspaces = await service.workspace_ids(session)
        queued = await service.queue_stale_vectors(session, model_version=version) if version is not None else 0
    for workspace_id in workspaces:
        async with context.db.transaction(workspace_id=workspace_id) as session:
            queued += await service.queue_missing(session, workspace_id=workspace_id, every=every)
    if queued:
        await queue_index_job(context)
    return queued
