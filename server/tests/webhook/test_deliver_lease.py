"""`webhook.deliver` decides once whether the head delivery is due: the lease it lets go for a retry not due
yet is never followed by a send of that retry (another job may hold the lease by then and send it too)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import text

from rapport.db import Database
from rapport.events.relay import relay_once
from rapport.webhook import jobs
from rapport.worker.registry import JobContext
from tests.conftest import Servers
from tests.factories import GraphQLClient, sign_up
from tests.webhook.receiver import running_receiver
from tests.webhook.test_webhooks import create_contact, create_endpoint


async def test_a_retry_that_comes_due_while_the_lease_is_let_go_is_not_sent_without_it(
    gql: GraphQLClient,
    servers: Servers,
    app_db: Database,
    superuser_db: Database,
    redis: Redis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    account = await sign_up(gql)
    with running_receiver() as receiver:
        endpoint_id, _ = await create_endpoint(gql, account, receiver.url, ["*"])
        await create_contact(gql, account, "Ada")
        while await relay_once(app_db, redis) > 0:
            pass
        due = datetime.now(UTC) + timedelta(seconds=30)
        async with superuser_db.transaction() as session:
            await session.execute(
                text(
                    "UPDATE webhook_deliveries SET state = 'FAILED', attempts = 1, next_attempt_at = :due"
                    " WHERE endpoint_id = :endpoint"
                ),
                {"due": due, "endpoint": endpoint_id},
            )
        # The clock as a loaded machine sees it: the retry is not due when the job looks inside its
        # transaction, and is by the time the transaction has committed.
        readings = iter([due - timedelta(seconds=1)])
        monkeypatch.setattr(jobs, "utcnow", lambda: next(readings, due + timedelta(seconds=1)))
        context = JobContext(settings=servers.settings(), db=app_db, redis=redis)

        outcome: dict[str, Any] = await jobs.deliver(context, {"endpoint_id": endpoint_id})

        # Old: {"sent": 1}, the retry sent after the lease was let go.
        assert (outcome["sent"], sorted(outcome)) == (0, ["sent", "waiting"])
        assert receiver.received == []
        async with superuser_db.transaction() as session:
            lease = await session.scalar(
                text("SELECT lease_until FROM webhook_endpoints WHERE id = :id"), {"id": endpoint_id}
            )
        assert lease is None  # let go, and nothing sent after
