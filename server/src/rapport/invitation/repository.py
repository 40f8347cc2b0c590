from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import Invitation


async def insert_invitation(session: AsyncSession, values: dict[str, object]) -> Invitation:
    row = await session.execute(insert(Invitation).values(**values).returning(Invitation))
    return row.scalar_one()


def _pending(workspace_id: uuid.UUID, now: datetime) -> list[ColumnElement[bool]]:
    return [
        Invitation.workspace_id == workspace_id,
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
        Invitation.expires_at > now,
    ]


async def list_pending(session: AsyncSession, workspace_id: uuid.UUID, now: datetime) -> Sequence[Invitation]:
    query = select(Invitation).where(*_pending(workspace_id, now)).order_by(Invitation.created_at.desc(), Invitation.id)
    return (await session.scalars(query)).all()


async def get_invitation(
    session: AsyncSession, workspace_id: uuid.UUID, invitation_id: uuid.UUID, *, for_update: bool = False
) -> Invitation | None:
    query = select(Invitation).where(Invitation.workspace_id == workspace_id, Invitation.id == invitation_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def get_by_token_hash(
    session: AsyncSession, workspace_id: uuid.UUID, token_hash: bytes, *, for_update: bool = False
) -> Invitation | None:
    query = select(Invitation).where(Invitation.workspace_id == workspace_id, Invitation.token_hash == token_hash)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def revoke_pending_for_email(session: AsyncSession, workspace_id: uuid.UUID, email: str, now: datetime) -> None:
    await session.execute(
        update(Invitation).where(*_pending(workspace_id, now), Invitation.email == email).values(revoked_at=now)
    )


async def update_invitation(session: AsyncSession, invitation_id: uuid.UUID, values: dict[str, object]) -> Invitation:
    row = await session.execute(
        update(Invitation).where(Invitation.id == invitation_id).values(**values).returning(Invitation),
        execution_options={"populate_existing": True},
    )
    return row.scalar_one()
