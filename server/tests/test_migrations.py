"""Migrations go up and down on an empty database, and the models match what they build."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from rapport import migrate, models
from rapport.embedded import OWNER_ROLE
from tests.conftest import Servers


def dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


@pytest.fixture
async def empty_database(servers: Servers) -> AsyncIterator[str]:
    name = f"rapport_migrations_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(dsn(servers.superuser_url))
    await admin.execute(f"CREATE DATABASE {name} OWNER {OWNER_ROLE}")
    # As the embedded bootstrap does for Rapport's database: pgvector needs a superuser to create.
    created = await asyncpg.connect(dsn(servers.superuser_url).replace("/rapport?", f"/{name}?"))
    await created.execute("CREATE EXTENSION vector")
    await created.close()
    try:
        yield servers.owner_url.replace("/rapport?", f"/{name}?")
    finally:
        await admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
        await admin.close()


async def tables(url: str) -> set[str]:
    connection = await asyncpg.connect(dsn(url))
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
    return {row["tablename"] for row in rows}


async def test_upgrade_downgrade_upgrade(empty_database: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_database)
    after_upgrade = await tables(empty_database)
    await asyncio.to_thread(migrate.downgrade, empty_database, "base")
    after_downgrade = await tables(empty_database)
    await asyncio.to_thread(migrate.upgrade, empty_database)

    expected = {"workspaces", "users", "workspace_members", "refresh_tokens", "outbox_events", "activities"}
    assert expected <= after_upgrade
    assert after_downgrade == {"alembic_version"}
    assert await tables(empty_database) == after_upgrade


async def test_the_models_match_the_migrated_schema(servers: Servers) -> None:
    engine = create_async_engine(servers.owner_url)

    def diff(connection: object) -> list[object]:
        """Column-level differences; constraints, indexes and partitions are the migrations' SQL only."""
        context = MigrationContext.configure(connection, opts={"compare_type": True})  # type: ignore[arg-type]
        changes = []
        for change in compare_metadata(context, models.Base.metadata):
            first = change[0] if isinstance(change, list) else change
            if first[0] in ("add_table", "add_column", "remove_column", "modify_type", "modify_nullable"):
                changes.append(change)
        return changes

    async with engine.connect() as connection:
        changes = await connection.run_sync(diff)
        head = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    await engine.dispose()

    assert changes == []
    assert head == migrate.head_revision()


async def test_the_search_vectors_keep_their_statistics_through_0040(empty_database: str, servers: Servers) -> None:
    """0040_namewords and 0042_acronyms compute the search vectors again, which drops the columns'
    statistics; without them the keyword search is planned with a default selectivity (on 100,000 contacts
    and deals it cost PostgreSQL ~1.6 times the CPU a search). The upgrades, and the downgrades, leave them
    gathered."""
    await asyncio.to_thread(migrate.upgrade, empty_database, "0039_phonedigits")
    name = empty_database.split("?", 1)[0].rsplit("/", 1)[1]
    superuser = await asyncpg.connect(dsn(servers.superuser_url).replace("/rapport?", f"/{name}?"))
    try:
        workspace, pipeline, stage = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        await superuser.execute("INSERT INTO workspaces (id, name) VALUES ($1, 'Statistics')", workspace)
        await superuser.execute(
            "INSERT INTO pipelines (id, workspace_id, name) VALUES ($1, $2, 'Sales')", pipeline, workspace
        )
        await superuser.execute(
            "INSERT INTO stages (id, workspace_id, pipeline_id, name, position, probability)"
            " VALUES ($1, $2, $3, 'Lead', 0, 0.1)",
            stage,
            workspace,
            pipeline,
        )
        names = [f"Helix Capital {n}" for n in range(200)]
        await superuser.executemany(
            "INSERT INTO contacts (id, workspace_id, first_name, last_name) VALUES ($1, $2, 'Maria', $3)",
            [(uuid.uuid4(), workspace, name) for name in names],
        )
        await superuser.executemany(
            "INSERT INTO companies (id, workspace_id, name) VALUES ($1, $2, $3)",
            [(uuid.uuid4(), workspace, name) for name in names],
        )
        await superuser.executemany(
            "INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, position) VALUES ($1, $2, $3, $4, $5, $6)",
            [(uuid.uuid4(), workspace, name, pipeline, stage, float(n)) for n, name in enumerate(names)],
        )
        await superuser.execute("ANALYZE contacts, companies, deals")

        async def gathered() -> set[str]:
            rows = await superuser.fetch(
                "SELECT tablename FROM pg_stats WHERE attname = 'search_vector'"
                " AND tablename IN ('contacts', 'companies', 'deals')"
            )
            return {row["tablename"] for row in rows}

        assert await gathered() == {"contacts", "companies", "deals"}
        await asyncio.to_thread(migrate.upgrade, empty_database)
        assert await gathered() == {"contacts", "companies", "deals"}
        await asyncio.to_thread(migrate.downgrade, empty_database, "0039_phonedigits")
        assert await gathered() == {"contacts", "companies", "deals"}
    finally:
        await superuser.close()
