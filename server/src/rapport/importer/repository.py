from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit import records
from rapport.kit.rows import in_workspace, insert_row
from rapport.models import DataJobState, ExportJob, ImportJob, ImportRecord, ImportRowError

J = TypeVar("J", ImportJob, ExportJob)


async def insert_import(session: AsyncSession, values: dict[str, object]) -> ImportJob:
    return await insert_row(session, ImportJob, values)


async def get_import(
    session: AsyncSession, workspace_id: uuid.UUID, import_id: uuid.UUID, *, for_update: bool = False
) -> ImportJob | None:
    return await _get(session, ImportJob, workspace_id, import_id, for_update=for_update)


async def update_import(session: AsyncSession, job: ImportJob, **values: object) -> ImportJob:
    return await _update(session, job, **values, updated_at=func.now())


async def stuck_imports(session: AsyncSession, moved_before: datetime, limit: int) -> Sequence[ImportJob]:
    """QUEUED or RUNNING imports that have not moved since `moved_before`, locked (system scope)."""
    query = (
        select(ImportJob)
        .where(ImportJob.state.in_((DataJobState.QUEUED, DataJobState.RUNNING)), ImportJob.updated_at < moved_before)
        .order_by(ImportJob.updated_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(query)).scalars().all()


async def running_imports(session: AsyncSession, limit: int) -> Sequence[tuple[uuid.UUID, uuid.UUID]]:
    query = (
        select(ImportJob.workspace_id, ImportJob.id)
        .where(ImportJob.state == DataJobState.RUNNING)
        .order_by(ImportJob.created_at)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def file_ids_with_imports(session: AsyncSession, file_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    if not file_ids:
        return set()
    query = select(ImportJob.file_id).where(ImportJob.file_id.in_(list(file_ids)))
    return set((await session.execute(query)).scalars().all())


async def add_records(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    # One statement (a rerun of a batch finds its rows there: skipped).
    await records.insert_rows(session, ImportRecord, rows, skip_conflicts=records.ANY_CONFLICT)


async def add_row_errors(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    await records.insert_rows(session, ImportRowError, rows, skip_conflicts=records.ANY_CONFLICT)


async def records_of(session: AsyncSession, workspace_id: uuid.UUID, import_id: uuid.UUID) -> Sequence[ImportRecord]:
    query = select(ImportRecord).where(ImportRecord.workspace_id == workspace_id, ImportRecord.import_id == import_id)
    return (await session.execute(query)).scalars().all()


async def row_errors_of(
    session: AsyncSession, workspace_id: uuid.UUID, import_id: uuid.UUID
) -> Sequence[ImportRowError]:
    query = (
        select(ImportRowError)
        .where(ImportRowError.workspace_id == workspace_id, ImportRowError.import_id == import_id)
        .order_by(ImportRowError.row_number)
    )
    return (await session.execute(query)).scalars().all()


async def insert_export(session: AsyncSession, values: dict[str, object]) -> ExportJob:
    return await insert_row(session, ExportJob, values)


async def get_export(session: AsyncSession, workspace_id: uuid.UUID, export_id: uuid.UUID) -> ExportJob | None:
    return await _get(session, ExportJob, workspace_id, export_id)


async def update_export(session: AsyncSession, job: ExportJob, **values: object) -> ExportJob:
    return await _update(session, job, **values)


async def _get(
    session: AsyncSession, model: type[J], workspace_id: uuid.UUID, job_id: uuid.UUID, *, for_update: bool = False
) -> J | None:
    return await in_workspace(session, model, workspace_id, job_id, for_update=for_update)


async def _update(session: AsyncSession, job: J, **values: object) -> J:
    model = type(job)
    query = (
        update(model)
        .where(model.workspace_id == job.workspace_id, model.id == job.id)
        .values(**values)
        .returning(model)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(query)).scalar_one()
