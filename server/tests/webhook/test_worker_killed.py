"""The worker killed (SIGKILL) while webhook deliveries are in flight to a real receiver: restarted, it
delivers every event, in order, at least once (the one in flight again, with the same webhook-id)."""

from __future__ import annotations

import asyncio
import json
import signal

from standardwebhooks.webhooks import Webhook

from tests.conftest import Servers, start_worker, stop_process
from tests.factories import GraphQLClient, sign_up
from tests.webhook.receiver import Answer, running_receiver, verifies
from tests.webhook.test_webhooks import create_contact, create_endpoint, settled

# A lease shorter than the default 120 s, so the killed worker's hold on the endpoint runs out within
# the test; the rest as the other webhook tests run.
WORKER_ENV = {
    "RAPPORT_WEBHOOK_RETRY_SCHEDULE_SECONDS": "[0.3, 0.3, 2, 2, 2, 2]",
    "RAPPORT_WEBHOOK_TIMEOUT_SECONDS": "3",
    "RAPPORT_WEBHOOK_LEASE_SECONDS": "6",
}
EVENTS = 12
IN_FLIGHT = 5  # the worker is killed while the receiver holds the answer to this request


async def test_a_worker_killed_mid_delivery_loses_nothing_and_keeps_the_order(
    servers: Servers, gql: GraphQLClient
) -> None:
    with running_receiver() as receiver:
        # Every answer takes 0.5 s: a request the receiver has seen is still in flight for that long.
        receiver.plan.extend(Answer(delay=0.5) for _ in range(4 * EVENTS))
        first = start_worker(servers, timeout=240, env=WORKER_ENV)
        try:
            account = await sign_up(gql)
            endpoint_id, secret = await create_endpoint(gql, account, f"{receiver.url}/hooks", ["contact.created"])
            created = [await create_contact(gql, account, f"Person {n}") for n in range(EVENTS)]
            await asyncio.to_thread(receiver.wait_for, IN_FLIGHT, 60)
            first.send_signal(signal.SIGKILL)
            assert first.wait(timeout=10) == -signal.SIGKILL
        finally:
            stop_process(first)
        seen_at_kill = len(receiver.received)
        assert IN_FLIGHT <= seen_at_kill < EVENTS
        await asyncio.sleep(1)
        assert len(receiver.received) == seen_at_kill  # nobody sends while no worker runs

        second = start_worker(servers, timeout=240, env=WORKER_ENV)
        try:
            log = await settled(gql, account, endpoint_id, EVENTS)
        finally:
            stop_process(second)

    requests = list(receiver.received)
    contact_ids = [json.loads(request.body)["data"]["id"] for request in requests]
    message_ids = [request.headers["webhook-id"] for request in requests]
    # Every event arrived, in the order the contacts were made: repeats (at least once) only ever repeat
    # the request just before, and the first request after the restart is the one that was in flight at
    # the kill, sent again with its webhook-id unchanged.
    assert sorted(set(contact_ids)) == sorted(created)
    assert [c for i, c in enumerate(contact_ids) if i == 0 or c != contact_ids[i - 1]] == created, contact_ids
    assert message_ids[seen_at_kill] == message_ids[seen_at_kill - 1], (seen_at_kill, contact_ids)
    assert len(set(message_ids)) == EVENTS
    assert all(verifies(secret, request) for request in requests)
    assert all(Webhook(secret).verify(request.body, request.headers) for request in requests)
    # The log: one delivery per event, all sent. An attempt is recorded when its answer is in or it gave
    # up (a timeout on this loaded machine may come before the receiver notes the request), so each
    # delivery counts at least the requests the receiver saw for it, less the one the kill cut short.
    assert [entry["state"] for entry in log] == ["SUCCEEDED"] * EVENTS
    in_order = list(dict.fromkeys(message_ids))
    assert [f"msg_{entry['id']}" for entry in log] == in_order
    cut_short = message_ids[seen_at_kill - 1]
    seen = [message_ids.count(message_id) - (message_id == cut_short) for message_id in in_order]
    attempts = [entry["attempts"] for entry in log]
    assert all(recorded >= max(received, 1) for recorded, received in zip(attempts, seen, strict=True)), (
        attempts,
        seen,
    )
