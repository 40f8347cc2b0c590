"""Engines and transactions. Every transaction states whom it acts for, for row-level security.

`rapport.workspace_id` and `rapport.user_id` are set with SET LOCAL semantics (set_config(...,
true)), so they end with the transaction and never leak to the next user of a pooled connection.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import Connection, event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

_SET_SCOPE = text(
    "SELECT set_config('rapport.workspace_id', :workspace_id, true),"
    " set_config('rapport.user_id', :user_id, true),"
    " set_config('rapport.system', :system, true)"
)


def create_engine(url: str, *, pool_size: int = 10, application_name: str = "rapport") -> AsyncEngine:
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # No pre-ping: it costs two round trips (BEGIN; ROLLBACK) on every checkout. A connection
        # that died with a database restart fails its one request and is then discarded by the pool.
        pool_pre_ping=False,
        pool_recycle=1800,
        connect_args={"server_settings": {"application_name": application_name, "timezone": "UTC"}},
    )


async def set_scope(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID | None,
    user_id: uuid.UUID | None,
    system: bool = False,
) -> None:
    """Points row-level security at one workspace and one user for the rest of the transaction."""
    await session.execute(
        _SET_SCOPE,
        {
            "workspace_id": str(workspace_id) if workspace_id else "",
            "user_id": str(user_id) if user_id else "",
            "system": "on" if system else "",
        },
    )


class Database:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)

    @asynccontextmanager
    async def transaction(
        self,
        *,
        workspace_id: uuid.UUID | None = None,
        user_id: uuid.UUID | None = None,
        system: bool = False,
    ) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends normally, rolls back when it raises."""
        async with self.sessionmaker() as session, session.begin():
            await set_scope(session, workspace_id=workspace_id, user_id=user_id, system=system)
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()


class StatementCounter:
    """Counts the SQL statements a session runs while attached (for Server-Timing and metrics)."""

    def __init__(self) -> None:
        self.count = 0
        self._connection: Connection | None = None

    def _count(self, *_: object) -> None:
        self.count += 1

    async def attach(self, session: AsyncSession) -> None:
        self._connection = (await session.connection()).sync_connection
        assert self._connection is not None
        event.listen(self._connection, "before_cursor_execute", self._count)

    def detach(self) -> None:
        if self._connection is not None:
            event.remove(self._connection, "before_cursor_execute", self._count)
            self._connection = None
