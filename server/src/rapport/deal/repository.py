from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit import records
from rapport.models import Contact, Deal, DealContact


def list_query(workspace_id: uuid.UUID, condition: ColumnElement[bool]) -> Select[Deal]:
    return records.live(Deal, workspace_id).where(condition)


async def end_of_stage(session: AsyncSession, workspace_id: uuid.UUID, stage_id: uuid.UUID) -> float:
    """A position after every live deal of the stage."""
    query = select(func.max(Deal.position)).where(
        Deal.workspace_id == workspace_id, Deal.stage_id == stage_id, Deal.deleted_at.is_(None)
    )
    last = await session.scalar(query)
    return 1024.0 if last is None else float(last) + 1024.0


async def upsert_contact(session: AsyncSession, values: dict[str, object]) -> None:
    statement = pg_insert(DealContact).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[DealContact.deal_id, DealContact.contact_id], set_={"role": statement.excluded.role}
    )
    await session.execute(statement)


async def remove_contact(
    session: AsyncSession, workspace_id: uuid.UUID, deal_id: uuid.UUID, contact_id: uuid.UUID
) -> int:
    result = await session.execute(
        delete(DealContact).where(
            DealContact.workspace_id == workspace_id,
            DealContact.deal_id == deal_id,
            DealContact.contact_id == contact_id,
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def list_contacts_of_deals(
    session: AsyncSession, workspace_id: uuid.UUID, deal_ids: Sequence[uuid.UUID]
) -> Sequence[tuple[DealContact, Contact]]:
    query = (
        select(DealContact, Contact)
        .join(Contact, (Contact.id == DealContact.contact_id) & (Contact.workspace_id == DealContact.workspace_id))
        .where(
            DealContact.workspace_id == workspace_id, DealContact.deal_id.in_(deal_ids), Contact.deleted_at.is_(None)
        )
        .order_by(DealContact.created_at, Contact.id)
    )
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]
