"""Engines and transactions. Every transaction states whom it acts for, for row-level security.

`rapport.workspace_id` and `rapport.user_id` are set with SET LOCAL semantics (set_config(...,
true)), so they end with the transaction and never leak to the next user of a pooled connection.

System work (reads across workspaces) is not a setting: it runs on a second engine that logs in as
a member of the role `rapport_system`, which `rapport_is_system()` tests (migration 0023). The app's
login cannot turn it on, whatever SQL it runs.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Connection, event, text
from sqlalchemy import inspect as sqlalchemy_inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry
from sqlalchemy.util import await_, greenlet_spawn

from rapport.errors import is_outage
from rapport.observability import DB_POOL_IN_USE, DB_POOL_SIZE, DB_POOL_WAIT, DB_POOL_WAITS
from rapport.tracing import instrument_engine, statement_span

SYSTEM_ROLE = "rapport_system"

_SET_SCOPE = text(
    "SELECT set_config('rapport.workspace_id', :workspace_id, true), set_config('rapport.user_id', :user_id, true)"
)
# The same, with a statement timeout for the transaction (api requests): in the same round trip.
_SET_SCOPE_TIMED = text(
    "SELECT set_config('rapport.workspace_id', :workspace_id, true),"
    " set_config('rapport.user_id', :user_id, true),"
    " set_config('statement_timeout', :statement_timeout, true)"
)


class MeteredPool(AsyncAdaptedQueuePool):
    """The asyncio queue pool, counting its checkouts (rapport_db_pool_*): how many connections are in
    use, and the checkouts that found every one of them taken and waited."""

    # Its log lines under SQLAlchemy's name, where they were (the "rapport" loggers log at INFO).
    _sqla_logger_namespace = "sqlalchemy.pool.impl.MeteredPool"

    def _do_get(self) -> ConnectionPoolEntry:
        if self.checkedout() >= self.capacity:
            DB_POOL_WAITS.inc()
        started = time.perf_counter()
        try:
            entry = super()._do_get()
        finally:
            DB_POOL_WAIT.observe(time.perf_counter() - started)
        DB_POOL_IN_USE.inc()
        return entry

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        DB_POOL_IN_USE.dec()
        super()._do_return_conn(record)

    @property
    def capacity(self) -> int:
        return self.size() + max(self._max_overflow, 0)


def create_engine(
    url: str, *, pool_size: int = 10, application_name: str = "rapport", pool_timeout: float = 30.0
) -> AsyncEngine:
    """An engine whose pool holds up to `2 * pool_size` connections (`pool_size` and as many again for
    bursts, as SQLAlchemy's overflow did) and keeps every one it opened.

    No overflow: SQLAlchemy closes an overflow connection as soon as it is returned, so under a load
    that keeps more than `pool_size` requests in flight a good share of them paid for a new PostgreSQL
    backend and asyncpg's connect and prepared statements again (bench/README.md, issue 15). The pool
    still opens connections only as they are needed; an idle one is replaced after `pool_recycle`."""
    engine = create_async_engine(
        url,
        poolclass=MeteredPool,
        pool_size=2 * pool_size,
        max_overflow=0,
        # How long a checkout waits for a connection to come free before sqlalchemy's TimeoutError (the
        # api sheds load with it: errors.is_overload).
        pool_timeout=pool_timeout,
        # No pre-ping: it costs a round trip on every checkout. A connection that died with a database
        # restart is noticed by the first statement of its transaction instead (see `begin_scoped`).
        pool_pre_ping=False,
        pool_recycle=1800,
        # Errors and logs never carry statement parameters: they hold users' data (and can be huge).
        hide_parameters=True,
        # A database that is down answers at once (no socket, or "starting up"); one that hangs must
        # not hold a request for asyncpg's default minute.
        connect_args={
            "server_settings": {"application_name": application_name, "timezone": "UTC"},
            "timeout": CONNECT_TIMEOUT_SECONDS,
        },
    )
    if isinstance(engine.pool, MeteredPool):
        DB_POOL_SIZE.inc(engine.pool.capacity)
    event.listen(engine.sync_engine, "do_execute", _begin_with_scope)
    event.listen(engine.sync_engine, "before_cursor_execute", _count_statement)
    instrument_engine(engine)
    return engine


CONNECT_TIMEOUT_SECONDS = 5.0


async def begin_scoped(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    statement_timeout_ms: int | None = None,
    then: str | None = None,
) -> int | None:
    """Begins the session's transaction and points it at one workspace and user (as `set_scope` does),
    in one round trip: `BEGIN` and the `set_config` calls go to PostgreSQL as one simple-query message
    (`_begin_with_scope`), where they used to be two (asyncpg's `BEGIN`, then the prepared `set_scope`).

    `then`: one more SELECT sent in the same message, under the scope just set; its row count is
    returned (None without one). It is SQL text with its values written in, so it must be built from
    values that cannot carry SQL (canonical UUIDs, integers), never from text a client sent.

    This is the first statement of every transaction, so a pooled connection that died with a database
    restart fails here, before any work: SQLAlchemy then discards every connection the pool made before
    the failure, and the transaction starts again once on a fresh one. The request never notices, and a
    healthy pool pays nothing for it (unlike `pool_pre_ping`, a round trip per checkout).
    """
    scope = _scope_sql(workspace_id, user_id, statement_timeout_ms)
    if then is not None:
        scope = f"{scope};{then}"
    for attempt in range(2):
        await session.begin()
        try:
            connection = await session.connection()
            result = await connection.exec_driver_sql(scope, execution_options=_BEGIN_WITH_SCOPE)
            return result.rowcount if then is not None else None
        except DBAPIError as error:
            await session.rollback()
            if attempt or not error.connection_invalidated:
                raise
    raise AssertionError("not reached: the second attempt returns or raises")


# The execution option that makes `_begin_with_scope` send a statement together with BEGIN.
_BEGIN_OPTION = "rapport_begin_with_scope"
_BEGIN_WITH_SCOPE = {_BEGIN_OPTION: True, "preserve_rowcount": True}
_SELECTED = re.compile(r"SELECT (\d+)")


def _scope_sql(workspace_id: uuid.UUID | None, user_id: uuid.UUID | None, statement_timeout_ms: int | None) -> str:
    """`set_scope`'s statement with its values written in: a simple-query message carries no
    parameters. Only canonical UUIDs (re-parsed, whatever was passed) and an integer are written, so no
    text from outside reaches the SQL."""
    workspace = str(uuid.UUID(str(workspace_id))) if workspace_id else ""
    user = str(uuid.UUID(str(user_id))) if user_id else ""
    sql = (
        f"SELECT set_config('rapport.workspace_id', '{workspace}', true), set_config('rapport.user_id', '{user}', true)"
    )
    if statement_timeout_ms is not None:
        sql += f", set_config('statement_timeout', '{int(statement_timeout_ms)}', true)"
    return sql


class _Begun:
    """The transaction `_begin_with_scope` began, in the place of asyncpg's `Transaction` in SQLAlchemy's
    adapter, which only calls `commit` and `rollback` on it."""

    __slots__ = ("_connection",)

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    async def commit(self) -> None:
        await self._connection.execute("COMMIT;")

    async def rollback(self) -> None:
        await self._connection.execute("ROLLBACK;")


async def _begin_with_scope_async(adapted: Any, statement: str) -> str:
    """Sends BEGIN and `statement` in one message; the status of its last command ("SELECT 1")."""
    async with adapted._execute_mutex:
        if adapted._transaction is not None or adapted.isolation_level or adapted.readonly or adapted.deferrable:
            # Already begun, or a transaction with options of its own: asyncpg's BEGIN, then the scope.
            if adapted._transaction is None:
                await adapted._start_transaction()
            try:
                status = await adapted._connection.execute(statement)
            except Exception as error:  # translated into the DBAPI's error and raised
                adapted._handle_exception(error)
                raise  # not reached: _handle_exception raises
            return str(status)
        connection = adapted._connection
        try:
            status = await connection.execute(f"BEGIN;{statement}")
        except Exception as error:  # translated into the DBAPI's error and raised
            # BEGIN ran and the scope failed: the transaction is open (aborted) and must be rolled back.
            if not connection.is_closed() and connection.is_in_transaction():
                adapted._transaction = _Begun(connection)
            adapted._handle_exception(error)
            raise  # not reached: _handle_exception raises
        adapted._transaction = _Begun(connection)
        return str(status)


def _begin_with_scope(cursor: Any, statement: str, parameters: Any, context: Any) -> bool | None:
    """SQLAlchemy's `do_execute` hook: a statement run with `_BEGIN_OPTION` is sent after BEGIN in one
    simple-query message on the asyncpg connection, and the adapter is told the transaction has begun.
    Inside SQLAlchemy's execution, so its errors are handled as any statement's (a dead connection is
    invalidated, `DBAPIError.connection_invalidated`)."""
    if not context.execution_options.get(_BEGIN_OPTION):
        return None
    status = await_(_begin_with_scope_async(context.root_connection.connection.dbapi_connection, statement))
    selected = _SELECTED.fullmatch(status)
    cursor._rowcount = int(selected.group(1)) if selected else -1  # the adapter cursor's rowcount
    return True


async def set_scope(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID | None,
    user_id: uuid.UUID | None,
    statement_timeout_ms: int | None = None,
) -> None:
    """Points row-level security at one workspace and one user for the rest of the transaction, and
    sets its statement timeout when one is given (0 for none)."""
    scope = {
        "workspace_id": str(workspace_id) if workspace_id else "",
        "user_id": str(user_id) if user_id else "",
    }
    if statement_timeout_ms is None:
        await session.execute(_SET_SCOPE, scope)
    else:
        await session.execute(_SET_SCOPE_TIMED, {**scope, "statement_timeout": str(statement_timeout_ms)})


_SET_USER = text("SELECT set_config('rapport.user_id', :user_id, true)")


async def set_user_scope(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Points row-level security at one user, leaving the workspace in scope as it is: for reading the
    account that a lookup by email found (`users` shows a user their own row)."""
    await session.execute(_SET_USER, {"user_id": str(user_id)})


_ROLE_CHECK = text(
    "SELECT current_user AS name, r.rolsuper, r.rolbypassrls,"
    " ARRAY(SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_has_role(current_user, c.relowner, 'MEMBER')"
    "  ORDER BY c.relname LIMIT 5) AS owned,"
    " EXISTS (SELECT 1 FROM pg_roles s WHERE s.rolname = :system_role"
    "  AND pg_has_role(current_user, s.oid, 'USAGE')) AS system"
    " FROM pg_roles r WHERE r.rolname = current_user"
)


async def unsafe_role(db: Database) -> tuple[str | None, str | None]:
    """Why row-level security would not hold for the roles `db` connects as: (privileged, refused), each
    a sentence or None. A SUPERUSER or BYPASSRLS role skips every policy; the owner of a table (or a
    member of its owning role) can turn its row-level security off, which happens when migrations ran
    with the app's own URL (no RAPPORT_DATABASE_OWNER_URL). The app's login must not be a member of
    rapport_system (it would see every workspace), and the system login must be one (or system work
    would see nothing)."""
    async with db.transaction() as session:
        app = (await session.execute(_ROLE_CHECK, {"system_role": SYSTEM_ROLE})).one()
    async with db.transaction(system=True) as session:
        system = (await session.execute(_ROLE_CHECK, {"system_role": SYSTEM_ROLE})).one()
    privileged = None
    for row in (app, system):
        if row.rolsuper or row.rolbypassrls:
            privileged = f"the database role {row.name} is SUPERUSER or BYPASSRLS: row-level security would not hold"
            break
    for row in (app, system):
        if row.owned:
            return privileged, (
                f"the database role owns tables ({', '.join(row.owned)}): it could turn row-level security off."
                " Run migrations as a separate owner role (RAPPORT_DATABASE_OWNER_URL) and connect the app as"
                " a role that only has the app's grants"
            )
    if privileged is None and app.system:
        return None, (
            f"the app's database role {app.name} is a member of {SYSTEM_ROLE}: it would see every workspace."
            f" Only the system login (RAPPORT_DATABASE_SYSTEM_URL) may be a member of {SYSTEM_ROLE}"
        )
    if privileged is None and not system.system:
        return None, (
            f"the system database role {system.name} is not a member of {SYSTEM_ROLE}: system work (the outbox"
            f" relay, the sweepers) would see no workspace. Connect RAPPORT_DATABASE_SYSTEM_URL as a login in"
            f" {SYSTEM_ROLE} and the app's role"
        )
    return privileged, None


class Database:
    """The app's engine, and the system login's (`transaction(system=True)`; the same engine when none
    is given, for the owner's and the superuser's tools, which see every workspace anyway)."""

    def __init__(self, engine: AsyncEngine, system_engine: AsyncEngine | None = None) -> None:
        self.engine = engine
        self.system_engine = system_engine or engine
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
        self.system_sessionmaker = (
            async_sessionmaker(system_engine, expire_on_commit=False, autoflush=False)
            if system_engine is not None
            else self.sessionmaker
        )

    @asynccontextmanager
    async def transaction(
        self,
        *,
        workspace_id: uuid.UUID | None = None,
        user_id: uuid.UUID | None = None,
        system: bool = False,
    ) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends normally, rolls back when it raises. `system`:
        on the system login's connection, which sees across workspaces."""
        sessionmaker = self.system_sessionmaker if system else self.sessionmaker
        async with sessionmaker() as session:
            await begin_scoped(session, workspace_id=workspace_id, user_id=user_id)
            try:
                yield session
            except BaseException:
                await session.rollback()
                raise
            await session.commit()

    @asynccontextmanager
    async def read_only(
        self, *, workspace_id: uuid.UUID | None, user_id: uuid.UUID, statement_timeout_ms: int | None = None
    ) -> AsyncIterator[Any]:
        """A pooled connection's asyncpg connection, in a transaction scoped as `begin_scoped` scopes one,
        for work that reads and is answered from asyncpg directly (the compiled path): no Session and no
        SQLAlchemy execution around it. BEGIN and the scope are one round trip, the closing ROLLBACK
        another. If anything fails or the task is cancelled inside, the connection is discarded rather
        than returned in an unknown state (a statement cut short, an aborted transaction), and the error
        goes on: a connection that died with a database restart fails here and is not reused."""
        scope = _scope_sql(workspace_id, user_id, statement_timeout_ms)
        raw = await self._begin_read(scope)
        try:
            adapted: Any = raw.dbapi_connection
            yield raw.driver_connection
            transaction, adapted._transaction = adapted._transaction, None
            if transaction is not None:
                await transaction.rollback()
        except BaseException:
            await greenlet_spawn(raw.invalidate)
            raise
        finally:
            await greenlet_spawn(raw.close)

    async def _begin_read(self, scope: str) -> Any:
        """A pooled connection with its transaction begun and scoped. As in `begin_scoped`, a connection
        that died with a database restart is dropped together with every one the pool made before it,
        and the transaction begins once more on a fresh one."""
        for attempt in range(2):
            raw = await self.engine.raw_connection()
            adapted: Any = raw.dbapi_connection
            try:
                with statement_span(self.engine.url.database or "", scope):
                    await _begin_with_scope_async(adapted, scope)
            except BaseException as error:
                disconnected = isinstance(error, Exception) and self.engine.dialect.is_disconnect(
                    cast(Any, error), adapted, None
                )
                if disconnected:
                    await greenlet_spawn(self.engine.pool._invalidate, raw, error)
                else:
                    await greenlet_spawn(raw.invalidate)
                await greenlet_spawn(raw.close)
                if attempt or not disconnected:
                    raise
                continue
            return raw
        raise AssertionError("not reached: the second attempt returns or raises")

    async def dispose(self) -> None:
        for engine in {self.engine, self.system_engine}:
            if isinstance(engine.pool, MeteredPool):
                DB_POOL_SIZE.dec(engine.pool.capacity)
            await engine.dispose()


def open_database(
    app_url: str,
    system_url: str,
    *,
    pool_size: int,
    system_pool_size: int = 2,
    application_name: str = "rapport",
    pool_timeout: float = 30.0,
) -> Database:
    """The app's engine and a small one for system work (it is light: the relay, sweepers, watches)."""
    return Database(
        create_engine(app_url, pool_size=pool_size, application_name=application_name, pool_timeout=pool_timeout),
        create_engine(
            system_url,
            pool_size=system_pool_size,
            application_name=f"{application_name}-system",
            pool_timeout=pool_timeout,
        ),
    )


# Where a connection keeps the StatementCounter attached to it (Connection.info lives with the DBAPI
# connection, so `detach` takes it off before the connection goes back to the pool).
_COUNTER = "rapport_statement_counter"


def _count_statement(connection: Connection, *_: object) -> None:
    counter = connection.info.get(_COUNTER)
    if counter is not None:
        counter.count += 1


class StatementCounter:
    """Counts the SQL statements a session runs while attached (for Server-Timing and metrics). One
    listener on the engine counts for whichever counter its connection holds: listening on each request's
    connection and removing the listener after cost a request ~0.15 ms of CPU."""

    def __init__(self) -> None:
        self.count = 0
        self._info: dict[Any, Any] | None = None

    async def attach(self, session: AsyncSession, *, already: int = 0) -> None:
        self.count = already
        connection = (await session.connection()).sync_connection
        assert connection is not None
        # The DBAPI connection's own dict, held here: the Connection may be closed by the time of `detach`.
        self._info = connection.info
        self._info[_COUNTER] = self

    def detach(self) -> None:
        if self._info is not None:
            if self._info.get(_COUNTER) is self:
                del self._info[_COUNTER]
            self._info = None


# A bind parameter of a statement written for `text()`: `:name`, whole; not `::type` nor a colon inside a
# word, nor a name followed by one colon (`:a:`). A name followed by a cast (`:name::uuid`) is a name: the
# old pattern gave up on it (`:a::uuid` stayed as written) or took a shorter name (`:session_i`).
_NAMED_PARAMETER = re.compile(r"(?<![:\w\\]):(\w+)(?!\w)(?!:(?!:))")


@dataclass(frozen=True, slots=True)
class DriverStatement:
    """A statement written with `text()`'s named parameters, as asyncpg takes it: numbered ones."""

    sql: str
    names: tuple[str, ...]

    def arguments(self, parameters: Mapping[str, Any]) -> list[Any]:
        return [parameters[name] for name in self.names]


@lru_cache(maxsize=2_048)
def driver_statement(statement: str) -> DriverStatement:
    """`statement` (`:name` parameters) for asyncpg (`$1`, `$2`...), made once per process: the callers
    build few distinct statements (they depend on the number of words and the kinds asked)."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return DriverStatement(_NAMED_PARAMETER.sub(number, statement), tuple(names))


@lru_cache(maxsize=256)
def _prefixed(statement: str, prefix: str) -> str:
    return _NAMED_PARAMETER.sub(lambda match: f":{prefix}{match.group(1)}", statement)


def prefixed(statement: str, parameters: Mapping[str, Any], prefix: str) -> tuple[str, dict[str, Any]]:
    """A statement written with `text()`'s named parameters, and its parameters, each name prefixed: to be
    sent inside another statement without meeting its names."""
    return _prefixed(statement, prefix), {f"{prefix}{name}": value for name, value in parameters.items()}


async def fetch_on_driver(session: AsyncSession, statement: str, parameters: Mapping[str, Any]) -> list[Any]:
    """The rows of a read-only statement run on the session's asyncpg connection, in its transaction,
    without SQLAlchemy's execution around it (~0.15 ms of CPU a statement: the greenlet, the cursor, the
    result), for the hot reads of search. The statement is counted and traced as the engine's are
    (`before_cursor_execute` listeners: StatementCounter, tests; a span of its own), and holds the adapter's
    lock as SQLAlchemy's statements do, so resolvers running side by side still take turns on the
    connection. The rows are asyncpg Records (indexable, and by column name). A connection found dead is
    dropped from the session, as SQLAlchemy drops one that fails its statement that way."""
    return cast(list[Any], await _on_driver(session, statement, parameters, _fetch))


async def _fetch(connection: Any, sql: str, arguments: Sequence[Any]) -> Any:
    return await connection.fetch(sql, *arguments)


async def _fetch_typed(connection: Any, sql: str, arguments: Sequence[Any]) -> Any:
    """The rows and the type OIDs of their columns (a statement prepared apart, outside asyncpg's cache)."""
    prepared = await connection.prepare(sql)
    return await prepared.fetch(*arguments), tuple(attribute.type.oid for attribute in prepared.get_attributes())


async def _on_driver(
    session: AsyncSession,
    statement: str,
    parameters: Mapping[str, Any],
    run: Callable[[Any, str, Sequence[Any]], Awaitable[Any]],
) -> Any:
    """fetch_on_driver's way of running a statement, with `run` sending it on the asyncpg connection."""
    prepared = driver_statement(statement)
    arguments = prepared.arguments(parameters)
    connection = await session.connection()
    adapted: Any = (await connection.get_raw_connection()).dbapi_connection
    sync = connection.sync_connection
    assert sync is not None
    if sync.dispatch.before_cursor_execute:
        sync.dispatch.before_cursor_execute(sync, None, statement, parameters, None, False)
    try:
        with statement_span(connection.engine.url.database or "", prepared.sql):
            async with adapted._execute_mutex:
                if adapted._transaction is None:
                    # Begun lazily, at the first statement, as the adapter does for its own statements.
                    await adapted._start_transaction()
                return await run(adapted._connection, prepared.sql, arguments)
    except Exception as error:
        if is_outage(error):
            await connection.invalidate()
        raise


@dataclass(frozen=True, slots=True)
class _Loaded:
    """What the ORM loads of a mapped class (see `instances_on_driver`)."""

    manager: Any  # the class's ClassManager: makes an instance without calling __init__
    keys: tuple[str, ...]  # the attributes of the columns read, in `loaded_columns`' order
    columns: tuple[str, ...]  # their columns' names
    types: tuple[Any, ...]  # their columns' types, for their result processors
    identity: tuple[str, ...]  # the attributes of the primary key


@lru_cache(maxsize=64)
def _loaded(model: type) -> _Loaded:
    mapper: Any = sqlalchemy_inspect(model)
    # A deferred column (a search vector) is not read, as the ORM does not read it.
    read = [prop for prop in mapper.column_attrs if not prop.deferred]
    if any(len(prop.columns) != 1 for prop in read):
        raise ValueError(f"{model.__name__}: an attribute of several columns is not read by instances_on_driver")
    return _Loaded(
        manager=mapper.class_manager,
        keys=tuple(prop.key for prop in read),
        columns=tuple(prop.columns[0].name for prop in read),
        types=tuple(prop.columns[0].type for prop in read),
        identity=tuple(mapper.get_property_by_column(column).key for column in mapper.primary_key),
    )


@lru_cache(maxsize=64)
def loaded_columns(model: type, alias: str) -> str:
    """The columns the ORM loads of `model` (`alias.column, ...`): what a statement for
    `instances_on_driver` selects first."""
    return ", ".join(f"{alias}.{column}" for column in _loaded(model).columns)


# The result processors of each model's columns (None: the driver's value as it is), once the types of its
# columns are known (the first statement `instances_on_driver` ran for it in the process).
_processors: dict[type, tuple[Callable[[Any], Any] | None, ...]] = {}


async def instances_on_driver(
    session: AsyncSession, model: type, statement: str, parameters: Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    """The rows of `statement` (SQL text with `:name` parameters, run by fetch_on_driver) whose first
    columns are `loaded_columns(model, ...)`: each as an instance of `model` as the ORM's loading makes
    it, then the statement's further columns as they come. ~0.4 ms of CPU less for a page of search hits
    than `session.scalars(select(model) ...)`, the ORM's execution and loading (bench/README.md, "The
    hits' rows without the ORM"); and a statement may read more than the rows (their snippets) in the
    same round trip.

    The values pass through the columns' result processors as the ORM's do (an enum's text becomes its
    member), and fill the instances' attributes as loading does. The instances are made without
    `__init__` and belong to no session (detached, with their identity), which is all a read answering
    GraphQL needs: the models have no relationships, so every attribute the ORM would load is there, and
    a deferred column (a search vector) raises when read, as on an instance the session let go."""
    loaded = _loaded(model)
    processors = _processors.get(model)
    if processors is None:
        rows, oids = await _on_driver(session, statement, parameters, _fetch_typed)
        dialect = session.get_bind().dialect
        processors = _processors[model] = tuple(
            kind.dialect_impl(dialect).result_processor(dialect, oid)
            for kind, oid in zip(loaded.types, oids[: len(loaded.types)], strict=True)
        )
    else:
        rows = await _on_driver(session, statement, parameters, _fetch)
    new, keys, cls, width = loaded.manager.new_instance, loaded.keys, loaded.manager.class_, len(loaded.keys)
    found = []
    for row in rows:
        instance = new()
        values = instance.__dict__
        for key, process, value in zip(keys, processors, row[:width], strict=True):
            values[key] = value if process is None or value is None else process(value)
        # Its identity, as a loaded instance has it (detached, not transient): so a deferred attribute
        # raises when read, as it does on the ORM's.
        instance_state(instance).key = (cls, tuple(values[key] for key in loaded.identity), None)
        found.append((instance, *row[width:]))
    return found
