from __future__ import annotations

import uuid

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import UserIdentity


async def get_identity(session: AsyncSession, provider: str, subject: str) -> UserIdentity | None:
    return await session.scalar(
        select(UserIdentity).where(UserIdentity.provider == provider, UserIdentity.subject == subject)
    )


async def insert_identity_unless_linked(session: AsyncSession, values: dict[str, object]) -> UserIdentity | None:
    """None when (provider, subject) is linked already, also by a concurrent sign-in a moment ago."""
    statement = (
        pg_insert(UserIdentity)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[UserIdentity.provider, UserIdentity.subject])
        .returning(UserIdentity)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def touch_identity(session: AsyncSession, identity_id: uuid.UUID) -> None:
    await session.execute(update(UserIdentity).where(UserIdentity.id == identity_id).values(last_sign_in_at=func.now()))


async def list_identities_of_user(session: AsyncSession, user_id: uuid.UUID) -> list[UserIdentity]:
    rows = await session.scalars(
        select(UserIdentity).where(UserIdentity.user_id == user_id).order_by(UserIdentity.created_at)
    )
    return list(rows.all())
