"""REST for email: the raw MIME webhook and attachment downloads."""

from __future__ import annotations

import uuid

import structlog
from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse

from rapport.auth.rest import acting_member, request_claims
from rapport.config import Settings
from rapport.db import Database
from rapport.email import service
from rapport.email.ingest import InboundWriter
from rapport.errors import BadUserInput, NotFound, Unauthenticated
from rapport.kit import filestore
from rapport.kit.text import unsafe_character
from rapport.observability import EMAILS_RECEIVED
from rapport.openapi import error_responses

log = structlog.get_logger("rapport.email")

INBOUND_WEBHOOK = "/api/v1/webhooks/inbound/email"
# The handler reads the raw body and the header itself; the OpenAPI document still says what it takes.
INBOUND_OPENAPI = {
    "parameters": [
        {"name": "X-Inbound-Token", "in": "header", "required": True, "schema": {"type": "string", "maxLength": 64}}
    ],
    "requestBody": {"required": True, "content": {"message/rfc822": {"schema": {"type": "string"}}}},
}


def email_router(settings: Settings) -> APIRouter:
    router = APIRouter()

    @router.post(
        INBOUND_WEBHOOK, status_code=202, openapi_extra=INBOUND_OPENAPI, responses=error_responses(400, 401, 413)
    )
    async def inbound_email(request: Request) -> JSONResponse:
        """One raw RFC 5322 message as the body; `X-Inbound-Token` names the workspace.

        The message is stored before the 202, so an accepted message is never lost; parsing and
        linking happen in the worker within moments.
        """
        token = request.headers.get("x-inbound-token", "").strip()
        if not token or len(token) > 64 or unsafe_character(token) is not None:
            raise Unauthenticated("Send the workspace's inbound token in the X-Inbound-Token header.")
        raw = await request.body()
        writer: InboundWriter = request.app.state.inbound_writer
        if not raw.strip():
            # Still tell a wrong token from an empty body: look the token up without storing anything.
            async with request.app.state.db.transaction() as session:
                if await service.workspace_for_token(session, token=token) is None:
                    raise Unauthenticated("Send the workspace's inbound token in the X-Inbound-Token header.")
            raise BadUserInput("The body must be one raw email message (RFC 5322), and it is empty.")
        inbound_id = await writer.store(token, raw)
        if inbound_id is None:
            raise Unauthenticated("Send the workspace's inbound token in the X-Inbound-Token header.")
        EMAILS_RECEIVED.labels("webhook").inc()
        return JSONResponse({"id": str(inbound_id), "status": "accepted"}, status_code=202)

    @router.get("/api/v1/attachments/{attachment_id}", responses=error_responses(400, 401, 403, 404))
    async def download_attachment(attachment_id: uuid.UUID, request: Request) -> Response:
        """An email attachment, for a member of its workspace (bearer token or the web app's cookie)."""
        claims = await request_claims(request, settings)
        assert claims.workspace_id is not None
        db: Database = request.app.state.db
        async with db.transaction(workspace_id=claims.workspace_id, user_id=claims.user_id) as session:
            await acting_member(session, claims)  # still a member, session signed in, key not revoked
            attachment = await service.get_attachment(
                session, workspace_id=claims.workspace_id, user_id=claims.user_id, attachment_id=attachment_id
            )
        if attachment.file_id is not None:  # a file of the email: the files endpoint serves it (or S3)
            return RedirectResponse(f"/api/v1/files/{attachment.file_id}", status_code=307)
        path = filestore.path_of(settings.files_path, attachment.workspace_id, attachment.sha256)
        if not path.exists():
            raise NotFound("The attachment's file is missing from the file store.")
        return FileResponse(
            path,
            media_type=attachment.content_type,
            filename=attachment.filename,
            content_disposition_type="attachment",
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"},
        )

    return router
