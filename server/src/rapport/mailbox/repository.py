"""All SQL about IMAP mailboxes and their folder checkpoints.

Writes made by the sync engine leave `updated_at` alone: it stays the time of the owner's last
change of settings.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit import records
from rapport.kit.rows import insert_row
from rapport.models import Mailbox, MailboxFolder, MailboxState

# The workers' supervisors LISTEN here (imap_supervisor.py).
NOTIFY_CHANNEL = "rapport_mailboxes"


async def list_mailboxes(
    session: AsyncSession, workspace_id: uuid.UUID, *, member_id: uuid.UUID | None = None
) -> Sequence[Mailbox]:
    """Connected ones first, then by creation; only `member_id`'s when given."""
    query = select(Mailbox).where(Mailbox.workspace_id == workspace_id)
    if member_id is not None:
        query = query.where(Mailbox.member_id == member_id)
    disconnected_last = case((Mailbox.state == MailboxState.DISCONNECTED, 1), else_=0)
    return (await session.scalars(query.order_by(disconnected_last, Mailbox.created_at, Mailbox.id))).all()


async def get_mailbox(session: AsyncSession, workspace_id: uuid.UUID, mailbox_id: uuid.UUID) -> Mailbox | None:
    return await session.scalar(select(Mailbox).where(Mailbox.workspace_id == workspace_id, Mailbox.id == mailbox_id))


async def find_connected(session: AsyncSession, workspace_id: uuid.UUID, address: str) -> Mailbox | None:
    query = select(Mailbox).where(
        Mailbox.workspace_id == workspace_id,
        func.lower(Mailbox.address) == address.lower(),
        Mailbox.state != MailboxState.DISCONNECTED,
    )
    return await session.scalar(query)


async def find_disconnected(
    session: AsyncSession, workspace_id: uuid.UUID, member_id: uuid.UUID, address: str
) -> Mailbox | None:
    query = (
        select(Mailbox)
        .where(
            Mailbox.workspace_id == workspace_id,
            Mailbox.member_id == member_id,
            func.lower(Mailbox.address) == address.lower(),
            Mailbox.state == MailboxState.DISCONNECTED,
        )
        .order_by(Mailbox.updated_at.desc())
    )
    return await session.scalar(query.limit(1))


async def insert_mailbox(session: AsyncSession, values: dict[str, object]) -> Mailbox:
    return await insert_row(session, Mailbox, values)


async def update_mailbox(session: AsyncSession, mailbox_id: uuid.UUID, values: dict[str, object]) -> Mailbox:
    return await records.update_row(session, Mailbox, mailbox_id, values)


async def delete_checkpoints(session: AsyncSession, mailbox_id: uuid.UUID) -> None:
    await session.execute(delete(MailboxFolder).where(MailboxFolder.mailbox_id == mailbox_id))


async def notify_change(session: AsyncSession, mailbox_id: uuid.UUID) -> None:
    """Delivered at commit: the workers start or stop the sync now instead of at their next poll."""
    await session.execute(text("SELECT pg_notify(:channel, :id)"), {"channel": NOTIFY_CHANNEL, "id": str(mailbox_id)})


# The sync engine's side (system scope: it works across workspaces).


async def list_active(session: AsyncSession) -> Sequence[Mailbox]:
    return (await session.scalars(select(Mailbox).where(Mailbox.state != MailboxState.DISCONNECTED))).all()


async def set_state(
    session: AsyncSession,
    mailbox_id: uuid.UUID,
    state: MailboxState,
    *,
    error: str | None = None,
    synced_at: datetime | None = None,
) -> None:
    """Records what the sync is doing; a mailbox disconnected meanwhile stays DISCONNECTED."""
    values: dict[str, object] = {"state": state, "last_error": error, "updated_at": Mailbox.updated_at}
    if synced_at is not None:
        values["last_sync_at"] = synced_at
    await session.execute(
        update(Mailbox).where(Mailbox.id == mailbox_id, Mailbox.state != MailboxState.DISCONNECTED).values(**values)
    )


async def add_to_message_count(session: AsyncSession, mailbox_id: uuid.UUID, count: int) -> None:
    if count:
        await session.execute(
            update(Mailbox)
            .where(Mailbox.id == mailbox_id)
            .values(message_count=Mailbox.message_count + count, updated_at=Mailbox.updated_at)
        )


async def open_checkpoint(
    session: AsyncSession, *, mailbox_id: uuid.UUID, workspace_id: uuid.UUID, folder: str, uidvalidity: int
) -> tuple[int, bool]:
    """The folder's last synced UID under this UIDVALIDITY, and whether the UIDVALIDITY changed
    (the folder then starts over from 0)."""
    await session.execute(
        pg_insert(MailboxFolder)
        .values(mailbox_id=mailbox_id, workspace_id=workspace_id, name=folder, uidvalidity=uidvalidity, last_uid=0)
        .on_conflict_do_nothing(index_elements=["mailbox_id", "name"])
    )
    row = (
        await session.execute(
            select(MailboxFolder.uidvalidity, MailboxFolder.last_uid)
            .where(MailboxFolder.mailbox_id == mailbox_id, MailboxFolder.name == folder)
            .with_for_update()
        )
    ).one()
    if row.uidvalidity == uidvalidity:
        return int(row.last_uid), False
    await session.execute(
        update(MailboxFolder)
        .where(MailboxFolder.mailbox_id == mailbox_id, MailboxFolder.name == folder)
        .values(uidvalidity=uidvalidity, last_uid=0)
    )
    return 0, True


async def advance_checkpoint(
    session: AsyncSession, *, mailbox_id: uuid.UUID, folder: str, uidvalidity: int, last_uid: int
) -> None:
    await session.execute(
        update(MailboxFolder)
        .where(
            MailboxFolder.mailbox_id == mailbox_id,
            MailboxFolder.name == folder,
            MailboxFolder.uidvalidity == uidvalidity,
        )
        .values(last_uid=func.greatest(MailboxFolder.last_uid, last_uid), synced_at=func.now())
    )
