"""Notifications end to end: made by a real worker from the outbox, delivered over real WebSockets
to their recipient only, listed and marked read through GraphQL; idempotent; tasks falling due."""

from __future__ import annotations

import asyncio
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import httpx
from sqlalchemy import text

from rapport.db import Database
from rapport.notification import jobs, service
from rapport.worker.registry import JobContext
from tests.conftest import Servers
from tests.factories import CREATE_CONTACT, CREATE_DEAL, PIPELINES, Account, GraphQLClient, join, sign_up
from tests.realtime.client import Socket, signed_in

NOTIFICATION_ADDED = "subscription { notificationAdded { id kind title targetType targetId readAt } }"
NOTIFICATIONS = """
query { notifications(first: 10) { unreadCount totalCount edges { node { id kind title targetType targetId readAt } } } }
"""
MARK_READ = "mutation($ids: [UUID!]!) { markNotificationsRead(ids: $ids) { unreadCount notifications { id readAt } } }"
ADD_TASK = """
mutation($id: UUID!, $body: String!, $assignee: UUID, $due: DateTime) {
  addTask(targetId: $id, body: $body, assigneeId: $assignee, dueAt: $due) { id }
}
"""
UPDATE_TASK = "mutation($id: UUID!, $assignee: UUID) { updateTask(id: $id, assigneeId: $assignee) { id } }"
MOVE_DEAL = "mutation($id: UUID!, $stage: UUID!) { moveDeal(id: $id, stageId: $stage) { id } }"


def notification(message: dict[str, Any]) -> dict[str, Any]:
    assert message["type"] == "next", message
    result: dict[str, Any] = message["payload"]["data"]["notificationAdded"]
    return result


async def team(gql: GraphQLClient) -> tuple[Account, dict[str, tuple[str, str]], Account]:
    """An owner, two members (bob, carol: same role, so their subscriptions share each event's run),
    and someone of another workspace."""
    owner = await sign_up(gql, workspace="Acme")
    members = {}
    for name in ("bob", "carol"):
        person = await sign_up(gql, name=f"{name.title()} Smith", workspace=f"{name} own")
        members[name] = await join(gql, owner, person, "MEMBER")
    outsider = await sign_up(gql, name="Eve Outsider", workspace="Elsewhere")
    return owner, members, outsider


async def new_contact(gql: GraphQLClient, token: str, name: str, **extra: object) -> str:
    created = await gql.data(CREATE_CONTACT, {"input": {"firstName": name, **extra}}, token=token)
    return str(created["createContact"]["id"])


async def count_of(superuser_db: Database, member_id: str, kind: str | None = None) -> int:
    async with superuser_db.transaction() as session:
        query = "SELECT count(*) FROM notifications WHERE recipient_member_id = :member"
        if kind:
            query += " AND kind = CAST(:kind AS notification_kind)"
        return int(await session.scalar(text(query), {"member": member_id, "kind": kind}) or 0)


async def quiet(*sockets: Socket) -> None:
    await asyncio.gather(*(socket.nothing_within(1.5) for socket in sockets))


async def test_a_task_assigned_by_someone_else_notifies_its_assignee_only(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes], superuser_db: Database
) -> None:
    owner, members, outsider = await team(gql)
    (bob_member, bob_token), (carol_member, carol_token) = members["bob"], members["carol"]
    contact_id = await new_contact(gql, owner.access_token, "Grace")
    async with (
        signed_in(apis[0], bob_token) as bob,
        signed_in(apis[1], carol_token) as carol,
        signed_in(apis[0], owner.access_token) as boss,
        signed_in(apis[1], outsider.access_token) as eve,
    ):
        for socket in (bob, carol, boss, eve):
            await socket.subscribe(NOTIFICATION_ADDED)
        await asyncio.sleep(0.3)
        await gql.data(
            ADD_TASK,
            {"id": contact_id, "body": "Send   the contract", "assignee": bob_member},
            token=owner.access_token,
        )
        received = notification(await bob.receive())
        await quiet(bob, carol, boss, eve)

    assert received == {
        "id": received["id"],
        "kind": "TASK_ASSIGNED",
        "title": "Task assigned to you: Send the contract",
        "targetType": "contact",
        "targetId": contact_id,
        "readAt": None,
    }
    bob_list = (await gql.data(NOTIFICATIONS, token=bob_token))["notifications"]
    assert bob_list["unreadCount"] == 1
    assert [edge["node"] for edge in bob_list["edges"]] == [received]
    for token in (carol_token, owner.access_token, outsider.access_token):
        assert (await gql.data(NOTIFICATIONS, token=token))["notifications"] == {
            "unreadCount": 0,
            "totalCount": 0,
            "edges": [],
        }
    assert await count_of(superuser_db, carol_member) == 0

    # Someone else's notification cannot be marked read, nor is its existence told.
    for token in (carol_token, outsider.access_token):
        refused = await gql.data(MARK_READ, {"ids": [received["id"]]}, token=token)
        assert refused["markNotificationsRead"] == {"unreadCount": 0, "notifications": []}
    assert (await gql.data(NOTIFICATIONS, token=bob_token))["notifications"]["unreadCount"] == 1

    marked = (await gql.data(MARK_READ, {"ids": [received["id"]]}, token=bob_token))["markNotificationsRead"]
    assert marked["unreadCount"] == 0
    assert [n["id"] for n in marked["notifications"]] == [received["id"]]
    assert marked["notifications"][0]["readAt"] is not None
    assert (await gql.data(NOTIFICATIONS, token=bob_token))["notifications"]["unreadCount"] == 0


async def test_nobody_is_notified_of_their_own_act_and_a_reassignment_notifies_the_new_assignee(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes], superuser_db: Database
) -> None:
    owner, members, _ = await team(gql)
    (bob_member, bob_token), (carol_member, carol_token) = members["bob"], members["carol"]
    contact_id = await new_contact(gql, owner.access_token, "Linus")
    async with signed_in(apis[0], bob_token) as bob, signed_in(apis[0], carol_token) as carol:
        await bob.subscribe(NOTIFICATION_ADDED)
        await carol.subscribe(NOTIFICATION_ADDED)
        await asyncio.sleep(0.3)
        # Bob gives himself a task: nothing. Then hands it to Carol: Carol is told.
        task = await gql.data(ADD_TASK, {"id": contact_id, "body": "Own task", "assignee": bob_member}, token=bob_token)
        await bob.nothing_within(1.5)
        await gql.data(UPDATE_TASK, {"id": task["addTask"]["id"], "assignee": carol_member}, token=bob_token)
        received = notification(await carol.receive())
        await quiet(bob, carol)
    assert (received["kind"], received["title"]) == ("TASK_ASSIGNED", "Task assigned to you: Own task")
    assert await count_of(superuser_db, bob_member) == 0
    assert await count_of(superuser_db, carol_member) == 1


async def test_an_event_read_again_does_not_notify_twice(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes], superuser_db: Database, app_db: Database
) -> None:
    owner, members, _ = await team(gql)
    bob_member, bob_token = members["bob"]
    contact_id = await new_contact(gql, owner.access_token, "Ada")
    async with superuser_db.transaction() as session:
        before = int(await session.scalar(text("SELECT through_sequence FROM notification_cursor")) or 0)
    async with signed_in(apis[0], bob_token) as bob:
        await bob.subscribe(NOTIFICATION_ADDED)
        await asyncio.sleep(0.3)
        await gql.data(ADD_TASK, {"id": contact_id, "body": "Once", "assignee": bob_member}, token=owner.access_token)
        notification(await bob.receive())
        # A notifier that died before saving its cursor: the worker reads the same events again...
        async with superuser_db.transaction() as session:
            await session.execute(text("UPDATE notification_cursor SET through_sequence = :s"), {"s": before})
            row = (
                await session.execute(
                    text(
                        "SELECT id, sequence, workspace_id, type, payload, actor_user_id FROM outbox_events"
                        " WHERE workspace_id = :ws AND type = 'task.added'"
                    ),
                    {"ws": owner.workspace_id},
                )
            ).one()
        # ...and so does this direct run of the same step.
        async with app_db.transaction(workspace_id=row.workspace_id) as session:
            created = await service.notify_of_events(session, events=[service.OutboxEvent(**row._asdict())])
        await bob.nothing_within(2.5)
    assert created == 0
    assert await count_of(superuser_db, bob_member) == 1
    async with superuser_db.transaction() as session:
        through = int(await session.scalar(text("SELECT through_sequence FROM notification_cursor")) or 0)
        events = await session.scalar(
            text(
                "SELECT count(*) FROM outbox_events WHERE type = 'notification.created'"
                " AND payload->>'recipientMemberId' = :member"
            ),
            {"member": bob_member},
        )
    assert through >= row.sequence  # the worker did read it again
    assert events == 1


async def test_a_deal_owned_won_or_lost_and_an_email_from_an_owned_contact_notify_the_owner(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    owner, members, _ = await team(gql)
    bob_member, bob_token = members["bob"]
    token = owner.access_token
    stages = (await gql.data(PIPELINES, token=token))["pipelines"][0]["stages"]
    won = next(stage["id"] for stage in stages if stage["kind"] == "WON")
    lost = next(stage["id"] for stage in stages if stage["kind"] == "LOST")
    deals = [
        (await gql.data(CREATE_DEAL, {"input": {"name": name, "ownerId": bob_member}}, token=token))["createDeal"]["id"]
        for name in ("Big one", "Small one")
    ]
    sender = f"pat-{uuid.uuid4().hex[:8]}@globex.io"
    contact_id = await new_contact(gql, token, "Pat", lastName="Doe", emails=[sender], ownerId=bob_member)
    address = (await gql.data("query { inboundEmail { token } }", token=token))["inboundEmail"]["token"]
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "rep@acme.test", "Quote, please"
    message["Date"], message["Message-ID"] = "Tue, 01 Dec 2026 09:15:00 +0000", make_msgid(domain="globex.io")
    message.set_content("Could you send the quote?")
    async with signed_in(apis[0], bob_token) as bob, httpx.AsyncClient(base_url=apis[0], timeout=30) as http:
        await bob.subscribe(NOTIFICATION_ADDED)
        await asyncio.sleep(0.3)
        await gql.data(MOVE_DEAL, {"id": deals[0], "stage": won}, token=token)
        first = notification(await bob.receive())
        await gql.data(MOVE_DEAL, {"id": deals[1], "stage": lost}, token=token)
        second = notification(await bob.receive())
        response = await http.post(
            "/api/v1/webhooks/inbound/email",
            content=message.as_bytes(),
            headers={"x-inbound-token": address, "content-type": "message/rfc822"},
        )
        assert response.status_code == 202, response.text
        third = notification(await bob.receive(wait=30))
        await bob.nothing_within(1.5)
    assert [(n["kind"], n["title"], n["targetType"], n["targetId"]) for n in (first, second, third)] == [
        ("DEAL_WON", "Deal won: Big one", "deal", deals[0]),
        ("DEAL_LOST", "Deal lost: Small one", "deal", deals[1]),
        ("EMAIL_FROM_CONTACT", "Email from: Pat Doe", "contact", contact_id),
    ]


async def test_the_emails_of_one_pass_notify_each_owner_of_a_named_contact_once_per_email(
    gql: GraphQLClient, superuser_db: Database, app_db: Database
) -> None:
    owner, members, _ = await team(gql)
    (bob_member, _), (carol_member, _) = members["bob"], members["carol"]
    token = owner.access_token
    ada = await new_contact(gql, token, "Ada", ownerId=bob_member)
    ben = await new_contact(gql, token, "Ben", ownerId=bob_member)
    cyd = await new_contact(gql, token, "Cyd", ownerId=carol_member)
    owners_own = await new_contact(gql, token, "Dee")  # owned by whoever creates it: the owner

    def received(direction: str, *contact_ids: str, actor: str | None = None) -> service.OutboxEvent:
        return service.OutboxEvent(
            id=uuid.uuid4(),
            sequence=0,
            workspace_id=uuid.UUID(owner.workspace_id),
            type="email.received",
            payload={"direction": direction, "contactIds": list(contact_ids)},
            actor_user_id=uuid.UUID(actor) if actor else None,
        )

    events = [
        received("INBOUND", ada, ben),  # bob, once, of Ada
        received("INBOUND", cyd, ben, cyd),  # carol of Cyd, bob of Ben
        received("OUTBOUND", ada),  # mail we sent: nobody
        received("INBOUND", owners_own, actor=owner.user_id),  # the owner's own act: nobody
    ]
    async with app_db.transaction(workspace_id=uuid.UUID(owner.workspace_id)) as session:
        created = await service.notify_of_events(session, events=events)

    assert created == 3
    async with superuser_db.transaction() as session:
        rows = (
            await session.execute(
                text(
                    "SELECT recipient_member_id::text, title, target_id::text, dedupe_key FROM notifications"
                    " WHERE workspace_id = :ws AND kind = 'EMAIL_FROM_CONTACT'"
                ),
                {"ws": owner.workspace_id},
            )
        ).all()
    assert sorted(tuple(row) for row in rows) == sorted(
        [
            (bob_member, "Email from: Ada", ada, f"event:{events[0].id}"),
            (carol_member, "Email from: Cyd", cyd, f"event:{events[1].id}"),
            (bob_member, "Email from: Ben", ben, f"event:{events[1].id}"),
        ]
    )


async def test_a_task_falling_due_notifies_its_assignee_once(
    gql: GraphQLClient,
    apis: list[str],
    worker: subprocess.Popen[bytes],
    servers: Servers,
    app_db: Database,
    superuser_db: Database,
) -> None:
    owner, members, _ = await team(gql)
    bob_member, bob_token = members["bob"]
    contact_id = await new_contact(gql, owner.access_token, "Hedy")
    due = datetime.now(UTC) + timedelta(seconds=2)
    later = datetime.now(UTC) + timedelta(hours=1)
    async with signed_in(apis[0], bob_token) as bob:
        await bob.subscribe(NOTIFICATION_ADDED)
        await asyncio.sleep(0.3)
        for body, when in (("Call Hedy", due), ("Not yet", later)):
            await gql.data(
                ADD_TASK, {"id": contact_id, "body": body, "due": when.isoformat()}, token=bob_token
            )  # his own tasks: no TASK_ASSIGNED
        await asyncio.sleep(2.5)
        context = JobContext(settings=servers.settings(), db=app_db, redis=None)  # type: ignore[arg-type]
        # The job as the worker's schedule runs it (it may have run already: then this finds it done).
        await jobs.notify_tasks_due(context, {})
        received = notification(await bob.receive(wait=20))
        await jobs.notify_tasks_due(context, {})
        await bob.nothing_within(1.5)
    assert (received["kind"], received["title"], received["targetId"]) == (
        "TASK_DUE",
        "Task due: Call Hedy",
        contact_id,
    )
    assert await count_of(superuser_db, bob_member, "TASK_DUE") == 1
    assert await count_of(superuser_db, bob_member) == 1


async def test_mark_read_takes_a_bounded_list(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    for ids in ([], [str(uuid.uuid4()) for _ in range(101)]):
        body = await gql(MARK_READ, {"ids": ids}, token=account.access_token)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert body["data"] is None


LOG_MEETING = "mutation($input: LogMeetingInput!) { logMeeting(input: $input) { id } }"
UPDATE_MEETING = "mutation($id: UUID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { id } }"


async def test_a_meeting_about_to_start_reminds_its_author_and_the_teammates_attending_once(
    gql: GraphQLClient,
    apis: list[str],
    worker: subprocess.Popen[bytes],
    servers: Servers,
    app_db: Database,
    superuser_db: Database,
) -> None:
    owner, members, _ = await team(gql)
    bob_member, bob_token = members["bob"]
    carol_member, carol_token = members["carol"]
    contact_id = await new_contact(gql, owner.access_token, "Grace")
    owner_member = await owner_member_id(gql, owner)
    now = datetime.now(UTC)
    meetings = (
        ("Standup", now + timedelta(minutes=5, seconds=20)),  # within the 10 minutes' lead: reminded now
        ("Next week", now + timedelta(days=7)),
        ("Already on", now - timedelta(minutes=2)),  # started: too late for a reminder
    )
    async with (
        signed_in(apis[0], owner.access_token) as olive,
        signed_in(apis[0], bob_token) as bob,
        signed_in(apis[1], carol_token) as carol,
    ):
        for socket in (olive, bob, carol):
            await socket.subscribe(NOTIFICATION_ADDED)
        await asyncio.sleep(0.3)
        ids = {}
        for title, starts in meetings:
            logged = await gql.data(
                LOG_MEETING,
                {
                    "input": {
                        "targetId": contact_id,
                        "title": title,
                        "startsAt": starts.isoformat(),
                        "attendeeMemberIds": [bob_member],
                    }
                },
                token=owner.access_token,
            )
            ids[title] = logged["logMeeting"]["id"]
        context = JobContext(settings=servers.settings(), db=app_db, redis=None)  # type: ignore[arg-type]
        # The job as the worker's schedule runs it (it may have run already: then this finds it done).
        await jobs.notify_meetings_soon(context, {})
        to_bob = notification(await bob.receive(wait=20))
        to_olive = notification(await olive.receive(wait=20))
        await jobs.notify_meetings_soon(context, {})
        await quiet(olive, bob, carol)
        # Next week's meeting moved to start in 8 minutes: reminded now, once.
        moved = datetime.now(UTC) + timedelta(minutes=8, seconds=20)
        await gql.data(
            UPDATE_MEETING, {"id": ids["Next week"], "input": {"startsAt": moved.isoformat()}}, token=owner.access_token
        )
        await jobs.notify_meetings_soon(context, {})
        moved_to_bob = notification(await bob.receive(wait=20))
        await jobs.notify_meetings_soon(context, {})
        await olive.receive(wait=20)
        await quiet(olive, bob, carol)

    for received in (to_bob, to_olive):
        assert (received["kind"], received["title"], received["targetType"], received["targetId"]) == (
            "MEETING_SOON",
            "Meeting in 5 min: Standup",
            "contact",
            contact_id,
        )
    assert (moved_to_bob["kind"], moved_to_bob["title"]) == ("MEETING_SOON", "Meeting in 8 min: Next week")
    assert await count_of(superuser_db, bob_member, "MEETING_SOON") == 2
    assert await count_of(superuser_db, owner_member, "MEETING_SOON") == 2
    assert await count_of(superuser_db, carol_member) == 0


async def owner_member_id(gql: GraphQLClient, account: Account) -> str:
    answer = await gql.data("query { members { id user { email } } }", token=account.access_token)
    return next(str(m["id"]) for m in answer["members"] if m["user"]["email"] == account.email.lower())
