from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor, connection_of
from rapport.graphql.permissions import CanManage
from rapport.graphql.types import Connection, RowType, connection_type, of_row
from rapport.models import DeliveryState as DeliveryStateEnum
from rapport.models import WebhookDelivery as DeliveryRow
from rapport.models import WebhookEndpoint as EndpointRow
from rapport.webhook import service
from rapport.webhook.wake import wake_endpoint

DeliveryState = strawberry.enum(
    DeliveryStateEnum,
    name="DeliveryState",
    description="PENDING: not attempted yet; SUCCEEDED: answered 2xx; FAILED: the last attempt failed and "
    "another is scheduled; DEAD: every attempt failed.",
)


@strawberry.type(description="Where the workspace's events are POSTed, signed by the Standard Webhooks scheme.")
class WebhookEndpoint(RowType[EndpointRow]):
    id = of_row(uuid.UUID, "The endpoint's id.")
    url = of_row(str, "The URL events are POSTed to.")
    events = of_row(list[str], "The event types it receives (`*`: all).")
    enabled = of_row(bool, "False once disabled (by an admin, or after failing for days).")
    description = of_row(str | None, "What it is for.")
    created_at = of_row(datetime, "When it was made.")
    failing_since = of_row(datetime | None, "Since when its deliveries fail without a success (null: healthy).")
    disabled_reason = of_row(str | None, "Why it was disabled, when it is.")
    previous_secret_expires_at = of_row(
        datetime | None, "After a rotation: until when the previous secret still signs beside the new one."
    )


@strawberry.type(description="A new endpoint, or a rotated one, with its signing secret: shown this once.")
class CreatedWebhookEndpoint:
    endpoint: WebhookEndpoint = strawberry.field(description="The endpoint.")
    secret: str = strawberry.field(description="The `whsec_…` signing secret; it is not shown again.")

    @staticmethod
    def of(created: service.CreatedEndpoint) -> CreatedWebhookEndpoint:
        return CreatedWebhookEndpoint(endpoint=WebhookEndpoint(row=created.endpoint), secret=created.secret)


@strawberry.type(description="One event for one endpoint, with what its last attempt got (the delivery log).")
class WebhookDelivery(RowType[DeliveryRow]):
    id = of_row(uuid.UUID, "The delivery's id; `webhook-id` is `msg_` and this id, the same on every attempt.")
    event_type = of_row(str, "The event type (`contact.created`, `webhook.test`, …).")
    state = of_row(DeliveryState, "Where the delivery is.")
    attempts = of_row(int, "Attempts made so far.")
    last_status = of_row(int | None, "The HTTP status of the last answer (null: none came).")
    last_error = of_row(str | None, "Why the last attempt failed.")
    last_response = of_row(str | None, "The start of the last answer's body (a few KB at most).")
    last_duration_ms = of_row(int | None, "How long the last attempt took, in milliseconds.")
    last_attempt_at = of_row(datetime | None, "When the last attempt was made.")
    next_attempt_at = of_row(datetime | None, "When the next attempt is due (for PENDING and FAILED).")
    created_at = of_row(datetime, "When the event was queued for the endpoint.")

    @strawberry.field(description="The JSON body sent (signed as is).")
    def body(self) -> JSON:
        return cast(JSON, self.row.body)


@connection_type(
    noun="delivery",
    plural="deliveries",
    description="A page of an endpoint's delivery log, newest first.",
)
class WebhookDeliveryConnection(Connection[WebhookDelivery]):
    pass


@strawberry.type
class WebhookQuery:
    @strawberry.field(description="The workspace's webhook endpoints (admins).", permission_classes=[CanManage])
    async def webhook_endpoints(self, info: Info) -> list[WebhookEndpoint]:
        return WebhookEndpoint.of_all(await as_actor(info, service.list_endpoints))

    @strawberry.field(description="An endpoint's delivery log, newest first (admins).", permission_classes=[CanManage])
    async def webhook_deliveries(
        self,
        info: Info,
        endpoint_id: uuid.UUID,
        state: DeliveryState | None = None,  # type: ignore[valid-type]
        first: int = 50,
        after: str | None = None,
    ) -> WebhookDeliveryConnection:
        return await connection_of(
            info,
            WebhookDeliveryConnection,
            lambda row: WebhookDelivery(row=row),
            service.list_deliveries,
            first=first,
            after=after,
            endpoint_id=endpoint_id,
            state=DeliveryStateEnum(state) if state is not None else None,
        )


async def _sent(info: Info, row: DeliveryRow) -> WebhookDelivery:
    """A delivery queued to go (again): its endpoint's delivery job is woken."""
    await wake_endpoint(info, row.endpoint_id)
    return WebhookDelivery(row=row)


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(
        description="Adds an endpoint for the event types given (`*`: all). Its URL must reach a server on "
        "the internet. The answer carries the signing secret, shown this once.",
        permission_classes=[CanManage],
    )
    async def create_webhook_endpoint(
        self, info: Info, url: str, events: list[str], description: str | None = None
    ) -> CreatedWebhookEndpoint:
        created = await as_actor(
            info, service.create, settings=info.context.settings, url=url, events=events, description=description
        )
        return CreatedWebhookEndpoint.of(created)

    @strawberry.mutation(
        description="Changes an endpoint's URL, events, description or whether it is enabled (enabling one "
        "sends on what waited for it).",
        permission_classes=[CanManage],
    )
    async def update_webhook_endpoint(
        self,
        info: Info,
        id: uuid.UUID,
        url: str | None = None,
        events: list[str] | None = None,
        enabled: bool | None = None,
        description: str | None = None,
    ) -> WebhookEndpoint:
        row = await as_actor(
            info,
            service.update,
            settings=info.context.settings,
            endpoint_id=id,
            url=url,
            events=events,
            enabled=enabled,
            description=description,
        )
        if row.enabled:
            await wake_endpoint(info, row.id)
        return WebhookEndpoint(row=row)

    @strawberry.mutation(
        description="A new signing secret (shown this once); the previous one signs beside it for a day.",
        permission_classes=[CanManage],
    )
    async def rotate_webhook_secret(self, info: Info, id: uuid.UUID) -> CreatedWebhookEndpoint:
        created = await as_actor(info, service.rotate_secret, settings=info.context.settings, endpoint_id=id)
        return CreatedWebhookEndpoint.of(created)

    @strawberry.mutation(description="Deletes an endpoint and its delivery log.", permission_classes=[CanManage])
    async def delete_webhook_endpoint(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete, endpoint_id=id)

    @strawberry.mutation(
        description="Sends a delivery again (same `webhook-id`), with a fresh set of attempts.",
        permission_classes=[CanManage],
    )
    async def retry_webhook_delivery(self, info: Info, id: uuid.UUID) -> WebhookDelivery:
        return await _sent(info, await as_actor(info, service.retry_delivery, delivery_id=id))

    @strawberry.mutation(
        description="Sends a `webhook.test` event to the endpoint, whatever its event types.",
        permission_classes=[CanManage],
    )
    async def send_test_webhook(self, info: Info, endpoint_id: uuid.UUID) -> WebhookDelivery:
        return await _sent(info, await as_actor(info, service.send_test, endpoint_id=endpoint_id))
