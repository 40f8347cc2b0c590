"""SQL for writing email: outbound rows, templates, and the reads `compose` needs."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit import records
from rapport.kit.rows import insert_row, one_row
from rapport.models import Company, Contact, Deal, Email, EmailTemplate, InboundEmail, OutboundEmail, OutboundState

R = TypeVar("R", Contact, Company, Deal)


async def get_record(session: AsyncSession, model: type[R], workspace_id: uuid.UUID, record_id: uuid.UUID) -> R | None:
    return await records.get(session, model, workspace_id, record_id)


async def get_email(session: AsyncSession, workspace_id: uuid.UUID, email_id: uuid.UUID) -> Email | None:
    return await session.scalar(
        select(Email)
        .where(Email.workspace_id == workspace_id, Email.id == email_id)
        .execution_options(populate_existing=True)
    )


async def email_of_inbound(session: AsyncSession, inbound_id: uuid.UUID) -> uuid.UUID | None:
    return await session.scalar(select(InboundEmail.email_id).where(InboundEmail.id == inbound_id))


async def insert_outbound(session: AsyncSession, values: dict[str, object]) -> None:
    await session.execute(insert(OutboundEmail).values(**values))


async def get_outbound(
    session: AsyncSession, workspace_id: uuid.UUID, email_id: uuid.UUID, *, for_update: bool = False
) -> OutboundEmail | None:
    return await one_row(
        session,
        OutboundEmail,
        OutboundEmail.workspace_id == workspace_id,
        OutboundEmail.email_id == email_id,
        for_update=for_update,
        fresh=True,
    )


async def claim_queued(session: AsyncSession, workspace_id: uuid.UUID, email_id: uuid.UUID) -> OutboundEmail | None:
    """The row locked for sending when it is QUEUED and no other job holds it."""
    query = (
        select(OutboundEmail)
        .where(
            OutboundEmail.workspace_id == workspace_id,
            OutboundEmail.email_id == email_id,
            OutboundEmail.state == OutboundState.QUEUED,
        )
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return await session.scalar(query)


async def update_outbound(session: AsyncSession, email_id: uuid.UUID, values: dict[str, object]) -> None:
    await session.execute(update(OutboundEmail).where(OutboundEmail.email_id == email_id).values(**values))


async def list_outbound(
    session: AsyncSession, workspace_id: uuid.UUID, email_ids: Sequence[uuid.UUID]
) -> Sequence[OutboundEmail]:
    return (
        await session.scalars(
            select(OutboundEmail).where(
                OutboundEmail.workspace_id == workspace_id, OutboundEmail.email_id.in_(email_ids)
            )
        )
    ).all()


async def stale_queued(
    session: AsyncSession, *, older_than: timedelta, limit: int
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(workspace id, email id) of mail QUEUED for longer than `older_than` (system scope)."""
    rows = await session.execute(
        select(OutboundEmail.workspace_id, OutboundEmail.email_id)
        .where(OutboundEmail.state == OutboundState.QUEUED, OutboundEmail.queued_at < func.now() - older_than)
        .order_by(OutboundEmail.queued_at)
        .limit(limit)
    )
    return [(workspace_id, email_id) for workspace_id, email_id in rows.all()]


async def list_templates(
    session: AsyncSession, workspace_id: uuid.UUID, member_id: uuid.UUID
) -> Sequence[EmailTemplate]:
    query = select(EmailTemplate).where(
        EmailTemplate.workspace_id == workspace_id,
        or_(EmailTemplate.shared.is_(True), EmailTemplate.created_by == member_id),
    )
    return (await session.scalars(query.order_by(func.lower(EmailTemplate.name), EmailTemplate.id))).all()


async def get_template(session: AsyncSession, workspace_id: uuid.UUID, template_id: uuid.UUID) -> EmailTemplate | None:
    return await session.scalar(
        select(EmailTemplate).where(EmailTemplate.workspace_id == workspace_id, EmailTemplate.id == template_id)
    )


async def insert_template(session: AsyncSession, values: dict[str, object]) -> EmailTemplate:
    return await insert_row(session, EmailTemplate, values)


async def update_template(session: AsyncSession, template_id: uuid.UUID, values: dict[str, object]) -> EmailTemplate:
    return await records.update_row(session, EmailTemplate, template_id, values)


async def delete_template(session: AsyncSession, template_id: uuid.UUID) -> None:
    await session.execute(delete(EmailTemplate).where(EmailTemplate.id == template_id))
