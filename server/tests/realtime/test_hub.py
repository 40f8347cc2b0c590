"""The hub's feeds, against the real Valkey: a feed dropped while one of its events is being handed out
lets that run finish (it is in a database statement: a cancel there leaves the connection unable to roll
back) and then its task ends."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Collection
from datetime import UTC, datetime

from redis.asyncio import Redis

from rapport.events.relay import workspace_channel
from rapport.realtime.hub import Hub, Listener
from rapport.realtime.service import Event
from tests.conftest import Servers


class Socket:
    def __init__(self, workspace_id: uuid.UUID) -> None:
        self.workspace_id = workspace_id
        self.user_id = uuid.uuid4()

    def close_soon(self, code: int, reason: str) -> None:
        raise AssertionError(f"closed: {code} {reason}")


async def test_a_feed_dropped_mid_dispatch_finishes_that_run_and_then_its_task_ends(servers: Servers) -> None:
    started = asyncio.Event()
    release = asyncio.Event()
    finished: list[int] = []

    async def dispatch(event: Event, listeners: Collection[Listener]) -> None:
        started.set()
        await release.wait()  # as a statement in flight
        finished.append(event.sequence)

    hub = Hub(servers.redis_url, dispatch)
    await hub.start()
    redis = Redis.from_url(servers.redis_url)
    try:
        workspace_id = uuid.uuid4()
        socket = Socket(workspace_id)
        await hub.join(socket)
        (feed,) = hub._feeds.values()  # the task is what this test watches
        message = {
            "id": str(uuid.uuid4()),
            "sequence": 1,
            "workspaceId": str(workspace_id),
            "type": "contact.updated",
            "occurredAt": datetime.now(UTC).isoformat(),
            "payload": {"id": str(uuid.uuid4())},
        }
        await redis.publish(workspace_channel(workspace_id), json.dumps(message))
        async with asyncio.timeout(10):
            await started.wait()

        hub.leave(socket)  # the last socket of the workspace goes while its event is handed out
        await asyncio.sleep(0.2)
        assert feed.pump is not None
        assert (hub.workspace_count, feed.pump.done()) == (0, False)  # dropped, its run not cut short

        release.set()
        async with asyncio.timeout(10):
            await feed.pump
        assert (finished, feed.pump.cancelled()) == ([1], False)
    finally:
        await redis.aclose()
        await hub.stop()
