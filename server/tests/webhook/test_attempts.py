"""Attempts are counted in the delivery's row: two jobs that attempted one delivery (the first one's
lease ran out mid-attempt) both count, and a late failure undoes no success. No worker runs here (the
module of the other webhook tests keeps one): the attempts are recorded as the jobs record them."""

from __future__ import annotations

import uuid
from typing import Any

from rapport.config import get_settings
from rapport.db import Database
from rapport.webhook import repository, service
from rapport.webhook.delivery import Attempt
from tests.factories import GraphQLClient, sign_up
from tests.webhook.test_webhooks import create_endpoint, deliveries

SEND_TEST = "mutation($id: UUID!) { sendTestWebhook(endpointId: $id) { id state } }"


async def test_two_jobs_that_attempted_one_delivery_both_count_and_a_late_failure_undoes_no_success(
    gql: GraphQLClient, app_db: Database
) -> None:
    # When a job's lease runs out mid-attempt (a stalled worker), the next job attempts the same delivery.
    # Each records against the delivery as it read it before its attempt: both attempts count, and the
    # stalled job's late failure neither undoes the other's success nor schedules another attempt.
    account = await sign_up(gql)
    endpoint_id, _ = await create_endpoint(gql, account, "http://127.0.0.1:9/in", ["contact.created"])
    # A test event: a delivery the jobs would send (no worker runs to send it).
    sent = await gql.data(SEND_TEST, {"id": endpoint_id}, token=account.access_token)
    assert sent["sendTestWebhook"]["state"] == "PENDING"
    settings = get_settings()

    async def read() -> tuple[Any, Any]:
        async with app_db.transaction(system=True) as session:
            endpoint = await repository.get_endpoint(session, uuid.UUID(account.workspace_id), uuid.UUID(endpoint_id))
            head = await repository.head_delivery(session, uuid.UUID(endpoint_id))
            session.expunge_all()
            return endpoint, head

    async def record(endpoint: Any, head: Any, result: Attempt) -> None:
        async with app_db.transaction(system=True) as session:
            await service.record_attempt(session, settings=settings, endpoint=endpoint, delivery=head, result=result)

    stalled = await read()  # the first job, before its attempt
    taken_over = await read()  # the next job, after the first one's lease ran out
    await record(*taken_over, Attempt(200, None, "ok", 12))
    await record(*stalled, Attempt(None, "timed out after 15 s", None, 15000))

    (entry,) = await deliveries(gql, account, endpoint_id)
    assert (entry["state"], entry["attempts"], entry["lastError"]) == ("SUCCEEDED", 2, "timed out after 15 s")
