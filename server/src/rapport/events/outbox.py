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


def row(
    *, workspace_id: uuid.UUID, type: str, payload: Mapping[str, JsonValue], actor_user_id: uuid.UUID | None
) -> dict[str, object]:
    """An outbox row's column values (a new id, the trace of the transaction that writes it)."""
    return {
        "id": new_id(),
        "workspace_id": workspace_id,
        "type": type,
        "payload": dict(payload),
        "actor_user_id": actor_user_id,
        "trace_parent": current_traceparent(),
    }


async def record(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    type: str,
    payload: Mapping[str, JsonValue],
    actor_user_id: uuid.UUID | None,
) -> uuid.UUID:
    values = row(workspace_id=workspace_id, type=type, payload=payload, actor_user_id=actor_user_id)
    await session.execute(insert(OutboxEvent).values(values))
    return values["id"]  # type: ignore[return-value]
