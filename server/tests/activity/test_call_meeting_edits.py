"""Logged calls and meetings edited and deleted by their author or an admin: every linked timeline
and the agendas follow, another workspace's ids are NOT_FOUND, a refusal writes nothing."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from typing import Any

from rapport.db import Database
from tests.activity.test_daywork import (
    AGENDA,
    LOG_CALL,
    LOG_MEETING,
    NOTIFICATIONS,
    TABLES,
    UNKNOWN,
    code,
    company,
    contact,
    field_errors,
    iso,
    notifications_of,
    timeline,
)
from tests.factories import GraphQLClient, join, sign_up
from tests.state import rows

UPDATE_CALL = """mutation($id: UUID!, $input: UpdateCallInput!) { updateCall(id: $id, input: $input) {
  id kind summary body callOutcome durationSeconds occurredAt editedAt canEdit mentions { id } } }"""
DELETE_CALL = "mutation($id: UUID!) { deleteCall(id: $id) }"
UPDATE_MEETING = """mutation($id: UUID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) {
  id summary title body startsAt endsAt editedAt attendeeContacts { id } attendeeMembers { id } } }"""
DELETE_MEETING = "mutation($id: UUID!) { deleteMeeting(id: $id) }"


def summaries(page: dict[str, Any]) -> list[tuple[str, str]]:
    return [(edge["node"]["id"], edge["node"]["summary"]) for edge in page["edges"]]


async def events(db: Database, workspace_id: str, *types: str) -> list[tuple[str, dict[str, Any]]]:
    found = (await rows(db, workspace_id, "outbox_events"))["outbox_events"]
    # Ordered by id: time-ordered ids, the order they were written in.
    return [
        (event["type"], event["payload"] if isinstance(event["payload"], dict) else json.loads(event["payload"]))
        for event in found
        if event["type"] in types
    ]


async def test_a_call_is_edited_and_deleted_by_its_author_or_an_admin_on_every_linked_timeline(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    bob = await sign_up(gql, name="Bob Smith")
    carol = await sign_up(gql, name="Carol Admin")
    outsider = await sign_up(gql, name="Eve Outsider")
    _, bob_token = await join(gql, owner, bob, "MEMBER")
    _, carol_token = await join(gql, owner, carol, "ADMIN")
    token = owner.access_token
    initech = await company(gql, token, "Initech")
    rosa = await contact(gql, token, "Rosa", initech)
    their_member = (await gql.data("query { members { id } }", token=outsider.access_token))["members"][0]["id"]
    called_at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    call_input = {"targetId": rosa, "occurredAt": iso(called_at), "durationSeconds": 125, "outcome": "CONNECTED"}
    bobs = (await gql.data(LOG_CALL, {"input": call_input | {"notes": "Demo"}}, token=bob_token))["logCall"]["id"]
    owners = (await gql.data(LOG_CALL, {"input": call_input}, token=token))["logCall"]["id"]
    meeting = (
        await gql.data(
            LOG_MEETING, {"input": {"targetId": rosa, "startsAt": iso(called_at), "title": "Sync"}}, token=token
        )
    )["logMeeting"]["id"]

    before = await rows(superuser_db, owner.workspace_id, *TABLES)
    refused = {
        "bob edits the owner's": await gql(UPDATE_CALL, {"id": owners, "input": {"outcome": "BUSY"}}, token=bob_token),
        "bob deletes the owner's": await gql(DELETE_CALL, {"id": owners}, token=bob_token),
        "another workspace edits": await gql(
            UPDATE_CALL, {"id": bobs, "input": {"outcome": "BUSY"}}, token=outsider.access_token
        ),
        "another workspace deletes": await gql(DELETE_CALL, {"id": bobs}, token=outsider.access_token),
        "a meeting is no call": await gql(UPDATE_CALL, {"id": meeting, "input": {"outcome": "BUSY"}}, token=token),
        "no such call": await gql(DELETE_CALL, {"id": UNKNOWN}, token=token),
        "in the future": await gql(
            UPDATE_CALL,
            {"id": bobs, "input": {"occurredAt": iso(datetime.now(UTC) + timedelta(hours=1))}},
            token=bob_token,
        ),
        "negative": await gql(UPDATE_CALL, {"id": bobs, "input": {"durationSeconds": -5}}, token=bob_token),
        "a stranger mentioned": await gql(
            UPDATE_CALL, {"id": bobs, "input": {"notes": f"@[Eve](mention:{their_member})"}}, token=bob_token
        ),
    }
    assert {reason: code(body) for reason, body in refused.items()} == {
        "bob edits the owner's": "FORBIDDEN",
        "bob deletes the owner's": "FORBIDDEN",
        "another workspace edits": "NOT_FOUND",
        "another workspace deletes": "NOT_FOUND",
        "a meeting is no call": "NOT_FOUND",
        "no such call": "NOT_FOUND",
        "in the future": "BAD_USER_INPUT",
        "negative": "BAD_USER_INPUT",
        "a stranger mentioned": "BAD_USER_INPUT",
    }
    assert field_errors(refused["in the future"]) == [
        {"path": ["input", "occurredAt"], "message": "Choose a time in the past"}
    ]
    assert field_errors(refused["negative"])[0]["path"] == ["input", "durationSeconds"]
    assert field_errors(refused["a stranger mentioned"]) == [
        {"path": ["input", "notes"], "message": "Mention a member of this workspace"}
    ]
    assert await rows(superuser_db, owner.workspace_id, *TABLES) == before

    edited = (
        await gql.data(
            UPDATE_CALL,
            {"id": bobs, "input": {"outcome": "LEFT_VOICEMAIL", "durationSeconds": None}},
            token=bob_token,
        )
    )["updateCall"]
    by_admin = (await gql.data(UPDATE_CALL, {"id": owners, "input": {"notes": "Fixed by Carol"}}, token=carol_token))[
        "updateCall"
    ]
    unchanged = (await gql.data(UPDATE_CALL, {"id": owners, "input": {}}, token=token))["updateCall"]
    on_rosa = await timeline(gql, token, "contact", rosa)
    on_initech = await timeline(gql, token, "company", initech)

    assert {key: edited[key] for key in ("summary", "body", "callOutcome", "durationSeconds", "canEdit")} == {
        "summary": "Call: left a voicemail",
        "body": "Demo",
        "callOutcome": "LEFT_VOICEMAIL",
        "durationSeconds": None,
        "canEdit": True,
    }
    assert datetime.fromisoformat(edited["occurredAt"]) == called_at
    assert edited["editedAt"] is not None
    assert (by_admin["summary"], by_admin["body"], by_admin["callOutcome"]) == (
        "Call: connected, 2 min 5 s",
        "Fixed by Carol",
        "CONNECTED",
    )
    assert unchanged["body"] == "Fixed by Carol"
    for page in (on_rosa, on_initech):
        assert (bobs, "Call: left a voicemail") in summaries(page)
        assert (owners, "Call: connected, 2 min 5 s") in summaries(page)

    deleted = await gql.data(DELETE_CALL, {"id": bobs}, token=token)
    after_rosa = await timeline(gql, token, "contact", rosa)
    after_initech = await timeline(gql, token, "company", initech)

    assert deleted == {"deleteCall": True}
    for page in (after_rosa, after_initech):
        assert bobs not in [entry_id for entry_id, _ in summaries(page)]
        assert owners in [entry_id for entry_id, _ in summaries(page)]
    on_rosa_payload = {"subjectType": "contact", "subjectId": rosa}
    assert await events(superuser_db, owner.workspace_id, "call.updated", "call.deleted") == [
        ("call.updated", {"id": bobs, **on_rosa_payload}),
        ("call.updated", {"id": owners, **on_rosa_payload}),
        ("call.deleted", {"id": bobs, **on_rosa_payload}),
    ]


async def test_a_meeting_moved_or_changed_follows_in_the_agendas_and_on_the_attendees_timelines(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    bob = await sign_up(gql, name="Bob Smith")
    outsider = await sign_up(gql, name="Eve Outsider")
    bob_member, bob_token = await join(gql, owner, bob, "MEMBER")
    token = owner.access_token
    rosa = await contact(gql, token, "Rosa")
    milton = await contact(gql, token, "Milton")
    theirs = await contact(gql, outsider.access_token, "Theirs")
    now = datetime.now(UTC).replace(microsecond=0)
    past = now - timedelta(days=1)
    logged = (
        await gql.data(
            LOG_MEETING,
            {
                "input": {
                    "targetId": rosa,
                    "startsAt": iso(past),
                    "title": "Kick-off",
                    "attendeeContactIds": [milton],
                    "attendeeMemberIds": [bob_member],
                }
            },
            token=token,
        )
    )["logMeeting"]
    meeting = logged["id"]
    agendas_before = [(await gql.data(AGENDA, token=t))["agenda"] for t in (token, bob_token)]

    before = await rows(superuser_db, owner.workspace_id, *TABLES)
    refused = [
        await gql(UPDATE_MEETING, {"id": meeting, "input": {"title": "Mine"}}, token=bob_token),
        await gql(DELETE_MEETING, {"id": meeting}, token=bob_token),
        await gql(UPDATE_MEETING, {"id": meeting, "input": {"title": "Eve's"}}, token=outsider.access_token),
        await gql(DELETE_MEETING, {"id": meeting}, token=outsider.access_token),
        await gql(UPDATE_MEETING, {"id": meeting, "input": {"attendeeContactIds": [theirs]}}, token=token),
        await gql(UPDATE_MEETING, {"id": meeting, "input": {"title": " "}}, token=token),
        await gql(UPDATE_MEETING, {"id": meeting, "input": {"endsAt": iso(past - timedelta(hours=1))}}, token=token),
    ]
    assert [code(body) for body in refused] == [
        "FORBIDDEN",
        "FORBIDDEN",
        "NOT_FOUND",
        "NOT_FOUND",
        "NOT_FOUND",
        "BAD_USER_INPUT",
        "BAD_USER_INPUT",
    ]
    assert field_errors(refused[5]) == [{"path": ["input", "title"], "message": "Enter a title"}]
    assert field_errors(refused[6]) == [{"path": ["input", "endsAt"], "message": "Choose a time after the start"}]
    assert await rows(superuser_db, owner.workspace_id, *TABLES) == before

    soon = now + timedelta(days=2)
    moved = (
        await gql.data(
            UPDATE_MEETING, {"id": meeting, "input": {"startsAt": iso(soon), "title": "Review"}}, token=token
        )
    )["updateMeeting"]
    agendas_moved = [(await gql.data(AGENDA, token=t))["agenda"] for t in (token, bob_token)]
    dropped = (
        await gql.data(
            UPDATE_MEETING, {"id": meeting, "input": {"attendeeContactIds": [], "attendeeMemberIds": []}}, token=token
        )
    )["updateMeeting"]
    agendas_dropped = [(await gql.data(AGENDA, token=t))["agenda"] for t in (token, bob_token)]
    on_milton = await timeline(gql, token, "contact", milton)
    back = (await gql.data(UPDATE_MEETING, {"id": meeting, "input": {"startsAt": iso(past)}}, token=token))[
        "updateMeeting"
    ]
    agenda_back = (await gql.data(AGENDA, token=token))["agenda"]

    assert agendas_before == [[], []]
    assert (moved["summary"], moved["title"], moved["editedAt"] is not None) == ("Meeting: Review", "Review", True)
    assert [a["id"] for a in moved["attendeeContacts"]] == [milton]
    assert datetime.fromisoformat(moved["startsAt"]) == soon
    assert agendas_moved == [[{"id": meeting, "title": "Review", "startsAt": moved["startsAt"]}]] * 2
    assert (dropped["attendeeContacts"], dropped["attendeeMembers"]) == ([], [])
    assert agendas_dropped == [[{"id": meeting, "title": "Review", "startsAt": moved["startsAt"]}], []]
    assert meeting not in [entry_id for entry_id, _ in summaries(on_milton)]
    assert datetime.fromisoformat(back["startsAt"]) == past
    assert agenda_back == []
    assert (meeting, "Meeting: Review") in summaries(await timeline(gql, token, "contact", rosa))

    deleted = await gql.data(DELETE_MEETING, {"id": meeting}, token=token)
    assert deleted == {"deleteMeeting": True}
    assert meeting not in [entry_id for entry_id, _ in summaries(await timeline(gql, token, "contact", rosa))]
    on_rosa = {"id": meeting, "subjectType": "contact", "subjectId": rosa}
    assert await events(superuser_db, owner.workspace_id, "meeting.updated", "meeting.deleted") == [
        ("meeting.updated", on_rosa | {"attendeeContactIds": [milton]}),
        # The contacts it left are named too: their timelines changed.
        ("meeting.updated", on_rosa | {"attendeeContactIds": [milton]}),
        ("meeting.updated", on_rosa | {"attendeeContactIds": []}),
        ("meeting.deleted", on_rosa | {"attendeeContactIds": []}),
    ]


async def test_an_admin_deletes_a_members_meeting_and_a_member_sees_no_edit_of_others(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    bob = await sign_up(gql, name="Bob Smith")
    _, bob_token = await join(gql, owner, bob, "MEMBER")
    rosa = await contact(gql, owner.access_token, "Rosa")
    starts = iso(datetime.now(UTC) + timedelta(days=1))
    bobs = (
        await gql.data(
            LOG_MEETING, {"input": {"targetId": rosa, "startsAt": starts, "title": "Bob's"}}, token=bob_token
        )
    )["logMeeting"]["id"]
    owners = (await gql.data(LOG_CALL, {"input": {"targetId": rosa, "outcome": "BUSY"}}, token=owner.access_token))[
        "logCall"
    ]["id"]
    can_edit = "query($id: UUID!) { contact(id: $id) { timeline { edges { node { id kind canEdit } } } } }"
    seen = (await gql.data(can_edit, {"id": rosa}, token=bob_token))["contact"]["timeline"]["edges"]

    deleted = await gql.data(DELETE_MEETING, {"id": bobs}, token=owner.access_token)
    bobs_agenda = (await gql.data(AGENDA, token=bob_token))["agenda"]

    assert {edge["node"]["id"]: edge["node"]["canEdit"] for edge in seen if edge["node"]["kind"] != "CREATED"} == {
        bobs: True,
        owners: False,
    }
    assert deleted == {"deleteMeeting": True}
    assert bobs_agenda == []
    remaining = (await rows(superuser_db, owner.workspace_id, "activities"))["activities"]
    assert [row["kind"] for row in remaining if str(row["id"]) in (bobs, owners)] == ["CALL"]


async def test_a_call_edited_to_mention_a_member_tells_only_them(
    gql: GraphQLClient, worker: subprocess.Popen[bytes]
) -> None:
    owner = await sign_up(gql)
    bob = await sign_up(gql, name="Bob Smith")
    bob_member, bob_token = await join(gql, owner, bob, "MEMBER")
    rosa = await contact(gql, owner.access_token, "Rosa")
    call = (await gql.data(LOG_CALL, {"input": {"targetId": rosa, "outcome": "CONNECTED"}}, token=owner.access_token))[
        "logCall"
    ]["id"]
    await gql.data(
        UPDATE_CALL,
        {"id": call, "input": {"notes": f"Ask @[Bob Smith](mention:{bob_member}) for a quote"}},
        token=owner.access_token,
    )

    assert await notifications_of(gql, bob_token, 1) == [
        {
            "kind": "MENTIONED",
            "title": "You were mentioned: Ask @Bob Smith for a quote",
            "targetType": "contact",
            "targetId": rosa,
        }
    ]
    assert (await gql.data(NOTIFICATIONS, token=owner.access_token))["notifications"]["edges"] == []
