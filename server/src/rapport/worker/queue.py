"""The only file that knows BullMQ: one queue, a producer and a consumer for it, and its numbers.

A job carries the trace of the code that enqueued it (its `traceparent`, under TRACE_KEY in the job's
data): the consumer runs it in a span continued from there, and hands the handler the data without it.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bullmq import DelayedError, Job, Queue, Worker
from opentelemetry.trace import SpanKind

from rapport.tracing import continued, current_traceparent

QUEUE_NAME = "rapport"
TRACE_KEY = "_traceparent"
KEEP = {"removeOnComplete": {"age": 3600, "count": 1000}, "removeOnFail": {"age": 7 * 24 * 3600}}


class JobQueue:
    def __init__(self, redis_url: str) -> None:
        self._queue = Queue(QUEUE_NAME, {"connection": redis_url})

    async def enqueue(
        self, name: str, data: dict[str, Any], *, job_id: str | None = None, delay_ms: int | None = None
    ) -> str:
        options: dict[str, Any] = {**KEEP, "attempts": 5, "backoff": {"type": "exponential", "delay": 1000}}
        if job_id is not None:
            options["jobId"] = job_id
        if delay_ms is not None:
            options["delay"] = delay_ms
        traceparent = current_traceparent()
        if traceparent is not None:
            data = {**data, TRACE_KEY: traceparent}
        job = await self._queue.add(name, data, options)
        return str(job.id)

    async def stats(self) -> QueueStats:
        """Jobs by state, and the age of the oldest job waiting (BullMQ pushes new jobs on the left of
        the wait list; prioritized ones wait in their own sorted set)."""
        # BullMQ's own names for its lists ("wait", not the "waiting" it reports in other places).
        raw = await self._queue.getJobCounts("wait", "active", "delayed", "prioritized", "failed")
        counts = {("waiting" if state == "wait" else state): int(count) for state, count in raw.items()}
        client, keys = self._queue.client, self._queue.keys
        oldest_ids = [*await client.lrange(keys["wait"], -1, -1), *await client.zrange(keys["prioritized"], 0, 0)]
        stamps = [await client.hget(f"{keys['']}{_text(job_id)}", "timestamp") for job_id in oldest_ids]
        ages = [time.time() - int(stamp) / 1000 for stamp in stamps if stamp is not None]
        waiting = counts.get("waiting", 0) + counts.get("prioritized", 0)
        return QueueStats(
            name=QUEUE_NAME,
            counts=counts,
            waiting=waiting,
            oldest_waiting_seconds=max([0.0, *ages]) if waiting else 0.0,
        )

    async def schedule(self, scheduler_id: str, name: str, *, every_ms: int) -> None:
        """Creates or updates a repeating job; every worker may call this, it stays one schedule."""
        await self._queue.upsertJobScheduler(scheduler_id, {"every": every_ms}, name, {}, KEEP)

    async def close(self) -> None:
        await self._queue.close()


class Deferred(Exception):
    """Raised by a job's runner to put the job back for later without counting an attempt (emergency mode)."""

    def __init__(self, delay_seconds: float) -> None:
        super().__init__(f"deferred by {delay_seconds} s")
        self.delay_seconds = delay_seconds


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


@dataclass(frozen=True)
class QueueStats:
    name: str
    counts: dict[str, int]
    waiting: int
    oldest_waiting_seconds: float


def start_consumer(
    redis_url: str, process: Callable[[str, dict[str, Any]], Awaitable[object]], *, concurrency: int
) -> Worker:
    async def processor(job: Job, token: str) -> object:
        data = dict(job.data or {})
        traceparent = data.pop(TRACE_KEY, None)
        with continued(
            traceparent if isinstance(traceparent, str) else None,
            f"job {job.name}",
            kind=SpanKind.CONSUMER,
            attributes={"messaging.system": "bullmq", "messaging.destination.name": QUEUE_NAME, "job.id": str(job.id)},
        ):
            try:
                return await process(job.name, data)
            except Deferred as deferred:
                await job.moveToDelayed(round((time.time() + deferred.delay_seconds) * 1000), token)
                raise DelayedError() from deferred

    return Worker(QUEUE_NAME, processor, {"connection": redis_url, "concurrency": concurrency})


_QUEUES: dict[str, JobQueue] = {}


def shared_queue(redis_url: str) -> JobQueue:
    """One producer per process and Redis, for the api's resolvers that start jobs."""
    queue = _QUEUES.get(redis_url)
    if queue is None:
        queue = _QUEUES[redis_url] = JobQueue(redis_url)
    return queue
