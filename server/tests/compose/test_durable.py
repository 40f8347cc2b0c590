"""Sending survives the worker: a message written while no worker runs waits QUEUED (its job in
Valkey, its row in PostgreSQL) and is sent by the next worker that starts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from rapport.db import Database
from tests.compose.conftest import MailServer
from tests.compose.test_send import SEND, connect, state_of
from tests.conftest import Servers, start_worker, stop_process
from tests.factories import GraphQLClient, sign_up
from tests.mailbox.dovecot import Dovecot, disconnect_mailboxes, running_dovecot


@pytest.fixture
async def dovecot(superuser_db: Database) -> AsyncIterator[Dovecot]:
    with running_dovecot() as server:
        yield server
        await disconnect_mailboxes(superuser_db, server)


async def test_a_message_written_while_no_worker_runs_is_sent_when_one_starts(
    gql: GraphQLClient, servers: Servers, dovecot: Dovecot, smtp_server: MailServer
) -> None:
    account = await sign_up(gql)
    user = dovecot.add_user("rep")
    mailbox = await connect(gql, account, dovecot, smtp_server, user)
    sent = (
        await gql.data(
            SEND,
            {"input": {"mailboxId": mailbox["id"], "to": ["peter@initech.example"], "subject": "S", "text": "T"}},
            token=account.access_token,
        )
    )["sendEmail"]
    await asyncio.sleep(2)
    assert (await state_of(gql, account, sent["id"], "QUEUED"))["sendError"] is None
    assert smtp_server.delivered == []

    worker = await asyncio.to_thread(start_worker, servers)
    try:
        await state_of(gql, account, sent["id"], "SENT")
    finally:
        await asyncio.to_thread(stop_process, worker)
    [delivered] = smtp_server.delivered
    assert delivered.recipients == ["peter@initech.example"]
