"""REST for imports: upload a CSV, get its columns, a sample and a suggested mapping."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from rapport.auth.rest import acting_member, request_claims
from rapport.config import Settings
from rapport.customfield import service as customfield_service
from rapport.db import Database
from rapport.errors import BadUserInput
from rapport.file.rest import UPLOAD_OPENAPI, receive_upload, store_upload
from rapport.importer import csvfile
from rapport.importer.rows import CUSTOM
from rapport.models import ObjectType
from rapport.openapi import error_responses

IMPORTS = "/api/v1/imports"


def import_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["imports"])

    @router.post(IMPORTS, status_code=201, openapi_extra=UPLOAD_OPENAPI, responses=error_responses(400, 401, 403, 413))
    async def upload_csv(request: Request, objectType: str = "CONTACT") -> JSONResponse:
        """A CSV (multipart field `file`): its id (pass it to `startImport`), encoding, delimiter,
        columns, the first rows and a suggested mapping for `objectType`."""
        claims = await request_claims(request, settings)
        try:
            object_type = ObjectType(objectType)
        except ValueError:
            raise BadUserInput(
                "objectType is CONTACT, COMPANY or DEAL.", field_errors={("objectType",): "unknown"}
            ) from None
        form = await receive_upload(request, settings, max_bytes=settings.max_import_bytes)
        try:
            assert form.file is not None
            shape = await asyncio.to_thread(csvfile.inspect, form.file.path)
            file = await store_upload(request, settings, claims, form, purpose="import", content_type="text/csv")
        finally:
            form.discard()
        db: Database = request.app.state.db
        async with db.transaction(workspace_id=claims.workspace_id, user_id=claims.user_id) as session:
            actor = await acting_member(session, claims)
            definitions = await customfield_service.list_definitions(session, actor, object_type=object_type)
        labels = {definition.key: definition.label for definition in definitions}
        body = {
            "id": str(file.id),
            "fileId": str(file.id),
            "filename": file.filename,
            "encoding": shape.encoding,
            "delimiter": shape.delimiter,
            "columns": shape.columns,
            "sample": shape.sample,
            "suggestedMapping": csvfile.suggest_mapping(shape.columns, object_type, labels),
            "fields": [*csvfile.FIELDS[object_type], *(f"{CUSTOM}{key}" for key in labels)],
            "customFields": [
                {
                    "field": f"{CUSTOM}{d.key}",
                    "key": d.key,
                    "label": d.label,
                    "type": d.type.value,
                    "options": d.options,
                }
                for d in definitions
            ],
        }
        return JSONResponse(body, status_code=201)

    return router
