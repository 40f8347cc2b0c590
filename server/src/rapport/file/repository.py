from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit.rows import insert_row
from rapport.models import File


async def insert_file(session: AsyncSession, values: dict[str, object]) -> File:
    return await insert_row(session, File, values)


async def get_live(session: AsyncSession, workspace_id: uuid.UUID, file_id: uuid.UUID) -> File | None:
    query = select(File).where(File.workspace_id == workspace_id, File.id == file_id, File.deleted_at.is_(None))
    return (await session.execute(query)).scalar_one_or_none()


async def list_for_target(session: AsyncSession, workspace_id: uuid.UUID, target_id: uuid.UUID) -> Sequence[File]:
    query = (
        select(File)
        .where(File.workspace_id == workspace_id, File.target_id == target_id, File.deleted_at.is_(None))
        .order_by(File.created_at.desc(), File.id.desc())
    )
    return (await session.execute(query)).scalars().all()


async def lock_quota(session: AsyncSession, workspace_id: uuid.UUID) -> None:
    """Serialises uploads of one workspace for the quota check (released at commit)."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended('rapport.file.quota:' || :ws, 0))"),
        {"ws": str(workspace_id)},
    )


async def used_bytes(session: AsyncSession, workspace_id: uuid.UUID) -> int:
    query = select(func.coalesce(func.sum(File.size), 0)).where(
        File.workspace_id == workspace_id, File.deleted_at.is_(None)
    )
    return int((await session.execute(query)).scalar_one())


async def set_target(session: AsyncSession, file: File, *, target_type: str, target_id: uuid.UUID) -> File:
    query = (
        update(File)
        .where(File.workspace_id == file.workspace_id, File.id == file.id)
        .values(target_type=target_type, target_id=target_id)
        .returning(File)
    )
    return (await session.execute(query)).scalar_one()


async def mark_deleted(session: AsyncSession, workspace_id: uuid.UUID, file_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(File).where(File.workspace_id == workspace_id, File.id == file_id).values(deleted_at=now)
    )


async def to_purge(session: AsyncSession, deleted_before: datetime, limit: int) -> Sequence[File]:
    """Deleted files whose object is still stored, oldest first (system scope: every workspace)."""
    query = (
        select(File)
        .where(File.deleted_at.is_not(None), File.deleted_at <= deleted_before, File.purged_at.is_(None))
        .order_by(File.deleted_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(query)).scalars().all()


async def mark_purged(session: AsyncSession, file_id: uuid.UUID, now: datetime) -> None:
    await session.execute(update(File).where(File.id == file_id).values(purged_at=now))


async def live_of_purpose(session: AsyncSession, purpose: str, created_before: datetime, limit: int) -> Sequence[File]:
    """Live files of `purpose` made before `created_before`, oldest first, locked (system scope)."""
    query = (
        select(File)
        .where(File.purpose == purpose, File.deleted_at.is_(None), File.created_at < created_before)
        .order_by(File.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(query)).scalars().all()
