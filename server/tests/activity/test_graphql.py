"""Notes and tasks on records, in their timelines, and the task list."""

from __future__ import annotations

from tests.factories import CREATE_CONTACT, GraphQLClient, join, sign_up

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
