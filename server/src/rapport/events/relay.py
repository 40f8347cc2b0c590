"""Publishes committed outbox events to Redis pub/sub, one channel per workspace.

At least once: events are marked published in the transaction that read them, after Redis took
them. A relay killed in between leaves them unpublished, and the next pass sends them again, so
subscribers dedupe by event id.

Order: a pass takes an exclusive advisory lock, numbers its events from `outbox_sequence` (the
`sequence` column, sent as `sequence`) and publishes them in that order, so passes of several relays
never interleave and numbers follow publish order. A subscriber that resumes reads the outbox by
sequence under the same lock taken shared (realtime/repository.py): it cannot read while an event is
published but not yet committed, which is what makes "replay, then live" gapless.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable

import asyncpg
import structlog
from opentelemetry.trace import SpanKind
from redis.asyncio import Redis
from sqlalchemy import text

from rapport.db import Database
from rapport.embedding import service as embedding_service
from rapport.events.published import PublishedEvent
from rapport.kit.clock import idle
from rapport.observability import OUTBOX_DELAY, OUTBOX_PUBLISHED
from rapport.tracing import continued, recording
from rapport.webhook import service as webhook_service

log = structlog.get_logger("rapport.relay")
BATCH_SIZE = 500
NOTIFY_CHANNEL = "rapport_outbox"

_CLAIM = text(
    "SELECT id, workspace_id, type, payload, actor_user_id, created_at, trace_parent, now() AS now FROM outbox_events"
    " WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED"
)
_NUMBER = text("SELECT nextval('outbox_sequence') FROM generate_series(1, :count)")
_MARK = text(
    "UPDATE outbox_events AS o SET published_at = now(), sequence = n.sequence"
    " FROM unnest(CAST(:ids AS uuid[]), CAST(:sequences AS bigint[])) AS n(id, sequence) WHERE o.id = n.id"
)
# pg_advisory_xact_lock key: relays take it exclusive, replays shared (realtime/repository.py).
PUBLISH_LOCK = 0x7261_7070_6F72_7431  # "rapport1"
_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


# One message per relay pass that published events (the count): what wakes the notifier, which would
# otherwise read every event of every workspace only to learn that there are some.
PASSES_CHANNEL = "rapport:outbox:passes"


def workspace_channel(workspace_id: uuid.UUID | str) -> str:
    return f"rapport:workspace:{workspace_id}:events"


# Called after a pass commits, with the webhook endpoints it queued deliveries for.
WakeWebhooks = Callable[[list[uuid.UUID]], Awaitable[None]]


async def relay_once(
    db: Database,
    redis: Redis,
    *,
    limit: int = BATCH_SIZE,
    wake_webhooks: WakeWebhooks | None = None,
    on_embedding_queued: Callable[[], Awaitable[object]] | None = None,
) -> int:
    """Publishes one batch. In the same transaction it fans the events out to webhook endpoints (so a
    delivery exists for every published event, whatever dies after the commit) and queues the records
    and emails they changed for embedding; the wake-up callbacks run after the commit."""
    async with db.transaction(system=True) as session:
        await session.execute(_LOCK, {"key": PUBLISH_LOCK})
        rows = (await session.execute(_CLAIM, {"limit": limit})).all()
        if not rows:
            return 0
        sequences = sorted(int(n) for n in (await session.scalars(_NUMBER, {"count": len(rows)})).all())
        await session.execute(_MARK, {"ids": [row.id for row in rows], "sequences": sequences})
        async with redis.pipeline(transaction=False) as pipe:
            for row, sequence in zip(rows, sequences, strict=True):
                message = {
                    "id": str(row.id),
                    "sequence": sequence,
                    "type": row.type,
                    "workspaceId": str(row.workspace_id),
                    "actorUserId": str(row.actor_user_id) if row.actor_user_id else None,
                    "occurredAt": row.created_at.isoformat(),
                    "payload": row.payload,
                }
                pipe.publish(workspace_channel(row.workspace_id), json.dumps(message, separators=(",", ":")))
            pipe.publish(PASSES_CHANNEL, str(len(rows)))
            await pipe.execute()
        woken = await webhook_service.fan_out(
            session,
            events=[
                PublishedEvent(
                    id=row.id,
                    sequence=sequence,
                    workspace_id=row.workspace_id,
                    type=row.type,
                    actor_user_id=row.actor_user_id,
                    occurred_at=row.created_at,
                    payload=row.payload,
                )
                for row, sequence in zip(rows, sequences, strict=True)
            ],
        )
        queued = await embedding_service.queue_for_events(
            session, [(row.workspace_id, row.type, row.payload) for row in rows]
        )
    OUTBOX_PUBLISHED.inc(len(rows))
    for row, sequence in zip(rows, sequences, strict=True):
        OUTBOX_DELAY.observe(max((row.now - row.created_at).total_seconds(), 0.0))
        if row.trace_parent and recording():
            # The event's own span in the trace of the change that wrote it (published, after commit).
            with continued(
                row.trace_parent,
                f"outbox.publish {row.type}",
                kind=SpanKind.PRODUCER,
                attributes={"rapport.event.id": str(row.id), "rapport.event.sequence": sequence},
            ):
                pass
    if woken and wake_webhooks is not None:
        try:
            await wake_webhooks(woken)
        except Exception:
            log.warning("relay.webhook_wake_failed", exc_info=True)
    if queued and on_embedding_queued is not None:
        try:
            await on_embedding_queued()
        except Exception:
            log.exception("relay.embedding_job_not_queued")
    return len(rows)


async def run_relay(
    db: Database,
    redis: Redis,
    *,
    listen_dsn: str,
    poll_seconds: float,
    stop: asyncio.Event,
    wake_webhooks: WakeWebhooks | None = None,
    on_embedding_queued: Callable[[], Awaitable[object]] | None = None,
) -> None:
    """Relays until `stop` is set: woken by NOTIFY at commit, and polling in case a wake-up is missed."""
    wake = asyncio.Event()
    listener: asyncpg.Connection | None = None

    async def listen() -> asyncpg.Connection | None:
        try:
            connection = await asyncpg.connect(listen_dsn, timeout=5)
            await connection.add_listener(NOTIFY_CHANNEL, lambda *_: wake.set())
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            log.warning("relay.listen_unavailable", error=str(error))
            return None
        return connection

    listener = await listen()
    try:
        while not stop.is_set():
            if listener is None or listener.is_closed():
                # The database restarted: listen again (meanwhile the relay polls).
                listener = await listen()
            try:
                sent = await relay_once(db, redis, wake_webhooks=wake_webhooks, on_embedding_queued=on_embedding_queued)
            except Exception:
                log.exception("relay.failed")
                sent = 0
            if sent >= BATCH_SIZE:
                continue
            wake.clear()
            await idle(stop, wake, seconds=poll_seconds)
    finally:
        if listener is not None:
            await listener.close()
