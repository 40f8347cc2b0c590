"""`activities` is partitioned by month; the upkeep job keeps three months ahead and no insert fails."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import text

from rapport.activity import jobs
from rapport.db import Database
from rapport.models import ActivityKind
from rapport.worker.registry import JobContext
from tests.conftest import Servers
from tests.factories import GraphQLClient, sign_up

PARTITIONS = """
SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'activities'::regclass ORDER BY c.relname
"""


def month_name(year: int, month: int) -> str:
    return f"activities_y{year:04d}m{month:02d}"


def months_from_now(count: int) -> tuple[int, int]:
    now = datetime.now(UTC)
    index = now.year * 12 + now.month - 1 + count
    return index // 12, index % 12 + 1


async def partitions(db: Database) -> list[str]:
    async with db.transaction() as session:
        return list((await session.scalars(text(PARTITIONS))).all())


async def test_partitions_exist_three_months_ahead_plus_a_default(superuser_db: Database) -> None:
    names = await partitions(superuser_db)
    assert "activities_default" in names
    for ahead in range(4):
        assert month_name(*months_from_now(ahead)) in names


async def test_rows_of_any_date_insert_and_a_later_partition_takes_them_from_the_default(
    gql: GraphQLClient, servers: Servers, app_db: Database, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    workspace_id = uuid.UUID(account.workspace_id)
    far_year, far_month = months_from_now(8)
    dates = [datetime(2019, 5, 4, tzinfo=UTC), datetime(far_year, far_month, 2, tzinfo=UTC)]
    async with app_db.transaction(workspace_id=workspace_id) as session:
        for occurred_at in dates:
            await session.execute(
                text(
                    "INSERT INTO activities (id, occurred_at, workspace_id, kind, subject_type, subject_id, summary)"
                    " VALUES (gen_random_uuid(), :at, :ws, :kind, 'workspace', :ws, 'imported')"
                ),
                {"at": occurred_at, "ws": workspace_id, "kind": ActivityKind.NOTE.value},
            )

    context = JobContext(settings=servers.settings(activity_partition_months_ahead=9), db=app_db, redis=None)  # type: ignore[arg-type]
    created = await jobs.ensure_partitions(context, {})
    again = await jobs.ensure_partitions(context, {})

    far = month_name(far_year, far_month)
    assert created >= 1
    assert again == 0
    assert far in await partitions(superuser_db)
    async with superuser_db.transaction() as session:
        in_far = await session.scalar(
            text(f"SELECT count(*) FROM {far} WHERE workspace_id = :ws"), {"ws": workspace_id}
        )
        in_default = await session.scalar(
            text("SELECT count(*) FROM activities_default WHERE workspace_id = :ws"), {"ws": workspace_id}
        )
    assert in_far == 1
    assert in_default == 1, "the 2019 row stays in the default partition"
    async with app_db.transaction(workspace_id=workspace_id) as session:
        visible = await session.scalar(
            text("SELECT count(*) FROM activities WHERE summary = 'imported' AND workspace_id = :ws"),
            {"ws": workspace_id},
        )
    assert visible == 2


async def test_the_upkeep_function_puts_the_callers_scope_back(gql: GraphQLClient, app_db: Database) -> None:
    """It sees across workspaces for its own work only (it runs as the owner, a member of rapport_system):
    afterwards the caller still sees its own workspace and nothing of another (security review, finding 5)."""
    mine = await sign_up(gql)
    other = await sign_up(gql)
    async with app_db.transaction(workspace_id=uuid.UUID(mine.workspace_id)) as session:
        assert await session.scalar(text("SELECT rapport_ensure_activity_partitions(3)")) == 0
        assert await session.scalar(text("SELECT rapport_is_system()")) is False
        seen = set((await session.scalars(text("SELECT id::text FROM workspaces"))).all())
    assert seen == {mine.workspace_id}
    assert other.workspace_id not in seen
