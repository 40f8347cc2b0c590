"""Emergency mode across processes: `rapport emergency on` (a third process) switches a running api
and a running worker within seconds; the api refuses writes and keeps reads, the worker runs only
critical jobs. Each test's processes use a Redis database of their own, so the switch reaches no other
test's api."""

from __future__ import annotations

import asyncio
import datetime
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest
from bullmq import Job, Queue
from redis.asyncio import Redis

from rapport.system import emergency
from rapport.worker.queue import QUEUE_NAME, JobQueue
from tests.conftest import Servers, running_api, start_worker, stop_process
from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up

T = TypeVar("T")
DB = 7  # the Redis database of this module's api and worker
MESSAGE = "Database maintenance until 14:00 UTC"
CONTACT_COUNT = "query { contacts(first: 1) { totalCount } }"
STATUS = "query { systemStatus { emergency readOnly message since } }"
SIGN_IN = "mutation($input: SignInInput!) { signIn(input: $input) { user { id } } }"
SETTINGS = {
    "RAPPORT_EMERGENCY_CHECK_SECONDS": "1",
    "RAPPORT_EMERGENCY_JOB_DELAY_SECONDS": "2",
    "RAPPORT_EMERGENCY_RETRY_AFTER_SECONDS": "120",
}


@pytest.fixture(scope="module")
def redis_url(servers: Servers) -> str:
    return f"{servers.redis_url}?db={DB}"


@pytest.fixture(scope="module")
def api(servers: Servers, redis_url: str) -> Iterator[str]:
    subprocess.run(
        [sys.executable, "-c", f"import redis; redis.from_url({redis_url!r}).flushdb()"], check=True, env=servers.env()
    )
    with running_api(servers, RAPPORT_REDIS_URL=redis_url, **SETTINGS) as base_url:
        worker = start_worker(servers, env={"RAPPORT_REDIS_URL": redis_url, **SETTINGS})
        try:
            yield base_url
        finally:
            stop_process(worker)


@pytest.fixture
async def http(api: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api, timeout=30) as client:
        yield client


def switch(servers: Servers, redis_url: str, *args: str) -> list[str]:
    """`rapport emergency ...` as an operator runs it: its own process."""
    result = subprocess.run(
        [sys.executable, "-m", "rapport", "emergency", *args],
        env=servers.env(RAPPORT_REDIS_URL=redis_url, **SETTINGS),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


async def eventually(probe: Callable[[], Awaitable[T]], until: Callable[[T], bool], within: float = 10) -> T:
    deadline = time.monotonic() + within
    while True:
        value = await probe()
        if until(value) or time.monotonic() > deadline:
            return value
        await asyncio.sleep(0.1)


async def test_the_switch_makes_the_api_read_only_and_pauses_non_critical_jobs(
    servers: Servers, redis_url: str, http: httpx.AsyncClient
) -> None:
    gql = GraphQLClient(http)
    account = await sign_up(gql)
    auth = {"authorization": f"Bearer {account.access_token}"}
    await gql.data(CREATE_CONTACT, {"input": {"firstName": "Before"}}, token=account.access_token)

    def create_contact() -> Awaitable[httpx.Response]:
        return http.post(
            "/graphql", json={"query": CREATE_CONTACT, "variables": {"input": {"firstName": "During"}}}, headers=auth
        )

    # When the operator turns emergency mode on, from a process of its own
    said = switch(servers, redis_url, "on", "--message", MESSAGE)
    assert said[0].startswith("emergency mode: ON since ")
    assert said[0].endswith(f" — {MESSAGE}")
    assert said[1] == "processes following the switch: 2 (they apply it within 1 s)"  # the api and the worker

    # Then a mutation answers 503 SERVICE_UNAVAILABLE with Retry-After, and nothing is written
    refused = await eventually(create_contact, lambda r: r.status_code == 503)
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "120"
    assert refused.json() == {
        "data": None,
        "errors": [{"message": MESSAGE, "extensions": {"code": "SERVICE_UNAVAILABLE", "retryAfter": 120}}],
    }
    assert (await gql.data(CONTACT_COUNT, token=account.access_token))["contacts"]["totalCount"] == 1
    # A REST write too, in the REST error body
    upload = await http.post("/api/v1/files/upload", files={"file": ("a.txt", b"hello")}, headers=auth)
    assert (upload.status_code, upload.headers["retry-after"]) == (503, "120")
    assert upload.json() == {"error": {"message": MESSAGE, "code": "SERVICE_UNAVAILABLE", "retryAfter": 120}}
    # Reads, signing in and the banner's status still work
    status = (await gql.data(STATUS))["systemStatus"]
    since = datetime.datetime.fromisoformat(said[0].split(" since ")[1].split(" — ")[0])
    assert status == {"emergency": True, "readOnly": True, "message": MESSAGE, "since": status["since"]}
    assert datetime.datetime.fromisoformat(status["since"]).replace(microsecond=0) == since
    signed_in = await gql.data(SIGN_IN, {"input": {"email": account.email, "password": account.password}})
    assert signed_in["signIn"]["user"]["id"] == account.user_id

    # The worker: critical jobs run, a scheduled non-critical run is skipped, another job waits
    queue = JobQueue(redis_url)
    bull = Queue(QUEUE_NAME, {"connection": redis_url})
    try:
        critical = await queue.enqueue("email.sweep", {})
        scheduled = await queue.enqueue("customfield.ensure_indexes", {})
        paused = await queue.enqueue("file.purge", {"requestedBy": "test"})

        async def states() -> list[str]:
            return [await bull.getJobState(job_id) for job_id in (critical, scheduled, paused)]

        assert await eventually(states, lambda s: s == ["completed", "completed", "delayed"]) == [
            "completed",
            "completed",
            "delayed",
        ]
        assert (await Job.fromId(bull, critical)).returnvalue == {"stored": 0, "duplicates": 0, "quarantined": 0}
        assert (await Job.fromId(bull, scheduled)).returnvalue == {"skipped": "emergency mode"}
        assert (await Job.fromId(bull, paused)).attemptsMade == 0

        # When it is turned off, writes work again and the paused job runs
        assert switch(servers, redis_url, "off") == [
            "emergency mode: OFF",
            "processes following the switch: 2 (they apply it within 1 s)",
        ]
        accepted = await eventually(create_contact, lambda r: r.status_code == 200)
        assert accepted.json()["data"]["createContact"]["name"] == "During"
        assert (await gql.data(STATUS))["systemStatus"] == {
            "emergency": False,
            "readOnly": False,
            "message": None,
            "since": None,
        }

        async def paused_state() -> str:
            return str(await bull.getJobState(paused))

        assert await eventually(paused_state, lambda s: s == "completed") == "completed"
        assert (await Job.fromId(bull, paused)).returnvalue == {"purged": 0}
    finally:
        await bull.close()
        await queue.close()


async def test_a_process_that_missed_the_announcement_follows_the_stored_switch(
    redis_url: str, http: httpx.AsyncClient
) -> None:
    gql = GraphQLClient(http)
    redis = Redis.from_url(redis_url)
    try:
        # Given the switch written without a message on the channel (as if the api had missed it)
        since = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
        await redis.set(emergency.KEY, emergency.EmergencyState(True, "By hand", since).to_json())

        async def status() -> dict[str, Any]:
            return dict((await gql.data(STATUS))["systemStatus"])

        # Then the periodic check (every second here) finds it
        assert await eventually(status, lambda s: s["emergency"]) == {
            "emergency": True,
            "readOnly": True,
            "message": "By hand",
            "since": "2026-01-02T03:04:05.000000+00:00",
        }
        await redis.delete(emergency.KEY)
        assert (await eventually(status, lambda s: not s["emergency"]))["emergency"] is False
    finally:
        await redis.delete(emergency.KEY)
        await redis.aclose()
