"""A rep's daily work: calls and meetings on every linked timeline, the agenda, notes edited and
deleted by their author or an admin, @mentions that notify, the task filters, a company's roll-up."""

from __future__ import annotations

import asyncio
import subprocess
from datetime import UTC, datetime, timedelta
from typing import Any

from rapport.db import Database
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, Account, GraphQLClient, join, sign_up
from tests.state import rows

UNKNOWN = "01890000-0000-7000-8000-000000000000"
LOG_CALL = """mutation($input: LogCallInput!) { logCall(input: $input) {
  id kind summary body callOutcome durationSeconds occurredAt subjectId subjectType } }"""
LOG_MEETING = """mutation($input: LogMeetingInput!) { logMeeting(input: $input) {
  id kind summary title body startsAt endsAt subjectId
  attendeeContacts { id name } attendeeMembers { id } } }"""
TIMELINE = """query($id: UUID!) { %s(id: $id) { timeline { totalCount edges { node {
  id kind summary subjectId subjectName } } } } }"""
AGENDA = "query { agenda(first: 10) { id title startsAt } }"
ADD_NOTE = "mutation($id: UUID!, $body: String!) { addNote(targetId: $id, body: $body) { id summary mentions { id } } }"
UPDATE_NOTE = """mutation($id: UUID!, $body: String!) { updateNote(id: $id, body: $body) {
  id body summary editedAt canEdit mentions { id } } }"""
DELETE_NOTE = "mutation($id: UUID!) { deleteNote(id: $id) }"
NOTIFICATIONS = "query { notifications(first: 10) { edges { node { kind title targetType targetId } } } }"
TABLES = ("activities", "outbox_events", "notifications")


def code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


def field_errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    return list(body["errors"][0]["extensions"]["fieldErrors"])


async def contact(gql: GraphQLClient, token: str, name: str, company_id: str | None = None) -> str:
    given: dict[str, object] = {"firstName": name} | ({"companyId": company_id} if company_id else {})
    return str((await gql.data(CREATE_CONTACT, {"input": given}, token=token))["createContact"]["id"])


async def company(gql: GraphQLClient, token: str, name: str) -> str:
    return str((await gql.data(CREATE_COMPANY, {"input": {"name": name}}, token=token))["createCompany"]["id"])


async def timeline(gql: GraphQLClient, token: str, kind: str, id: str) -> dict[str, Any]:
    data = await gql.data(TIMELINE % kind, {"id": id}, token=token)
    return dict(data[kind]["timeline"])


def iso(moment: datetime) -> str:
    return moment.isoformat()


async def test_calls_and_meetings_show_on_every_linked_timeline_and_in_the_agenda(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    bob = await sign_up(gql, name="Bob Smith")
    bob_member, bob_token = await join(gql, owner, bob, "MEMBER")
    token = owner.access_token
    initech = await company(gql, token, "Initech")
    rosa = await contact(gql, token, "Rosa", initech)
    milton = await contact(gql, token, "Milton", initech)
    stranger = await contact(gql, token, "Stranger")
    called_at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)

    call = (
        await gql.data(
            LOG_CALL,
            {
                "input": {
                    "targetId": rosa,
                    "occurredAt": iso(called_at),
                    "durationSeconds": 125,
                    "outcome": "CONNECTED",
                    "notes": "Wants a **demo**",
                }
            },
            token=token,
        )
    )["logCall"]
    meeting = (
        await gql.data(
            LOG_MEETING,
            {
                "input": {
                    "targetId": stranger,
                    "startsAt": iso(starts),
                    "endsAt": iso(starts + timedelta(hours=1)),
                    "title": "Kick-off",
                    "attendeeContactIds": [milton, milton],
                    "attendeeMemberIds": [bob_member],
                    "notes": "Bring the plan",
                }
            },
            token=token,
        )
    )["logMeeting"]
    voicemail = (await gql.data(LOG_CALL, {"input": {"targetId": initech, "outcome": "LEFT_VOICEMAIL"}}, token=token))[
        "logCall"
    ]

    assert call == {
        "id": call["id"],
        "kind": "CALL",
        "summary": "Call: connected, 2 min 5 s",
        "body": "Wants a **demo**",
        "callOutcome": "CONNECTED",
        "durationSeconds": 125,
        "occurredAt": called_at.isoformat().replace("+00:00", ".000000+00:00"),
        "subjectId": rosa,
        "subjectType": "contact",
    }
    assert meeting == {
        "id": meeting["id"],
        "kind": "MEETING",
        "summary": "Meeting: Kick-off",
        "title": "Kick-off",
        "body": "Bring the plan",
        "startsAt": starts.isoformat().replace("+00:00", ".000000+00:00"),
        "endsAt": (starts + timedelta(hours=1)).isoformat().replace("+00:00", ".000000+00:00"),
        "subjectId": stranger,
        "attendeeContacts": [{"id": milton, "name": "Milton"}],
        "attendeeMembers": [{"id": bob_member}],
    }
    assert voicemail["summary"] == "Call: left a voicemail"
    rosa_line = await timeline(gql, token, "contact", rosa)
    milton_line = await timeline(gql, token, "contact", milton)
    stranger_line = await timeline(gql, token, "contact", stranger)
    initech_line = await timeline(gql, token, "company", initech)
    kinds = lambda line: [(e["node"]["kind"], e["node"]["subjectName"]) for e in line["edges"]]  # noqa: E731
    assert kinds(rosa_line) == [("CREATED", "Rosa"), ("CALL", "Rosa")], "the call was two hours ago"
    assert kinds(milton_line) == [("MEETING", "Stranger"), ("CREATED", "Milton")]
    assert kinds(stranger_line) == [("MEETING", "Stranger"), ("CREATED", "Stranger")]
    # The company: its own entries, its contacts' call, and the meeting one of its contacts attends, once.
    assert kinds(initech_line) == [
        ("MEETING", "Stranger"),
        ("CALL", "Initech"),
        ("CREATED", "Initech"),
        ("CALL", "Rosa"),
    ]
    assert initech_line["totalCount"] == 4
    assert rosa_line["totalCount"] == 2

    mine = (await gql.data(AGENDA, token=token))["agenda"]
    bobs = (await gql.data(AGENDA, token=bob_token))["agenda"]
    assert mine == bobs == [{"id": meeting["id"], "title": "Kick-off", "startsAt": meeting["startsAt"]}]
    outsider = await sign_up(gql)
    assert (await gql.data(AGENDA, token=outsider.access_token))["agenda"] == []
    too_many = await gql("query { agenda(first: 101) { id } }", token=token)
    assert code(too_many) == "BAD_USER_INPUT"


async def test_bad_calls_meetings_and_mentions_are_refused_and_write_nothing(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    outsider = await sign_up(gql, name="Eve Outsider")
    token = owner.access_token
    rosa = await contact(gql, token, "Rosa")
    theirs = await contact(gql, outsider.access_token, "Theirs")
    their_member = (await gql.data("query { members { id } }", token=outsider.access_token))["members"][0]["id"]
    now = datetime.now(UTC)
    before = await rows(superuser_db, owner.workspace_id, *TABLES)
    meeting: dict[str, object] = {"targetId": rosa, "startsAt": iso(now), "title": "Sync"}

    future_call = await gql(
        LOG_CALL,
        {"input": {"targetId": rosa, "outcome": "BUSY", "occurredAt": iso(now + timedelta(hours=1))}},
        token=token,
    )
    negative = await gql(LOG_CALL, {"input": {"targetId": rosa, "outcome": "BUSY", "durationSeconds": -1}}, token=token)
    their_target = await gql(LOG_CALL, {"input": {"targetId": theirs, "outcome": "BUSY"}}, token=token)
    unknown_target = await gql(LOG_CALL, {"input": {"targetId": UNKNOWN, "outcome": "BUSY"}}, token=token)
    mention = f"Ask @[Eve](mention:{their_member})"
    their_mention = await gql(LOG_CALL, {"input": {"targetId": rosa, "outcome": "BUSY", "notes": mention}}, token=token)
    no_title = await gql(LOG_MEETING, {"input": meeting | {"title": "  "}}, token=token)
    backwards = await gql(LOG_MEETING, {"input": meeting | {"endsAt": iso(now - timedelta(hours=1))}}, token=token)
    far = await gql(LOG_MEETING, {"input": meeting | {"startsAt": iso(now + timedelta(days=3000))}}, token=token)
    their_contact = await gql(LOG_MEETING, {"input": meeting | {"attendeeContactIds": [theirs]}}, token=token)
    their_attendee = await gql(LOG_MEETING, {"input": meeting | {"attendeeMemberIds": [their_member]}}, token=token)
    crowd = await gql(LOG_MEETING, {"input": meeting | {"attendeeMemberIds": [UNKNOWN] * 51}}, token=token)
    note_mention = await gql(ADD_NOTE, {"id": rosa, "body": mention}, token=token)

    assert code(future_call) == "BAD_USER_INPUT"
    assert field_errors(future_call) == [{"path": ["input", "occurredAt"], "message": "Choose a time in the past"}]
    assert code(negative) == "BAD_USER_INPUT"
    assert field_errors(negative)[0]["path"] == ["input", "durationSeconds"]
    assert code(their_target) == code(unknown_target) == "NOT_FOUND"
    assert code(their_mention) == "BAD_USER_INPUT"
    assert field_errors(their_mention) == [
        {"path": ["input", "notes"], "message": "Mention a member of this workspace"}
    ]
    assert field_errors(no_title) == [{"path": ["input", "title"], "message": "Enter a title"}]
    assert field_errors(backwards) == [{"path": ["input", "endsAt"], "message": "Choose a time after the start"}]
    assert field_errors(far) == [{"path": ["input", "startsAt"], "message": "Choose a time within five years"}]
    assert code(their_contact) == code(their_attendee) == "NOT_FOUND"
    assert code(crowd) == "BAD_USER_INPUT"
    assert field_errors(note_mention) == [{"path": ["body"], "message": "Mention a member of this workspace"}]
    assert await rows(superuser_db, owner.workspace_id, *TABLES) == before


async def test_a_note_is_edited_and_deleted_by_its_author_or_an_admin_only(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    bob = await sign_up(gql, name="Bob Smith")
    carol = await sign_up(gql, name="Carol Admin")
    outsider = await sign_up(gql)
    _, bob_token = await join(gql, owner, bob, "MEMBER")
    _, carol_token = await join(gql, owner, carol, "ADMIN")
    rosa = await contact(gql, owner.access_token, "Rosa")
    bobs = (await gql.data(ADD_NOTE, {"id": rosa, "body": "First draft"}, token=bob_token))["addNote"]["id"]
    owners = (await gql.data(ADD_NOTE, {"id": rosa, "body": "Owner's"}, token=owner.access_token))["addNote"]["id"]
    can_edit = "query($id: UUID!) { contact(id: $id) { timeline { edges { node { id canEdit } } } } }"
    seen_by_bob = (await gql.data(can_edit, {"id": rosa}, token=bob_token))["contact"]["timeline"]["edges"]

    before = await rows(superuser_db, owner.workspace_id, *TABLES)
    refused = [
        await gql(UPDATE_NOTE, {"id": owners, "body": "Bob was here"}, token=bob_token),
        await gql(DELETE_NOTE, {"id": owners}, token=bob_token),
        await gql(UPDATE_NOTE, {"id": bobs, "body": ""}, token=bob_token),
        await gql(UPDATE_NOTE, {"id": bobs, "body": "x"}, token=outsider.access_token),
        await gql(DELETE_NOTE, {"id": bobs}, token=outsider.access_token),
        await gql(DELETE_NOTE, {"id": UNKNOWN}, token=bob_token),
    ]
    assert [code(body) for body in refused] == [
        "FORBIDDEN",
        "FORBIDDEN",
        "BAD_USER_INPUT",
        "NOT_FOUND",
        "NOT_FOUND",
        "NOT_FOUND",
    ]
    assert await rows(superuser_db, owner.workspace_id, *TABLES) == before

    edited = (await gql.data(UPDATE_NOTE, {"id": bobs, "body": "Second   draft"}, token=bob_token))["updateNote"]
    by_admin = (await gql.data(UPDATE_NOTE, {"id": owners, "body": "Fixed"}, token=carol_token))["updateNote"]
    deleted = await gql.data(DELETE_NOTE, {"id": bobs}, token=owner.access_token)
    remaining = await timeline(gql, owner.access_token, "contact", rosa)

    assert [(e["node"]["id"], e["node"]["canEdit"]) for e in seen_by_bob][:2] == [(owners, False), (bobs, True)]
    assert edited["body"] == "Second   draft"
    assert edited["summary"] == "Note: Second draft"
    assert edited["editedAt"] is not None
    assert by_admin["body"] == "Fixed"
    assert deleted == {"deleteNote": True}
    assert [(e["node"]["kind"], e["node"]["summary"]) for e in remaining["edges"]] == [
        ("NOTE", "Note: Fixed"),
        ("CREATED", "Created contact Rosa"),
    ]
    events = await rows(superuser_db, owner.workspace_id, "outbox_events")
    types = [event["type"] for event in events["outbox_events"]]
    assert types.count("note.updated") == 2
    assert types.count("note.deleted") == 1


async def notifications_of(gql: GraphQLClient, token: str, count: int) -> list[dict[str, Any]]:
    for _ in range(150):
        edges = (await gql.data(NOTIFICATIONS, token=token))["notifications"]["edges"]
        if len(edges) >= count:
            return [edge["node"] for edge in edges]
        await asyncio.sleep(0.2)
    raise AssertionError(f"fewer than {count} notifications")


async def test_a_mention_notifies_the_member_once_and_an_edit_tells_only_the_newly_mentioned(
    gql: GraphQLClient, worker: subprocess.Popen[bytes]
) -> None:
    owner = await sign_up(gql)
    bob = await sign_up(gql, name="Bob Smith")
    carol = await sign_up(gql, name="Carol Jones")
    bob_member, bob_token = await join(gql, owner, bob, "MEMBER")
    carol_member, carol_token = await join(gql, owner, carol, "MEMBER")
    rosa = await contact(gql, owner.access_token, "Rosa")
    body = f"Ask @[Bob Smith](mention:{bob_member}) about   pricing"
    note = (await gql.data(ADD_NOTE, {"id": rosa, "body": body}, token=owner.access_token))["addNote"]
    told_bob = await notifications_of(gql, bob_token, 1)
    both = f"{body} and @[Carol Jones](mention:{carol_member})"
    await gql.data(UPDATE_NOTE, {"id": note["id"], "body": both}, token=owner.access_token)
    told_carol = await notifications_of(gql, carol_token, 1)
    # A self-mention tells nobody.
    owner_member = (await gql.data("query { members { id user { email } } }", token=owner.access_token))["members"]
    own_id = next(m["id"] for m in owner_member if m["user"]["email"] == owner.email)
    await gql.data(ADD_NOTE, {"id": rosa, "body": f"@[Me](mention:{own_id})"}, token=owner.access_token)
    await asyncio.sleep(3)

    assert note["summary"] == "Note: Ask @Bob Smith about pricing"
    assert note["mentions"] == [{"id": bob_member}]
    assert told_bob == [
        {
            "kind": "MENTIONED",
            "title": "You were mentioned: Ask @Bob Smith about pricing",
            "targetType": "contact",
            "targetId": rosa,
        }
    ]
    assert told_carol == [
        {
            "kind": "MENTIONED",
            "title": "You were mentioned: Ask @Bob Smith about pricing and @Carol Jones",
            "targetType": "contact",
            "targetId": rosa,
        }
    ]
    assert len((await gql.data(NOTIFICATIONS, token=bob_token))["notifications"]["edges"]) == 1
    assert (await gql.data(NOTIFICATIONS, token=owner.access_token))["notifications"]["edges"] == []


TASKS = """query($filter: TaskFilter) { tasks(first: 10, filter: $filter) { edges { node { body dueAt } } } }"""
ADD_TASK = """mutation($id: UUID!, $body: String!, $due: DateTime, $a: UUID) {
  addTask(targetId: $id, body: $body, dueAt: $due, assigneeId: $a) { id } }"""


async def test_the_task_filter_finds_overdue_today_and_upcoming_tasks_first_the_overdue(gql: GraphQLClient) -> None:
    owner: Account = await sign_up(gql)
    bob = await sign_up(gql, name="Bob Smith")
    bob_member, _ = await join(gql, owner, bob, "MEMBER")
    token = owner.access_token
    rosa = await contact(gql, token, "Rosa")
    other = await contact(gql, token, "Other")
    now = datetime.now(UTC).replace(microsecond=0)
    for body, due, target, assignee in (
        ("Later", now + timedelta(days=3), rosa, None),
        ("Overdue", now - timedelta(days=2), rosa, None),
        ("Soon", now + timedelta(hours=1), other, None),
        ("Undated", None, rosa, None),
        ("Bob's", now - timedelta(days=1), rosa, bob_member),
    ):
        await gql.data(ADD_TASK, {"id": target, "body": body, "due": due and iso(due), "a": assignee}, token=token)

    async def bodies(filter: dict[str, object]) -> list[str]:
        data = await gql.data(TASKS, {"filter": filter}, token=token)
        return [edge["node"]["body"] for edge in data["tasks"]["edges"]]

    assert await bodies({}) == ["Overdue", "Bob's", "Soon", "Later", "Undated"]
    assert await bodies({"assigneeId": bob_member}) == ["Bob's"]
    assert await bodies({"dueBefore": iso(now)}) == ["Overdue", "Bob's"]
    assert await bodies({"dueAfter": iso(now), "dueBefore": iso(now + timedelta(days=1))}) == ["Soon"]
    assert await bodies({"targetId": other}) == ["Soon"]
    assert await bodies({"done": True}) == []
    backwards = await gql(TASKS, {"filter": {"dueAfter": iso(now), "dueBefore": iso(now)}}, token=token)
    assert code(backwards) == "BAD_USER_INPUT"
