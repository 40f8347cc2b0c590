from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ARRAY, ColumnElement, Select, Uuid, any_, cast, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit import records
from rapport.kit.listing import ScopeId
from rapport.models import Contact, Deal, DealContact


def list_query(workspace_id: uuid.UUID, condition: ColumnElement[bool]) -> Select[Contact]:
    return records.live(Contact, workspace_id).where(condition)


async def count_deals(
    session: AsyncSession, workspace_id: uuid.UUID, contact_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    query = (
        select(DealContact.contact_id, func.count())
        .join(Deal, (Deal.id == DealContact.deal_id) & (Deal.workspace_id == DealContact.workspace_id))
        .where(
            DealContact.workspace_id == workspace_id, DealContact.contact_id.in_(contact_ids), Deal.deleted_at.is_(None)
        )
        .group_by(DealContact.contact_id)
    )
    return {row[0]: int(row[1]) for row in (await session.execute(query)).all()}


def deals_query(workspace_id: uuid.UUID, contact_id: ScopeId) -> Select[Deal]:
    """The contact's live deals. `contact_id` may be a column of an enclosing query (the compiled path's
    `contact { deals }`): the subquery correlates to it explicitly, at whatever level it is. Left to
    SQLAlchemy's automatic correlation, which looks only at the SELECT right around the subquery (the
    deals'), the contact's table became a FROM of its own: every deal linked to any contact."""
    linked = (
        select(DealContact.deal_id)
        .where(DealContact.workspace_id == workspace_id, DealContact.contact_id == contact_id)
        .correlate_except(DealContact)
    )
    return records.live(Deal, workspace_id).where(Deal.id.in_(linked))


async def find_by_emails(session: AsyncSession, workspace_id: uuid.UUID, emails: Sequence[str]) -> Sequence[Contact]:
    """Live contacts having any of `emails` (lower-cased), through `contact_emails` (see migration
    0009: `emails && ARRAY[...]` is planned as a scan of the workspace when statistics lag)."""
    if not emails:
        return []
    # One probe of the primary key (workspace, email) per address. Written as `email = ANY(:emails)`, a
    # table whose statistics lag behind an import (no statistics yet: each of 1,000 addresses matches
    # 0.5 % of the rows, so all of them) was read whole for every batch, testing each row against the
    # whole array: quadratic over an import (100,000 rows: two thirds of PostgreSQL's time).
    # `OFFSET 0` keeps the lookup a parameterised subquery the planner cannot turn into that scan.
    owners = text(
        "SELECT found.contact_id FROM unnest(CAST(:emails AS text[])) AS wanted(email),"
        " LATERAL (SELECT ce.contact_id FROM contact_emails ce"
        " WHERE ce.workspace_id = :ws AND ce.email = wanted.email OFFSET 0) AS found"
    )
    ids = list(dict.fromkeys(await session.scalars(owners, {"emails": list(emails), "ws": workspace_id})))
    if not ids:
        return []
    # By primary key only: with the workspace's btrees on offer, lagging statistics pick a scan of the
    # whole workspace. The workspace and liveness are checked on the rows found (and RLS holds).
    found = await session.scalars(select(Contact).where(Contact.id == any_(cast(ids, ARRAY(Uuid)))))
    return [contact for contact in found if contact.workspace_id == workspace_id and contact.deleted_at is None]


async def move_company(
    session: AsyncSession, workspace_id: uuid.UUID, *, from_id: uuid.UUID, to_id: uuid.UUID, ids: Sequence[str] | None
) -> list[str]:
    """Points the live contacts of company `from_id` (all, or those of `ids`) at `to_id`."""
    return await records.repoint(
        session,
        "contacts",
        "company_id",
        workspace_id,
        from_id=from_id,
        to_id=to_id,
        ids=ids,
        touch=True,
        live_only=True,
    )
