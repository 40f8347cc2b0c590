"""The only file that knows BullMQ: one queue, a producer and a consumer for it."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from bullmq import DelayedError, Job, Queue, Worker

QUEUE_NAME = "rapport"
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
        job = await self._queue.add(name, data, options)
        return str(job.id)

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


def start_consumer(
    redis_url: str, process: Callable[[str, dict[str, Any]], Awaitable[object]], *, concurrency: int
) -> Worker:
    async def processor(job: Job, token: str) -> object:
        try:
            return await process(job.name, job.data or {})
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
