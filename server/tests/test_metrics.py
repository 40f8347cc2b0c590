"""Metrics: the api's processes are summed on /metrics, routes are labelled by template, the worker
serves its own port (behind the token when one is set), and the database pool counts its use and waits."""

from __future__ import annotations

import asyncio
import re
import time
import uuid

import httpx
from prometheus_client import REGISTRY
from sqlalchemy import text

from rapport.db import create_engine
from tests.conftest import Servers, free_port, running_api, start_worker, stop_process


def sample(body: str, metric: str, **labels: str) -> float | None:
    """The value of one sample in a Prometheus text exposition (None when absent)."""
    for line in body.splitlines():
        # Label values may hold braces (a route template): a quoted value is read whole.
        match = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})?\s+(\S+)$', line)
        if match is None or match.group(1) != metric:
            continue
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(2) or ""))
        if found == labels:
            return float(match.group(3))
    return None


def test_every_api_process_counts_into_one_metrics_answer(servers: Servers) -> None:
    with running_api(servers, RAPPORT_API_WORKERS="2") as base, httpx.Client(base_url=base, timeout=30) as client:
        # Ready means one process answers; the other may still be opening its pools (a loaded CI machine
        # once scraped 24, one process's share). Both have started once the sum is both processes' pools.
        both = 2 * (2 * 10 + 2 * 2)  # each process: the app pool (size 10: up to 20), the system pool (2: 4)
        deadline = time.monotonic() + 60
        while sample(httpx.get(f"{base}/metrics", timeout=30).text, "rapport_db_pool_size") != both:
            assert time.monotonic() < deadline, "the second api process did not open its pools within 60 s"
            time.sleep(0.2)
        for _ in range(40):
            # A new connection each time, handed to the processes in turn (balancer.py).
            assert httpx.get(f"{base}/healthz", timeout=30).status_code == 200
        missing = client.get(f"/api/v1/files/{uuid.uuid4()}")
        assert missing.status_code == 401
        named = client.post("/graphql", json={"query": "query Probe { __typename }", "operationName": "Probe"})
        assert named.status_code == 200
        for _ in range(5):  # whichever process answers the scrape, it tells the same sums
            body = httpx.get(f"{base}/metrics", timeout=30).text
            assert sample(body, "rapport_http_requests_total", method="GET", route="/healthz", status="200") == 40
            # The route's template, not the path: one series whatever the id.
            assert (
                sample(body, "rapport_http_requests_total", method="GET", route="/api/v1/files/{file_id}", status="401")
                == 1
            )
            assert sample(body, "rapport_graphql_operations_total", operation="Probe", type="query", outcome="ok") == 1
            assert sample(body, "rapport_db_pool_size") == both


def test_the_worker_serves_its_metrics_on_its_own_port_behind_the_token(servers: Servers) -> None:
    port = free_port()
    worker = start_worker(servers, env={"RAPPORT_WORKER_METRICS_PORT": str(port), "RAPPORT_METRICS_TOKEN": "scrape-me"})
    try:
        refused = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
        assert refused.status_code == 401
        wrong = httpx.get(f"http://127.0.0.1:{port}/metrics", headers={"authorization": "Bearer nope"}, timeout=10)
        assert wrong.status_code == 401
        answer = httpx.get(
            f"http://127.0.0.1:{port}/metrics", headers={"authorization": "Bearer scrape-me"}, timeout=10
        )
        assert answer.status_code == 200
        body = answer.text
        assert sample(body, "rapport_redis_up") == 1
        assert sample(body, "rapport_queue_waiting_jobs", queue="rapport") is not None
        assert sample(body, "rapport_queue_oldest_job_age_seconds", queue="rapport") is not None
        assert sample(body, "rapport_outbox_oldest_unpublished_age_seconds") is not None
        # The worker ran its start-up job (partitions; its daily schedule may have run it too): each run
        # counted, with its duration.
        runs = sample(body, "rapport_jobs_total", name="activity.ensure_partitions", outcome="done")
        assert runs is not None
        assert runs >= 1
        durations = sample(
            body, "rapport_job_duration_seconds_count", name="activity.ensure_partitions", outcome="done"
        )
        assert durations == runs
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
    finally:
        stop_process(worker)


def value(name: str) -> float:
    found = REGISTRY.get_sample_value(name)
    assert found is not None, name
    return found


async def test_the_pool_counts_connections_in_use_and_checkouts_that_waited(servers: Servers) -> None:
    before_size, before_in_use, before_waits = (
        value("rapport_db_pool_size"),
        value("rapport_db_pool_in_use"),
        value("rapport_db_pool_waits_total"),
    )
    engine = create_engine(servers.database_url, pool_size=1)  # at most 2 connections
    try:
        assert value("rapport_db_pool_size") == before_size + 2
        first, second = await engine.connect(), await engine.connect()
        assert value("rapport_db_pool_in_use") == before_in_use + 2
        assert value("rapport_db_pool_waits_total") == before_waits

        async def third() -> int:
            async with engine.connect() as connection:
                return int((await connection.execute(text("SELECT 3"))).scalar_one())

        waiting = asyncio.create_task(third())
        await asyncio.sleep(0.3)
        assert not waiting.done()  # every connection is taken: it waits
        assert value("rapport_db_pool_waits_total") == before_waits + 1
        await first.close()
        assert await waiting == 3
        await second.close()
        assert value("rapport_db_pool_in_use") == before_in_use
    finally:
        await engine.dispose()


async def test_the_pool_keeps_every_connection_it_opened(servers: Servers) -> None:
    # Under a burst the pool grows to twice its size, and every connection it opened stays open when
    # returned: the next burst reuses the same PostgreSQL backends (no overflow connection closed and
    # made again under load, bench/README.md issue 15).
    engine = create_engine(servers.database_url, pool_size=1)

    async def backends() -> set[int]:
        first, second = await engine.connect(), await engine.connect()
        try:
            return {int((await c.execute(text("SELECT pg_backend_pid()"))).scalar_one()) for c in (first, second)}
        finally:
            await first.close()
            await second.close()

    try:
        opened = await backends()
        assert len(opened) == 2
        assert engine.pool.checkedin() == 2  # type: ignore[attr-defined]
        assert await backends() == opened
    finally:
        await engine.dispose()
