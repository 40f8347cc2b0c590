"""The IMAP sync inside the real `rapport worker` process: a mailbox connected through the API is
backfilled, a worker stopped mid-backfill and started again resumes from the checkpoint, and, once
processed, every message is an email in GraphQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from rapport.db import Database
from tests.conftest import Servers, start_worker, stop_process
from tests.factories import GraphQLClient, sign_up
from tests.mailbox.dovecot import Dovecot, disconnect_mailboxes, message, running_dovecot
from tests.mailbox.sync_helpers import checkpoints, connect, count_of, eventually, in_state, stored

THREADS = "query { emailThreads(first: 1) { totalCount } }"


@pytest.fixture
async def dovecot(superuser_db: Database) -> AsyncIterator[Dovecot]:
    with running_dovecot() as server:
        yield server
        await disconnect_mailboxes(superuser_db, server)


async def test_the_worker_backfills_a_connected_mailbox_and_a_restart_resumes_from_the_checkpoint(
    gql: GraphQLClient, servers: Servers, superuser_db: Database, dovecot: Dovecot
) -> None:
    account = await sign_up(gql)
    user = dovecot.add_user("ada")
    # Three batches of at most 100, the later ones held back by the mailbox's 100 messages a second.
    dovecot.append(user, [message(i) for i in range(250)])
    worker = start_worker(servers)
    try:
        mailbox_id = await connect(gql, account, dovecot, user)
        await eventually(count_of(superuser_db, mailbox_id, 100), within=30, what="the first batch")
        stop_process(worker)
        at_stop = await stored(superuser_db, mailbox_id)
        _, last_uid = (await checkpoints(superuser_db, mailbox_id))["INBOX"]

        worker = start_worker(servers)
        await eventually(count_of(superuser_db, mailbox_id, 250), within=30, what="the rest after the restart")
        await eventually(in_state(superuser_db, mailbox_id, "IDLE"))

        validity = dovecot.uidvalidity(user)
        assert last_uid < 250, "the worker stopped in the middle of the backfill"
        assert at_stop == [("INBOX", validity, uid) for uid in range(1, last_uid + 1)]
        assert await stored(superuser_db, mailbox_id) == [("INBOX", validity, uid) for uid in range(1, 251)]
        # Each message is one email (distinct subjects), processed by the same worker.
        await eventually(lambda: _thread_count(gql, account.access_token, 250), within=30, what="processed")
    finally:
        stop_process(worker)


async def _thread_count(gql: GraphQLClient, token: str, expected: int) -> bool:
    data = await gql.data(THREADS, token=token)
    return bool(data["emailThreads"]["totalCount"] == expected)
