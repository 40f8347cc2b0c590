"""The typed context of one GraphQL request: its transaction, its principal and its DataLoaders."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from rapport.auth.actor import Actor
from rapport.auth.tokens import AccessClaims
from rapport.config import Settings
from rapport.db import Database
from rapport.errors import OUTAGE_MESSAGE, AppError, Forbidden, ServiceUnavailable, Unauthenticated
from rapport.graphql.loaders import Loaders
from rapport.workspace import repository as workspace_repository


class Context(BaseContext):
    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        claims: AccessClaims | None,
        auth_error: AppError | None,
        request_id: str,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.db = db
        self.claims = claims
        self.auth_error = auth_error
        self.request_id = request_id
        self._session: AsyncSession | None = None
        # Set when the request's transaction could not begin because the database is unreachable.
        self.unavailable = False
        self._actor: Actor | None = None
        self._loaders: Loaders | None = None

    @property
    def session(self) -> AsyncSession:
        """The request's transaction, opened by the RequestTransaction extension."""
        if self._session is None:
            if self.unavailable:
                raise ServiceUnavailable(OUTAGE_MESSAGE)
            raise RuntimeError("no transaction: the RequestTransaction extension is not installed")
        return self._session

    def bind_session(self, session: AsyncSession | None) -> None:
        self._session = session
        self._loaders = None

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            self._loaders = Loaders(self.session, self.claims.workspace_id if self.claims else None)
        return self._loaders

    def require_user_id(self) -> uuid.UUID:
        """The signed-in user, whether or not a workspace is chosen."""
        if self.auth_error is not None:
            raise self.auth_error
        if self.claims is None:
            raise Unauthenticated("Sign in first: this needs an access token (Authorization: Bearer …).")
        return self.claims.user_id

    async def actor(self) -> Actor:
        """The member acting in the token's workspace, with the role the database holds now."""
        if self._actor is not None:
            return self._actor
        user_id = self.require_user_id()
        assert self.claims is not None
        workspace_id = self.claims.workspace_id
        if workspace_id is None:
            raise Forbidden("Create or switch to a workspace first.")
        member = await workspace_repository.get_membership(self.session, workspace_id, user_id)
        if member is None:
            raise Forbidden("You are not a member of this workspace any more.")
        self._actor = Actor(user_id=user_id, workspace_id=workspace_id, member_id=member.id, role=member.role)
        return self._actor


Info = StrawberryInfo[Context, None]
