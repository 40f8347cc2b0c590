"""0026_lastactivity fills `last_activity_at` from the timeline as it stands: the counted kinds only,
a company's contacts' notes, calls and meetings rolled up, a meeting planned ahead from when it was
logged, a completed task from when it was completed."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from rapport import migrate
from rapport.embedded import OWNER_ROLE
from rapport.kit.ids import new_id
from tests.conftest import Servers


def dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


@pytest.fixture
async def database(servers: Servers) -> AsyncIterator[tuple[str, str]]:
    """(owner url, superuser dsn) of an empty database: the migrations run as the owner, the test's rows
    are written and read past row-level security."""
    name = f"rapport_lastactivity_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(dsn(servers.superuser_url))
    await admin.execute(f"CREATE DATABASE {name} OWNER {OWNER_ROLE}")
    created = await asyncpg.connect(dsn(servers.superuser_url).replace("/rapport?", f"/{name}?"))
    await created.execute("CREATE EXTENSION vector")
    await created.close()
    try:
        yield (
            servers.owner_url.replace("/rapport?", f"/{name}?"),
            dsn(servers.superuser_url).replace("/rapport?", f"/{name}?"),
        )
    finally:
        await admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
        await admin.close()


async def test_the_backfill_takes_the_newest_counted_entry_of_each_timeline(database: tuple[str, str]) -> None:
    owner_url, superuser = database
    await asyncio.to_thread(migrate.upgrade, owner_url, "0025_forwardauth")
    now = datetime.now(UTC).replace(microsecond=0)
    ws, other_ws = new_id(), new_id()
    company, quiet_company, contact, colleague, deal = new_id(), new_id(), new_id(), new_id(), new_id()
    pipeline, stage = new_id(), new_id()
    connection = await asyncpg.connect(superuser)
    try:
        await connection.execute("INSERT INTO workspaces (id, name) VALUES ($1, 'A'), ($2, 'B')", ws, other_ws)
        await connection.execute(
            "INSERT INTO companies (id, workspace_id, name) VALUES ($1, $3, 'Initech'), ($2, $3, 'Quiet')",
            company, quiet_company, ws,
        )  # fmt: skip
        await connection.execute(
            "INSERT INTO contacts (id, workspace_id, first_name, company_id) VALUES ($1, $3, 'Rosa', $4),"
            " ($2, $3, 'Milton', NULL)",
            contact, colleague, ws, company,
        )  # fmt: skip
        await connection.execute(
            "INSERT INTO pipelines (id, workspace_id, name) VALUES ($1, $2, 'Sales')", pipeline, ws
        )
        await connection.execute(
            "INSERT INTO stages (id, workspace_id, pipeline_id, name, position, probability) VALUES ($1, $2, $3, 'Lead', 0, 0.1)",
            stage, ws, pipeline,
        )  # fmt: skip
        await connection.execute(
            "INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, position) VALUES ($1, $2, 'Deal', $3, $4, 1)",
            deal, ws, pipeline, stage,
        )  # fmt: skip

        async def entry(kind: str, subject_type: str, subject: uuid.UUID, at: datetime, **more: object) -> None:
            columns = {"id": new_id(), "occurred_at": at, "workspace_id": ws, "kind": kind,
                       "subject_type": subject_type, "subject_id": subject, "summary": kind, **more}  # fmt: skip
            names = ", ".join(columns)
            values = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
            await connection.execute(f"INSERT INTO activities ({names}) VALUES ({values})", *columns.values())

        # Rosa: a call 5 h ago, an email 2 h ago; a later field edit does not count.
        await entry("CALL", "contact", contact, now - timedelta(hours=5))
        await entry("EMAIL", "contact", contact, now - timedelta(hours=2))
        await entry("UPDATED", "contact", contact, now - timedelta(hours=1))
        # Her company: its own email 3 h ago; her call (5 h) rolls up, her email does not (it has its own).
        await entry("EMAIL", "company", company, now - timedelta(hours=3))
        # Milton attends a meeting planned for next week: it counts from when it was written (now).
        # (on a deal since deleted for good: the attendee keeps it).
        await entry("MEETING", "deal", new_id(), now + timedelta(days=7), attendee_contact_ids=[colleague])
        # The deal's task, created 10 days ago and completed 4 h ago.
        await entry("TASK", "deal", deal, now - timedelta(days=10), done_at=now - timedelta(hours=4))
        await entry("STAGE_CHANGED", "deal", deal, now - timedelta(minutes=5))
        await entry("CREATED", "company", quiet_company, now - timedelta(minutes=5))
    finally:
        await connection.close()

    await asyncio.to_thread(migrate.upgrade, owner_url, "0026_lastactivity")
    connection = await asyncpg.connect(superuser)
    try:
        rows = await connection.fetch(
            "SELECT id, last_activity_at FROM contacts UNION ALL SELECT id, last_activity_at FROM companies"
            " UNION ALL SELECT id, last_activity_at FROM deals"
        )
        forced = await connection.fetch(
            "SELECT relname, relforcerowsecurity FROM pg_class WHERE relname IN ('contacts', 'companies', 'deals')"
        )
    finally:
        await connection.close()
    # Row-level security is forced again after the backfill.
    assert {row["relname"]: row["relforcerowsecurity"] for row in forced} == dict.fromkeys(
        ["contacts", "companies", "deals"], True
    )
    got = {row["id"]: row["last_activity_at"] for row in rows}
    assert got[contact] == now - timedelta(hours=2)
    assert got[company] == now - timedelta(hours=3)
    assert got[quiet_company] is None
    # Written moments ago (the id's time, to the millisecond), not next week.
    assert now - timedelta(minutes=1) <= got[colleague] <= datetime.now(UTC)
    assert got[deal] == now - timedelta(hours=4)
