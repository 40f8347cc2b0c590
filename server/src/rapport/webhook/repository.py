from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit.rows import in_workspace, insert_row
from rapport.models import DeliveryState, WebhookDelivery, WebhookEndpoint

WAITING = (DeliveryState.PENDING, DeliveryState.FAILED)


async def insert_endpoint(session: AsyncSession, values: dict[str, object]) -> WebhookEndpoint:
    return await insert_row(session, WebhookEndpoint, values)


async def list_endpoints(session: AsyncSession, workspace_id: uuid.UUID) -> Sequence[WebhookEndpoint]:
    query = (
        select(WebhookEndpoint)
        .where(WebhookEndpoint.workspace_id == workspace_id)
        .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
    )
    return (await session.execute(query)).scalars().all()


async def get_endpoint(
    session: AsyncSession, workspace_id: uuid.UUID, endpoint_id: uuid.UUID
) -> WebhookEndpoint | None:
    return await in_workspace(session, WebhookEndpoint, workspace_id, endpoint_id)


async def update_endpoint(
    session: AsyncSession, workspace_id: uuid.UUID, endpoint_id: uuid.UUID, values: dict[str, object]
) -> WebhookEndpoint:
    query = (
        update(WebhookEndpoint)
        .where(WebhookEndpoint.workspace_id == workspace_id, WebhookEndpoint.id == endpoint_id)
        .values(**values, updated_at=func.now())
        .returning(WebhookEndpoint)
    )
    return (await session.execute(query)).scalar_one()


async def delete_endpoint(session: AsyncSession, workspace_id: uuid.UUID, endpoint_id: uuid.UUID) -> None:
    await session.execute(
        delete(WebhookEndpoint).where(WebhookEndpoint.workspace_id == workspace_id, WebhookEndpoint.id == endpoint_id)
    )


async def enabled_endpoints(session: AsyncSession, workspace_ids: Sequence[uuid.UUID]) -> Sequence[WebhookEndpoint]:
    """The enabled endpoints of these workspaces (the relay's system scope: every workspace)."""
    query = (
        select(WebhookEndpoint)
        .where(WebhookEndpoint.enabled.is_(True), WebhookEndpoint.workspace_id.in_(workspace_ids))
        .order_by(WebhookEndpoint.id)
    )
    return (await session.execute(query)).scalars().all()


async def insert_deliveries(session: AsyncSession, rows: Sequence[dict[str, object]]) -> None:
    """In the order given (their positions follow it); an event already fanned out is skipped."""
    if rows:
        await session.execute(
            text(
                "INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_id, event_type, body)"
                " SELECT (e->>'id')::uuid, (e->>'workspace_id')::uuid, (e->>'endpoint_id')::uuid,"
                " (e->>'event_id')::uuid, e->>'event_type', e->'body'"
                " FROM jsonb_array_elements(CAST(:rows AS jsonb)) WITH ORDINALITY AS r(e, n)"
                " ORDER BY n"
                " ON CONFLICT (endpoint_id, event_id) DO NOTHING"
            ),
            {"rows": _json(rows)},
        )


def _json(rows: Sequence[dict[str, object]]) -> str:
    import json

    return json.dumps(list(rows), default=str, separators=(",", ":"))


async def insert_delivery(session: AsyncSession, values: dict[str, object]) -> WebhookDelivery:
    return await insert_row(session, WebhookDelivery, values)


async def claim(
    session: AsyncSession, endpoint_id: uuid.UUID, token: uuid.UUID, *, lease_seconds: float
) -> WebhookEndpoint | None:
    """The endpoint, leased to `token` (renewed when it already holds it), or None when it is
    disabled, gone, or another job holds a live lease."""
    query = (
        update(WebhookEndpoint)
        .where(
            WebhookEndpoint.id == endpoint_id,
            WebhookEndpoint.enabled.is_(True),
            or_(
                WebhookEndpoint.lease_until.is_(None),
                WebhookEndpoint.lease_until < func.now(),
                WebhookEndpoint.lease_token == token,
            ),
        )
        .values(lease_token=token, lease_until=func.now() + func.make_interval(0, 0, 0, 0, 0, 0, lease_seconds))
        .returning(WebhookEndpoint)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def lease_until(session: AsyncSession, endpoint_id: uuid.UUID) -> datetime | None:
    query = select(WebhookEndpoint.lease_until).where(
        WebhookEndpoint.id == endpoint_id, WebhookEndpoint.enabled.is_(True), WebhookEndpoint.lease_until > func.now()
    )
    return (await session.execute(query)).scalar_one_or_none()


async def release(session: AsyncSession, endpoint_id: uuid.UUID, token: uuid.UUID) -> None:
    await session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.lease_token == token)
        .values(lease_token=None, lease_until=None)
    )


async def head_delivery(session: AsyncSession, endpoint_id: uuid.UUID) -> WebhookDelivery | None:
    """The first delivery of the endpoint still to send: the others wait behind it."""
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.state.in_(WAITING))
        .order_by(WebhookDelivery.position)
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def update_delivery(session: AsyncSession, delivery_id: uuid.UUID, values: dict[str, object]) -> WebhookDelivery:
    query = update(WebhookDelivery).where(WebhookDelivery.id == delivery_id).values(**values).returning(WebhookDelivery)
    return (await session.execute(query)).scalar_one()


async def count_attempt(session: AsyncSession, delivery_id: uuid.UUID, outcome: dict[str, object]) -> WebhookDelivery:
    """One more attempt on the delivery, with its outcome (the `last_*` columns), counted in the row
    itself: two jobs that both attempted it (a lease that ran out mid-attempt) both count. The row stays
    locked until the transaction ends, so what the caller decides from it holds."""
    query = (
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id)
        .values(attempts=WebhookDelivery.attempts + 1, **outcome)
        .returning(WebhookDelivery)
    )
    return (await session.execute(query)).scalar_one()


async def set_failing(session: AsyncSession, endpoint_id: uuid.UUID, failing_since: datetime | None) -> None:
    await session.execute(
        update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id).values(failing_since=failing_since)
    )


async def disable(session: AsyncSession, endpoint_id: uuid.UUID, reason: str) -> None:
    await session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id)
        .values(enabled=False, disabled_reason=reason, updated_at=func.now())
    )


async def get_delivery(
    session: AsyncSession, workspace_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDelivery | None:
    return await in_workspace(session, WebhookDelivery, workspace_id, delivery_id)


async def list_deliveries(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    endpoint_id: uuid.UUID,
    *,
    state: DeliveryState | None,
    limit: int,
    before: tuple[datetime, uuid.UUID] | None,
) -> Sequence[WebhookDelivery]:
    """Newest first, keyset-paged on (created_at, id)."""
    query = select(WebhookDelivery).where(
        WebhookDelivery.workspace_id == workspace_id, WebhookDelivery.endpoint_id == endpoint_id
    )
    if state is not None:
        query = query.where(WebhookDelivery.state == state)
    if before is not None:
        query = query.where(
            (WebhookDelivery.created_at < before[0])
            | ((WebhookDelivery.created_at == before[0]) & (WebhookDelivery.id < before[1]))
        )
    query = query.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc()).limit(limit)
    return (await session.execute(query)).scalars().all()


async def count_deliveries(
    session: AsyncSession, workspace_id: uuid.UUID, endpoint_id: uuid.UUID, state: DeliveryState | None
) -> int:
    query = select(func.count()).where(
        WebhookDelivery.workspace_id == workspace_id, WebhookDelivery.endpoint_id == endpoint_id
    )
    if state is not None:
        query = query.where(WebhookDelivery.state == state)
    return int((await session.execute(query)).scalar_one())


async def due_endpoints(session: AsyncSession, *, limit: int, include_leased: bool = False) -> Sequence[uuid.UUID]:
    """Enabled endpoints, not leased (unless `include_leased`), with a delivery due now (system scope)."""
    query = text(
        "SELECT e.id FROM webhook_endpoints e WHERE e.enabled"
        " AND (:include_leased OR e.lease_until IS NULL OR e.lease_until < now())"
        " AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id"
        " AND d.state IN ('PENDING', 'FAILED') AND d.next_attempt_at <= now())"
        " ORDER BY e.id LIMIT :limit"
    )
    return [row[0] for row in (await session.execute(query, {"limit": limit, "include_leased": include_leased})).all()]


async def prune(session: AsyncSession, *, keep_per_endpoint: int, older_than_days: int) -> int:
    """Deletes finished deliveries past the log's bounds (system scope)."""
    result = await session.execute(
        text(
            "DELETE FROM webhook_deliveries WHERE id IN ("
            " SELECT id FROM (SELECT id, state, created_at, row_number() OVER"
            " (PARTITION BY endpoint_id ORDER BY created_at DESC, id DESC) AS n FROM webhook_deliveries) ranked"
            " WHERE state IN ('SUCCEEDED', 'DEAD')"
            " AND (n > :keep OR created_at < now() - make_interval(days => :days)))"
        ),
        {"keep": keep_per_endpoint, "days": older_than_days},
    )
    return int(getattr(result, "rowcount", 0) or 0)


def next_position() -> object:
    """A fresh position: the delivery goes behind everything already queued for its endpoint."""
    return func.nextval("webhook_delivery_position")
