"""Notes and tasks on records, in their timelines, and the task list."""

from __future__ import annotations

from typing import Any

from rapport.db import Database
from tests.factories import CREATE_CONTACT, GraphQLClient, join, sign_up
from tests.state import rows

TIMELINE = """query($id: UUID!) { contact(id: $id) { timeline { totalCount edges { node {
  kind summary body dueAt done assignee { user { email } } actor { user { email } } } } } } }"""


async def test_notes_and_tasks_appear_newest_first_and_tasks_complete(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    colleague = await sign_up(gql)
    colleague_member, _ = await join(gql, owner, colleague, "MEMBER")
    token = owner.access_token
    contact_id = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Rosa"}}, token=token))["createContact"]["id"]

    note = await gql.data(
        'mutation($id: UUID!) { addNote(targetId: $id, body: "Prefers   email\\nover calls") { kind summary } }',
        {"id": contact_id},
        token=token,
    )
    task = await gql.data(
        'mutation($id: UUID!, $a: UUID) { addTask(targetId: $id, body: "Call back", dueAt: "2027-01-15T09:00:00Z", assigneeId: $a) { id done } }',
        {"id": contact_id, "a": colleague_member},
        token=token,
    )
    mine = await gql.data(
        'mutation($id: UUID!) { addTask(targetId: $id, body: "Mine") { id } }', {"id": contact_id}, token=token
    )
    done = await gql.data(
        "mutation($id: UUID!) { completeTask(id: $id) { done } }", {"id": task["addTask"]["id"]}, token=token
    )
    open_tasks = await gql.data(
        "query($a: UUID) { tasks(assigneeId: $a, done: false) { edges { node { body } } } }",
        {"a": colleague_member},
        token=token,
    )
    timeline = (await gql.data(TIMELINE, {"id": contact_id}, token=token))["contact"]["timeline"]
    empty = await gql(
        'mutation($id: UUID!) { addNote(targetId: $id, body: "") { id } }', {"id": contact_id}, token=token
    )
    nowhere = await gql(
        'mutation { addNote(targetId: "01890000-0000-7000-8000-000000000000", body: "x") { id } }', token=token
    )

    assert note["addNote"] == {"kind": "NOTE", "summary": "Note: Prefers email over calls"}
    assert task["addTask"]["done"] is False
    assert done["completeTask"]["done"] is True
    assert open_tasks["tasks"]["edges"] == []
    entries = [edge["node"] for edge in timeline["edges"]]
    assert [e["kind"] for e in entries] == ["TASK", "TASK", "NOTE", "CREATED"]
    assert entries[1]["assignee"]["user"]["email"] == colleague.email
    assert entries[1]["dueAt"] == "2027-01-15T09:00:00.000000+00:00"
    assert entries[0]["assignee"]["user"]["email"] == owner.email, "a task is yours unless assigned"
    assert entries[2]["body"] == "Prefers   email\nover calls"
    assert mine["addTask"]["id"]
    assert empty["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert nowhere["errors"][0]["extensions"]["code"] == "NOT_FOUND"


UPDATE_TASK = """mutation($id: UUID!, $body: String, $dueAt: DateTime, $assigneeId: UUID, $done: Boolean) {
  updateTask(id: $id, body: $body, dueAt: $dueAt, assigneeId: $assigneeId, done: $done) {
    id kind summary body dueAt done assignee { id } } }"""
UNKNOWN = "01890000-0000-7000-8000-000000000000"


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def test_update_task_changes_only_what_it_is_given(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    colleague = await sign_up(gql)
    colleague_member, _ = await join(gql, owner, colleague, "MEMBER")
    token = owner.access_token
    owner_member = (await gql.data("query { members { id user { email } } }", token=token))["members"]
    owner_member_id = next(m["id"] for m in owner_member if m["user"]["email"] == owner.email)
    contact_id = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Rosa"}}, token=token))["createContact"]["id"]
    task_id = (
        await gql.data(
            'mutation($id: UUID!) { addTask(targetId: $id, body: "Call back") { id } }', {"id": contact_id}, token=token
        )
    )["addTask"]["id"]

    async def update(**variables: Any) -> dict[str, Any]:
        return dict((await gql.data(UPDATE_TASK, {"id": task_id, **variables}, token=token))["updateTask"])

    body = await update(body="Call back   about\nthe renewal")
    due = await update(dueAt="2027-02-01T10:30:00+01:00")
    assigned = await update(assigneeId=colleague_member)
    assigned_tasks = await gql.data(
        "query($a: UUID) { tasks(assigneeId: $a) { edges { node { id body } } } }", {"a": colleague_member}, token=token
    )
    done = await update(done=True)
    cleared = await update(dueAt=None, assigneeId=None, done=False)
    untouched = await update()

    base = {"id": task_id, "kind": "TASK"}
    assert body == base | {
        "summary": "Task: Call back about the renewal",
        "body": "Call back   about\nthe renewal",
        "dueAt": None,
        "done": False,
        "assignee": {"id": owner_member_id},
    }
    assert due == body | {"dueAt": "2027-02-01T09:30:00.000000+00:00"}
    assert assigned == due | {"assignee": {"id": colleague_member}}
    assert assigned_tasks["tasks"]["edges"] == [{"node": {"id": task_id, "body": "Call back   about\nthe renewal"}}]
    assert done == assigned | {"done": True}
    assert cleared == body | {"assignee": None}, "null clears the due date and the assignee; done: false reopens"
    assert untouched == cleared


async def test_a_refused_task_update_changes_nothing(gql: GraphQLClient, superuser_db: Database) -> None:
    owner = await sign_up(gql)
    stranger = await sign_up(gql)
    stranger_member = (await gql.data("query { members { id } }", token=stranger.access_token))["members"][0]["id"]
    token = owner.access_token
    contact_id = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Rosa"}}, token=token))["createContact"]["id"]
    task_id = (
        await gql.data(
            'mutation($id: UUID!) { addTask(targetId: $id, body: "Call back") { id } }', {"id": contact_id}, token=token
        )
    )["addTask"]["id"]
    note_id = (
        await gql.data(
            'mutation($id: UUID!) { addNote(targetId: $id, body: "A note") { id } }', {"id": contact_id}, token=token
        )
    )["addNote"]["id"]
    before = await rows(superuser_db, owner.workspace_id, "activities", "outbox_events")

    empty_body = await gql(UPDATE_TASK, {"id": task_id, "body": "  ", "done": True}, token=token)
    foreign_assignee = await gql(UPDATE_TASK, {"id": task_id, "assigneeId": stranger_member, "done": True}, token=token)
    a_note = await gql(UPDATE_TASK, {"id": note_id, "body": "x"}, token=token)
    unknown = await gql(UPDATE_TASK, {"id": UNKNOWN, "body": "x"}, token=token)
    someone_elses = await gql(UPDATE_TASK, {"id": task_id, "body": "x"}, token=stranger.access_token)
    after = await rows(superuser_db, owner.workspace_id, "activities", "outbox_events")

    assert codes(empty_body) == ["BAD_USER_INPUT"]
    assert [f["path"] for f in empty_body["errors"][0]["extensions"]["fieldErrors"]] == [["body"]]
    assert codes(foreign_assignee) == ["NOT_FOUND"]
    assert foreign_assignee["errors"][0]["message"] == "No member with this id in this workspace (assigneeId)."
    assert codes(a_note) == codes(unknown) == codes(someone_elses) == ["NOT_FOUND"]
    assert after == before
