"""The outbox: events are written with the change, and the relay publishes them once committed."""

from __future__ import annotations

import json
import subprocess
import uuid

import pytest
from redis.asyncio import Redis
from sqlalchemy import text

from rapport.db import Database
from rapport.events import outbox
from rapport.events.relay import PASSES_CHANNEL, relay_once, workspace_channel
from tests.factories import GraphQLClient, join, sign_up


async def unpublished(db: Database, workspace_id: str) -> int:
    async with db.transaction() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM outbox_events WHERE workspace_id = :ws AND published_at IS NULL"),
            {"ws": workspace_id},
        )
    return int(count or 0)


async def test_a_rolled_back_change_leaves_no_event(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    workspace_id = uuid.UUID(account.workspace_id)

    with pytest.raises(RuntimeError):
        async with app_db.transaction(workspace_id=workspace_id) as session:
            await outbox.record(
                session, workspace_id=workspace_id, type="test.rolled_back", payload={}, actor_user_id=None
            )
            raise RuntimeError("the change fails after writing its event")

    async with superuser_db.transaction() as session:
        count = await session.scalar(text("SELECT count(*) FROM outbox_events WHERE type = 'test.rolled_back'"))
    assert count == 0


async def test_relay_publishes_committed_events_to_the_workspace_channel_and_marks_them(
    gql: GraphQLClient, app_db: Database, superuser_db: Database, redis: Redis
) -> None:
    account = await sign_up(gql, workspace="Relayed")
    pubsub = redis.pubsub()
    await pubsub.subscribe(workspace_channel(account.workspace_id))
    await pubsub.get_message(timeout=1)  # the subscribe confirmation

    while await relay_once(app_db, redis) > 0:
        pass
    received = []
    while (message := await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)) is not None:
        received.append(json.loads(message["data"]))
    await pubsub.aclose()

    assert [event["type"] for event in received] == ["workspace.created"]
    assert received[0]["workspaceId"] == account.workspace_id
    assert received[0]["payload"] == {"workspaceId": account.workspace_id, "name": "Relayed"}
    assert await unpublished(superuser_db, account.workspace_id) == 0


async def test_each_relay_pass_that_publishes_says_how_many_once_on_the_passes_channel(
    gql: GraphQLClient, app_db: Database, redis: Redis
) -> None:
    await sign_up(gql)
    pubsub = redis.pubsub()
    await pubsub.subscribe(PASSES_CHANNEL)
    await pubsub.get_message(timeout=1)  # the subscribe confirmation

    passes = []
    while (published := await relay_once(app_db, redis, limit=1)) > 0:
        passes.append(published)
    received = []
    while (message := await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)) is not None:
        received.append(int(message["data"]))
    await pubsub.aclose()

    # sign_up wrote at least the workspace's event; a pass of nothing says nothing.
    assert len(passes) >= 1
    assert received == passes == [1] * len(passes)


async def test_the_worker_relays_member_changes_to_subscribers(
    gql: GraphQLClient, worker: subprocess.Popen[bytes], redis: Redis
) -> None:
    owner = await sign_up(gql)
    person = await sign_up(gql)
    pubsub = redis.pubsub()
    await pubsub.subscribe(workspace_channel(owner.workspace_id))
    await pubsub.get_message(timeout=1)

    await join(gql, owner, person, "MEMBER")
    events: list[dict[str, object]] = []
    for _ in range(100):
        message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
        if message is not None:
            events.append(json.loads(message["data"]))
        if any(event["type"] == "member.added" for event in events):
            break
    await pubsub.aclose()

    added = [event for event in events if event["type"] == "member.added"]
    assert len(added) == 1, f"the worker did not relay member.added: {events}"
    assert added[0]["payload"]["userId"] == person.user_id  # type: ignore[index]
    # The invitee joins by accepting the owner's invitation: they are the one who acted.
    assert added[0]["actorUserId"] == person.user_id
