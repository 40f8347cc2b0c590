"""Users as other domains read them (a workspace adds members by email). Apart from `auth.service`,
which itself calls the workspace service: the two modules never import each other."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth import repository
from rapport.models import User


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await repository.get_user(session, user_id)


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    return await repository.get_user_by_email(session, email)
