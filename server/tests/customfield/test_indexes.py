"""Custom field indexes (finding 3 of the security review): no request builds one on the shared table,
the worker builds them concurrently under names that never collide, and a workspace has a bounded
number of fields."""

from __future__ import annotations

import uuid

import pytest
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from rapport.customfield.jobs import ensure_indexes
from rapport.customfield.service import MAX_DEFINITIONS
from rapport.db import Database
from rapport.worker.registry import JobContext
from tests.conftest import Servers
from tests.customfield.test_graphql import CREATE_FIELD, field
from tests.factories import GraphQLClient, sign_up


async def indexes_on(db: Database, key: str) -> list[tuple[str, bool]]:
    """The indexes of `deals` whose expression reads `key`, with whether they are valid."""
    async with db.transaction() as session:
        result = await session.execute(
            text(
                "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                " WHERE i.indrelid = 'deals'::regclass AND pg_get_indexdef(i.indexrelid) LIKE :needle"
                " ORDER BY c.relname"
            ),
            {"needle": f"%'{key}'::text%"},
        )
        return [(str(row[0]), bool(row[1])) for row in result.all()]


async def test_the_worker_not_the_request_indexes_long_keys_under_names_that_do_not_collide(
    gql: GraphQLClient, superuser_db: Database, app_db: Database, servers: Servers, redis: Redis
) -> None:
    account = await sign_up(gql)
    stem = ("k" + uuid.uuid4().hex + "_" * 40)[:62]  # two keys alike in their first 62 characters
    first, second = f"{stem}_a", f"{stem}_b"
    await field(gql, account, objectType="DEAL", key=first, label="First", type="NUMBER")
    await field(gql, account, objectType="DEAL", key=second, label="Second", type="NUMBER")
    after_request = (await indexes_on(superuser_db, first), await indexes_on(superuser_db, second))

    await ensure_indexes(JobContext(settings=servers.settings(), db=app_db, redis=redis), {})
    again = await ensure_indexes(JobContext(settings=servers.settings(), db=app_db, redis=redis), {})

    assert after_request == ([], [])
    [(first_name, first_valid)] = await indexes_on(superuser_db, first)
    [(second_name, second_valid)] = await indexes_on(superuser_db, second)
    assert first_name != second_name
    assert first_name.startswith(f"ix_deals_cf_{first[:30]}_")
    assert len(first_name) == len("ix_deals_cf_") + 30 + 1 + 8
    assert (first_valid, second_valid) == (True, True)
    assert again == 0  # nothing left to build


async def test_the_app_role_can_no_longer_build_an_index(app_db: Database) -> None:
    async with app_db.sessionmaker() as session:
        await session.begin()
        with pytest.raises(DBAPIError) as refused:
            await session.execute(text("SELECT rapport_index_custom_field('deals', 'anything')"))
        await session.rollback()

    assert "permission denied for function rapport_index_custom_field" in str(refused.value)


async def test_a_workspace_has_at_most_a_hundred_fields(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    for index in range(MAX_DEFINITIONS):
        await field(gql, account, objectType="CONTACT", key=f"field_{index}", label=f"Field {index}", type="TEXT")

    body = await gql(
        CREATE_FIELD,
        {"input": {"objectType": "COMPANY", "key": "one_more", "label": "One more", "type": "TEXT"}},
        token=account.access_token,
    )

    [error] = body["errors"]
    assert error["message"] == "A workspace can have at most 100 custom fields; delete one first."
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "fieldErrors": [{"path": ["input", "key"], "message": "at most 100 custom fields per workspace"}],
    }
    async with superuser_db.transaction() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM field_definitions WHERE workspace_id = :ws"), {"ws": account.workspace_id}
        )
    assert count == MAX_DEFINITIONS
