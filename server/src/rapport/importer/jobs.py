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
from pathlib import Path
from typing import Any, TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.rest import member_actor
from rapport.company import service as company_service
from rapport.config import Settings
from rapport.contact import service as contact_service
from rapport.db import Database
from rapport.errors import AppError
from rapport.file import service as file_service
from rapport.file.storage import store_of
from rapport.importer import csvfile, repository, service
from rapport.kit.clock import utcnow
from rapport.kit.csvsafe import JsonFilter, neutralise
from rapport.models import Company, Contact, DataJobState, ExportJob, ImportJob, ObjectType
from rapport.worker.registry import JobContext, job

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
                job_row = await service.update_import(session, job_row, state=DataJobState.RUNNING, total_rows=total)
            rows = csvfile.rows_of(path, shape.encoding, shape.delimiter)
            next(rows)
            skip = job_row.processed_rows
            numbered = (item for item in _numbered(rows) if item[0] - 2 >= skip)
            for batch in _batches(numbered, BATCH):
                async with db.transaction(workspace_id=workspace_id, user_id=user_id) as session:
                    job_row = await service.get_import(session, actor, import_id=import_id, for_update=True)
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
            await service.update_import(
                session, job_row, state=DataJobState.SUCCEEDED, errors_file_id=errors_file_id, finished_at=utcnow()
            )
    except AppError as error:
        log.warning("importer.failed", import_id=str(import_id), error=error.message)
        await _mark_failed(
            db,
            workspace_id,
            import_id,
            error,
            get=lambda session, ws, id: repository.get_import(session, ws, id, for_update=True),
            update=service.update_import,
        )
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
                query: Any
                if job_row.object_type is ObjectType.CONTACT:
                    query, _ = await contact_service.contacts_query(session, actor, filter=filter, order_by=[])
                    header: Sequence[str] = CONTACT_COLUMNS
                else:
                    query, _ = await company_service.companies_query(session, actor, filter=filter, order_by=[])
                    header = COMPANY_COLUMNS
                with path.open("w", encoding="utf-8", newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(header)
                    result = await session.stream_scalars(query.execution_options(yield_per=EXPORT_CHUNK))
                    async for record in result:
                        cells = _contact_cells(record) if isinstance(record, Contact) else _company_cells(record)
                        writer.writerow([neutralise(cell) for cell in cells])
                        count += 1
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
