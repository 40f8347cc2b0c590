"""REST for files: the streamed upload and the download."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from rapport.auth.rest import acting_member, request_claims
from rapport.auth.tokens import AccessClaims
from rapport.config import Settings
from rapport.db import Database
from rapport.errors import BadUserInput, NotFound
from rapport.file import service
from rapport.file.storage import store_of
from rapport.kit.filestore import content_disposition
from rapport.kit.multipart import ReceivedForm, receive_form
from rapport.models import File
from rapport.openapi import error_responses

UPLOAD = "/api/v1/files/upload"
# Room for the multipart framing around the file itself.
MULTIPART_OVERHEAD = 64 * 1024
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, max-age=300",
}
UPLOAD_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "targetId": {"type": "string", "format": "uuid", "description": "A contact, company or deal"},
                    },
                }
            }
        },
    }
}


def file_json(file: File) -> dict[str, object]:
    return {
        "id": str(file.id),
        "filename": file.filename,
        "contentType": file.content_type,
        "size": file.size,
        "sha256": file.sha256.hex(),
        "targetId": str(file.target_id) if file.target_id else None,
        "createdAt": file.created_at.isoformat(),
        "downloadUrl": download_path(file.id),
    }


def download_path(file_id: uuid.UUID) -> str:
    return f"/api/v1/files/{file_id}"


def optional_uuid(form: ReceivedForm, name: str) -> uuid.UUID | None:
    value = form.fields.get(name, "").strip()
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadUserInput(f"`{name}` is not a UUID.", field_errors={(name,): "not a UUID"}) from None


async def receive_upload(request: Request, settings: Settings, *, max_bytes: int) -> ReceivedForm:
    form = await receive_form(
        request.headers.get("content-type", ""),
        request.stream(),
        file_field="file",
        max_file_bytes=max_bytes,
        spool_dir=settings.data_dir / "tmp" / "uploads",
    )
    if form.file is None:
        form.discard()
        raise BadUserInput("Send the file in the `file` field.", field_errors={("file",): "required"})
    return form


async def store_upload(
    request: Request,
    settings: Settings,
    claims: AccessClaims,
    form: ReceivedForm,
    *,
    purpose: str,
    target_id: uuid.UUID | None = None,
    content_type: str | None = None,
) -> File:
    """Keeps the received `file` of `form` (see file.service.store) in its own transaction, as the
    acting member of `claims`; the caller discards the form."""
    assert form.file is not None
    db: Database = request.app.state.db
    async with db.transaction(workspace_id=claims.workspace_id, user_id=claims.user_id) as session:
        actor = await acting_member(session, claims)
        return await service.store(
            session,
            actor,
            store=store_of(settings),
            incoming=service.Incoming(
                path=form.file.path,
                filename=form.file.filename,
                size=form.file.size,
                sha256=form.file.sha256,
                head=form.file.head,
            ),
            purpose=purpose,
            quota_bytes=settings.workspace_quota_bytes,
            target_id=target_id,
            content_type=content_type,
        )


def file_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["files"])

    @router.post(
        UPLOAD, status_code=201, openapi_extra=UPLOAD_OPENAPI, responses=error_responses(400, 401, 403, 404, 413)
    )
    async def upload(request: Request) -> JSONResponse:
        """One file (multipart field `file`), optionally attached to a record (`targetId`). Its type
        is read from its bytes; executables are refused; the size limit and workspace quota apply."""
        claims = await request_claims(request, settings)  # before a byte of the body is read
        form = await receive_upload(request, settings, max_bytes=settings.max_file_bytes)
        try:
            target_id = optional_uuid(form, "targetId")
            file = await store_upload(request, settings, claims, form, purpose="upload", target_id=target_id)
        finally:
            form.discard()
        return JSONResponse(file_json(file), status_code=201)

    @router.get("/api/v1/files/{file_id}", response_model=None, responses=error_responses(400, 401, 403, 404))
    async def download(
        file_id: uuid.UUID, request: Request, disposition: Literal["attachment", "inline"] = "attachment"
    ) -> Response:
        """The file's bytes, as an attachment (raster images may ask for `disposition=inline`; SVG
        and HTML never show inline). From S3, a redirect to a short-lived presigned URL."""
        claims = await request_claims(request, settings)
        db: Database = request.app.state.db
        async with db.transaction(workspace_id=claims.workspace_id, user_id=claims.user_id) as session:
            actor = await acting_member(session, claims)
            file = await service.get(session, actor, file_id=file_id)
        inline = disposition == "inline" and service.is_inline_safe(file)
        store = store_of(settings)
        url = store.presigned_url(
            file.storage_key, filename=file.filename, content_type=file.content_type, inline=inline
        )
        if url is not None:
            return RedirectResponse(url, status_code=307, headers={"Cache-Control": "no-store"})
        path = store.local_path(file.storage_key)
        if path is None or not path.is_file():
            raise NotFound("The file's bytes are missing from the store.")
        return FileResponse(
            path,
            media_type=file.content_type,
            headers={**DOWNLOAD_HEADERS, "Content-Disposition": content_disposition(file.filename, inline=inline)},
        )

    return router
