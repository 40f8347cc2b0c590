from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, delete, func, inspect, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from rapport.kit import records
from rapport.kit.rows import prepared
from rapport.models import Contact, Deal, DealContact, LostReason, Stage


def list_query(workspace_id: uuid.UUID, condition: ColumnElement[bool]) -> Select[Deal]:
    return records.live(Deal, workspace_id).where(condition)


async def get_for_move(
    session: AsyncSession, workspace_id: uuid.UUID, deal_id: uuid.UUID, stage_id: uuid.UUID
) -> tuple[Deal, Stage, Stage | None] | None:
    """A live deal locked to the end of the transaction (read afresh), the stage it is in and the stage
    `stage_id` of the workspace (None if none): what a move reads, in one statement. None: no such deal."""
    query = prepared(("deal.get_for_move",), _for_move)
    parameters = {"workspace_id": workspace_id, "deal_id": deal_id, "stage_id": stage_id}
    row = (await session.execute(query, parameters)).one_or_none()
    return None if row is None else (row[0], row[1], row[2])


def _for_move() -> Any:
    # The deal is locked in a CTE of its own, kept apart (MATERIALIZED): waiting on a concurrent move, the
    # lock then reads the deal as that move left it, and the stage it is in is joined to that. (Locked in the
    # statement that joins its stage, the deal would be re-checked against the stage it left, and dropped.)
    workspace: Any = bindparam("workspace_id")
    loaded = [attribute.columns[0] for attribute in inspect(Deal).column_attrs if not attribute.deferred]
    locked = (
        select(*loaded)
        .where(Deal.workspace_id == workspace, Deal.id == bindparam("deal_id"), Deal.deleted_at.is_(None))
        .with_for_update()
        .cte("locked")
        .prefix_with("MATERIALIZED")
    )
    deal, current, target = aliased(Deal, locked), aliased(Stage), aliased(Stage)
    return (
        select(deal, current, target)
        .join(current, (current.workspace_id == deal.workspace_id) & (current.id == deal.stage_id))
        .outerjoin(target, (target.workspace_id == workspace) & (target.id == bindparam("stage_id")))
        .execution_options(populate_existing=True)
    )


def end_of_stage_position(workspace_id: uuid.UUID, stage_id: uuid.UUID) -> ColumnElement[float]:
    """`end_of_stage` as an expression, for the statement that moves a deal there."""
    others = aliased(Deal)
    last = (
        select(func.max(others.position))
        .where(others.workspace_id == workspace_id, others.stage_id == stage_id, others.deleted_at.is_(None))
        .scalar_subquery()
    )
    return func.coalesce(last + 1024.0, 1024.0)


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


async def move_contact_roles(
    session: AsyncSession, workspace_id: uuid.UUID, *, from_id: uuid.UUID, to_id: uuid.UUID
) -> list[dict[str, Any]]:
    """Gives `to_id` the deal roles of `from_id` (where it has none on the deal; its own role wins
    where it has one) and removes `from_id`'s. Answers each removed row: deal, role, and whether
    `to_id` was added to the deal."""
    removed = (
        await session.execute(
            text(
                "DELETE FROM deal_contacts WHERE workspace_id = :ws AND contact_id = :from"
                " RETURNING deal_id, role, created_at"
            ),
            {"ws": workspace_id, "from": from_id},
        )
    ).all()
    added = set(
        await session.scalars(
            text(
                "INSERT INTO deal_contacts (workspace_id, deal_id, contact_id, role, created_at)"
                " SELECT :ws, d, :to, r, c FROM unnest(CAST(:deals AS uuid[]), CAST(:roles AS varchar[]),"
                " CAST(:created AS timestamptz[])) AS t(d, r, c)"
                " ON CONFLICT DO NOTHING RETURNING deal_id"
            ),
            {
                "ws": workspace_id,
                "to": to_id,
                "deals": [row.deal_id for row in removed],
                "roles": [row.role for row in removed],
                "created": [row.created_at for row in removed],
            },
        )
    )
    return [
        {"dealId": str(row.deal_id), "role": row.role, "added": row.deal_id in added}
        for row in sorted(removed, key=lambda row: str(row.deal_id))
    ]


async def restore_contact_roles(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    *,
    contact_id: uuid.UUID,
    from_id: uuid.UUID,
    moved: list[dict[str, Any]],
) -> None:
    """Undoes `move_contact_roles`: `contact_id` back on its deals, `from_id` off those it was added to."""
    await session.execute(
        text(
            "INSERT INTO deal_contacts (workspace_id, deal_id, contact_id, role)"
            " SELECT :ws, d, :contact, r FROM unnest(CAST(:deals AS uuid[]), CAST(:roles AS varchar[])) AS t(d, r)"
            " ON CONFLICT DO NOTHING"
        ),
        {
            "ws": workspace_id,
            "contact": contact_id,
            "deals": [str(row["dealId"]) for row in moved],
            "roles": [row["role"] for row in moved],
        },
    )
    await session.execute(
        text(
            "DELETE FROM deal_contacts WHERE workspace_id = :ws AND contact_id = :from"
            " AND deal_id = ANY(CAST(:deals AS uuid[]))"
        ),
        {"ws": workspace_id, "from": from_id, "deals": [str(row["dealId"]) for row in moved if row["added"]]},
    )


async def move_company(
    session: AsyncSession, workspace_id: uuid.UUID, *, from_id: uuid.UUID, to_id: uuid.UUID, ids: Sequence[str] | None
) -> list[str]:
    """Points the deals of company `from_id` (all, or those of `ids`) at `to_id`."""
    return await records.repoint(
        session, "deals", "company_id", workspace_id, from_id=from_id, to_id=to_id, ids=ids, touch=True
    )


async def list_lost_reasons(session: AsyncSession, workspace_id: uuid.UUID) -> list[str]:
    query = select(LostReason.reason).where(LostReason.workspace_id == workspace_id).order_by(LostReason.position)
    return list((await session.scalars(query)).all())


async def replace_lost_reasons(session: AsyncSession, workspace_id: uuid.UUID, reasons: Sequence[str]) -> None:
    await session.execute(delete(LostReason).where(LostReason.workspace_id == workspace_id))
    if reasons:
        await session.execute(
            pg_insert(LostReason).values(
                [
                    {"workspace_id": workspace_id, "position": position, "reason": reason}
                    for position, reason in enumerate(reasons)
                ]
            )
        )
