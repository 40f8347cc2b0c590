"""Outbound webhooks: endpoints a workspace's admins manage, and the deliveries of its events to them.

Delivery guarantee (documented in docs/design.md, "Outbound webhooks"): at least once, in order per
endpoint. The relay fans each published event out to the matching endpoints in the transaction that
marks it published; one job at a time (a lease on the endpoint row) sends an endpoint's deliveries
in the order of their events, and a delivery that fails holds the ones behind it until it succeeds
or dies (retries exhausted). A receiver dedupes by `webhook-id` (the delivery's id, the same on
every attempt). A manual retry sends an old delivery again, after whatever is waiting.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.config import Settings
from rapport.errors import BadUserInput, found
from rapport.events import outbox
from rapport.events.published import PublishedEvent
from rapport.kit import netguard
from rapport.kit.clock import utcnow
from rapport.kit.ids import new_id
from rapport.kit.pagination import Page, check_page_size, decode_newest_first, newest_first_page
from rapport.kit.sealing import reseal_column
from rapport.models import DeliveryState, Role, WebhookDelivery, WebhookEndpoint
from rapport.webhook import delivery as http
from rapport.webhook import repository, signing

RECORD_VERBS = ("created", "updated", "deleted", "restored", "merged")
# Every event type an endpoint may ask for; "*" asks for all of them (and those added later).
EVENT_TYPES = (
    *(f"{record}.{verb}" for record in ("contact", "company", "deal") for verb in RECORD_VERBS),
    "deal.stage_changed",
    "deal.reordered",
    "deal.contact_set",
    "deal.contact_removed",
    "email.received",
    "task.added",
    "task.assigned",
    "task.completed",
    "task.reopened",
    "note.added",
    "note.updated",
    "note.deleted",
    "file.attached",
    *(f"{entry}.{verb}" for entry in ("call", "meeting") for verb in ("added", "updated", "deleted")),
)
ALL_EVENTS = "*"
TEST_EVENT = "webhook.test"
MAX_ENDPOINTS = 50
LEASE_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class CreatedEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # whsec_…: shown once, when made or rotated


def event_body(event: PublishedEvent) -> dict[str, Any]:
    """The JSON a receiver gets: the Standard Webhooks envelope (`type`, `timestamp`, `data`), with
    `data` the event's payload exactly as real-time subscribers get it, and the event's identity."""
    return {
        "type": event.type,
        "timestamp": event.occurred_at.isoformat(),
        "data": dict(event.payload),
        "eventId": str(event.id),
        "sequence": event.sequence,
        "workspaceId": str(event.workspace_id),
        "actorUserId": str(event.actor_user_id) if event.actor_user_id else None,
    }


def _check_events(events: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(event.strip() for event in events))
    if not chosen:
        raise BadUserInput("Choose at least one event type (or `*`).", field_errors={("events",): "empty"})
    unknown = [event for event in chosen if event != ALL_EVENTS and event not in EVENT_TYPES]
    if unknown:
        raise BadUserInput(
            f"Unknown event type {unknown[0]!r}.",
            field_errors={("events", chosen.index(unknown[0])): f"not one of {', '.join(EVENT_TYPES)} or *"},
        )
    return chosen


async def _check_url(url: str, policy: netguard.Policy) -> str:
    url = url.strip()
    try:
        await http.check_url(url, policy=policy)
    except ValueError as error:
        raise BadUserInput(f"The URL is not usable: {error}.", field_errors={("url",): str(error)}) from None
    except netguard.DestinationRefused as refused:
        raise BadUserInput(
            f"Webhooks cannot be sent there: {refused.reason}.", field_errors={("url",): refused.reason}
        ) from None
    return url


def _check_description(description: str | None) -> str | None:
    if description is None or not description.strip():
        return None
    if len(description) > 500:
        raise BadUserInput("The description is over 500 characters.", field_errors={("description",): "too long"})
    return description.strip()


async def create(
    session: AsyncSession,
    actor: Actor,
    *,
    settings: Settings,
    url: str,
    events: Sequence[str],
    description: str | None = None,
) -> CreatedEndpoint:
    actor.require(Role.ADMIN)
    chosen = _check_events(events)
    description = _check_description(description)
    url = await _check_url(url, settings.outbound_policy)
    if len(await repository.list_endpoints(session, actor.workspace_id)) >= MAX_ENDPOINTS:
        raise BadUserInput(f"A workspace has at most {MAX_ENDPOINTS} webhook endpoints.")
    secret = signing.new_secret()
    endpoint = await repository.insert_endpoint(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "url": url,
            "events": chosen,
            "description": description,
            "secret": signing.WEBHOOK_SECRETS.encrypt(settings, secret),
            "created_by": actor.member_id,
        },
    )
    return CreatedEndpoint(endpoint, secret)


async def list_endpoints(session: AsyncSession, actor: Actor) -> Sequence[WebhookEndpoint]:
    actor.require(Role.ADMIN)
    return await repository.list_endpoints(session, actor.workspace_id)


async def get(session: AsyncSession, actor: Actor, *, endpoint_id: uuid.UUID) -> WebhookEndpoint:
    """An endpoint of the actor's workspace; another workspace's id is NOT_FOUND like a missing one."""
    actor.require(Role.ADMIN)
    return found(
        await repository.get_endpoint(session, actor.workspace_id, endpoint_id), "No webhook endpoint with this id."
    )


async def update(
    session: AsyncSession,
    actor: Actor,
    *,
    settings: Settings,
    endpoint_id: uuid.UUID,
    url: str | None = None,
    events: Sequence[str] | None = None,
    enabled: bool | None = None,
    description: str | None = None,
) -> WebhookEndpoint:
    """Changes what is given. Enabling a disabled endpoint forgets its failures: what waited for it
    is sent on (the caller wakes its delivery job)."""
    endpoint = await get(session, actor, endpoint_id=endpoint_id)
    values: dict[str, object] = {}
    if events is not None:
        values["events"] = _check_events(events)
    if url is not None:
        values["url"] = await _check_url(url, settings.outbound_policy)
    if description is not None:
        values["description"] = _check_description(description)
    if enabled is not None and enabled != endpoint.enabled:
        values["enabled"] = enabled
        if enabled:
            values.update(failing_since=None, disabled_reason=None)
        else:
            values["disabled_reason"] = "Disabled by an admin."
    if not values:
        return endpoint
    return await repository.update_endpoint(session, actor.workspace_id, endpoint.id, values)


async def rotate_secret(
    session: AsyncSession, actor: Actor, *, settings: Settings, endpoint_id: uuid.UUID
) -> CreatedEndpoint:
    """A new secret; the current one goes on signing beside it for the overlap period."""
    endpoint = await get(session, actor, endpoint_id=endpoint_id)
    secret = signing.new_secret()
    updated = await repository.update_endpoint(
        session,
        actor.workspace_id,
        endpoint.id,
        {
            "secret": signing.WEBHOOK_SECRETS.encrypt(settings, secret),
            "previous_secret": endpoint.secret,
            "previous_secret_expires_at": utcnow() + timedelta(seconds=settings.webhook_secret_overlap_seconds),
        },
    )
    return CreatedEndpoint(updated, secret)


async def delete(session: AsyncSession, actor: Actor, *, endpoint_id: uuid.UUID) -> bool:
    """Deletes the endpoint and its delivery log; nothing more is sent to it."""
    endpoint = await get(session, actor, endpoint_id=endpoint_id)
    await repository.delete_endpoint(session, actor.workspace_id, endpoint.id)
    return True


async def list_deliveries(
    session: AsyncSession,
    actor: Actor,
    *,
    endpoint_id: uuid.UUID,
    state: DeliveryState | None = None,
    first: int = 50,
    after: str | None = None,
) -> Page[WebhookDelivery]:
    """The endpoint's delivery log, newest first."""
    endpoint = await get(session, actor, endpoint_id=endpoint_id)
    check_page_size(first)
    rows = await repository.list_deliveries(
        session, actor.workspace_id, endpoint.id, state=state, limit=first + 1, before=decode_newest_first(after)
    )

    async def count() -> int:
        return await repository.count_deliveries(session, actor.workspace_id, endpoint.id, state)

    return newest_first_page(rows, first, key=lambda row: (row.created_at, row.id), count=count)


async def get_delivery(session: AsyncSession, actor: Actor, *, delivery_id: uuid.UUID) -> WebhookDelivery:
    actor.require(Role.ADMIN)
    return found(
        await repository.get_delivery(session, actor.workspace_id, delivery_id), "No webhook delivery with this id."
    )


async def retry_delivery(session: AsyncSession, actor: Actor, *, delivery_id: uuid.UUID) -> WebhookDelivery:
    """Sends a delivery again (same `webhook-id`), whatever became of it, with a fresh set of
    attempts; the caller wakes the endpoint's delivery job."""
    delivery = await get_delivery(session, actor, delivery_id=delivery_id)
    return await repository.update_delivery(
        session,
        delivery.id,
        {
            "state": DeliveryState.PENDING,
            "attempts": 0,
            "next_attempt_at": utcnow(),
            "position": repository.next_position(),
        },
    )


async def send_test(session: AsyncSession, actor: Actor, *, endpoint_id: uuid.UUID) -> WebhookDelivery:
    """A `webhook.test` delivery to the endpoint, whatever its event filter."""
    endpoint = await get(session, actor, endpoint_id=endpoint_id)
    now = utcnow()
    delivery_id = new_id()
    body = {
        "type": TEST_EVENT,
        "timestamp": now.isoformat(),
        "data": {"endpointId": str(endpoint.id), "message": "A test event from Rapport."},
        "eventId": None,
        "sequence": None,
        "workspaceId": str(actor.workspace_id),
        "actorUserId": str(actor.user_id),
    }
    return await repository.insert_delivery(
        session,
        {
            "id": delivery_id,
            "workspace_id": actor.workspace_id,
            "endpoint_id": endpoint.id,
            "event_type": TEST_EVENT,
            "body": body,
        },
    )


# ---------- the relay and the delivery jobs (system scope: every workspace) ----------


def wants(endpoint: WebhookEndpoint, event: PublishedEvent) -> bool:
    """Whether the endpoint asked for the event: its type, and it happened once the endpoint existed
    (the relay may publish an older event after the endpoint was added)."""
    if event.occurred_at < endpoint.created_at:
        return False
    return ALL_EVENTS in endpoint.events or event.type in endpoint.events


async def fan_out(session: AsyncSession, *, events: Sequence[PublishedEvent]) -> list[uuid.UUID]:
    """Writes a delivery for each event and each enabled endpoint of its workspace that wants it, in
    the events' order; the endpoints that got one (to wake their jobs once this commits)."""
    if not events:
        return []
    endpoints = await repository.enabled_endpoints(session, sorted({event.workspace_id for event in events}))
    if not endpoints:
        return []
    by_workspace: dict[uuid.UUID, list[WebhookEndpoint]] = {}
    for endpoint in endpoints:
        by_workspace.setdefault(endpoint.workspace_id, []).append(endpoint)
    rows: list[dict[str, object]] = []
    woken: dict[uuid.UUID, None] = {}
    for event in events:
        for endpoint in by_workspace.get(event.workspace_id, ()):
            if wants(endpoint, event):
                rows.append(
                    {
                        "id": str(new_id()),
                        "workspace_id": str(event.workspace_id),
                        "endpoint_id": str(endpoint.id),
                        "event_id": str(event.id),
                        "event_type": event.type,
                        "body": event_body(event),
                    }
                )
                woken[endpoint.id] = None
    await repository.insert_deliveries(session, rows)
    return list(woken)


async def claim(
    session: AsyncSession, *, endpoint_id: uuid.UUID, token: uuid.UUID, lease_seconds: float = LEASE_SECONDS
) -> WebhookEndpoint | None:
    return await repository.claim(session, endpoint_id, token, lease_seconds=lease_seconds)


async def lease_until(session: AsyncSession, *, endpoint_id: uuid.UUID) -> datetime | None:
    """When another job's lease on the endpoint runs out (None: not leased, disabled or gone)."""
    return await repository.lease_until(session, endpoint_id)


async def release(session: AsyncSession, *, endpoint_id: uuid.UUID, token: uuid.UUID) -> None:
    await repository.release(session, endpoint_id, token)


async def head_delivery(session: AsyncSession, *, endpoint_id: uuid.UUID) -> WebhookDelivery | None:
    return await repository.head_delivery(session, endpoint_id)


def signing_secrets(settings: Settings, endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    secrets = [signing.WEBHOOK_SECRETS.decrypt(settings, endpoint.secret)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret is not None and expires is not None and expires > now:
        secrets.append(signing.WEBHOOK_SECRETS.decrypt(settings, endpoint.previous_secret))
    return secrets


def request_of(
    settings: Settings, endpoint: WebhookEndpoint, delivery: WebhookDelivery, now: datetime
) -> tuple[dict[str, str], bytes]:
    """The headers and body of an attempt, signed with the endpoint's secrets in use at `now`."""
    body = json.dumps(delivery.body, separators=(",", ":"), ensure_ascii=False).encode()
    message_id = f"msg_{delivery.id}"
    headers = {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signing.signature_header(
            signing_secrets(settings, endpoint, now), message_id=message_id, timestamp=now, body=body
        ),
    }
    return headers, body


async def attempt(settings: Settings, endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> http.Attempt:
    headers, body = request_of(settings, endpoint, delivery, utcnow())
    return await http.post(
        endpoint.url,
        headers=headers,
        body=body,
        policy=settings.outbound_policy,
        connect_timeout=settings.webhook_connect_timeout_seconds,
        total_timeout=settings.webhook_timeout_seconds,
        response_bytes=settings.webhook_response_bytes,
    )


def retry_delay(settings: Settings, attempts: int) -> float | None:
    """Seconds to wait after the `attempts`-th failed attempt (with +-20 % jitter), or None: give up."""
    schedule = settings.webhook_retry_schedule_seconds
    if attempts > len(schedule):
        return None
    return schedule[attempts - 1] * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security


async def record_attempt(
    session: AsyncSession,
    *,
    settings: Settings,
    endpoint: WebhookEndpoint,
    delivery: WebhookDelivery,
    result: http.Attempt,
) -> WebhookDelivery:
    """Writes the attempt into the log, schedules the next one or gives up, tracks how long the
    endpoint has been failing and disables it (with an event telling its admins) past the limit."""
    now = utcnow()
    counted = await repository.count_attempt(
        session,
        delivery.id,
        {
            "last_status": result.status,
            "last_error": result.error,
            "last_response": result.response,
            "last_duration_ms": result.duration_ms,
            "last_attempt_at": now,
        },
    )
    if counted.state not in repository.WAITING:
        # Another job's attempt settled it meanwhile (it took over when this one's lease ran out): this
        # late answer is in the log, but neither undoes that nor schedules more.
        return counted
    attempts = counted.attempts
    values: dict[str, object] = {}
    if result.succeeded:
        values["state"] = DeliveryState.SUCCEEDED
        if endpoint.failing_since is not None:
            await repository.set_failing(session, endpoint.id, None)
        return await repository.update_delivery(session, delivery.id, values)
    delay = retry_delay(settings, attempts)
    if delay is None:
        values["state"] = DeliveryState.DEAD
    else:
        values.update(state=DeliveryState.FAILED, next_attempt_at=now + timedelta(seconds=delay))
    failing_since = endpoint.failing_since or now
    if endpoint.failing_since is None:
        await repository.set_failing(session, endpoint.id, now)
    if (now - failing_since).total_seconds() >= settings.webhook_disable_after_seconds:
        reason = f"Disabled after failing since {failing_since.isoformat()} (last: {result.error})."
        await repository.disable(session, endpoint.id, reason)
        await outbox.record(
            session,
            workspace_id=endpoint.workspace_id,
            type="webhook.endpoint_disabled",
            payload={"id": str(endpoint.id), "url": endpoint.url, "reason": reason},
            actor_user_id=None,
        )
    return await repository.update_delivery(session, delivery.id, values)


async def due_endpoints(
    session: AsyncSession, *, limit: int = 500, include_leased: bool = False
) -> Sequence[uuid.UUID]:
    return await repository.due_endpoints(session, limit=limit, include_leased=include_leased)


async def prune_log(session: AsyncSession, *, settings: Settings) -> int:
    return await repository.prune(
        session, keep_per_endpoint=settings.webhook_log_per_endpoint, older_than_days=settings.webhook_log_days
    )


async def reseal_secrets(session: AsyncSession, settings: Settings) -> tuple[int, int]:
    """Every endpoint's signing secrets sealed under the current key (`rapport reseal`): (sealed again,
    unreadable). Across workspaces: an owner's or the system's session."""
    current = await reseal_column(
        session, settings, signing.WEBHOOK_SECRETS, table="webhook_endpoints", column="secret"
    )
    previous = await reseal_column(
        session, settings, signing.WEBHOOK_SECRETS, table="webhook_endpoints", column="previous_secret"
    )
    return current[0] + previous[0], current[1] + previous[1]
