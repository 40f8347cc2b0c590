"""`importer.run` reads the CSV batch by batch (each batch and the progress commit together, so a
rerun resumes after the last committed batch); `exporter.run` streams a list into a CSV file."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.auth.rest import member_actor
from rapport.company import service as company_service
from rapport.config import Settings
from rapport.contact import service as contact_service
from rapport.customfield import service as customfield_service
from rapport.db import Database
from rapport.deal import service as deal_service
from rapport.errors import AppError
from rapport.file import service as file_service
from rapport.file.storage import store_of
from rapport.importer import csvfile, repository, service
from rapport.kit.clock import utcnow
from rapport.kit.csvsafe import JsonFilter, neutralise
from rapport.models import Company, Contact, DataJobState, Deal, ExportJob, ImportJob, ObjectType
from rapport.pipeline import service as pipeline_service
from rapport.worker.queue import shared_queue
from rapport.worker.registry import JobContext, job
from rapport.workspace import service as workspace_service

log = structlog.get_logger("rapport.importer")
BATCH = 1000
EXPORT_CHUNK = 2000


@asynccontextmanager
async def local_copy(settings: Settings, key: str) -> AsyncIterator[Path]:
    """The stored object as a local file: itself on local disk, a temporary download from S3."""
    store = store_of(settings)
    path = store.local_path(key)
    if path is not None:
        yield path
        return
    spool = settings.data_dir / "tmp" / "jobs"
    await asyncio.to_thread(spool.mkdir, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=spool) as directory:
        target = Path(directory) / "object"
        await store.get_to_file(key, target)
        yield target


def _numbered(rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    # Row 1 is the header, as a spreadsheet numbers them.
    yield from enumerate(rows, start=2)


def _batches(rows: Iterator[tuple[int, list[str]]], size: int) -> Iterator[list[tuple[int, list[str]]]]:
    batch: list[tuple[int, list[str]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def incoming_of(path: Path, filename: str) -> file_service.Incoming:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        head = handle.read(8192)
        handle.seek(0)
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return file_service.Incoming(path=path, filename=filename, size=size, sha256=digest.digest(), head=head)


J = TypeVar("J", ImportJob, ExportJob)
_Get = Callable[[AsyncSession, uuid.UUID, uuid.UUID], Awaitable[J | None]]


async def _load(db: Database, data: dict[str, object], what: str, get: _Get[J]) -> tuple[uuid.UUID, uuid.UUID, J]:
    """The workspace, id and row of the job that `data` names (`<what>_id`)."""
    workspace_id, job_id = uuid.UUID(str(data["workspace_id"])), uuid.UUID(str(data[f"{what}_id"]))
    async with db.transaction(workspace_id=workspace_id) as session:
        found = await get(session, workspace_id, job_id)
    if found is None:
        # The transaction that made it may not have committed yet: BullMQ retries with backoff.
        raise LookupError(f"{what} {job_id} is not there (yet)")
    return workspace_id, job_id, found


async def _mark_failed(
    db: Database,
    workspace_id: uuid.UUID,
    job_id: uuid.UUID,
    error: AppError,
    *,
    get: _Get[J],
    update: Callable[..., Awaitable[J]],
) -> None:
    async with db.transaction(workspace_id=workspace_id) as session:
        row = await get(session, workspace_id, job_id)
        if row is not None:
            await update(session, row, state=DataJobState.FAILED, error=error.message, finished_at=utcnow())


@job("importer.run")
async def run_import(context: JobContext, data: dict[str, object]) -> dict[str, object]:
    db = context.db
    workspace_id, import_id, found = await _load(db, data, "import", repository.get_import)
    if found.state in service.FINISHED:
        return {"state": found.state.value}
    user_id = found.created_by
    try:
        async with db.transaction(workspace_id=workspace_id, user_id=user_id) as session:
            actor = await member_actor(session, workspace_id=workspace_id, user_id=user_id)
            file = await file_service.get(session, actor, file_id=found.file_id)
        async with local_copy(context.settings, file.storage_key) as path:
            shape = await asyncio.to_thread(csvfile.inspect, path)
            total = await asyncio.to_thread(
                lambda: sum(1 for _ in csvfile.rows_of(path, shape.encoding, shape.delimiter)) - 1
            )
            async with db.transaction(workspace_id=workspace_id, user_id=user_id) as session:
                job_row = await service.get_import(session, actor, import_id=import_id, for_update=True)
                if job_row.state in service.FINISHED:
                    return {"state": job_row.state.value}
                job_row = await service.update_import(session, job_row, state=DataJobState.RUNNING, total_rows=total)
            rows = csvfile.rows_of(path, shape.encoding, shape.delimiter)
            next(rows)
            skip = job_row.processed_rows
            numbered = (item for item in _numbered(rows) if item[0] - 2 >= skip)
            for batch in _batches(numbered, BATCH):
                async with db.transaction(workspace_id=workspace_id, user_id=user_id) as session:
                    job_row = await service.get_import(session, actor, import_id=import_id, for_update=True)
                    if job_row.state is not DataJobState.RUNNING:  # failed by the sweeper meanwhile
                        return {"state": job_row.state.value}
                    if job_row.processed_rows != batch[0][0] - 2:
                        # Another run of this import (resumed at a worker's start, or BullMQ's run of a
                        # job it thought stalled) committed this batch first: that run goes on, not this.
                        log.info("importer.run_elsewhere", import_id=str(import_id))
                        return {"state": job_row.state.value, "elsewhere": True}
                    result = await service.import_batch(session, actor, job=job_row, columns=shape.columns, rows=batch)
                    job_row = await service.update_import(
                        session,
                        job_row,
                        processed_rows=job_row.processed_rows + len(batch),
                        created_count=job_row.created_count + result.created,
                        updated_count=job_row.updated_count + result.updated,
                        error_count=job_row.error_count + len(result.errors),
                    )
        async with db.transaction(workspace_id=workspace_id, user_id=user_id) as session:
            job_row = await service.get_import(session, actor, import_id=import_id, for_update=True)
            errors_file_id = None
            if job_row.error_count:
                errors = await service.row_errors(session, actor, job=job_row)
                errors_file_id = await _write_errors(
                    context.settings, session, actor, shape.columns, errors, file.filename
                )
            if job_row.state is not DataJobState.RUNNING:  # failed by the sweeper meanwhile
                return {"state": job_row.state.value}
            await service.finish_import(session, job_row, state=DataJobState.SUCCEEDED, errors_file_id=errors_file_id)
    except AppError as error:
        log.warning("importer.failed", import_id=str(import_id), error=error.message)
        async with db.transaction(workspace_id=workspace_id) as session:
            row = await repository.get_import(session, workspace_id, import_id, for_update=True)
            if row is not None and row.state not in service.FINISHED:
                await service.finish_import(session, row, state=DataJobState.FAILED, error=error.message)
        return {"state": "FAILED", "error": error.message}
    return {"state": "SUCCEEDED", "rows": total}


async def _write_errors(
    settings: Settings,
    session: object,
    actor: object,
    columns: Sequence[str],
    errors: Sequence[tuple[int, str, list[str]]],
    source_name: str,
) -> uuid.UUID:
    spool = settings.data_dir / "tmp" / "jobs"
    await asyncio.to_thread(spool.mkdir, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=spool) as directory:
        path = Path(directory) / "errors.csv"

        def write() -> None:
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["row", "error", *(neutralise(c) for c in columns)])
                for number, reason, cells in errors:
                    writer.writerow([number, neutralise(reason), *(neutralise(cell) for cell in cells)])

        await asyncio.to_thread(write)
        stem = source_name.rsplit(".", 1)[0]
        stored = await file_service.store(
            session,  # type: ignore[arg-type]
            actor,  # type: ignore[arg-type]
            store=store_of(settings),
            incoming=await asyncio.to_thread(incoming_of, path, f"{stem}-errors.csv"),
            purpose="import_errors",
            quota_bytes=settings.workspace_quota_bytes,
            content_type="text/csv",
        )
    return stored.id


CONTACT_COLUMNS = ("id", "firstName", "lastName", "name", "emails", "phones", "jobTitle", "createdAt", "updatedAt")
COMPANY_COLUMNS = ("id", "name", "domain", "industry", "employees", "createdAt", "updatedAt")
DEAL_COLUMNS = (
    "id", "name", "amount", "currency", "pipeline", "stage", "status", "company", "owner", "expectedCloseDate",
    "createdAt", "updatedAt",
)  # fmt: skip


def _contact_cells(row: Contact) -> list[str]:
    return [
        str(row.id), row.first_name or "", row.last_name or "", row.name, "; ".join(row.emails), "; ".join(row.phones),
        row.job_title or "", row.created_at.isoformat(), row.updated_at.isoformat(),
    ]  # fmt: skip


def _company_cells(row: Company) -> list[str]:
    return [
        str(row.id), row.name, row.domain or "", row.industry or "",
        "" if row.employees is None else str(row.employees), row.created_at.isoformat(), row.updated_at.isoformat(),
    ]  # fmt: skip


def amount_text(micros: int) -> str:
    """Micros as a plain decimal: 1234500000 -> "1234.5" (what the import reads back)."""
    text = f"{Decimal(micros).scaleb(-6):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def custom_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):  # CURRENCY
        return f"{amount_text(int(value['amountMicros']))} {value['currency']}"
    return str(value)


@dataclass
class DealNames:
    """What a deal's ids name in an export: stages and pipelines, owners' emails, companies (per chunk)."""

    stages: dict[uuid.UUID, tuple[str, str]]
    owners: dict[uuid.UUID, str]
    companies: dict[uuid.UUID, str]

    @classmethod
    async def load(cls, session: AsyncSession, actor: Actor) -> DealNames:
        stages: dict[uuid.UUID, tuple[str, str]] = {}
        for pipeline in await pipeline_service.list_pipelines(session, actor):
            for stage in await pipeline_service.list_stages(session, actor, pipeline_id=pipeline.id):
                stages[stage.id] = (pipeline.name, stage.name)
        return cls(stages=stages, owners=await workspace_service.member_emails(session, actor), companies={})

    def cells(self, row: Deal) -> list[str]:
        pipeline, stage = self.stages.get(row.stage_id, ("", ""))
        return [
            str(row.id), row.name, "" if row.amount_micros is None else amount_text(row.amount_micros),
            row.currency or "", pipeline, stage, row.status.value,
            self.companies.get(row.company_id, "") if row.company_id else "",
            self.owners.get(row.owner_id, "") if row.owner_id else "",
            row.expected_close_date.isoformat() if row.expected_close_date else "",
            row.created_at.isoformat(), row.updated_at.isoformat(),
        ]  # fmt: skip


@job("exporter.run")
async def run_export(context: JobContext, data: dict[str, object]) -> dict[str, object]:
    db = context.db
    workspace_id, export_id, found = await _load(db, data, "export", repository.get_export)
    if found.state in service.FINISHED:
        return {"state": found.state.value}
    user_id = found.created_by
    spool = context.settings.data_dir / "tmp" / "jobs"
    await asyncio.to_thread(spool.mkdir, parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=spool) as directory:
            path = Path(directory) / "export.csv"
            count = 0
            async with db.transaction(workspace_id=workspace_id, user_id=user_id) as session:
                actor = await member_actor(session, workspace_id=workspace_id, user_id=user_id)
                job_row = await service.get_export(session, actor, export_id=export_id)
                filter = JsonFilter(job_row.filter) if job_row.filter else None
                object_type = job_row.object_type
                definitions = sorted(
                    (await customfield_service.definitions_by_key(session, actor, object_type)).values(),
                    key=lambda definition: (definition.position, definition.key),
                )
                deal_names = await DealNames.load(session, actor) if object_type is ObjectType.DEAL else None
                query: Any
                header: Sequence[str]
                if object_type is ObjectType.CONTACT:
                    query, _ = await contact_service.contacts_query(session, actor, filter=filter, order_by=[])
                    header = CONTACT_COLUMNS
                elif object_type is ObjectType.COMPANY:
                    query, _ = await company_service.companies_query(session, actor, filter=filter, order_by=[])
                    header = COMPANY_COLUMNS
                else:
                    query, _ = await deal_service.deals_query(session, actor, filter=filter, order_by=[])
                    header = DEAL_COLUMNS
                if job_row.ids is not None:
                    model: Any = {ObjectType.CONTACT: Contact, ObjectType.COMPANY: Company}.get(object_type, Deal)
                    query = query.where(model.id.in_(job_row.ids))
                chunk: list[Contact | Company | Deal] = []

                async def flush(writer: Any) -> None:
                    if deal_names is not None:
                        ids = {row.company_id for row in chunk if isinstance(row, Deal) and row.company_id}
                        deal_names.companies = await company_service.names_by_ids(session, actor, ids=list(ids))
                    for record in chunk:
                        if isinstance(record, Contact):
                            cells = _contact_cells(record)
                        elif isinstance(record, Company):
                            cells = _company_cells(record)
                        else:
                            assert deal_names is not None
                            cells = deal_names.cells(record)
                        cells += [custom_cell(record.custom_fields.get(d.key)) for d in definitions]
                        writer.writerow([neutralise(cell) for cell in cells])
                    chunk.clear()

                with path.open("w", encoding="utf-8", newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow([*header, *(definition.label for definition in definitions)])
                    # Streamed; a chunk's company names are read between two fetches of the cursor.
                    records = await session.stream_scalars(query.execution_options(yield_per=EXPORT_CHUNK))
                    async for record in records:
                        chunk.append(record)
                        count += 1
                        if len(chunk) == EXPORT_CHUNK:
                            await flush(writer)
                    await flush(writer)
            async with db.transaction(workspace_id=workspace_id, user_id=user_id) as session:
                kind = job_row.object_type.value.lower()
                stored = await file_service.store(
                    session,
                    actor,
                    store=store_of(context.settings),
                    incoming=await asyncio.to_thread(incoming_of, path, f"{kind}-export-{utcnow():%Y%m%d-%H%M%S}.csv"),
                    purpose="export",
                    quota_bytes=context.settings.workspace_quota_bytes,
                    content_type="text/csv",
                )
                job_row = await service.get_export(session, actor, export_id=export_id)
                await service.update_export(
                    session,
                    job_row,
                    state=DataJobState.SUCCEEDED,
                    row_count=count,
                    file_id=stored.id,
                    finished_at=utcnow(),
                )
    except AppError as error:
        await _mark_failed(
            db, workspace_id, export_id, error, get=repository.get_export, update=repository.update_export
        )
        return {"state": "FAILED", "error": error.message}
    return {"state": "SUCCEEDED", "rows": count}


SWEEP_BATCH = 200


@job("importer.resume")
async def resume(context: JobContext, data: dict[str, object]) -> int:
    """At a worker's start: runs the imports a killed worker left RUNNING again now (not after BullMQ
    notices the stalled job): each resumes after its last committed batch; where the import is alive in
    another worker, the run that commits the next batch first goes on and the other stops."""
    async with context.db.transaction(system=True) as session:
        running = await service.running_imports(session, limit=SWEEP_BATCH)
    queue = shared_queue(context.settings.require_redis_url())
    for workspace_id, import_id in running:
        await queue.enqueue(
            "importer.run",
            {"workspace_id": str(workspace_id), "import_id": str(import_id)},
            job_id=f"import-{import_id}-resume-{uuid.uuid4().hex}",
        )
    if running:
        log.info("importer.resumed", imports=len(running))
    return len(running)


@job("importer.sweep")
async def sweep(context: JobContext, data: dict[str, object]) -> dict[str, int]:
    """Deletes the CSVs uploaded for imports that were never started (after `import_upload_ttl_seconds`;
    `file.purge` then removes the bytes) and fails the imports that stopped moving (none of their
    batches for `import_stuck_seconds`: a worker lost with its job). Safe to run twice."""
    settings = context.settings
    expired = stuck = 0
    async with context.db.transaction(system=True) as session:
        failed = await service.fail_stuck_imports(
            session, stuck_seconds=settings.import_stuck_seconds, limit=SWEEP_BATCH
        )
        stuck += len(failed)
    while True:
        async with context.db.transaction(system=True) as session:
            count, seen = await service.expire_unstarted_uploads(
                session, ttl_seconds=settings.import_upload_ttl_seconds, limit=SWEEP_BATCH
            )
            expired += count
        if seen < SWEEP_BATCH:
            break
    if expired or stuck:
        log.info("importer.swept", expired_uploads=expired, failed_imports=stuck)
    return {"expiredUploads": expired, "failedImports": stuck}
