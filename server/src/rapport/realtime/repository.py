"""The outbox as subscribers read it: by workspace and sequence, for resuming."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.events.relay import PUBLISH_LOCK

_LOCK_SHARED = text("SELECT pg_advisory_xact_lock_shared(:key)")
_AFTER = text(
    "SELECT id, sequence, type, payload, actor_user_id, created_at FROM outbox_events"
    " WHERE workspace_id = :workspace_id AND sequence > :after ORDER BY sequence LIMIT :limit"
)


async def list_events_after(
    session: AsyncSession, workspace_id: uuid.UUID, after: int, *, limit: int
) -> Sequence[Row[Any]]:
    """The workspace's published events numbered above `after`, in order. The shared lock waits for a
    relay that has published events but not committed them, so none is missed by both this read and
    a live subscription opened before it."""
    await session.execute(_LOCK_SHARED, {"key": PUBLISH_LOCK})
    return (await session.execute(_AFTER, {"workspace_id": workspace_id, "after": after, "limit": limit})).all()


async def pruned_through(session: AsyncSession) -> int:
    """The highest sequence deleted by retention (0 when nothing was)."""
    return int(await session.scalar(text("SELECT pruned_through FROM outbox_retention")) or 0)


async def last_sequence(session: AsyncSession) -> int:
    """The highest sequence ever handed out (0 before the first)."""
    value = await session.scalar(text("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM outbox_sequence"))
    return int(value or 0)
