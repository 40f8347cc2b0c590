"""Users as other domains read them (a workspace adds members by email). Apart from `auth.service`,
which itself calls the workspace service: the two modules never import each other."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth import repository
from rapport.db import set_user_scope
from rapport.models import User


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await repository.get_user(session, user_id)


async def account_by_email(session: AsyncSession, email: str) -> User | None:
    """The account with this email, found across workspaces; the transaction is then scoped to that user
    (its workspace scope unchanged), which is what lets it read the row. None when there is none."""
    user_id = await repository.user_id_by_email(session, email)
    if user_id is None:
        return None
    await set_user_scope(session, user_id)
    return await repository.get_user(session, user_id)
