"""The typed context of one GraphQL request: its transaction, its principal and its DataLoaders."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

from graphql import FieldNode, OperationType
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from rapport.auth import repository as auth_repository
from rapport.auth.actor import Actor
from rapport.auth.membership import SIGNED_OUT, acting_actor
from rapport.auth.tokens import AccessClaims
from rapport.config import Settings
from rapport.db import Database, StatementCounter, begin_scoped
from rapport.errors import (
    OUTAGE_MESSAGE,
    OVERLOAD_MESSAGE,
    AppError,
    BadUserInput,
    Forbidden,
    Overloaded,
    ServiceUnavailable,
    Unauthenticated,
)
from rapport.graphql.loaders import Loaders


class Context(BaseContext):
    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        claims: AccessClaims | None,
        auth_error: AppError | None,
        request_id: str,
        actor: Actor | None = None,
        transactional: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.db = db
        self.claims = claims
        self.auth_error = auth_error
        self.request_id = request_id
        self._session: AsyncSession | None = None
        self._statements: StatementCounter | None = None
        # Set when the request's transaction could not begin because the database is unreachable.
        self.unavailable = False
        # ... and that was the pool's wait passing its timeout (load shedding), not an outage.
        self.overloaded = False
        # Known already (a subscription socket checked the membership when it connected).
        self._actor: Actor | None = actor
        # False: the operation needs no database (a subscription's subscribe-time check), so
        # RequestTransaction opens no transaction for it.
        self.transactional = transactional
        self._loaders: Loaders | None = None
        self._resolvers: set[asyncio.Future[Any]] = set()
        # Whether the token's session was still signed in when the transaction began (checked in the
        # same round trip as BEGIN: `session_check`), or None when not known.
        self._session_live: bool | None = None

    @property
    def session(self) -> AsyncSession:
        """The request's transaction, opened by the RequestTransaction extension."""
        if self._session is None:
            if self.unavailable:
                raise Overloaded(OVERLOAD_MESSAGE) if self.overloaded else ServiceUnavailable(OUTAGE_MESSAGE)
            raise RuntimeError("no transaction: the RequestTransaction extension is not installed")
        return self._session

    def bind_session(self, session: AsyncSession | None, statements: StatementCounter | None = None) -> None:
        self._session = session
        self._statements = statements
        self._loaders = None
        self._session_live = None

    def session_check(self) -> str | None:
        """The statement that tells whether the token's session is still signed in, for
        `begin_scoped(then=...)`; None when the token has no session (an API key, none, or no token)."""
        claims = self.claims
        if claims is None or claims.session_id is None or claims.api_key_id is not None:
            return None
        return auth_repository.session_is_live_sql(claims.session_id, claims.user_id)

    def session_checked(self, rows: int | None) -> None:
        """The answer of `session_check` (its row count), sent with BEGIN: `require_person` takes it
        instead of asking again. Call after `bind_session`."""
        self._session_live = None if rows is None else rows > 0

    def forget_session_check(self) -> None:
        """A mutation's resolvers may sign the session out (`signOut`, a password change) in this very
        transaction: from then on the session is asked of the database again."""
        self._session_live = None

    @asynccontextmanager
    async def transaction_released(self, info: Info) -> AsyncIterator[None]:
        """Ends the request's transaction for slow network work (a mail server tried out) and begins a
        fresh one after it, so the work holds no pooled connection that other requests wait for.

        Only the operation's single root field may do this: the transaction ends by rolling back, and
        another field's writes would be lost with it. What was read before is read again after (the
        actor's role included): it may have changed meanwhile."""
        operation = info.operation
        fields = operation.selection_set.selections
        if (
            operation.operation is not OperationType.MUTATION
            or len(fields) != 1
            or not isinstance(fields[0], FieldNode)
        ):
            raise BadUserInput(f"{info.field_name} must be the only field of its mutation.")
        session = self.session
        statements = self._statements
        count = statements.count if statements is not None else 0
        if statements is not None:
            statements.detach()
        await session.rollback()
        self._actor = None
        self._loaders = None
        try:
            yield
        finally:
            claims = self.claims
            await begin_scoped(
                session,
                workspace_id=claims.workspace_id if claims else None,
                user_id=claims.user_id if claims else None,
                statement_timeout_ms=self.settings.statement_timeout_ms,
            )
            if statements is not None:
                await statements.attach(session, already=count + 1)

    def run_to_completion(self, resolver: Awaitable[Any]) -> Awaitable[Any]:
        """Runs an async resolver as a task that a cancellation from outside does not interrupt.

        When a field fails, graphql-core cancels its pending siblings (or leaves them to settle in the
        background) and the operation ends. A sibling cancelled in the middle of a query leaves the
        connection in an unknown protocol state, and one still running when the transaction closes
        uses a closed connection: both answered INTERNAL_SERVER_ERROR for the field that was fine.
        So each resolver finishes its statement, and `settle` waits for all of them before the
        transaction ends."""
        task = asyncio.ensure_future(resolver)
        self._resolvers.add(task)
        task.add_done_callback(_forget(self._resolvers))
        return asyncio.shield(task)

    async def settle(self) -> None:
        """Waits for every resolver still running (their results are no longer wanted)."""
        while self._resolvers:
            await asyncio.gather(*self._resolvers, return_exceptions=True)

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
        self.require_user_id()
        assert self.claims is not None
        self._actor = await acting_actor(self.session, self.claims)
        return self._actor

    async def require_person(self) -> uuid.UUID:
        """The signed-in person, whose session is still signed in: account fields (the profile, MFA,
        the password) are theirs alone, never an API key's."""
        user_id = self.require_user_id()
        assert self.claims is not None
        if self.claims.api_key_id is not None:
            raise Forbidden("API keys act on a workspace's data only; this needs a signed-in person.")
        live = self._session_live
        if live is None:
            live = self.claims.session_id is not None and await auth_repository.session_is_live(
                self.session, self.claims.session_id, user_id
            )
        if not live:
            raise Unauthenticated(SIGNED_OUT)
        return user_id


def _forget(running: set[asyncio.Future[Any]]) -> Any:
    def done(task: asyncio.Future[Any]) -> None:
        running.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: a resolver whose answer nobody awaits is not an unhandled error

    return done


Info = StrawberryInfo[Context, None]
