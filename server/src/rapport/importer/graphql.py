from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from rapport.customfield.graphql import ObjectType
from rapport.file import service as file_service
from rapport.file.graphql import File
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanRead, CanWrite
from rapport.graphql.types import RowType, of_row
from rapport.importer import service
from rapport.models import DataJobState
from rapport.models import ExportJob as ExportRow
from rapport.models import ImportJob as ImportRow
from rapport.models import ObjectType as ObjectTypeEnum
from rapport.worker.queue import shared_queue

ImportState = strawberry.enum(DataJobState, name="ImportState", description="Where an import or export is.")
# The api enqueues right after its transaction; the job waits this long and retries if the row is
# not committed yet (it reloads by id, so running twice is harmless).
ENQUEUE_DELAY_MS = 300


async def _file(info: Info, file_id: uuid.UUID | None) -> File | None:
    if file_id is None:
        return None
    return File(row=await as_actor(info, file_service.get, file_id=file_id))


@strawberry.type(description="A CSV import: its progress, counts and the errors file.")
class ImportJob(RowType[ImportRow]):
    id = of_row(uuid.UUID, "The import's id.")
    object_type = of_row(ObjectType, "What it imports.")
    state = of_row(ImportState, "QUEUED, RUNNING, SUCCEEDED, FAILED or UNDONE.")
    total_rows = of_row(int | None, "Data rows in the file (known once it runs).")
    processed_rows = of_row(int, "Rows read so far.")
    created_count = of_row(int, "Records created.")
    updated_count = of_row(int, "Records updated (upserts).")
    error_count = of_row(int, "Rows refused; each is in the errors file with why.")
    error = of_row(str | None, "Why the import failed as a whole, if it did.")

    @strawberry.field(description="The refused rows as CSV, a `row` and an `error` column first.")
    async def errors_file(self, info: Info) -> File | None:
        return await _file(info, self.row.errors_file_id)

    created_at = of_row(datetime, "When it was started.")


@strawberry.type(description="A CSV export of a list with its filter.")
class ExportJob(RowType[ExportRow]):
    id = of_row(uuid.UUID, "The export's id.")
    object_type = of_row(ObjectType, "What it exports.")
    state = of_row(ImportState, "QUEUED, RUNNING, SUCCEEDED or FAILED.")
    row_count = of_row(int | None, "Rows written, once it has finished.")

    @strawberry.field(description="The CSV, once it has finished (download it from its downloadUrl).")
    async def file(self, info: Info) -> File | None:
        return await _file(info, self.row.file_id)


@strawberry.type
class ImportQuery:
    @strawberry.field(description="An import by id, with its live progress.", permission_classes=[CanRead])
    async def import_job(self, info: Info, id: uuid.UUID) -> ImportJob | None:
        return ImportJob(row=await as_actor(info, service.get_import, import_id=id))

    @strawberry.field(description="An export by id.", permission_classes=[CanRead])
    async def export_job(self, info: Info, id: uuid.UUID) -> ExportJob | None:
        return ExportJob(row=await as_actor(info, service.get_export, export_id=id))


@strawberry.type
class ImportMutation:
    @strawberry.mutation(
        description="Imports a CSV uploaded to /api/v1/imports: `mapping` is {column: field}; `upsertBy` "
        "(`email` for contacts, `domain` for companies) updates the record that has it, null creates only.",
        permission_classes=[CanWrite],
    )
    async def start_import(
        self,
        info: Info,
        file_id: uuid.UUID,
        object_type: ObjectType,  # type: ignore[valid-type]
        mapping: JSON,
        upsert_by: str | None = None,
    ) -> ImportJob:
        actor = await info.context.actor()
        session = info.context.session
        file = await file_service.get(session, actor, file_id=file_id)
        row = await service.start_import(
            session, actor, file=file, object_type=ObjectTypeEnum(object_type), mapping=mapping, upsert_by=upsert_by
        )
        await _enqueue(info, "importer.run", {"workspace_id": str(row.workspace_id), "import_id": str(row.id)})
        return ImportJob(row=row)

    @strawberry.mutation(
        description="Undoes a finished import: records it created go to the trash, records it updated get "
        "their earlier values back.",
        permission_classes=[CanWrite],
    )
    async def undo_import(self, info: Info, id: uuid.UUID) -> ImportJob:
        actor = await info.context.actor()
        session = info.context.session
        job = await service.get_import(session, actor, import_id=id, for_update=True)
        return ImportJob(row=await service.undo(session, actor, job=job))

    @strawberry.mutation(
        description="Exports a list (contacts, companies or deals) with a filter shaped like the list's, as CSV; "
        "with `ids` (at most 5,000), only those of them that the list has (a selection).",
        permission_classes=[CanRead],
    )
    async def start_export(
        self,
        info: Info,
        object_type: ObjectType,  # type: ignore[valid-type]
        filter: JSON | None = None,
        ids: list[uuid.UUID] | None = None,
    ) -> ExportJob:
        actor = await info.context.actor()
        given: Any = filter
        row = await service.start_export(
            info.context.session,
            actor,
            object_type=ObjectTypeEnum(object_type),
            filter=given if isinstance(given, dict) else None,
            ids=ids,
        )
        await _enqueue(info, "exporter.run", {"workspace_id": str(row.workspace_id), "export_id": str(row.id)})
        return ExportJob(row=row)


async def _enqueue(info: Info, name: str, data: dict[str, Any]) -> None:
    queue = shared_queue(info.context.settings.require_redis_url())
    job_id = f"{name.replace('.', '-')}-{data.get('import_id') or data.get('export_id')}"
    await queue.enqueue(name, data, job_id=job_id, delay_ms=ENQUEUE_DELAY_MS)
