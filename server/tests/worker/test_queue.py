"""The queue's numbers (read by the worker's /metrics) and the trace a job carries."""

from __future__ import annotations

import asyncio
import json

from redis.asyncio import Redis

from rapport.tracing import configure_tracing, tracer
from rapport.worker.queue import TRACE_KEY, JobQueue
from tests.conftest import Servers


async def test_stats_count_waiting_jobs_and_the_age_of_the_oldest(servers: Servers, redis: Redis) -> None:
    queue = JobQueue(servers.redis_url)
    try:
        before = await queue.stats()
        await queue.enqueue("test.stats", {"n": 1})
        await asyncio.sleep(1.2)
        await queue.enqueue("test.stats", {"n": 2})
        after = await queue.stats()
        assert after.name == "rapport"
        assert after.waiting == before.waiting + 2
        assert after.counts["waiting"] >= 2
        assert after.oldest_waiting_seconds >= 1.2
    finally:
        await queue.close()


async def test_a_job_carries_the_traceparent_of_its_enqueuer(servers: Servers, redis: Redis) -> None:
    configure_tracing("test")
    queue = JobQueue(servers.redis_url)
    try:
        with tracer.start_as_current_span("request") as span:
            job_id = await queue.enqueue("test.traced", {"n": 1})
            trace_id = format(span.get_span_context().trace_id, "032x")
        untraced_id = await queue.enqueue("test.untraced", {"n": 2})
        traced = json.loads(await redis.hget(f"bull:rapport:{job_id}", "data"))
        untraced = json.loads(await redis.hget(f"bull:rapport:{untraced_id}", "data"))
        assert traced["n"] == 1
        assert traced[TRACE_KEY].split("-")[1] == trace_id
        assert untraced == {"n": 2}
    finally:
        await queue.close()
