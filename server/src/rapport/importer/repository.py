from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import ExportJob, ImportJob, ImportRecord, ImportRowError


async def insert_import(session: AsyncSession, values: dict[str, object]) -> ImportJob:
    return (await session.execute(insert(ImportJob).values(**values).returning(ImportJob))).scalar_one()


async def get_import(
    session: AsyncSession, workspace_id: uuid.UUID, import_id: uuid.UUID, *, for_update: bool = False
) -> ImportJob | None:
    query = select(ImportJob).where(ImportJob.workspace_id == workspace_id, ImportJob.id == import_id)
    if for_update:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def update_import(session: AsyncSession, job: ImportJob, **values: object) -> ImportJob:
    query = (
        update(ImportJob)
        .where(ImportJob.workspace_id == job.workspace_id, ImportJob.id == job.id)
        .values(**values)
        .returning(ImportJob)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(query)).scalar_one()


async def add_records(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    # Executemany of one cached statement (a rerun of a batch finds its rows there: skipped).
    if rows:
        await session.execute(pg_insert(ImportRecord).on_conflict_do_nothing(), list(rows))


async def add_row_errors(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(pg_insert(ImportRowError).on_conflict_do_nothing(), list(rows))


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
    return (await session.execute(insert(ExportJob).values(**values).returning(ExportJob))).scalar_one()


async def get_export(session: AsyncSession, workspace_id: uuid.UUID, export_id: uuid.UUID) -> ExportJob | None:
    query = select(ExportJob).where(ExportJob.workspace_id == workspace_id, ExportJob.id == export_id)
    return (await session.execute(query)).scalar_one_or_none()


async def update_export(session: AsyncSession, job: ExportJob, **values: object) -> ExportJob:
    query = (
        update(ExportJob)
        .where(ExportJob.workspace_id == job.workspace_id, ExportJob.id == job.id)
        .values(**values)
        .returning(ExportJob)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(query)).scalar_one()
