from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import RefreshToken, User


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == email.lower()))


async def list_users(session: AsyncSession, user_ids: list[uuid.UUID]) -> list[User]:
    return list((await session.scalars(select(User).where(User.id.in_(user_ids)))).all())


async def insert_user(session: AsyncSession, values: dict[str, object]) -> User:
    row = await session.execute(insert(User).values(**values).returning(User))
    return row.scalar_one()


async def set_last_workspace(session: AsyncSession, user_id: uuid.UUID, workspace_id: uuid.UUID | None) -> None:
    await session.execute(update(User).where(User.id == user_id).values(last_workspace_id=workspace_id))


async def set_name(session: AsyncSession, user_id: uuid.UUID, name: str) -> User | None:
    row = await session.execute(
        update(User).where(User.id == user_id).values(name=name).returning(User),
        execution_options={"populate_existing": True},
    )
    return row.scalar_one_or_none()


async def set_password_hash(session: AsyncSession, user_id: uuid.UUID, password_hash: str) -> None:
    await session.execute(update(User).where(User.id == user_id).values(password_hash=password_hash))


async def insert_refresh_token(session: AsyncSession, values: dict[str, object]) -> None:
    await session.execute(insert(RefreshToken).values(**values))


async def consume_refresh_token(session: AsyncSession, token_hash: bytes) -> RefreshToken | None:
    """Marks a live token used and returns it; None when it is unknown, used, revoked or expired.

    The conditional UPDATE is the lock: of two concurrent refreshes with one token, exactly one
    gets the row back.
    """
    row = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.token_hash == token_hash,
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > func.now(),
        )
        .values(used_at=func.now())
        .returning(RefreshToken)
    )
    return row.scalar_one_or_none()


async def get_refresh_token(session: AsyncSession, token_hash: bytes) -> RefreshToken | None:
    return await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))


async def revoke_family(session: AsyncSession, family_id: uuid.UUID, at: datetime) -> int:
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def insert_user_unless_email_taken(session: AsyncSession, values: dict[str, object]) -> User | None:
    """None when the email is taken, also when a concurrent sign-up took it a moment ago."""
    statement = pg_insert(User).values(**values).on_conflict_do_nothing(index_elements=[User.email]).returning(User)
    return (await session.execute(statement)).scalar_one_or_none()
