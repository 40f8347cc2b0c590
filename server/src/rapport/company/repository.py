from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit import records
from rapport.models import Company

# The unique index on live companies' domains, as ON CONFLICT names it.
LIVE_DOMAIN_INDEX = (["workspace_id", "domain"], text("deleted_at IS NULL AND domain IS NOT NULL"))


def list_query(workspace_id: uuid.UUID, condition: ColumnElement[bool]) -> Select[Company]:
    return records.live(Company, workspace_id).where(condition)


async def domain_taken(
    session: AsyncSession, workspace_id: uuid.UUID, domain: str, *, except_id: uuid.UUID | None = None
) -> bool:
    query = select(Company.id).where(
        Company.workspace_id == workspace_id, Company.domain == domain, Company.deleted_at.is_(None)
    )
    if except_id is not None:
        query = query.where(Company.id != except_id)
    return await session.scalar(query.limit(1)) is not None


async def taken_domains(session: AsyncSession, workspace_id: uuid.UUID, domains: Sequence[str]) -> set[str]:
    if not domains:
        return set()
    query = select(Company.domain).where(
        Company.workspace_id == workspace_id, Company.domain.in_(domains), Company.deleted_at.is_(None)
    )
    return {domain for domain in await session.scalars(query) if domain is not None}


async def find_by_domains(session: AsyncSession, workspace_id: uuid.UUID, domains: Sequence[str]) -> Sequence[Company]:
    if not domains:
        return []
    query = records.live(Company, workspace_id).where(Company.domain.in_(list(domains)))
    return (await session.execute(query)).scalars().all()
