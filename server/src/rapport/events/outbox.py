"""Writes domain events into the outbox, inside the transaction of the change they describe."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit.ids import new_id
from rapport.models import OutboxEvent
from rapport.tracing import current_traceparent

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


async def record(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    type: str,
    payload: Mapping[str, JsonValue],
    actor_user_id: uuid.UUID | None,
) -> uuid.UUID:
    event_id = new_id()
    await session.execute(
        insert(OutboxEvent).values(
            id=event_id,
            workspace_id=workspace_id,
            type=type,
            payload=dict(payload),
            actor_user_id=actor_user_id,
            trace_parent=current_traceparent(),
        )
    )
    return event_id
