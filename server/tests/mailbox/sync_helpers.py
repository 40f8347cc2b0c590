"""What the IMAP sync tests share: connecting a mailbox through the API, reading what the sync
stored, and waiting for it without fixed sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import text

from rapport.db import Database
from tests.factories import Account, GraphQLClient
from tests.mailbox.dovecot import Dovecot

T = TypeVar("T")

CONNECT = """
mutation($input: MailboxInput!) { connectMailbox(input: $input) { id state messageCount lastError folders } }
"""


async def eventually(check: Callable[[], Awaitable[T]], *, within: float = 15, what: str = "") -> T:
    """Polls `check` until it answers something truthy."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        result = await check()
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"not within {within}s: {what} (last: {result!r})")
        await asyncio.sleep(0.05)


async def connect(
    gql: GraphQLClient,
    account: Account,
    dovecot: Dovecot,
    user: str,
    *,
    folders: list[str] | None = None,
    password: str | None = None,
) -> str:
    mailbox_input = {
        "address": f"{user}@example.com",
        "host": "127.0.0.1",
        "port": dovecot.port,
        "tls": False,
        "username": user,
        "password": password or dovecot.passwords[user],
        "folders": folders,
    }
    data = await gql.data(CONNECT, {"input": mailbox_input}, token=account.access_token)
    return str(data["connectMailbox"]["id"])


async def stored(db: Database, mailbox_id: str) -> list[tuple[str, int, int]]:
    """(folder, uidvalidity, uid) of every inbound row of the mailbox."""
    async with db.transaction() as session:
        rows = await session.execute(
            text("SELECT folder, uidvalidity, uid FROM inbound_emails WHERE mailbox_id = :id ORDER BY 1, 2, 3"),
            {"id": mailbox_id},
        )
        return [(row.folder, row.uidvalidity, row.uid) for row in rows]


async def mailbox_row(db: Database, mailbox_id: str) -> Any:
    async with db.transaction() as session:
        return (await session.execute(text("SELECT * FROM mailboxes WHERE id = :id"), {"id": mailbox_id})).one()


async def checkpoints(db: Database, mailbox_id: str) -> dict[str, tuple[int, int]]:
    async with db.transaction() as session:
        rows = await session.execute(
            text("SELECT name, uidvalidity, last_uid FROM mailbox_folders WHERE mailbox_id = :id"), {"id": mailbox_id}
        )
        return {row.name: (row.uidvalidity, row.last_uid) for row in rows}


def count_of(db: Database, mailbox_id: str, at_least: int) -> Callable[[], Awaitable[int | None]]:
    async def check() -> int | None:
        count = len(await stored(db, mailbox_id))
        return count if count >= at_least else None

    return check


def in_state(db: Database, mailbox_id: str, state: str) -> Callable[[], Awaitable[Any]]:
    async def check() -> Any:
        row = await mailbox_row(db, mailbox_id)
        return row if row.state == state else None

    return check
