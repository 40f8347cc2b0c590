"""The api's side of waking a delivery job once its transaction has committed."""

from __future__ import annotations

import uuid

import structlog

from rapport.graphql.context import Info
from rapport.worker.queue import shared_queue

log = structlog.get_logger("rapport.webhook")
# The api enqueues right after its transaction commits; the job waits this long. A delivery it does
# not find yet is sent by the minutely `webhook.sweep`.
ENQUEUE_DELAY_MS = 300


async def wake(redis_url: str, endpoint_id: uuid.UUID) -> None:
    queue = shared_queue(redis_url)
    try:
        await queue.enqueue(
            "webhook.deliver",
            {"endpoint_id": str(endpoint_id)},
            job_id=f"webhook-{endpoint_id}-api-{uuid.uuid4().hex}",
            delay_ms=ENQUEUE_DELAY_MS,
        )
    except Exception:
        log.warning("webhook.wake_failed", endpoint=str(endpoint_id), exc_info=True)


async def wake_endpoint(info: Info, endpoint_id: uuid.UUID) -> None:
    await wake(info.context.settings.require_redis_url(), endpoint_id)
