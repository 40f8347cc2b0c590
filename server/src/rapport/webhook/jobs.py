"""Delivery jobs. `webhook.deliver` sends one endpoint's due deliveries in order under a lease on the
endpoint (so two jobs never send to one endpoint at once, and a dead worker's lease runs out);
`webhook.sweep` wakes endpoints whose deliveries are due (a retry's time came, an enqueue was lost);
`webhook.prune` keeps the delivery log bounded."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

import structlog

from rapport.kit.clock import utcnow
from rapport.webhook import service
from rapport.worker.queue import JobQueue, shared_queue
from rapport.worker.registry import JobContext, job

log = structlog.get_logger("rapport.webhook")
DELIVER = "webhook.deliver"
# Deliveries one job sends before it hands the endpoint to a fresh job (other endpoints get a turn).
BATCH = 50


async def wake(queue: JobQueue, endpoint_ids: Iterable[uuid.UUID], *, reason: str, delay_ms: int | None = None) -> None:
    """Enqueues a delivery job per endpoint. A job that finds the endpoint leased ends at once: the
    holder looks again for due deliveries before it lets go."""
    for endpoint_id in endpoint_ids:
        await queue.enqueue(
            DELIVER, {"endpoint_id": str(endpoint_id)}, job_id=f"webhook-{endpoint_id}-{reason}", delay_ms=delay_ms
        )


@job(DELIVER)
async def deliver(context: JobContext, data: dict[str, object]) -> dict[str, object]:
    endpoint_id = uuid.UUID(str(data["endpoint_id"]))
    token = uuid.uuid4()
    sent = 0
    while sent < BATCH:
        async with context.db.transaction(system=True) as session:
            endpoint = await service.claim(
                session, endpoint_id=endpoint_id, token=token, lease_seconds=context.settings.webhook_lease_seconds
            )
            head = await service.head_delivery(session, endpoint_id=endpoint_id) if endpoint else None
            # Decided once: the lease is let go for a head not due yet, and only then. Looking at the clock
            # again after the commit, the retry's time had come on a loaded machine, and the job sent it
            # without the lease while another job, which took the lease let go, sent it too.
            waiting = head is not None and head.next_attempt_at > utcnow()
            if endpoint is not None and (head is None or waiting):
                await service.release(session, endpoint_id=endpoint_id, token=token)
            held_until = await service.lease_until(session, endpoint_id=endpoint_id) if endpoint is None else None
        if endpoint is None:
            if held_until is not None:
                # Another job holds it: it looks again before it lets go. If that job's worker died, its
                # lease runs out and this wake-up (one per lease) carries on where it stopped.
                await _wake_when_lease_ends(context, endpoint_id, held_until)
            return {"sent": sent, "leased": False}
        if head is None:
            return {"sent": sent}
        if waiting:
            await _wake_later(context, endpoint_id, head.id, head.attempts, head.next_attempt_at)
            return {"sent": sent, "waiting": str(head.id)}
        result = await service.attempt(context.settings, endpoint, head)
        async with context.db.transaction(system=True) as session:
            await service.record_attempt(
                session, settings=context.settings, endpoint=endpoint, delivery=head, result=result
            )
        sent += 1
        if not result.succeeded:
            log.info("webhook.attempt_failed", endpoint=str(endpoint_id), delivery=str(head.id), error=result.error)
    async with context.db.transaction(system=True) as session:
        await service.release(session, endpoint_id=endpoint_id, token=token)
    await wake(shared_queue(context.settings.require_redis_url()), [endpoint_id], reason=f"more-{uuid.uuid4().hex}")
    return {"sent": sent, "more": True}


async def _wake_later(
    context: JobContext, endpoint_id: uuid.UUID, delivery_id: uuid.UUID, attempts: int, at: datetime
) -> None:
    delay_ms = max(0, int((at - utcnow()).total_seconds() * 1000))
    queue = shared_queue(context.settings.require_redis_url())
    await wake(queue, [endpoint_id], reason=f"retry-{delivery_id}-{attempts}", delay_ms=delay_ms)


async def _wake_when_lease_ends(context: JobContext, endpoint_id: uuid.UUID, until: datetime) -> None:
    delay_ms = max(0, int((until - utcnow()).total_seconds() * 1000)) + 100
    queue = shared_queue(context.settings.require_redis_url())
    await wake(queue, [endpoint_id], reason=f"lease-{until.timestamp():.6f}", delay_ms=delay_ms)


@job("webhook.sweep")
async def sweep(context: JobContext, data: dict[str, object]) -> int:
    async with context.db.transaction(system=True) as session:
        # At a worker's start also the leased ones: a lease a killed worker left is then picked up as
        # soon as it runs out (the job finding it held wakes again at its end).
        due = await service.due_endpoints(session, include_leased=bool(data.get("include_leased")))
    if due:
        await wake(shared_queue(context.settings.require_redis_url()), due, reason=f"sweep-{uuid.uuid4().hex}")
    return len(due)


@job("webhook.prune")
async def prune(context: JobContext, data: dict[str, object]) -> int:
    async with context.db.transaction(system=True) as session:
        return await service.prune_log(session, settings=context.settings)
