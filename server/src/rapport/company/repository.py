from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit import records
from rapport.models import Company, Contact, Deal

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


async def count_contacts(
    session: AsyncSession, workspace_id: uuid.UUID, company_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    query = (
        select(Contact.company_id, func.count())
        .where(Contact.workspace_id == workspace_id, Contact.company_id.in_(company_ids), Contact.deleted_at.is_(None))
        .group_by(Contact.company_id)
    )
    return {row[0]: int(row[1]) for row in (await session.execute(query)).all() if row[0] is not None}


async def count_deals(
    session: AsyncSession, workspace_id: uuid.UUID, company_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    query = (
        select(Deal.company_id, func.count())
        .where(Deal.workspace_id == workspace_id, Deal.company_id.in_(company_ids), Deal.deleted_at.is_(None))
        .group_by(Deal.company_id)
    )
    return {row[0]: int(row[1]) for row in (await session.execute(query)).all() if row[0] is not None}


async def find_by_names(session: AsyncSession, workspace_id: uuid.UUID, names: Sequence[str]) -> Sequence[Company]:
    """Live companies whose lower-cased name is one of `names` (lower-cased), oldest first."""
    if not names:
        return []
    query = (
        records.live(Company, workspace_id)
        .where(func.lower(Company.name).in_(list(names)))
        .order_by(Company.created_at, Company.id)
    )
    return (await session.execute(query)).scalars().all()


async def find_by_domains(session: AsyncSession, workspace_id: uuid.UUID, domains: Sequence[str]) -> Sequence[Company]:
    if not domains:
        return []
    query = records.live(Company, workspace_id).where(Company.domain.in_(list(domains)))
    return (await session.execute(query)).scalars().all()
