"""A worker killed between commit and relay loses nothing: the next relay publishes the backlog.

The test holds the relay where it must not die: Valkey is paused for writes (CLIENT PAUSE WRITE
blocks PUBLISH), so the running worker's relay claims the committed events and waits on the
publish. Only once the test sees the rows claimed (they are locked, not yet published) is the
worker killed. In a module of its own: no other worker may run while it checks what is left.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from sqlalchemy import text

from rapport.db import Database
from rapport.events.relay import workspace_channel
from tests.conftest import Servers, start_worker, stop_process
from tests.factories import GraphQLClient, sign_up


async def event_ids(db: Database, workspace_ids: list[str], *, unpublished_only: bool) -> list[str]:
    published = " AND published_at IS NULL" if unpublished_only else ""
    async with db.transaction() as session:
        rows = await session.scalars(
            text(
                "SELECT id::text FROM outbox_events WHERE workspace_id = ANY(CAST(:ws AS uuid[]))"
                + published
                + " ORDER BY id"
            ),
            {"ws": workspace_ids},
        )
        return list(rows)


async def claimable(db: Database, workspace_ids: list[str]) -> int:
    """How many of the events no relay holds right now (the relay claims them FOR UPDATE)."""
    async with db.transaction() as session:
        rows = await session.scalars(
            text(
                "SELECT id FROM outbox_events WHERE workspace_id = ANY(CAST(:ws AS uuid[]))"
                " AND published_at IS NULL FOR UPDATE SKIP LOCKED"
            ),
            {"ws": workspace_ids},
        )
        return len(list(rows))


@asynccontextmanager
async def writes_paused(redis: Redis) -> AsyncIterator[None]:
    await redis.execute_command("CLIENT", "PAUSE", 120_000, "WRITE")  # a bound, should the test die here
    try:
        yield
    finally:
        await redis.execute_command("CLIENT", "UNPAUSE")


async def test_a_worker_killed_between_commit_and_relay_loses_nothing(
    gql: GraphQLClient, servers: Servers, superuser_db: Database, redis: Redis
) -> None:
    worker = start_worker(servers)
    try:
        async with writes_paused(redis):
            accounts = [await sign_up(gql, workspace=f"Crash {index}") for index in range(3)]  # commits
            workspaces = [account.workspace_id for account in accounts]
            committed = await event_ids(superuser_db, workspaces, unpublished_only=False)
            deadline = time.monotonic() + 30
            while await claimable(superuser_db, workspaces) > 0:  # the relay has not taken them all yet
                assert time.monotonic() < deadline, "the relay never claimed the committed events"
                await asyncio.sleep(0.05)
            held = await event_ids(superuser_db, workspaces, unpublished_only=True)
            worker.kill()  # SIGKILL: no clean-up, the publish never happened
            worker.wait()
    finally:
        stop_process(worker)
    # The killed relay's transaction is rolled back once PostgreSQL sees its connection gone.
    deadline = time.monotonic() + 30
    while await claimable(superuser_db, workspaces) < len(committed):
        assert time.monotonic() < deadline, "the killed relay's locks were never released"
        await asyncio.sleep(0.05)
    left = await event_ids(superuser_db, workspaces, unpublished_only=True)

    pubsub = redis.pubsub()
    await pubsub.subscribe(*(workspace_channel(workspace) for workspace in workspaces))
    for _ in workspaces:
        await pubsub.get_message(timeout=1)  # the subscribe confirmations
    restarted = start_worker(servers)
    received: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while set(received) < set(committed) and time.monotonic() < deadline:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
            if message is not None:
                received.append(json.loads(message["data"])["id"])
    finally:
        stop_process(restarted)
        await pubsub.aclose()

    assert len(committed) == 3, "one workspace.created event per sign-up"
    assert held == committed, "the relay held all three, unpublished, when it was killed"
    assert left == committed, "the kill lost nothing and marked nothing"
    assert sorted(received) == committed, "the next relay published each event exactly once"
    assert await event_ids(superuser_db, workspaces, unpublished_only=True) == []
