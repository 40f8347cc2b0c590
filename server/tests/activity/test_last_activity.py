"""`lastActivityAt` on contacts, companies and deals: moved forward in the transaction of the entry
(notes, calls, meetings, tasks, emails; a company rolls up its contacts' notes, calls and meetings),
never backwards, not by field edits; the lists sort by it with keyset pages, nulls last."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import text

from rapport.activity import repository as activity
from rapport.db import Database
from tests.conftest import Servers, start_worker, stop_process
from tests.email.pipeline.test_batch import eventually, inbound_token, message, post
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, CREATE_DEAL, GraphQLClient, sign_up
from tests.graphql.test_compiler import both, differences

LOG_CALL = "mutation($input: LogCallInput!) { logCall(input: $input) { id occurredAt } }"
LOG_MEETING = "mutation($input: LogMeetingInput!) { logMeeting(input: $input) { id startsAt } }"
ADD_NOTE = "mutation($id: UUID!, $body: String!) { addNote(targetId: $id, body: $body) { id occurredAt } }"
ADD_TASK = "mutation($id: UUID!, $body: String!) { addTask(targetId: $id, body: $body) { id occurredAt } }"
COMPLETE_TASK = "mutation($id: UUID!) { completeTask(id: $id) { id doneAt } }"
DELETE_NOTE = "mutation($id: UUID!) { deleteNote(id: $id) }"
UPDATE_CONTACT = "mutation($id: UUID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }"
LAST = "query($id: UUID!) { %s(id: $id) { id lastActivityAt } }"
CONTACTS = """query($first: Int, $after: String, $orderBy: [ContactOrder!]) {
  contacts(first: $first, after: $after, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id name lastActivityAt company { id name lastActivityAt } } } } }"""
COMPANIES = """query($orderBy: [CompanyOrder!]) { companies(first: 10, orderBy: $orderBy) {
  edges { node { id name lastActivityAt } } } }"""
DEALS = """query($orderBy: [DealOrder!]) { deals(first: 10, orderBy: $orderBy) {
  edges { node { id name lastActivityAt } } } }"""


def at(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


async def last(gql: GraphQLClient, token: str, kind: str, id: str) -> datetime | None:
    return at((await gql.data(LAST % kind, {"id": id}, token=token))[kind]["lastActivityAt"])


async def contact(gql: GraphQLClient, token: str, name: str, **fields: object) -> str:
    given = {"firstName": name, **fields}
    return str((await gql.data(CREATE_CONTACT, {"input": given}, token=token))["createContact"]["id"])


async def company(gql: GraphQLClient, token: str, name: str, **fields: object) -> str:
    given = {"name": name, **fields}
    return str((await gql.data(CREATE_COMPANY, {"input": given}, token=token))["createCompany"]["id"])


async def call(gql: GraphQLClient, token: str, target: str, when: datetime) -> datetime:
    answer = await gql.data(
        LOG_CALL, {"input": {"targetId": target, "occurredAt": when.isoformat(), "outcome": "CONNECTED"}}, token=token
    )
    return datetime.fromisoformat(answer["logCall"]["occurredAt"])


def hours_ago(hours: float) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(hours=hours)


async def test_notes_calls_meetings_and_tasks_move_it_forward_never_back_and_edits_not_at_all(
    gql: GraphQLClient,
) -> None:
    owner = await sign_up(gql)
    token = owner.access_token
    initech = await company(gql, token, "Initech")
    rosa = await contact(gql, token, "Rosa", companyId=initech)
    milton = await contact(gql, token, "Milton")
    deal = (await gql.data(CREATE_DEAL, {"input": {"name": "Stapler", "companyId": initech}}, token=token))[
        "createDeal"
    ]["id"]
    # Created, and then edited: no activity yet.
    await gql.data(UPDATE_CONTACT, {"id": rosa, "input": {"jobTitle": "Buyer", "phones": ["+1 555 0100"]}}, token=token)
    assert [await last(gql, token, "contact", rosa), await last(gql, token, "company", initech)] == [None, None]
    assert await last(gql, token, "deal", deal) is None

    # A call on Rosa: hers, and her company's (its timeline rolls it up); the deal's is its own.
    called_at = hours_ago(5)
    called = await call(gql, token, rosa, called_at)
    assert called == called_at
    assert await last(gql, token, "contact", rosa) == called
    assert await last(gql, token, "company", initech) == called
    assert await last(gql, token, "deal", deal) is None
    assert await last(gql, token, "contact", milton) is None

    # An older call logged later does not move anything back; an edit after it does not move it on.
    await call(gql, token, rosa, called - timedelta(days=3))
    await gql.data(UPDATE_CONTACT, {"id": rosa, "input": {"jobTitle": "Head of purchasing"}}, token=token)
    assert await last(gql, token, "contact", rosa) == called
    assert await last(gql, token, "company", initech) == called

    # A note now: both move to its time.
    note = (await gql.data(ADD_NOTE, {"id": rosa, "body": "Wants a demo"}, token=token))["addNote"]
    noted = datetime.fromisoformat(note["occurredAt"])
    assert noted > called
    assert await last(gql, token, "contact", rosa) == noted
    assert await last(gql, token, "company", initech) == noted

    # Deleting the note leaves it (the time of the last activity, not a pointer to an entry).
    assert (await gql.data(DELETE_NOTE, {"id": note["id"]}, token=token))["deleteNote"] is True
    assert await last(gql, token, "contact", rosa) == noted

    # A task on the contact is hers alone (a company's timeline does not show its contacts' tasks).
    task = (await gql.data(ADD_TASK, {"id": rosa, "body": "Send the deck"}, token=token))["addTask"]
    tasked = datetime.fromisoformat(task["occurredAt"])
    assert await last(gql, token, "contact", rosa) == tasked
    assert await last(gql, token, "company", initech) == noted

    # A task on the deal: created, then completed later.
    deal_task = (await gql.data(ADD_TASK, {"id": deal, "body": "Call back"}, token=token))["addTask"]
    assert await last(gql, token, "deal", deal) == datetime.fromisoformat(deal_task["occurredAt"])
    done = (await gql.data(COMPLETE_TASK, {"id": deal_task["id"]}, token=token))["completeTask"]
    assert await last(gql, token, "deal", deal) == datetime.fromisoformat(done["doneAt"])
    assert await last(gql, token, "company", initech) == noted

    # A meeting planned for next week, attended by Milton: it counts for him from now, not from its start.
    before = datetime.now(UTC)
    starts = hours_ago(-24 * 7)
    await gql.data(
        LOG_MEETING,
        {"input": {"targetId": deal, "startsAt": starts.isoformat(), "title": "Demo", "attendeeContactIds": [milton]}},
        token=token,
    )
    after = datetime.now(UTC)
    met = await last(gql, token, "contact", milton)
    assert met is not None
    assert before - timedelta(seconds=1) <= met <= after
    assert await last(gql, token, "deal", deal) == met


async def test_lists_sort_by_it_with_nulls_last_across_keyset_pages_on_both_paths(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await sign_up(gql)
    token = owner.access_token
    acme = await company(gql, token, "Acme")
    globex = await company(gql, token, "Globex")
    ids = {name: await contact(gql, token, name) for name in ("Ann", "Ben", "Cat", "Dan", "Eve")}
    await gql.data(UPDATE_CONTACT, {"id": ids["Ann"], "input": {"companyId": acme}}, token=token)
    times = {"Ben": hours_ago(1), "Cat": hours_ago(2), "Ann": hours_ago(3), "First": hours_ago(4)}
    times["Dan"] = times["Cat"]  # the same time: the id decides
    for name in ("Ben", "Cat", "Dan", "Ann"):
        await call(gql, token, ids[name], times[name])

    def by_id_desc(*names: str) -> list[str]:
        return sorted(names, key=lambda name: ids[name], reverse=True)

    async def pages(direction: str) -> list[list[str]]:
        seen, after = [], None
        while True:
            variables = {"first": 2, "after": after, "orderBy": [{"field": "LAST_ACTIVITY_AT", "direction": direction}]}
            compiled, executed = await both(http, token, CONTACTS, variables)
            assert compiled == executed, differences(compiled, executed)
            # (`both` answers cursors decoded: the raw page for the next cursor.)
            page = (await gql.data(CONTACTS, variables, token=token))["contacts"]
            seen.append([edge["node"]["name"] for edge in page["edges"]])
            if not page["pageInfo"]["hasNextPage"]:
                return seen
            after = page["pageInfo"]["endCursor"]

    # Descending: newest first, equal times by id (descending with the key), no activity last.
    descending = ["Ben", *by_id_desc("Cat", "Dan"), "Ann", "Eve"]
    assert [name for page in await pages("DESC_NULLS_LAST") for name in page] == descending
    assert await pages("DESC_NULLS_LAST") == [descending[0:2], descending[2:4], descending[4:5]]
    ascending = ["Ann", *sorted(["Cat", "Dan"], key=lambda name: ids[name]), "Ben", "Eve"]
    assert [name for page in await pages("ASC_NULLS_LAST") for name in page] == ascending
    assert [name for page in await pages("DESC_NULLS_FIRST") for name in page] == ["Eve", *descending[:4]]

    # Companies and deals sort by it too: Acme has Ann's call (rolled up), Globex nothing.
    companies = await gql.data(
        COMPANIES, {"orderBy": [{"field": "LAST_ACTIVITY_AT", "direction": "DESC_NULLS_LAST"}]}, token=token
    )
    assert [(e["node"]["id"], at(e["node"]["lastActivityAt"])) for e in companies["companies"]["edges"]] == [
        (acme, times["Ann"]),
        (globex, None),
    ]
    first = (await gql.data(CREATE_DEAL, {"input": {"name": "First"}}, token=token))["createDeal"]["id"]
    second = (await gql.data(CREATE_DEAL, {"input": {"name": "Second"}}, token=token))["createDeal"]["id"]
    await call(gql, token, first, times["First"])
    deals = await gql.data(
        DEALS, {"orderBy": [{"field": "LAST_ACTIVITY_AT", "direction": "DESC_NULLS_LAST"}]}, token=token
    )
    assert [(e["node"]["id"], at(e["node"]["lastActivityAt"])) for e in deals["deals"]["edges"]] == [
        (first, times["First"]),
        (second, None),
    ]


async def test_another_workspace_is_untouched(gql: GraphQLClient) -> None:
    a = await sign_up(gql, workspace="Alpha")
    b = await sign_up(gql, workspace="Beta")
    alpha = await contact(gql, a.access_token, "Alpha person")
    beta = await contact(gql, b.access_token, "Beta person")
    called_at = hours_ago(1)
    await call(gql, b.access_token, beta, called_at)
    assert await last(gql, b.access_token, "contact", beta) == called_at
    assert await last(gql, a.access_token, "contact", alpha) is None
    # Nor can one workspace log onto another's record.
    refused = await gql(
        LOG_CALL,
        {"input": {"targetId": alpha, "occurredAt": hours_ago(1).isoformat(), "outcome": "BUSY"}},
        token=b.access_token,
    )
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await last(gql, a.access_token, "contact", alpha) is None
    listed = await gql.data(
        CONTACTS, {"first": 10, "orderBy": [{"field": "LAST_ACTIVITY_AT", "direction": "DESC_NULLS_LAST"}]},
        token=a.access_token,
    )  # fmt: skip
    assert [edge["node"]["id"] for edge in listed["contacts"]["edges"]] == [alpha]


async def test_a_workspace_is_never_read_whole_to_touch_a_few_records(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    """A fresh workspace (an import the planner has no statistics for yet) once got a plan that read all
    its contacts for each of them: 600 contacts, 339,000 buffers and 320 ms to touch one."""
    account = await sign_up(gql)
    workspace = uuid.UUID(account.workspace_id)
    async with superuser_db.transaction() as session:
        company = await session.scalar(
            text(
                "INSERT INTO companies (id, workspace_id, name) VALUES (gen_random_uuid(), :ws, 'Imported') RETURNING id"
            ),
            {"ws": workspace},
        )
        await session.execute(
            text(
                "INSERT INTO contacts (id, workspace_id, first_name, last_name, company_id)"
                " SELECT gen_random_uuid(), :ws, 'Imported', 'Person ' || n, :company FROM generate_series(1, 2000) n"
            ),
            {"ws": workspace, "company": company},
        )
        touched = await session.scalar(
            text("SELECT id FROM contacts WHERE workspace_id = :ws LIMIT 1"), {"ws": workspace}
        )
    now = datetime.now(UTC)
    touches = [
        (activity.TOUCH_CONTACTS, {"ids": [touched], "ats": [now]}),
        (activity.TOUCH_COMPANIES, {"ids": [], "ats": [], "contact_ids": [touched], "contact_ats": [now]}),
    ]
    async with app_db.transaction(workspace_id=workspace) as session:
        for statement, parameters in touches:
            plan = await session.scalar(
                text(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {statement.text}"), {"ws": workspace, **parameters}
            )
            buffers = plan[0]["Plan"]["Shared Hit Blocks"] + plan[0]["Plan"]["Shared Read Blocks"]
            # A few index lookups and the new row versions (~170); reading the workspace once is ~1,900.
            assert buffers < 500, (buffers, plan)
        await session.rollback()


@pytest.fixture(scope="module")
def worker(servers: Servers, ai_url: str) -> Iterator[subprocess.Popen[bytes]]:
    process = start_worker(servers, env={"RAPPORT_AI_URL": ai_url})
    try:
        yield process
    finally:
        stop_process(process)


@pytest.mark.usefixtures("worker")
async def test_ingested_email_moves_it_and_an_old_one_synced_late_does_not(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    owner = await sign_up(gql)
    t = owner.access_token
    inbound = await inbound_token(gql, t)
    initech = await company(gql, t, "Initech", domain="initech.io")
    people = {
        name: await contact(gql, t, name.capitalize(), emails=[f"{name}@initech.io"], companyId=initech)
        for name in ("grace", "alan", "edsger")
    }
    quiet = await contact(gql, t, "Quiet", emails=["quiet@initech.io"], companyId=initech)
    sent = {name: hours_ago(hours) for name, hours in (("grace", 1), ("alan", 2), ("edsger", 3))}
    # Three messages posted together: the worker stores what has arrived as one batch.
    for name, when in sent.items():
        raw, _ = message(sender=f"{name.capitalize()} <{name}@initech.io>", date=when, subject=f"Hello from {name}")
        assert (await post(http, inbound, raw)).status_code == 202

    async def all_set() -> bool:
        return all([await last(gql, t, "contact", people[name]) == when for name, when in sent.items()])

    await eventually(all_set)
    assert await last(gql, t, "contact", quiet) is None
    # The company has an email entry of its own for each (the domain links it): the newest.
    assert await last(gql, t, "company", initech) == sent["grace"]

    # An email from last month, synced now: on the timeline, but the time does not go back.
    old = hours_ago(24 * 30)
    raw, _ = message(sender="Grace <grace@initech.io>", date=old, subject="Old thread")
    assert (await post(http, inbound, raw)).status_code == 202
    timeline = "query($id: UUID!) { contact(id: $id) { timeline(first: 10) { edges { node { summary } } } } }"

    async def old_arrived() -> bool:
        edges = (await gql.data(timeline, {"id": people["grace"]}, token=t))["contact"]["timeline"]["edges"]
        return any("Old thread" in edge["node"]["summary"] for edge in edges)

    await eventually(old_arrived)
    assert await last(gql, t, "contact", people["grace"]) == sent["grace"]
    assert await last(gql, t, "company", initech) == sent["grace"]
