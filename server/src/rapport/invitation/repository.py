from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit.rows import in_workspace, insert_row, one_row
from rapport.models import Invitation


async def insert_invitation(session: AsyncSession, values: dict[str, object]) -> Invitation:
    return await insert_row(session, Invitation, values)


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
    return await in_workspace(session, Invitation, workspace_id, invitation_id, for_update=for_update)


async def get_by_token_hash(
    session: AsyncSession, workspace_id: uuid.UUID, token_hash: bytes, *, for_update: bool = False
) -> Invitation | None:
    return await one_row(
        session,
        Invitation,
        Invitation.workspace_id == workspace_id,
        Invitation.token_hash == token_hash,
        for_update=for_update,
    )


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
