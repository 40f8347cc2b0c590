"""The worker process: BullMQ jobs, their schedules, the outbox relay and the IMAP mailbox sync."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import time
import uuid
from collections.abc import Awaitable, Callable

import structlog
from prometheus_client import generate_latest
from rapport_ai.metrics import serve_metrics
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from rapport.activity import jobs as activity_jobs
from rapport.ai_client import AiUnavailable
from rapport.auth import jobs as auth_jobs
from rapport.config import Settings
from rapport.customfield import jobs as customfield_jobs
from rapport.db import Database, open_database, unsafe_role
from rapport.email import jobs as email_jobs
from rapport.embedding import jobs as embedding_jobs
from rapport.errors import is_outage
from rapport.events import jobs as event_jobs
from rapport.events.relay import run_relay
from rapport.file import jobs as file_jobs
from rapport.importer import jobs as importer_jobs
from rapport.invitation import jobs as invitation_jobs
from rapport.mailbox.supervisor import run_mailbox_sync
from rapport.notification import jobs as notification_jobs
from rapport.notification.jobs import run_notifier
from rapport.observability import (
    JOB_DURATION,
    JOBS,
    OUTBOX_OLDEST,
    QUEUE_JOBS,
    QUEUE_OLDEST,
    QUEUE_WAITING,
    REDIS_CLIENTS,
    REDIS_COMMANDS,
    REDIS_MEMORY,
    REDIS_PING,
    REDIS_UP,
)
from rapport.system import emergency
from rapport.tracing import configure_tracing, shutdown_tracing
from rapport.webhook import jobs as webhook_jobs
from rapport.worker.queue import Deferred, JobQueue, start_consumer
from rapport.worker.registry import JOBS as HANDLERS
from rapport.worker.registry import JobContext

log = structlog.get_logger("rapport.worker")

# Importing the job modules registers their jobs.
REGISTERED = (
    activity_jobs,
    auth_jobs,
    event_jobs,
    email_jobs,
    embedding_jobs,
    file_jobs,
    importer_jobs,
    invitation_jobs,
    customfield_jobs,
    notification_jobs,
    webhook_jobs,
)

SCHEDULES = (
    ("activity-partitions-daily", "activity.ensure_partitions", 24 * 3600 * 1000),
    ("outbox-prune-hourly", "outbox.prune", 3600 * 1000),
    ("email-sweep-minutely", "email.sweep", 60 * 1000),
    ("email-send-sweep-minutely", "email.send_sweep", 60 * 1000),
    ("file-purge-hourly", "file.purge", 3600 * 1000),
    ("import-sweep-5-minutes", "importer.sweep", 300 * 1000),
    ("custom-field-indexes-minutely", "customfield.ensure_indexes", 60 * 1000),
    ("webhook-sweep-minutely", "webhook.sweep", 60 * 1000),
    ("webhook-prune-hourly", "webhook.prune", 3600 * 1000),
    # Catches the embedding queue up after the AI service was down longer than a job's retries.
    ("embedding-index-minutely", "embedding.index", 60 * 1000),
    # Tasks falling due are announced within this long of their due time.
    ("notification-tasks-due", "notification.tasks_due", 10 * 1000),
    # Meetings about to start are announced within this long of their reminder time.
    ("notification-meetings-soon", "notification.meetings_soon", 10 * 1000),
    ("notification-prune-daily", "notification.prune", 24 * 3600 * 1000),
)
# What still runs in emergency mode: storing received mail (and sending on what waits for it), and the
# activity partitions that every insert into the timeline needs. The rest (imports, exports, custom
# field indexes, file purges, outbox pruning) waits: a scheduled run is skipped, any other job is put
# back for later. The outbox relay and the mailbox sync keep running.
CRITICAL_JOBS = frozenset({"email.process", "email.sweep", "activity.ensure_partitions"})
SCHEDULED_JOBS = frozenset(name for _, name, _ in SCHEDULES)
# How often the worker checks that Redis answers (to send PENDING mail on as soon as it is back).
REDIS_WATCH_SECONDS = 1.0


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)


def log_failure(name: str, error: Exception) -> None:
    """A failed job's log line. A service that is away (the AI service, PostgreSQL, Valkey, a server the job
    connects to) is said in one line: the job is retried with backoff and will fail the same way every few
    seconds until it is back, and a traceback each time would bury everything else in the log. Any other
    failure gets its traceback, a job's own file error (a full disk, a permission) too."""
    away = isinstance(error, AiUnavailable | ConnectionError | TimeoutError) or (
        is_outage(error) and not isinstance(error, OSError)
    )
    if away:
        log.warning("job.failed", job=name, error=str(error), service_away=True)
    else:
        log.exception("job.failed", job=name)


async def run_worker(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)

    configure_tracing("worker")
    database_url = settings.require_database_url()
    redis_url = settings.require_redis_url()
    db = open_database(
        database_url,
        settings.require_system_url(),
        pool_size=5,
        system_pool_size=5,  # most jobs are system work (the relay, sweepers, email processing)
        application_name="rapport-worker",
    )
    try:
        _, owner = await unsafe_role(db)
    except (OSError, DBAPIError) as outage:
        # The database is down at start: the worker waits for it like for any job (the api checks too).
        owner = None
        log.warning("worker.role_check_skipped", error=str(outage))
    if owner is not None:
        await db.dispose()
        raise RuntimeError(owner)
    redis = Redis.from_url(redis_url)
    context = JobContext(settings=settings, db=db, redis=redis, stopping=stop)
    switch = emergency.EmergencyWatch(redis_url, check_seconds=settings.emergency_check_seconds)
    await switch.start()
    emergency.install(switch)

    async def process(name: str, data: dict[str, object]) -> object:
        handler = HANDLERS.get(name)
        if handler is None:
            JOBS.labels(name, "unknown").inc()
            raise LookupError(f"no job named {name!r}")
        if switch.active and name not in CRITICAL_JOBS:
            if name in SCHEDULED_JOBS and not data:
                JOBS.labels(name, "skipped").inc()
                log.info("job.skipped_in_emergency", job=name)
                return {"skipped": "emergency mode"}
            JOBS.labels(name, "deferred").inc()
            log.info("job.deferred_in_emergency", job=name, delay_seconds=settings.emergency_job_delay_seconds)
            raise Deferred(settings.emergency_job_delay_seconds)
        started = time.perf_counter()
        try:
            result = await handler(context, data)
        except Exception as error:
            JOBS.labels(name, "failed").inc()
            JOB_DURATION.labels(name, "failed").observe(time.perf_counter() - started)
            log_failure(name, error)
            raise
        JOBS.labels(name, "done").inc()
        JOB_DURATION.labels(name, "done").observe(time.perf_counter() - started)
        log.info("job.done", job=name, result=result)
        return result

    queue = JobQueue(redis_url)
    metrics_server = None
    if settings.worker_metrics_port:
        token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
        if token is None and settings.env == "production":
            log.warning("worker.metrics_without_token", port=settings.worker_metrics_port)

        async def payload() -> bytes:
            await collect_gauges(db, redis, queue)
            return generate_latest()

        try:
            metrics_server = await serve_metrics(
                settings.metrics_host, settings.worker_metrics_port, payload, token=token
            )
        except OSError as error:
            # Jobs matter more than their numbers: run, and say loudly that nobody can scrape them.
            log.error("worker.metrics_port_unavailable", port=settings.worker_metrics_port, error=str(error))
    for scheduler_id, name, every_ms in SCHEDULES:
        await queue.schedule(scheduler_id, name, every_ms=every_ms)
    # Partitions are checked at every start too, so a worker that was down for months catches up.
    await process("activity.ensure_partitions", {})
    # What the start made (modules, classes, settings) lives as long as the process: frozen out of the
    # collector's sight, a full collection no longer walks those ~170,000 objects each time (that was
    # about 40 % of an import's row validation, as pauses at whatever allocated next).
    gc.collect()
    gc.freeze()
    consumer = start_consumer(redis_url, process, concurrency=8)
    relay = asyncio.create_task(
        run_relay(
            db,
            redis,
            listen_dsn=asyncpg_dsn(database_url),
            poll_seconds=settings.outbox_poll_seconds,
            stop=stop,
            wake_webhooks=lambda endpoint_ids: webhook_jobs.wake(
                queue, endpoint_ids, reason=f"event-{uuid.uuid4().hex}"
            ),
            on_embedding_queued=lambda: queue.enqueue("embedding.index", {}),
        )
    )
    # Whatever has no vector of the current model (rows written before this pipeline, a model change)
    # is queued at every start.
    await queue.enqueue("embedding.backfill", {})
    # What a killed worker was doing goes on now, not when BullMQ notices its stalled jobs: deliveries
    # to endpoints it held (once its lease runs out) and the imports it was running.
    await queue.enqueue("webhook.sweep", {"include_leased": True})
    await queue.enqueue("importer.resume", {})
    notifier = asyncio.create_task(run_notifier(db, redis, poll_seconds=settings.outbox_poll_seconds, stop=stop))
    mailboxes = asyncio.create_task(
        run_mailbox_sync(settings, db, queue, lock_dsn=asyncpg_dsn(database_url), stop=stop)
    )
    # Rows a dead worker (or api) left PENDING are sent on now, not at the next minutely sweep; rows
    # another job holds are skipped (FOR UPDATE SKIP LOCKED), so each is still processed once.
    orphans = asyncio.create_task(_send_on_orphans(process, "start"))
    watch = asyncio.create_task(_watch_redis(redis, process, stop))
    log.info("worker.started", jobs=sorted(HANDLERS), metrics_port=settings.worker_metrics_port or None)
    try:
        await stop.wait()
    finally:
        if metrics_server is not None:
            metrics_server.close()
        watch.cancel()
        orphans.cancel()
        await consumer.close()
        await relay
        await notifier
        await mailboxes
        await queue.close()
        emergency.install(None)
        await switch.stop()
        email_jobs.close_parser()
        await redis.aclose()
        await db.dispose()
        shutdown_tracing()
        log.info("worker.stopped")


async def _send_on_orphans(process: Callable[[str, dict[str, object]], Awaitable[object]], why: str) -> None:
    try:
        result = await process("email.sweep", {"older_than_seconds": 0})
    except Exception:  # noqa: BLE001 - logged by process(); the minutely sweep tries again
        return
    log.info("worker.orphans_sent_on", why=why, result=result)


async def _watch_redis(
    redis: Redis, process: Callable[[str, dict[str, object]], Awaitable[object]], stop: asyncio.Event
) -> None:
    """When Redis comes back after an outage, sends on at once the rows whose job could not be queued
    meanwhile (the api stored them and answered 202, but its submit failed)."""
    was_down = False
    while not stop.is_set():
        try:
            await asyncio.wait_for(redis.ping(), timeout=2)
        except Exception:  # noqa: BLE001 - any failure means unreachable
            if not was_down:
                log.warning("worker.redis_unreachable")
            was_down = True
        else:
            if was_down:
                log.warning("worker.redis_back")
                await _send_on_orphans(process, "redis back")
            was_down = False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=REDIS_WATCH_SECONDS)


_OUTBOX_OLDEST = text(
    "SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox_events WHERE published_at IS NULL"
)


async def collect_gauges(db: Database, redis: Redis, queue: JobQueue) -> None:
    """What the worker's /metrics reads at scrape time: the queue, the outbox's lag and Redis. A part
    that cannot be read keeps its last value (Redis down: rapport_redis_up says so)."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(2):
            await redis.ping()
            info = await redis.info()
        REDIS_UP.set(1)
        REDIS_PING.set(time.perf_counter() - started)
        REDIS_MEMORY.set(float(info.get("used_memory", 0)))
        REDIS_CLIENTS.set(float(info.get("connected_clients", 0)))
        REDIS_COMMANDS.set(float(info.get("total_commands_processed", 0)))
        stats = await queue.stats()
        QUEUE_WAITING.labels(stats.name).set(stats.waiting)
        QUEUE_OLDEST.labels(stats.name).set(stats.oldest_waiting_seconds)
        for state, count in stats.counts.items():
            QUEUE_JOBS.labels(stats.name, state).set(count)
    except Exception as error:  # noqa: BLE001 - a scrape reports what it can
        REDIS_UP.set(0)
        log.warning("worker.metrics_redis_unavailable", error=repr(error))
    try:
        async with asyncio.timeout(2), db.transaction(system=True) as session:
            OUTBOX_OLDEST.set(float(await session.scalar(_OUTBOX_OLDEST) or 0))
    except Exception as error:  # noqa: BLE001
        log.warning("worker.metrics_database_unavailable", error=repr(error))
