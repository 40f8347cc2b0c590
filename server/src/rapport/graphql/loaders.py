"""Per-request DataLoaders: related records load in one query per type, never one per row."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from rapport.auth import repository as user_repository
from rapport.models import User, WorkspaceMember
from rapport.workspace import repository as workspace_repository


class Loaders:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.user = DataLoader(self._load_users)
        self._members: dict[uuid.UUID, DataLoader[uuid.UUID, WorkspaceMember | None]] = {}

    def member_by_user(self, workspace_id: uuid.UUID) -> DataLoader[uuid.UUID, WorkspaceMember | None]:
        if workspace_id not in self._members:

            async def load(user_ids: Sequence[uuid.UUID]) -> list[WorkspaceMember | None]:
                rows = await workspace_repository.list_members_by_user(self.session, workspace_id, user_ids)
                by_user = {row.user_id: row for row in rows}
                return [by_user.get(user_id) for user_id in user_ids]

            self._members[workspace_id] = DataLoader(load)
        return self._members[workspace_id]

    async def _load_users(self, ids: Sequence[uuid.UUID]) -> list[User | None]:
        rows = await user_repository.list_users(self.session, list(ids))
        by_id = {row.id: row for row in rows}
        return [by_id.get(user_id) for user_id in ids]
