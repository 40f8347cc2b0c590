"""All SQL of notifications, and the notifier's reads of the outbox and its cursor."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.events.relay import PUBLISH_LOCK
from rapport.models import Notification


def list_query(workspace_id: uuid.UUID, member_id: uuid.UUID, *, unread_only: bool) -> Select[Any]:
    query = select(Notification).where(
        Notification.workspace_id == workspace_id, Notification.recipient_member_id == member_id
    )
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query


async def count_unread(session: AsyncSession, workspace_id: uuid.UUID, member_id: uuid.UUID) -> int:
    query = select(func.count()).where(
        Notification.workspace_id == workspace_id,
        Notification.recipient_member_id == member_id,
        Notification.read_at.is_(None),
    )
    return int(await session.scalar(query) or 0)


async def mark_read(
    session: AsyncSession, workspace_id: uuid.UUID, member_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[Notification]:
    """Marks the member's own unread notifications among `ids`; returns all of theirs among `ids`."""
    await session.execute(
        update(Notification)
        .where(
            Notification.workspace_id == workspace_id,
            Notification.recipient_member_id == member_id,
            Notification.id.in_(ids),
            Notification.read_at.is_(None),
        )
        .values(read_at=func.now())
    )
    query = (
        select(Notification)
        .where(
            Notification.workspace_id == workspace_id,
            Notification.recipient_member_id == member_id,
            Notification.id.in_(ids),
        )
        .order_by(Notification.id.desc())
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(query)).all()


async def insert_new(session: AsyncSession, rows: Sequence[dict[str, object]]) -> Sequence[Notification]:
    """Inserts the rows whose (recipient, dedupe key) is not there yet; returns those inserted."""
    if not rows:
        return []
    statement = (
        insert(Notification)
        .values(list(rows))
        .on_conflict_do_nothing(constraint="uq_notifications_recipient_member_id_dedupe_key")
        .returning(Notification)
    )
    return (await session.scalars(statement)).all()


async def delete_older_than(session: AsyncSession, before: datetime) -> int:
    result = await session.execute(delete(Notification).where(Notification.created_at < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# ---- the notifier's cursor and its read of the outbox ----

_LOCK_SHARED = text("SELECT pg_advisory_xact_lock_shared(:key)")
_EVENTS = text(
    "SELECT id, sequence, workspace_id, type, payload, actor_user_id, created_at FROM outbox_events"
    " WHERE sequence > :after AND type = ANY(CAST(:types AS text[])) ORDER BY sequence LIMIT :limit"
)
_LAST = text("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM outbox_sequence")


async def events_after(
    session: AsyncSession, after: int, *, types: Sequence[str], limit: int
) -> tuple[Sequence[Row[Any]], int]:
    """Published events of `types` numbered above `after` (every workspace), and how far that read
    reached. The shared publish lock waits for a relay that published but has not committed, so
    nothing numbered below what is returned is still to come."""
    await session.execute(_LOCK_SHARED, {"key": PUBLISH_LOCK})
    rows = (await session.execute(_EVENTS, {"after": after, "types": list(types), "limit": limit})).all()
    if len(rows) == limit:
        return rows, int(rows[-1].sequence)
    return rows, max(after, int(await session.scalar(_LAST) or 0))


async def get_cursor(session: AsyncSession, *, for_update: bool = False) -> Row[Any]:
    lock = " FOR UPDATE" if for_update else ""
    return (
        await session.execute(text(f"SELECT through_sequence, tasks_due_through FROM notification_cursor{lock}"))
    ).one()


async def advance_sequence(session: AsyncSession, through: int) -> None:
    await session.execute(
        text("UPDATE notification_cursor SET through_sequence = GREATEST(through_sequence, :through)"),
        {"through": through},
    )


async def advance_tasks_due(session: AsyncSession, through: datetime) -> None:
    await session.execute(
        text("UPDATE notification_cursor SET tasks_due_through = GREATEST(tasks_due_through, :through)"),
        {"through": through},
    )
