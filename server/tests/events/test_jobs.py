"""`outbox.prune`, the hourly job: relayed events past the retention period go, nothing else does."""

from __future__ import annotations

from redis.asyncio import Redis
from sqlalchemy import text

from rapport.db import Database
from rapport.worker.main import HANDLERS
from rapport.worker.registry import JobContext
from tests.conftest import Servers
from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up

AGE = text("""UPDATE outbox_events SET published_at = now() - make_interval(days => :published_days_ago),
  created_at = now() - make_interval(days => :created_days_ago) WHERE id = :id""")


async def event_ids(db: Database, workspace_id: str) -> list[str]:
    async with db.transaction() as session:
        found = await session.scalars(
            text("SELECT id::text FROM outbox_events WHERE workspace_id = :ws ORDER BY id"), {"ws": workspace_id}
        )
        return list(found)


async def test_prune_deletes_only_events_relayed_longer_ago_than_the_retention(
    gql: GraphQLClient, servers: Servers, app_db: Database, superuser_db: Database, redis: Redis
) -> None:
    account = await sign_up(gql)  # workspace.created
    for name in ("Old", "Recent", "Unrelayed"):
        await gql.data(CREATE_CONTACT, {"input": {"firstName": name}}, token=account.access_token)
    created, old, recent, unrelayed = await event_ids(superuser_db, account.workspace_id)
    async with superuser_db.transaction() as session:
        await session.execute(AGE, {"id": old, "published_days_ago": 8, "created_days_ago": 8})
        await session.execute(AGE, {"id": recent, "published_days_ago": 6, "created_days_ago": 8})
        await session.execute(  # never relayed, however old: the relay still owes it
            text(
                "UPDATE outbox_events SET published_at = NULL, created_at = now() - interval '30 days' WHERE id = :id"
            ),
            {"id": unrelayed},
        )
    prune = HANDLERS["outbox.prune"]

    first = await prune(JobContext(settings=servers.settings(), db=app_db, redis=redis), {})
    after_first = await event_ids(superuser_db, account.workspace_id)
    again = await prune(JobContext(settings=servers.settings(), db=app_db, redis=redis), {})
    shorter = await prune(JobContext(settings=servers.settings(outbox_retention_days=5), db=app_db, redis=redis), {})
    after_shorter = await event_ids(superuser_db, account.workspace_id)

    assert (first, again, shorter) == (1, 0, 1)
    assert after_first == [created, recent, unrelayed]
    assert after_shorter == [created, unrelayed]
