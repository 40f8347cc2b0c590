"""db.begin_scoped: BEGIN and the row-level security scope in one round trip, with the same guarantees as
two: the scope holds for the whole transaction and ends with it, a failed start leaves the connection
usable, and a connection that died with a database restart is replaced without the caller noticing."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.db import Database, StatementCounter, begin_scoped, create_engine, driver_statement, fetch_on_driver
from tests.conftest import Servers

SCOPE = text(
    "SELECT current_setting('rapport.workspace_id', true), current_setting('rapport.user_id', true),"
    " current_setting('statement_timeout'), pg_backend_pid()"
)


@pytest.fixture
async def one_connection(servers: Servers) -> AsyncIterator[Database]:
    """The app's login with a pool of size 1: consecutive transactions reuse the same connection."""
    db = Database(create_engine(servers.database_url, pool_size=1))
    yield db
    await db.dispose()


async def scope_of(session: AsyncSession) -> tuple[str, str, str, int]:
    row = (await session.execute(SCOPE)).one()
    return row[0], row[1], row[2], row[3]


class RoundTrips:
    """Counts what the asyncpg connection sends: simple queries (`execute` without arguments) and
    extended-protocol statements (prepared and run)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sent: list[str] = []
        execute = asyncpg.Connection.execute
        prepare = asyncpg.Connection.prepare

        async def counted_execute(connection: Any, query: str, *args: Any, **kwargs: Any) -> Any:
            self.sent.append(query)
            return await execute(connection, query, *args, **kwargs)

        async def counted_prepare(connection: Any, query: str, *args: Any, **kwargs: Any) -> Any:
            self.sent.append(f"prepare: {query}")
            return await prepare(connection, query, *args, **kwargs)

        monkeypatch.setattr(asyncpg.Connection, "execute", counted_execute)
        monkeypatch.setattr(asyncpg.Connection, "prepare", counted_prepare)


async def test_begin_and_the_scope_are_one_round_trip_and_hold_for_the_transaction(
    one_connection: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace_id, user_id = uuid.uuid4(), uuid.uuid4()
    async with one_connection.sessionmaker() as session:
        await begin_scoped(session)  # the connection is made (and its type introspection done) here
        await session.commit()
        trips = RoundTrips(monkeypatch)
        await begin_scoped(session, workspace_id=workspace_id, user_id=user_id, statement_timeout_ms=1234)
        assert len(trips.sent) == 1
        assert trips.sent[0].startswith("BEGIN;SELECT set_config('rapport.workspace_id', ")
        # a later statement runs in the same transaction: the settings made with is_local are still there
        assert (await scope_of(session))[:3] == (str(workspace_id), str(user_id), "1234ms")
        await session.commit()
        assert trips.sent[-1] == "COMMIT;"

        # the scope ended with the transaction, on the same connection
        await begin_scoped(session)
        workspace, user, _timeout, _pid = await scope_of(session)
        assert (workspace, user) == ("", "")
        await session.rollback()
        assert trips.sent[-1] == "ROLLBACK;"


async def test_a_rolled_back_transaction_leaves_nothing_and_a_committed_one_stays(
    one_connection: Database, superuser_db: Database
) -> None:
    # the app role can create a temporary table: what it writes lives or dies with the transaction
    async with one_connection.sessionmaker() as session:
        await begin_scoped(session)
        await session.execute(text("CREATE TEMP TABLE IF NOT EXISTS scoped_probe (n int)"))
        await session.commit()
        await begin_scoped(session)
        await session.execute(text("INSERT INTO scoped_probe VALUES (1)"))
        await session.rollback()
        await begin_scoped(session)
        await session.execute(text("INSERT INTO scoped_probe VALUES (2)"))
        await session.commit()
        await begin_scoped(session)
        assert list((await session.execute(text("SELECT n FROM scoped_probe"))).scalars()) == [2]
        await session.execute(text("DROP TABLE scoped_probe"))
        await session.commit()


async def test_a_scope_that_fails_leaves_the_connection_usable(one_connection: Database) -> None:
    async with one_connection.sessionmaker() as session:
        with pytest.raises(DBAPIError) as refused:
            await begin_scoped(session, statement_timeout_ms=-5)  # outside statement_timeout's range
        assert "statement_timeout" in str(refused.value)
        await session.rollback()
        await begin_scoped(session, workspace_id=uuid.UUID(int=7))
        assert (await scope_of(session))[0] == str(uuid.UUID(int=7))
        await session.commit()


async def test_only_canonical_uuids_reach_the_scope(one_connection: Database) -> None:
    async with one_connection.sessionmaker() as session:
        with pytest.raises(ValueError, match=r"(badly formed hexadecimal UUID string|invalid literal)"):
            await begin_scoped(session, workspace_id="x', true); DROP TABLE contacts; --")  # type: ignore[arg-type]


async def test_a_connection_that_died_is_replaced_without_the_caller_noticing(
    one_connection: Database, superuser_db: Database
) -> None:
    async with one_connection.sessionmaker() as session:
        await begin_scoped(session)
        dead = (await scope_of(session))[3]
        await session.commit()
    async with superuser_db.transaction() as admin:
        await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dead})
    async with one_connection.sessionmaker() as session:
        await begin_scoped(session, workspace_id=uuid.UUID(int=9))
        workspace, _user, _timeout, pid = await scope_of(session)
        assert (workspace, pid != dead) == (str(uuid.UUID(int=9)), True)
        await session.commit()


async def test_row_level_security_reads_the_scope_set_with_begin(app_db: Database) -> None:
    # A workspace nobody is in: the app role sees none of its rows, and none of any other workspace.
    async with app_db.sessionmaker() as session:
        await begin_scoped(session, workspace_id=uuid.uuid4(), user_id=uuid.uuid4())
        assert (await session.execute(text("SELECT count(*) FROM contacts"))).scalar_one() == 0
        await session.rollback()


async def test_a_statement_sent_with_begin_gives_its_row_count(
    one_connection: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with one_connection.sessionmaker() as session:
        await begin_scoped(session)
        await session.commit()
        trips = RoundTrips(monkeypatch)
        user_id = uuid.uuid4()
        seen = await begin_scoped(
            session, user_id=user_id, then=f"SELECT 1 WHERE current_setting('rapport.user_id') = '{user_id}'"
        )
        assert (seen, len(trips.sent)) == (1, 1)  # it ran under the scope just set, in the same message
        await session.commit()
        assert await begin_scoped(session, then="SELECT 1 WHERE false") == 0
        assert await scope_of(session)  # the transaction goes on after it
        await session.rollback()
        assert await begin_scoped(session) is None
        await session.rollback()


async def test_a_transaction_cancelled_mid_statement_stays_cancelled_and_leaves_the_pool_sound(
    one_connection: Database,
) -> None:
    # A subscription's task is cancelled when its socket goes, possibly while its statement runs. The task
    # must end cancelled (not with "another operation is in progress" from a rollback on the busy
    # connection), and the pool's one connection must serve the next transaction.
    started = asyncio.Event()

    async def sleeper() -> None:
        async with one_connection.transaction() as session:
            started.set()
            await session.execute(text("SELECT pg_sleep(30)"))

    for _ in range(3):
        started.clear()
        task = asyncio.create_task(sleeper())
        await started.wait()
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with asyncio.timeout(10):
            async with one_connection.transaction(workspace_id=uuid.UUID(int=3)) as session:
                assert (await scope_of(session))[0] == str(uuid.UUID(int=3))
    assert one_connection.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_a_read_on_the_raw_connection_is_scoped_and_ends_with_a_rollback(
    one_connection: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Database.read_only (the compiled path): BEGIN with the scope in one message, the caller's statement,
    # ROLLBACK; the scope ends with it and the pool's one connection serves the next transaction.
    async with one_connection.read_only(workspace_id=uuid.UUID(int=1), user_id=uuid.UUID(int=2)):
        pass  # the pool's connection opened (and the dialect's first statements sent)
    trips = RoundTrips(monkeypatch)
    async with one_connection.read_only(
        workspace_id=uuid.UUID(int=5), user_id=uuid.UUID(int=6), statement_timeout_ms=1234
    ) as connection:
        row = await connection.fetchrow(SCOPE.text)
        assert tuple(row)[:3] == (str(uuid.UUID(int=5)), str(uuid.UUID(int=6)), "1234ms")
    # (the caller's statement goes through asyncpg's statement cache, which RoundTrips does not see)
    assert [sent.split(";")[0] for sent in trips.sent] == ["BEGIN", "ROLLBACK"]
    async with one_connection.sessionmaker() as session:
        await begin_scoped(session)
        assert (await scope_of(session))[:2] == ("", "")
        await session.rollback()
    assert one_connection.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_a_read_on_a_connection_that_died_begins_again_on_a_fresh_one(
    one_connection: Database, superuser_db: Database
) -> None:
    async with one_connection.read_only(workspace_id=uuid.UUID(int=1), user_id=uuid.UUID(int=2)) as connection:
        dead = await connection.fetchval("SELECT pg_backend_pid()")
    async with superuser_db.transaction() as admin:
        await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dead})
    async with one_connection.read_only(workspace_id=uuid.UUID(int=9), user_id=uuid.UUID(int=2)) as connection:
        row = await connection.fetchrow(SCOPE.text)
        assert (row[0], row[3] != dead) == (str(uuid.UUID(int=9)), True)


async def test_a_read_that_fails_or_is_cancelled_discards_its_connection(one_connection: Database) -> None:
    async def failing() -> None:
        async with one_connection.read_only(workspace_id=uuid.UUID(int=1), user_id=uuid.UUID(int=2)) as connection:
            await connection.fetchval("SELECT 1/0")

    with pytest.raises(asyncpg.DivisionByZeroError):
        await failing()
    started = asyncio.Event()

    async def sleeper() -> None:
        async with one_connection.read_only(workspace_id=uuid.UUID(int=1), user_id=uuid.UUID(int=2)) as connection:
            started.set()
            await connection.fetchval("SELECT pg_sleep(30)")

    task = asyncio.create_task(sleeper())
    await started.wait()
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with asyncio.timeout(10):
        async with one_connection.read_only(workspace_id=uuid.UUID(int=3), user_id=uuid.UUID(int=2)) as connection:
            assert (await connection.fetchrow(SCOPE.text))[0] == str(uuid.UUID(int=3))
    assert one_connection.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_a_statement_on_the_driver_runs_in_the_sessions_transaction_and_is_counted(
    one_connection: Database,
) -> None:
    workspace_id = uuid.uuid4()
    counter = StatementCounter()
    async with one_connection.sessionmaker() as session:
        # First statement of the session: the transaction is begun for it, as for the engine's own.
        first = await fetch_on_driver(session, "SELECT txid_current() AS txid, CAST(:n AS int) + 1 AS n", {"n": 1})
        await counter.attach(session)
        await session.execute(text("SELECT set_config('rapport.workspace_id', :ws, true)"), {"ws": str(workspace_id)})
        second = await fetch_on_driver(
            session,
            "SELECT txid_current(), current_setting('rapport.workspace_id', true), :ws = :ws",
            {"ws": str(workspace_id)},
        )
        counter.detach()
        await session.rollback()
        after = await fetch_on_driver(session, "SELECT current_setting('rapport.workspace_id', true)", {})

    assert (first[0]["n"], second[0][0]) == (2, first[0]["txid"])  # one transaction, parameters bound by name
    assert (second[0][1], second[0][2]) == (str(workspace_id), True)  # it sees what the session set in it
    assert counter.count == 2  # the session's statement and the driver's
    assert after[0][0] == ""  # SET LOCAL ended with the transaction


def test_named_parameters_are_numbered_whole_and_casts_stay() -> None:
    statement = driver_statement("SELECT :a::uuid, CAST(:bb AS int), x::text, ':*', :a, 'jo':*, :c")

    assert statement.sql == "SELECT $1::uuid, CAST($2 AS int), x::text, ':*', $1, 'jo':*, $3"
    assert statement.names == ("a", "bb", "c")
