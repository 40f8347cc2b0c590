"""REST for webhook endpoints, mirroring the GraphQL mutations: list, create, delete."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from rapport.auth.rest import acting_member, request_claims
from rapport.config import Settings
from rapport.db import Database
from rapport.models import WebhookEndpoint
from rapport.openapi import error_responses
from rapport.webhook import service

WEBHOOKS = "/api/v1/webhooks"


class EndpointIn(BaseModel):
    url: str = Field(max_length=2000, description="Where to POST events: a server on the internet.")
    events: list[str] = Field(max_length=100, description="Event types (`contact.created`, …) or `*` for all.")
    description: str | None = Field(default=None, max_length=500)


class EndpointOut(BaseModel):
    id: uuid.UUID
    url: str
    events: list[str]
    enabled: bool
    description: str | None
    createdAt: str
    failingSince: str | None
    disabledReason: str | None


class CreatedOut(BaseModel):
    endpoint: EndpointOut
    secret: str = Field(description="The `whsec_…` signing secret, shown this once.")


def endpoint_json(endpoint: WebhookEndpoint) -> dict[str, object]:
    return {
        "id": str(endpoint.id),
        "url": endpoint.url,
        "events": list(endpoint.events),
        "enabled": endpoint.enabled,
        "description": endpoint.description,
        "createdAt": endpoint.created_at.isoformat(),
        "failingSince": endpoint.failing_since.isoformat() if endpoint.failing_since else None,
        "disabledReason": endpoint.disabled_reason,
    }


def webhook_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["webhooks"])

    @router.get(WEBHOOKS, response_model=list[EndpointOut], responses=error_responses(401, 403))
    async def list_endpoints(request: Request) -> JSONResponse:
        """The workspace's webhook endpoints (admins and owners)."""
        claims = await request_claims(request, settings)
        db: Database = request.app.state.db
        async with db.transaction(workspace_id=claims.workspace_id, user_id=claims.user_id) as session:
            actor = await acting_member(session, claims)
            rows = await service.list_endpoints(session, actor)
            return JSONResponse([endpoint_json(row) for row in rows])

    @router.post(WEBHOOKS, status_code=201, response_model=CreatedOut, responses=error_responses(400, 401, 403))
    async def create_endpoint(body: EndpointIn, request: Request) -> JSONResponse:
        """Adds an endpoint; the answer carries its signing secret, shown this once."""
        claims = await request_claims(request, settings)
        db: Database = request.app.state.db
        async with db.transaction(workspace_id=claims.workspace_id, user_id=claims.user_id) as session:
            actor = await acting_member(session, claims)
            created = await service.create(
                session, actor, settings=settings, url=body.url, events=body.events, description=body.description
            )
            answer = {"endpoint": endpoint_json(created.endpoint), "secret": created.secret}
        return JSONResponse(answer, status_code=201)

    @router.delete(WEBHOOKS + "/{endpoint_id}", status_code=204, responses=error_responses(400, 401, 403, 404))
    async def delete_endpoint(endpoint_id: uuid.UUID, request: Request) -> Response:
        """Deletes an endpoint and its delivery log."""
        claims = await request_claims(request, settings)
        db: Database = request.app.state.db
        async with db.transaction(workspace_id=claims.workspace_id, user_id=claims.user_id) as session:
            actor = await acting_member(session, claims)
            await service.delete(session, actor, endpoint_id=endpoint_id)
        return Response(status_code=204)

    return router
