"""REST for imports: upload a CSV, get its columns, a sample and a suggested mapping."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from rapport.auth.rest import request_claims
from rapport.config import Settings
from rapport.errors import BadUserInput
from rapport.file.rest import UPLOAD_OPENAPI, receive_upload, store_upload
from rapport.importer import csvfile
from rapport.models import ObjectType

IMPORTS = "/api/v1/imports"


def import_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["imports"])

    @router.post(IMPORTS, status_code=201, openapi_extra=UPLOAD_OPENAPI)
    async def upload_csv(request: Request, objectType: str = "CONTACT") -> JSONResponse:
        """A CSV (multipart field `file`): its id (pass it to `startImport`), encoding, delimiter,
        columns, the first rows and a suggested mapping for `objectType`."""
        claims = await request_claims(request, settings)
        try:
            object_type = ObjectType(objectType)
        except ValueError:
            raise BadUserInput("objectType is CONTACT or COMPANY.", field_errors={("objectType",): "unknown"}) from None
        form = await receive_upload(request, settings, max_bytes=settings.max_import_bytes)
        try:
            assert form.file is not None
            shape = await asyncio.to_thread(csvfile.inspect, form.file.path)
            file = await store_upload(request, settings, claims, form, purpose="import", content_type="text/csv")
        finally:
            form.discard()
        body = {
            "id": str(file.id),
            "fileId": str(file.id),
            "filename": file.filename,
            "encoding": shape.encoding,
            "delimiter": shape.delimiter,
            "columns": shape.columns,
            "sample": shape.sample,
            "suggestedMapping": csvfile.suggest_mapping(shape.columns, object_type),
            "fields": list(csvfile.FIELDS[object_type]),
        }
        return JSONResponse(body, status_code=201)

    return router
