"""IMAP sync against a real Dovecot: backfill, IDLE, crashes of the mail server and of the sync,
UIDVALIDITY changes, refused passwords and the per-mailbox locks.

The supervisor runs in the test's event loop, as it runs in the worker, so each test can start,
crash and restart it; test_imap_worker.py covers the worker process itself.
"""

from __future__ import annotations

import asyncio
import email
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import text

from rapport.db import Database
from rapport.email import jobs as email_jobs
from rapport.email.ingest import EmailSubmitter
from rapport.kit import netguard
from rapport.mailbox import imap
from rapport.mailbox.supervisor import MailboxSupervisor
from rapport.mailbox.sync import SyncOptions
from rapport.worker.main import HANDLERS, asyncpg_dsn
from rapport.worker.queue import JobQueue
from rapport.worker.registry import JobContext
from tests.conftest import Servers, free_port
from tests.factories import GraphQLClient, sign_up
from tests.mailbox.dovecot import PASSWORD, Dovecot, disconnect_mailboxes, message, running_dovecot
from tests.mailbox.sync_helpers import checkpoints, connect, count_of, eventually, in_state, mailbox_row, stored

LOOPBACK = netguard.Policy.allowing(["127.0.0.0/8"])
DISCONNECT = "mutation($id: UUID!) { disconnectMailbox(id: $id) }"
MAILBOXES = "query { mailboxes { id state lastSyncAt messageCount lastError } }"
THREADS = "query { emailThreads(first: 100) { totalCount edges { node { messageCount } } } }"


@pytest.fixture
async def dovecot(superuser_db: Database) -> AsyncIterator[Dovecot]:
    with running_dovecot() as server:
        yield server
        await disconnect_mailboxes(superuser_db, server)


@dataclass
class Running:
    supervisor: MailboxSupervisor
    stop: asyncio.Event
    task: asyncio.Task[None]

    async def shutdown(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 15)

    async def crash(self) -> None:
        """Gone mid-work, like a killed worker: no clean-up beyond what the database does itself."""
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


@pytest.fixture
async def start_supervisor(servers: Servers, app_db: Database) -> AsyncIterator[Callable[..., Awaitable[Running]]]:
    queue = JobQueue(servers.redis_url)
    started: list[Running] = []

    async def start(*, poll_seconds: float = 0.2, **options: Any) -> Running:
        defaults: dict[str, Any] = {
            "catch_up_seconds": 60,
            "retry_seconds": 0.1,
            "max_retry_seconds": 0.5,
            "login_retry_seconds": 0.5,
            "timeout": 5,
        }
        supervisor = MailboxSupervisor(
            app_db,
            servers.settings(),
            EmailSubmitter(queue),
            lock_dsn=asyncpg_dsn(servers.database_url),
            options=SyncOptions(**(defaults | options)),
            poll_seconds=poll_seconds,
        )
        stop = asyncio.Event()
        running = Running(supervisor, stop, asyncio.create_task(supervisor.run(stop)))
        started.append(running)
        return running

    yield start
    for running in started:
        if not running.task.done():
            await running.shutdown()
    await queue.close()


async def test_a_backfill_stores_every_message_once_then_new_mail_arrives_during_idle(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot, start_supervisor: Callable[..., Awaitable[Running]]
) -> None:
    account = await sign_up(gql)
    user = dovecot.add_user("ada")
    dovecot.create_folder(user, "Archive 2025")
    big = message(999, subject="Huge deck", size=30_000)
    dovecot.append(user, [message(i) for i in range(120)] + [big])
    dovecot.append(user, [message(200 + i) for i in range(5)], folder="Archive 2025")
    mailbox_id = await connect(gql, account, dovecot, user, folders=["INBOX", "Archive 2025"])

    await start_supervisor(batch_size=50, max_email_bytes=20_000)
    await eventually(in_state(superuser_db, mailbox_id, "IDLE"), what="backfill done")

    rows = await stored(superuser_db, mailbox_id)
    inbox_validity = dovecot.uidvalidity(user)
    archive_validity = dovecot.uidvalidity(user, "Archive 2025")
    assert rows == sorted(
        [("INBOX", inbox_validity, uid) for uid in range(1, 122)]
        + [("Archive 2025", archive_validity, uid) for uid in range(1, 6)]
    )
    assert await checkpoints(superuser_db, mailbox_id) == {
        "INBOX": (inbox_validity, 121),
        "Archive 2025": (archive_validity, 5),
    }
    row = await mailbox_row(superuser_db, mailbox_id)
    assert (row.message_count, row.last_error) == (126, None)
    assert row.last_sync_at is not None
    async with superuser_db.transaction() as session:
        huge = await session.scalar(
            text("SELECT raw FROM inbound_emails WHERE mailbox_id = :id AND uid = 121 AND folder = 'INBOX'"),
            {"id": mailbox_id},
        )
    truncated = email.message_from_bytes(huge)
    assert truncated["Subject"] == "Huge deck"
    assert truncated["X-Rapport-Truncated"].startswith(f"{len(big)} bytes")
    assert len(huge) < 2000, "only the headers of a message over max_email_bytes"
    assert all(b"\\Seen" not in line for line in dovecot.flags(user)), "fetching must not mark mail as read"

    # New mail while the sync idles arrives within seconds, without waiting for the catch-up.
    dovecot.append(user, [message(300), message(301)])
    await eventually(count_of(superuser_db, mailbox_id, 128), within=5, what="IDLE pushes the new mail")
    assert (await stored(superuser_db, mailbox_id))[-2:] == [
        ("INBOX", inbox_validity, 122),
        ("INBOX", inbox_validity, 123),
    ]


async def test_a_mail_server_killed_mid_backfill_leaves_nothing_missed_nor_doubled(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot, start_supervisor: Callable[..., Awaitable[Running]]
) -> None:
    account = await sign_up(gql)
    user = dovecot.add_user("grace")
    dovecot.append(user, [message(i) for i in range(300)])
    mailbox_id = await connect(gql, account, dovecot, user)
    await start_supervisor(batch_size=20, messages_per_second=300)

    before_kill = await eventually(count_of(superuser_db, mailbox_id, 20), what="the first batch")
    dovecot.kill()
    at_kill = len(await stored(superuser_db, mailbox_id))
    await eventually(in_state(superuser_db, mailbox_id, "ERROR"), what="the lost server is reported")
    dovecot.start()
    await eventually(in_state(superuser_db, mailbox_id, "IDLE"), what="resumed after the restart")

    rows = await stored(superuser_db, mailbox_id)
    validity = dovecot.uidvalidity(user)
    assert 20 <= before_kill <= at_kill < 300, "the server died in the middle of the backfill"
    assert rows == [("INBOX", validity, uid) for uid in range(1, 301)], "every UID exactly once"
    row = await mailbox_row(superuser_db, mailbox_id)
    assert (row.message_count, row.last_error) == (300, None)


async def test_a_crashed_sync_resumes_from_its_checkpoint(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot, start_supervisor: Callable[..., Awaitable[Running]]
) -> None:
    account = await sign_up(gql)
    user = dovecot.add_user("linus")
    dovecot.append(user, [message(i) for i in range(200)])
    mailbox_id = await connect(gql, account, dovecot, user)
    first = await start_supervisor(batch_size=20, messages_per_second=200)

    await eventually(count_of(superuser_db, mailbox_id, 40), what="a few batches")
    await first.crash()
    rows_at_crash = await stored(superuser_db, mailbox_id)
    (_, last_uid) = (await checkpoints(superuser_db, mailbox_id))["INBOX"]

    await start_supervisor(batch_size=20)
    await eventually(count_of(superuser_db, mailbox_id, 200), what="the rest")
    await eventually(in_state(superuser_db, mailbox_id, "IDLE"))

    validity = dovecot.uidvalidity(user)
    assert last_uid < 200, "the crash came in the middle"
    assert rows_at_crash == [("INBOX", validity, uid) for uid in range(1, last_uid + 1)], (
        "the checkpoint moved with its batch, never ahead of nor behind the rows"
    )
    assert await stored(superuser_db, mailbox_id) == [("INBOX", validity, uid) for uid in range(1, 201)]
    assert (await mailbox_row(superuser_db, mailbox_id)).message_count == 200


async def test_a_new_uidvalidity_resyncs_the_folder_without_duplicate_emails(
    gql: GraphQLClient,
    servers: Servers,
    app_db: Database,
    superuser_db: Database,
    redis: Redis,
    dovecot: Dovecot,
    start_supervisor: Callable[..., Awaitable[Running]],
) -> None:
    account = await sign_up(gql)
    user = dovecot.add_user("barbara")
    dovecot.create_folder(user, "Clients")
    originals = [message(i) for i in range(3)]
    dovecot.append(user, originals, folder="Clients")
    mailbox_id = await connect(gql, account, dovecot, user, folders=["INBOX", "Clients"])
    await start_supervisor(catch_up_seconds=1)
    await eventually(count_of(superuser_db, mailbox_id, 3))
    old_validity = dovecot.uidvalidity(user, "Clients")

    # The folder is rebuilt on the server: same messages, new UIDs under a new UIDVALIDITY, one more.
    dovecot.delete_folder(user, "Clients")
    dovecot.create_folder(user, "Clients")
    dovecot.append(user, [*originals, message(3)], folder="Clients")
    new_validity = dovecot.uidvalidity(user, "Clients")
    await eventually(count_of(superuser_db, mailbox_id, 7), what="the catch-up resyncs the folder")

    assert new_validity != old_validity
    assert await stored(superuser_db, mailbox_id) == [
        *(("Clients", old_validity, uid) for uid in (1, 2, 3)),
        *(("Clients", new_validity, uid) for uid in (1, 2, 3, 4)),
    ]
    assert (await checkpoints(superuser_db, mailbox_id))["Clients"] == (new_validity, 4)
    process = HANDLERS["email.process"]
    async with superuser_db.transaction() as session:
        ids = [
            str(i)
            for i in (
                await session.scalars(text("SELECT id FROM inbound_emails WHERE mailbox_id = :id"), {"id": mailbox_id})
            ).all()
        ]
    try:
        await process(JobContext(settings=servers.settings(), db=app_db, redis=redis), {"ids": ids})
    finally:
        email_jobs.close_parser()
    threads = (await gql.data(THREADS, token=account.access_token))["emailThreads"]
    assert sum(edge["node"]["messageCount"] for edge in threads["edges"]) == 4, "one email per Message-ID"


async def test_a_password_changed_on_the_server_shows_an_error_until_it_is_entered_again(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot, start_supervisor: Callable[..., Awaitable[Running]]
) -> None:
    account = await sign_up(gql)
    user = dovecot.add_user("edsger")
    dovecot.append(user, [message(1)])
    mailbox_id = await connect(gql, account, dovecot, user)
    await start_supervisor()
    await eventually(in_state(superuser_db, mailbox_id, "IDLE"))

    dovecot.set_password(user, "a new password")
    dovecot.kill()  # drops the session: the sync logs in again, with the old password
    dovecot.start()
    failed = await eventually(in_state(superuser_db, mailbox_id, "ERROR"), what="the refused login")
    await eventually(
        lambda: _error_is(superuser_db, mailbox_id, "wrong user name or password"), what="the reason, in words"
    )
    listed = (await gql.data(MAILBOXES, token=account.access_token))["mailboxes"]

    again = await connect(gql, account, dovecot, user, password="a new password")
    await eventually(in_state(superuser_db, mailbox_id, "IDLE"), what="synced again with the new password")

    assert failed.state == "ERROR"
    assert [(m["id"], m["state"], m["lastError"]) for m in listed] == [
        (mailbox_id, "ERROR", "wrong user name or password")
    ]
    assert again == mailbox_id, "entering the password again updates the same mailbox"
    assert (await mailbox_row(superuser_db, mailbox_id)).last_error is None


async def _error_is(db: Database, mailbox_id: str, reason: str) -> bool:
    return bool((await mailbox_row(db, mailbox_id)).last_error == reason)


async def test_disconnecting_stops_the_sync_at_once_and_keeps_the_emails(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot, start_supervisor: Callable[..., Awaitable[Running]]
) -> None:
    account = await sign_up(gql)
    user, witness = dovecot.add_user("margaret"), dovecot.add_user("katherine")
    dovecot.append(user, [message(i) for i in range(5)])
    mailbox_id = await connect(gql, account, dovecot, user)
    witness_id = await connect(gql, account, dovecot, witness)  # stays connected: shows a push arrives
    running = await start_supervisor(poll_seconds=60)
    await eventually(in_state(superuser_db, mailbox_id, "IDLE"))
    await eventually(in_state(superuser_db, witness_id, "IDLE"))
    assert uuid.UUID(mailbox_id) in running.supervisor.syncing

    await gql.data(DISCONNECT, {"id": mailbox_id}, token=account.access_token)
    await eventually(
        lambda: _not_in(uuid.UUID(mailbox_id), running.supervisor.syncing),
        within=3,
        what="NOTIFY wakes the supervisor at once",
    )
    dovecot.append(user, [message(9)])
    dovecot.append(witness, [message(10)])
    await eventually(count_of(superuser_db, witness_id, 1), what="the push to the connected mailbox")

    assert (await mailbox_row(superuser_db, mailbox_id)).state == "DISCONNECTED"
    assert len(await stored(superuser_db, mailbox_id)) == 5


async def _not_in(mailbox_id: uuid.UUID, syncing: set[uuid.UUID]) -> bool:
    return mailbox_id not in syncing


async def test_two_supervisors_never_sync_the_same_mailbox_and_take_over_from_each_other(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot, start_supervisor: Callable[..., Awaitable[Running]]
) -> None:
    account = await sign_up(gql)
    users = [dovecot.add_user(name) for name in ("alan", "alonzo", "kurt")]
    for user in users:
        dovecot.append(user, [message(i) for i in range(3)])
    first, second = await start_supervisor(), await start_supervisor()
    mailbox_ids = {uuid.UUID(await connect(gql, account, dovecot, user)) for user in users}
    for mailbox_id in mailbox_ids:
        await eventually(in_state(superuser_db, str(mailbox_id), "IDLE"))

    held = (first.supervisor.syncing & mailbox_ids, second.supervisor.syncing & mailbox_ids)
    await first.shutdown()
    await eventually(lambda: _holds(second.supervisor, mailbox_ids), what="the other takes over")

    assert not held[0] & held[1], "a mailbox is synced by one supervisor only"
    assert held[0] | held[1] == mailbox_ids
    for mailbox_id in mailbox_ids:
        assert len(await stored(superuser_db, str(mailbox_id))) == 3


async def _holds(supervisor: MailboxSupervisor, mailbox_ids: set[uuid.UUID]) -> bool:
    return supervisor.syncing >= mailbox_ids


async def test_connection_failures_are_explained_in_words(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.add_user("ken")
    closed_port = free_port()

    async def failure(**overrides: Any) -> tuple[str, str]:
        settings = {
            "host": "127.0.0.1",
            "port": dovecot.port,
            "tls": False,
            "username": user,
            "password": PASSWORD,
            "folders": ["INBOX"],
            "policy": LOOPBACK,
        }
        with pytest.raises(imap.MailboxConnectionError) as raised:
            await imap.test_connection(**(settings | overrides))
        return raised.value.field, raised.value.reason

    wrong_password = await failure(password="nope")
    missing_folder = await failure(folders=["INBOX", "Ghosts"])
    refused = await failure(port=closed_port)
    tls_on_plain_port = await failure(tls=True)
    untrusted = await failure(port=dovecot.tls_port, tls=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cert_file))  # now the test certificate is trusted
    await imap.test_connection("127.0.0.1", dovecot.tls_port, True, user, PASSWORD, ["INBOX"], policy=LOOPBACK)

    assert wrong_password == ("password", "wrong user name or password")
    assert missing_folder == ("folders", "the folder 'Ghosts' does not exist on 127.0.0.1")
    assert refused == ("host", f"cannot reach 127.0.0.1:{closed_port}")
    assert tls_on_plain_port[0] == "tls"
    assert tls_on_plain_port[1].startswith(f"TLS handshake with 127.0.0.1:{dovecot.port} failed")
    assert untrusted == ("tls", f"TLS handshake with 127.0.0.1:{dovecot.tls_port} failed: self-signed certificate")


async def test_folder_names_travel_in_modified_utf7_and_uid_sets_are_compressed(dovecot: Dovecot) -> None:
    user = dovecot.add_user("kurt")
    dovecot.create_folder(user, "Entw&APw-rfe &- Co")  # "Entwürfe & Co" as the server stores it

    await imap.test_connection("127.0.0.1", dovecot.port, False, user, PASSWORD, ["Entwürfe & Co"], policy=LOOPBACK)

    assert imap.encode_folder('Entwürfe & Co "2026"') == '"Entw&APw-rfe &- Co \\"2026\\""'
    assert imap.encode_folder("日本語") == '"&ZeVnLIqe-"'
    assert imap.uid_set([1, 2, 3, 7, 9, 10]) == "1:3,7,9:10"
    assert imap.uid_set([5]) == "5"
