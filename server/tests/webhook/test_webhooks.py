"""Webhooks end to end: the api process, a worker, and a real receiver on 127.0.0.1 (the test
servers allow loopback, which production refuses)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from rapport.db import Database
from tests.conftest import Servers, running_api, start_worker, stop_process
from tests.factories import CREATE_CONTACT, CREATE_DEAL, Account, GraphQLClient, join, sign_up
from tests.webhook.receiver import Answer, Receiver, running_receiver, verifies

CREATE = """
mutation($url: String!, $events: [String!]!, $description: String) {
  createWebhookEndpoint(url: $url, events: $events, description: $description) {
    secret endpoint { id url events enabled description failingSince }
  }
}
"""
DELIVERIES = """
query($id: UUID!, $state: DeliveryState) {
  webhookDeliveries(endpointId: $id, state: $state, first: 100) {
    totalCount
    edges { node { id eventType state attempts lastStatus lastError lastResponse lastDurationMs body } }
  }
}
"""
ENDPOINTS = "query { webhookEndpoints { id url enabled failingSince disabledReason } }"
# Quick retries, a short timeout and an early disable, so the schedule plays out within a test.
WORKER_ENV = {
    "RAPPORT_WEBHOOK_RETRY_SCHEDULE_SECONDS": "[0.3, 0.3, 2, 2, 2, 2]",
    "RAPPORT_WEBHOOK_TIMEOUT_SECONDS": "2",
    "RAPPORT_WEBHOOK_DISABLE_AFTER_SECONDS": "6",
}


@pytest.fixture(scope="module")
def webhook_worker(servers: Servers) -> Iterator[subprocess.Popen[bytes]]:
    process = start_worker(servers, env=WORKER_ENV)
    try:
        yield process
    finally:
        stop_process(process)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


async def create_endpoint(gql: GraphQLClient, account: Account, url: str, events: list[str]) -> tuple[str, str]:
    created = (await gql.data(CREATE, {"url": url, "events": events}, token=account.access_token))[
        "createWebhookEndpoint"
    ]
    return created["endpoint"]["id"], created["secret"]


async def create_contact(gql: GraphQLClient, account: Account, first_name: str) -> str:
    data = await gql.data(CREATE_CONTACT, {"input": {"firstName": first_name}}, token=account.access_token)
    return str(data["createContact"]["id"])


async def deliveries(gql: GraphQLClient, account: Account, endpoint_id: str) -> list[dict[str, Any]]:
    data = await gql.data(DELIVERIES, {"id": endpoint_id}, token=account.access_token)
    return [edge["node"] for edge in data["webhookDeliveries"]["edges"]]


async def settled(gql: GraphQLClient, account: Account, endpoint_id: str, count: int) -> list[dict[str, Any]]:
    """The endpoint's log once `count` deliveries are SUCCEEDED or DEAD, oldest first."""
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        log = await deliveries(gql, account, endpoint_id)
        if len(log) >= count and all(entry["state"] in ("SUCCEEDED", "DEAD") for entry in log):
            return list(reversed(log))
        await asyncio.sleep(0.2)
    raise AssertionError(f"deliveries did not settle: {await deliveries(gql, account, endpoint_id)}")


def bodies(receiver: Receiver) -> list[dict[str, Any]]:
    return [json.loads(request.body) for request in receiver.received]


async def test_an_event_arrives_signed_by_the_spec_with_the_realtime_payload(
    gql: GraphQLClient, receiver: Receiver, webhook_worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    endpoint_id, secret = await create_endpoint(gql, account, f"{receiver.url}/hooks", ["contact.created"])

    contact_id = await create_contact(gql, account, "Grace")
    (request,) = await asyncio.to_thread(receiver.wait_for, 1)

    assert secret.startswith("whsec_")
    assert verifies(secret, request)  # the spec's algorithm, written out in the test
    body = Webhook(secret).verify(request.body, request.headers)  # and the reference library's check
    assert body["type"] == "contact.created"
    assert body["data"] == {"id": contact_id}
    assert body["workspaceId"] == account.workspace_id
    assert body["actorUserId"] == account.user_id
    assert isinstance(body["sequence"], int)
    assert body["eventId"]
    assert request.headers["content-type"] == "application/json"
    (entry,) = await settled(gql, account, endpoint_id, 1)
    assert request.headers["webhook-id"] == f"msg_{entry['id']}"
    assert (entry["eventType"], entry["state"], entry["attempts"], entry["lastStatus"], entry["lastError"]) == (
        "contact.created",
        "SUCCEEDED",
        1,
        200,
        None,
    )
    assert entry["lastResponse"] == "ok"
    assert entry["lastDurationMs"] >= 0
    assert entry["body"] == body


async def test_the_event_filter_leaves_out_other_types(
    gql: GraphQLClient, receiver: Receiver, webhook_worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    await create_endpoint(gql, account, receiver.url, ["company.created"])

    await create_contact(gql, account, "Ignored")
    await gql.data('mutation { createCompany(input: {name: "Initech"}) { id } }', token=account.access_token)
    await asyncio.to_thread(receiver.wait_for, 1)
    await asyncio.sleep(1)

    assert [body["type"] for body in bodies(receiver)] == ["company.created"]


async def test_failures_are_retried_until_success_in_order_and_once_each_by_id(
    gql: GraphQLClient, receiver: Receiver, webhook_worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    endpoint_id, secret = await create_endpoint(gql, account, receiver.url, ["*"])
    # The first attempt errs, the second times out (the worker gives up after 2 s; the answer would come
    # after 20, so no scheduling delay on a loaded machine lets it arrive in time), the third succeeds.
    receiver.plan.extend([Answer(status=500, body=b"boom"), Answer(delay=20)])

    ids = [await create_contact(gql, account, f"Person {n}") for n in range(3)]
    log = await settled(gql, account, endpoint_id, 3)

    assert [entry["state"] for entry in log] == ["SUCCEEDED"] * 3
    succeeded = list(receiver.received)
    message_ids = [request.headers["webhook-id"] for request in succeeded]
    if [entry["attempts"] for entry in log] != [3, 1, 1]:  # pytest shortens the message: the whole story first
        print(f"deliveries: {log}\nrequests: {succeeded}", file=sys.stderr)
    assert [entry["attempts"] for entry in log] == [3, 1, 1], (log, message_ids)
    assert (log[0]["lastStatus"], log[0]["lastError"]) == (200, None)
    # Every attempt of the first event carries the same id; the next events wait behind it, in order.
    assert message_ids[:3] == [f"msg_{log[0]['id']}"] * 3
    assert message_ids[3:] == [f"msg_{log[1]['id']}", f"msg_{log[2]['id']}"], (log, message_ids)
    assert [json.loads(request.body)["data"]["id"] for request in succeeded[2:]] == ids
    assert all(verifies(secret, request) for request in succeeded)


async def test_an_endpoint_failing_past_the_limit_is_disabled_and_its_admins_told(
    gql: GraphQLClient, receiver: Receiver, webhook_worker: subprocess.Popen[bytes], superuser_db: Database
) -> None:
    account = await sign_up(gql)
    endpoint_id, _ = await create_endpoint(gql, account, receiver.url, ["contact.created"])
    receiver.plan.extend([Answer(status=503)] * 20)

    await create_contact(gql, account, "Doomed")
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        (endpoint,) = (await gql.data(ENDPOINTS, token=account.access_token))["webhookEndpoints"]
        if not endpoint["enabled"]:
            break
        await asyncio.sleep(0.3)

    assert endpoint["enabled"] is False
    assert endpoint["failingSince"] is not None
    assert endpoint["disabledReason"].startswith("Disabled after failing since ")
    async with superuser_db.transaction() as session:
        from sqlalchemy import text

        told = (
            (
                await session.execute(
                    text(
                        "SELECT payload FROM outbox_events WHERE workspace_id = :ws AND type = 'webhook.endpoint_disabled'"
                    ),
                    {"ws": account.workspace_id},
                )
            )
            .scalars()
            .all()
        )
    assert [payload["id"] for payload in told] == [endpoint_id]
    attempts_when_disabled = len(receiver.received)
    await asyncio.sleep(2)
    assert len(receiver.received) == attempts_when_disabled  # nothing more is sent to it


async def test_retry_sends_a_delivery_again_with_the_same_id_and_test_events_ignore_the_filter(
    gql: GraphQLClient, receiver: Receiver, webhook_worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    endpoint_id, secret = await create_endpoint(gql, account, receiver.url, ["deal.created"])

    sent = await gql.data(
        "mutation($id: UUID!) { sendTestWebhook(endpointId: $id) { id eventType state } }",
        {"id": endpoint_id},
        token=account.access_token,
    )
    delivery = sent["sendTestWebhook"]
    await asyncio.to_thread(receiver.wait_for, 1)
    await settled(gql, account, endpoint_id, 1)
    retried = await gql.data(
        "mutation($id: UUID!) { retryWebhookDelivery(id: $id) { id state attempts } }",
        {"id": delivery["id"]},
        token=account.access_token,
    )
    first, second = await asyncio.to_thread(receiver.wait_for, 2)

    assert (delivery["eventType"], delivery["state"]) == ("webhook.test", "PENDING")
    assert retried["retryWebhookDelivery"] == {"id": delivery["id"], "state": "PENDING", "attempts": 0}
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == f"msg_{delivery['id']}"
    assert first.body == second.body
    assert json.loads(first.body)["type"] == "webhook.test"
    assert verifies(secret, second)


async def test_after_a_rotation_both_secrets_sign_for_the_overlap(
    gql: GraphQLClient, receiver: Receiver, webhook_worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    endpoint_id, old_secret = await create_endpoint(gql, account, receiver.url, ["contact.created"])

    rotated = await gql.data(
        "mutation($id: UUID!) { rotateWebhookSecret(id: $id) { secret endpoint { id previousSecretExpiresAt } } }",
        {"id": endpoint_id},
        token=account.access_token,
    )
    new_secret = rotated["rotateWebhookSecret"]["secret"]
    await create_contact(gql, account, "Rotated")
    (request,) = await asyncio.to_thread(receiver.wait_for, 1)

    assert new_secret != old_secret
    assert new_secret.startswith("whsec_")
    assert rotated["rotateWebhookSecret"]["endpoint"]["previousSecretExpiresAt"] is not None
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert verifies(new_secret, request)
    assert verifies(old_secret, request)
    Webhook(new_secret).verify(request.body, request.headers)
    Webhook(old_secret).verify(request.body, request.headers)


# ---------- who may, and where to ----------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.1/hook", "a private network address"),
        ("http://169.254.169.254/latest/meta-data/", "a cloud metadata address"),
        ("http://[fd00:ec2::254]/", "a cloud metadata address"),
        ("http://0.0.0.0/", "an unspecified address"),
        ("ftp://example.com/", None),
    ],
)
async def test_creating_an_endpoint_to_a_refused_address_is_bad_input_and_stores_nothing(
    gql: GraphQLClient, url: str, reason: str | None
) -> None:
    account = await sign_up(gql)

    body = await gql(CREATE, {"url": url, "events": ["*"]}, token=account.access_token)

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    (field_error,) = error["extensions"]["fieldErrors"]
    assert field_error["path"] == ["url"]
    if reason is not None:
        assert reason in field_error["message"]
    assert (await gql.data(ENDPOINTS, token=account.access_token))["webhookEndpoints"] == []


def test_loopback_is_refused_where_no_network_is_allowed(servers: Servers) -> None:
    """Production's default: no private network allowed, so 127.0.0.1 and a name resolving to it are refused."""

    async def attempt(base_url: str) -> list[dict[str, Any]]:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
            client = GraphQLClient(http)
            account = await sign_up(client)
            errors = []
            for url in ("http://127.0.0.1:9/", "http://localhost:9/", "http://[::1]:9/"):
                body = await client(CREATE, {"url": url, "events": ["*"]}, token=account.access_token)
                errors.append(body["errors"][0]["extensions"])
            return errors

    with running_api(servers, RAPPORT_OUTBOUND_ALLOWED_NETWORKS="[]") as base_url:
        errors = asyncio.run(attempt(base_url))

    assert [e["code"] for e in errors] == ["BAD_USER_INPUT"] * 3
    assert all("a loopback address" in e["fieldErrors"][0]["message"] for e in errors)


async def test_unknown_event_types_are_bad_input(gql: GraphQLClient) -> None:
    account = await sign_up(gql)

    body = await gql(
        CREATE,
        {"url": "http://127.0.0.1:9/", "events": ["contact.created", "contact.exploded"]},
        token=account.access_token,
    )

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["fieldErrors"][0]["path"] == ["events", 1]


async def test_members_may_not_manage_webhooks(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    person = await sign_up(gql, name="Mel Member")
    _, member_token = await join(gql, owner, person, "MEMBER")

    created = await gql(CREATE, {"url": "http://127.0.0.1:9/", "events": ["*"]}, token=member_token)
    listed = await gql(ENDPOINTS, token=member_token)

    assert created["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql.data(ENDPOINTS, token=owner.access_token))["webhookEndpoints"] == []


async def test_another_workspaces_endpoint_and_delivery_ids_are_not_found(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await sign_up(gql)
    intruder = await sign_up(gql, name="Eve Intruder")
    endpoint_id, _ = await create_endpoint(gql, owner, "http://127.0.0.1:9/", ["*"])
    test = await gql.data(
        "mutation($id: UUID!) { sendTestWebhook(endpointId: $id) { id } }",
        {"id": endpoint_id},
        token=owner.access_token,
    )
    delivery_id = test["sendTestWebhook"]["id"]
    operations = [
        ("mutation($id: UUID!) { updateWebhookEndpoint(id: $id, enabled: false) { id } }", {"id": endpoint_id}),
        ("mutation($id: UUID!) { rotateWebhookSecret(id: $id) { secret } }", {"id": endpoint_id}),
        ("mutation($id: UUID!) { deleteWebhookEndpoint(id: $id) }", {"id": endpoint_id}),
        ("mutation($id: UUID!) { sendTestWebhook(endpointId: $id) { id } }", {"id": endpoint_id}),
        ("mutation($id: UUID!) { retryWebhookDelivery(id: $id) { id } }", {"id": delivery_id}),
        (DELIVERIES, {"id": endpoint_id}),
    ]

    codes = [
        (await gql(query, variables, token=intruder.access_token))["errors"][0]["extensions"]["code"]
        for query, variables in operations
    ]
    rest = await http.delete(
        f"/api/v1/webhooks/{endpoint_id}", headers={"authorization": f"Bearer {intruder.access_token}"}
    )

    assert codes == ["NOT_FOUND"] * len(operations)
    assert rest.status_code == 404
    assert rest.json()["error"]["code"] == "NOT_FOUND"
    assert (await gql.data(ENDPOINTS, token=intruder.access_token))["webhookEndpoints"] == []
    (still,) = (await gql.data(ENDPOINTS, token=owner.access_token))["webhookEndpoints"]
    assert (still["id"], still["enabled"]) == (endpoint_id, True)
    assert len(await deliveries(gql, owner, endpoint_id)) == 1


async def test_rest_creates_lists_and_deletes_endpoints(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    account = await sign_up(gql)
    headers = {"authorization": f"Bearer {account.access_token}"}

    created = await http.post(
        "/api/v1/webhooks", json={"url": "http://127.0.0.1:9/in", "events": ["deal.stage_changed"]}, headers=headers
    )
    refused = await http.post("/api/v1/webhooks", json={"url": "http://10.1.2.3/", "events": ["*"]}, headers=headers)
    malformed = await http.post("/api/v1/webhooks", json={"events": ["*"]}, headers=headers)
    listed = await http.get("/api/v1/webhooks", headers=headers)
    endpoint_id = created.json()["endpoint"]["id"]
    deleted = await http.delete(f"/api/v1/webhooks/{endpoint_id}", headers=headers)
    again = await http.delete(f"/api/v1/webhooks/{endpoint_id}", headers=headers)
    anonymous = await http.get("/api/v1/webhooks")

    assert created.status_code == 201, created.text
    assert created.json()["secret"].startswith("whsec_")
    assert created.json()["endpoint"]["events"] == ["deal.stage_changed"]
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "BAD_USER_INPUT"
    assert refused.json()["error"]["fieldErrors"][0]["path"] == ["url"]
    assert malformed.status_code == 400
    assert malformed.json()["error"]["code"] == "BAD_USER_INPUT"
    assert [e["id"] for e in listed.json()] == [endpoint_id]
    assert "secret" not in listed.json()[0]
    assert deleted.status_code == 204
    assert again.status_code == 404
    assert again.json()["error"]["code"] == "NOT_FOUND"
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "UNAUTHENTICATED"
    assert (await gql.data(ENDPOINTS, token=account.access_token))["webhookEndpoints"] == []


ACTIVITY_EVENTS = [
    "call.added",
    "call.updated",
    "call.deleted",
    "meeting.added",
    "meeting.updated",
    "meeting.deleted",
    "note.added",
    "note.updated",
    "note.deleted",
    "task.added",
    "deal.reordered",
]


async def test_the_daily_work_events_are_in_the_catalogue_and_delivered_with_their_payloads(
    gql: GraphQLClient, receiver: Receiver, webhook_worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    endpoint_id, _ = await create_endpoint(gql, account, receiver.url, ACTIVITY_EVENTS)
    contact_id = await create_contact(gql, account, "Ada")
    guest_id = await create_contact(gql, account, "Grace")
    deal = (await gql.data(CREATE_DEAL, {"input": {"name": "Engines"}}, token=token))["createDeal"]

    call_id = (
        await gql.data(
            "mutation($t: UUID!) { logCall(input: {targetId: $t, outcome: CONNECTED}) { id } }",
            {"t": contact_id},
            token=token,
        )
    )["logCall"]["id"]
    await gql.data(
        "mutation($id: UUID!) { updateCall(id: $id, input: {outcome: BUSY}) { id } }", {"id": call_id}, token=token
    )
    await gql.data("mutation($id: UUID!) { deleteCall(id: $id) }", {"id": call_id}, token=token)
    meeting_id = (
        await gql.data(
            'mutation($t: UUID!, $g: UUID!) { logMeeting(input: {targetId: $t, title: "Review",'
            ' startsAt: "2026-01-05T10:00:00Z", attendeeContactIds: [$g]}) { id } }',
            {"t": contact_id, "g": guest_id},
            token=token,
        )
    )["logMeeting"]["id"]
    await gql.data(
        'mutation($id: UUID!) { updateMeeting(id: $id, input: {title: "Review 2", attendeeContactIds: []}) { id } }',
        {"id": meeting_id},
        token=token,
    )
    await gql.data("mutation($id: UUID!) { deleteMeeting(id: $id) }", {"id": meeting_id}, token=token)
    note_id = (
        await gql.data(
            'mutation($t: UUID!) { addNote(targetId: $t, body: "First") { id } }', {"t": contact_id}, token=token
        )
    )["addNote"]["id"]
    await gql.data('mutation($id: UUID!) { updateNote(id: $id, body: "Second") { id } }', {"id": note_id}, token=token)
    await gql.data("mutation($id: UUID!) { deleteNote(id: $id) }", {"id": note_id}, token=token)
    task_id = (
        await gql.data(
            'mutation($t: UUID!) { addTask(targetId: $t, body: "Call back") { id } }', {"t": contact_id}, token=token
        )
    )["addTask"]["id"]
    stage_id = deal["stage"]["id"]
    await gql.data(
        "mutation($id: UUID!, $s: UUID!) { moveDeal(id: $id, stageId: $s, position: 0.5) { id } }",
        {"id": deal["id"], "s": stage_id},
        token=token,
    )

    await asyncio.to_thread(receiver.wait_for, len(ACTIVITY_EVENTS))
    log = await settled(gql, account, endpoint_id, len(ACTIVITY_EVENTS))

    on_contact = {"subjectType": "contact", "subjectId": contact_id}
    call = {"id": call_id, **on_contact}
    assert [(body["type"], body["data"]) for body in bodies(receiver)] == [
        ("call.added", call),
        ("call.updated", call),
        ("call.deleted", call),
        ("meeting.added", {"id": meeting_id, **on_contact, "attendeeContactIds": [guest_id]}),
        # The contacts whose timelines showed it before the change are named too.
        ("meeting.updated", {"id": meeting_id, **on_contact, "attendeeContactIds": [guest_id]}),
        ("meeting.deleted", {"id": meeting_id, **on_contact, "attendeeContactIds": []}),
        ("note.added", {"id": note_id, **on_contact}),
        ("note.updated", {"id": note_id, **on_contact}),
        ("note.deleted", {"id": note_id, **on_contact}),
        ("task.added", {"id": task_id, **on_contact}),
        ("deal.reordered", {"id": deal["id"], "fromStageId": stage_id, "toStageId": stage_id}),
    ]
    assert [(entry["eventType"], entry["state"]) for entry in log] == [
        (event, "SUCCEEDED") for event in ACTIVITY_EVENTS
    ]
