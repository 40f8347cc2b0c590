"""`email.sweep`, the minutely job: mail left PENDING by a process that died after ingest is
processed; mail still on its way to the worker is left alone."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool

import pytest
from redis.asyncio import Redis
from sqlalchemy import text

from rapport.db import Database
from rapport.email import jobs as email_jobs
from rapport.email.ingest import Incoming, store_incoming
from rapport.email.parse import ParserClosed
from rapport.models import InboundSource
from rapport.worker.main import HANDLERS
from rapport.worker.registry import JobContext
from tests.conftest import Servers
from tests.factories import GraphQLClient, sign_up
from tests.mailbox.dovecot import message

STALE = "SELECT id::text FROM inbound_emails WHERE state = 'PENDING' AND received_at < now() - interval '60 seconds'"


@pytest.fixture
def parser_pool() -> Iterator[None]:
    yield
    email_jobs.close_parser()


async def states(db: Database, *ids: str) -> list[str]:
    async with db.transaction() as session:
        found = await session.scalars(
            text("SELECT state::text FROM inbound_emails WHERE id = ANY(CAST(:ids AS uuid[])) ORDER BY id"),
            {"ids": list(ids)},
        )
        return list(found)


@pytest.mark.usefixtures("parser_pool")
async def test_the_sweep_processes_rows_left_pending_and_leaves_fresh_ones(
    gql: GraphQLClient, servers: Servers, app_db: Database, superuser_db: Database, redis: Redis
) -> None:
    account = await sign_up(gql)
    workspace_id = uuid.UUID(account.workspace_id)
    async with app_db.transaction(workspace_id=workspace_id) as session:  # ingested, never submitted
        stale_id, fresh_id = (
            str(inbound_id)
            for inbound_id in await store_incoming(
                session,
                [
                    Incoming(workspace_id, message(1, subject="Left behind"), InboundSource.WEBHOOK),
                    Incoming(workspace_id, message(2, subject="On its way"), InboundSource.WEBHOOK),
                ],
            )
        )
    async with superuser_db.transaction() as session:
        await session.execute(
            text("UPDATE inbound_emails SET received_at = now() - interval '2 minutes' WHERE id = :id"),
            {"id": stale_id},
        )
        owed = set(await session.scalars(text(STALE)))  # other tests' leftovers are swept too
    context = JobContext(settings=servers.settings(), db=app_db, redis=redis)

    swept = await HANDLERS["email.sweep"](context, {})
    again = await HANDLERS["email.sweep"](context, {})
    threads = await gql.data(
        "query { emailThreads(first: 10) { edges { node { subject messageCount } } } }", token=account.access_token
    )

    assert stale_id in owed
    assert fresh_id not in owed
    assert isinstance(swept, dict)
    assert sum(swept.values()) == len(owed)
    assert again == {"stored": 0, "duplicates": 0, "quarantined": 0}
    assert "PENDING" not in await states(superuser_db, *owed)
    assert await states(superuser_db, stale_id, fresh_id) == ["STORED", "PENDING"]
    assert [edge["node"] for edge in threads["emailThreads"]["edges"]] == [
        {"subject": "Left behind", "messageCount": 1}
    ]


def test_a_fault_of_one_message_quarantines_it_and_only_the_machines_faults_keep_it_pending() -> None:
    # Our code failing on one message's shape: that message is quarantined, the batch's others stored.
    assert not email_jobs._outage(RuntimeError("a bug met by this message"))
    assert not email_jobs._outage(ValueError("a value this message holds"))
    # The machine's: the job retries later, every row stays PENDING.
    assert email_jobs._outage(ParserClosed("the parser is closed"))
    assert email_jobs._outage(BrokenProcessPool())
    assert email_jobs._outage(ConnectionResetError())
    assert email_jobs._outage(TimeoutError())
