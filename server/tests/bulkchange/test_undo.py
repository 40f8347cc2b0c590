"""undoBulk: a bulk update or delete undone, all or none, once, by the role it needed, in its workspace;
a record changed since is not overwritten. Bulk delete of a selection, and export of a selection."""

from __future__ import annotations

import asyncio
import csv
import io
import subprocess
from typing import Any

import httpx
from sqlalchemy import text

from rapport.db import Database
from tests.customfield.test_graphql import field
from tests.deal.test_graphql import codes, deal, stages
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, GraphQLClient, join, sign_up
from tests.state import rows

BULK_CONTACTS = """
mutation($ids: [UUID!], $filter: ContactFilter, $input: ContactInput!) {
  bulkUpdateContacts(ids: $ids, filter: $filter, input: $input) { id matched updated errors { id code message } }
}
"""
BULK_COMPANIES = """
mutation($ids: [UUID!], $filter: CompanyFilter, $input: CompanyInput!) {
  bulkUpdateCompanies(ids: $ids, filter: $filter, input: $input) { id matched updated errors { id code message } }
}
"""
BULK_DEALS = """
mutation($ids: [UUID!], $input: DealInput!) {
  bulkUpdateDeals(ids: $ids, input: $input) { id matched updated errors { id code message } }
}
"""
DELETE_CONTACTS = """
mutation($ids: [UUID!], $filter: ContactFilter) {
  bulkDeleteContacts(ids: $ids, filter: $filter) { id matched updated errors { id code message } }
}
"""
UNDO = "mutation($id: UUID!) { undoBulk(id: $id) { id matched updated errors { id code message } } }"
UPDATE_COMPANY = "mutation($id: UUID!, $input: CompanyInput!) { updateCompany(id: $id, input: $input) { id } }"
TABLES = ("contacts", "companies", "deals", "activities", "outbox_events", "bulk_changes")


def contact_state(state: dict[str, list[dict[str, Any]]]) -> list[tuple[Any, ...]]:
    return [
        (c["first_name"], c["job_title"], c["owner_id"], c["company_id"], c["custom_fields"], c["deleted_at"] is None)
        for c in state["contacts"]
    ]


async def kinds(db: Database, workspace_id: str, subject_id: str) -> list[str]:
    async with db.transaction() as session:
        result = await session.execute(
            text("SELECT kind FROM activities WHERE workspace_id = :ws AND subject_id = :id ORDER BY id"),
            {"ws": workspace_id, "id": subject_id},
        )
        return [str(row[0]) for row in result.all()]


async def events(db: Database, workspace_id: str, type: str) -> list[str]:
    async with db.transaction() as session:
        result = await session.execute(
            text("SELECT payload->>'id' FROM outbox_events WHERE workspace_id = :ws AND type = :type"),
            {"ws": workspace_id, "type": type},
        )
        return sorted(row[0] for row in result.all())


async def test_undo_gives_contacts_their_exact_earlier_values_custom_fields_included(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    colleague = await sign_up(gql, name="Grace Hopper")
    colleague_member, _ = await join(gql, owner, colleague, "MEMBER")
    await field(gql, owner, objectType="CONTACT", key="tier", label="Tier", type="TEXT")
    await field(gql, owner, objectType="CONTACT", key="seats", label="Seats", type="NUMBER")
    acme = (await gql.data(CREATE_COMPANY, {"input": {"name": "Acme"}}, token=owner.access_token))["createCompany"]
    ada = (
        await gql.data(
            CREATE_CONTACT,
            {"input": {"firstName": "Ada", "jobTitle": "CTO", "customFields": {"tier": "Silver", "seats": 3}}},
            token=owner.access_token,
        )
    )["createContact"]
    alan = (
        await gql.data(
            CREATE_CONTACT, {"input": {"firstName": "Alan", "companyId": acme["id"]}}, token=owner.access_token
        )
    )["createContact"]
    before = await rows(superuser_db, owner.workspace_id, "contacts")

    changed = (
        await gql.data(
            BULK_CONTACTS,
            {
                "ids": [ada["id"], alan["id"]],
                "input": {
                    "jobTitle": "Engineer",
                    "ownerId": colleague_member,
                    "companyId": None,
                    "customFields": {"tier": "Gold", "seats": None},
                },
            },
            token=owner.access_token,
        )
    )["bulkUpdateContacts"]
    assert changed["updated"] == 2
    middle = await rows(superuser_db, owner.workspace_id, "contacts")
    assert [(c["job_title"], c["custom_fields"], c["company_id"]) for c in middle["contacts"]] == [
        ("Engineer", {"tier": "Gold"}, None),
        ("Engineer", {"tier": "Gold"}, None),
    ]

    undone = (await gql.data(UNDO, {"id": changed["id"]}, token=owner.access_token))["undoBulk"]

    assert undone == {"id": changed["id"], "matched": 2, "updated": 2, "errors": []}
    after = await rows(superuser_db, owner.workspace_id, "contacts")
    assert contact_state(after) == contact_state(before)
    assert [c["custom_fields"] for c in after["contacts"]] == [{"tier": "Silver", "seats": 3}, {}]
    # The undo is an edit like any: its own UPDATED entry and contact.updated event per record.
    assert await kinds(superuser_db, owner.workspace_id, ada["id"]) == ["CREATED", "UPDATED", "UPDATED"]
    assert await kinds(superuser_db, owner.workspace_id, alan["id"]) == ["CREATED", "UPDATED", "UPDATED"]
    assert await events(superuser_db, owner.workspace_id, "contact.updated") == sorted([ada["id"], alan["id"]] * 2)


async def test_undo_moves_deals_back_to_their_stage_amount_and_reason(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    ids = await stages(gql, owner)
    first = await deal(gql, owner, name="Globex", amount={"amountMicros": "5000000000", "currency": "EUR"})
    second = await deal(gql, owner, name="Initech")
    await gql.data(
        'mutation($id: UUID!, $s: UUID!) { moveDeal(id: $id, stageId: $s, lostReason: "Timing") { id } }',
        {"id": second["id"], "s": ids["Lost"]},
        token=owner.access_token,
    )
    before = await rows(superuser_db, owner.workspace_id, "deals")

    changed = (
        await gql.data(
            BULK_DEALS,
            {
                "ids": [first["id"], second["id"]],
                "input": {"stageId": ids["Won"], "amount": {"amountMicros": "1000000", "currency": "USD"}},
            },
            token=owner.access_token,
        )
    )["bulkUpdateDeals"]
    assert changed["updated"] == 2
    undone = (await gql.data(UNDO, {"id": changed["id"]}, token=owner.access_token))["undoBulk"]

    assert undone["errors"] == []
    after = await rows(superuser_db, owner.workspace_id, "deals")
    columns = ("name", "stage_id", "status", "lost_reason", "amount_micros", "currency", "custom_fields")
    assert [[d[c] for c in columns] for d in after["deals"]] == [[d[c] for c in columns] for d in before["deals"]]
    assert [(d["status"], d["lost_reason"], d["amount_micros"]) for d in after["deals"]] == [
        ("OPEN", None, 5_000_000_000),
        ("LOST", "Timing", None),
    ]


async def test_a_record_changed_since_is_not_overwritten_and_nothing_is_undone(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    acme = (await gql.data(CREATE_COMPANY, {"input": {"name": "Acme"}}, token=owner.access_token))["createCompany"]
    globex = (await gql.data(CREATE_COMPANY, {"input": {"name": "Globex"}}, token=owner.access_token))["createCompany"]
    changed = (
        await gql.data(
            BULK_COMPANIES,
            {"ids": [acme["id"], globex["id"]], "input": {"industry": "Software"}},
            token=owner.access_token,
        )
    )["bulkUpdateCompanies"]
    await gql.data(UPDATE_COMPANY, {"id": globex["id"], "input": {"industry": "Retail"}}, token=owner.access_token)
    before = await rows(superuser_db, owner.workspace_id, *TABLES)

    undone = (await gql.data(UNDO, {"id": changed["id"]}, token=owner.access_token))["undoBulk"]

    assert undone == {
        "id": changed["id"],
        "matched": 2,
        "updated": 0,
        "errors": [
            {
                "id": globex["id"],
                "code": "CHANGED_SINCE",
                "message": "This company was changed after the bulk change: it is left as it is now.",
            }
        ],
    }
    assert await rows(superuser_db, owner.workspace_id, *TABLES) == before
    # A change to a field the bulk change did not touch does not stand in the way.
    await gql.data(UPDATE_COMPANY, {"id": globex["id"], "input": {"industry": "Software"}}, token=owner.access_token)
    await gql.data(UPDATE_COMPANY, {"id": acme["id"], "input": {"employees": 12}}, token=owner.access_token)
    again = (await gql.data(UNDO, {"id": changed["id"]}, token=owner.access_token))["undoBulk"]
    assert again["updated"] == 2
    state = await rows(superuser_db, owner.workspace_id, "companies")
    assert [(c["name"], c["industry"], c["employees"]) for c in state["companies"]] == [
        ("Acme", None, 12),
        ("Globex", None, None),
    ]


async def test_undo_twice_another_workspace_unknown_ids_and_viewers_are_refused_with_nothing_changed(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    viewer = await sign_up(gql, name="Grace Hopper")
    _, viewer_token = await join(gql, owner, viewer, "VIEWER")
    stranger = await sign_up(gql, name="Mallory")
    ada = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ada"}}, token=owner.access_token))["createContact"]
    changed = (
        await gql.data(BULK_CONTACTS, {"ids": [ada["id"]], "input": {"jobTitle": "CTO"}}, token=owner.access_token)
    )["bulkUpdateContacts"]
    before = await rows(superuser_db, owner.workspace_id, *TABLES)

    as_stranger = await gql(UNDO, {"id": changed["id"]}, token=stranger.access_token)
    as_viewer = await gql(UNDO, {"id": changed["id"]}, token=viewer_token)
    unknown = await gql(UNDO, {"id": "01890000-0000-7000-8000-000000000000"}, token=owner.access_token)

    assert codes(as_stranger) == ["NOT_FOUND"]
    assert as_stranger["errors"][0]["message"] == "No bulk change with this id in this workspace."
    assert codes(as_viewer) == ["FORBIDDEN"]
    assert codes(unknown) == ["NOT_FOUND"]
    assert await rows(superuser_db, owner.workspace_id, *TABLES) == before

    first = await gql.data(UNDO, {"id": changed["id"]}, token=owner.access_token)
    assert first["undoBulk"]["updated"] == 1
    undone = await rows(superuser_db, owner.workspace_id, *TABLES)
    twice = await gql(UNDO, {"id": changed["id"]}, token=owner.access_token)
    assert codes(twice) == ["CONFLICT"]
    assert twice["errors"][0]["message"] == "This bulk change was undone already."
    assert await rows(superuser_db, owner.workspace_id, *TABLES) == undone
    assert [c["job_title"] for c in undone["contacts"]] == [None]


async def test_a_refused_bulk_change_is_not_kept_and_an_expired_one_cannot_be_undone(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    ada = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ada"}}, token=owner.access_token))["createContact"]
    refused = (
        await gql.data(
            BULK_CONTACTS,
            {"ids": [ada["id"]], "input": {"ownerId": "01890000-0000-7000-8000-000000000001"}},
            token=owner.access_token,
        )
    )["bulkUpdateContacts"]
    assert refused["updated"] == 0
    assert codes(await gql(UNDO, {"id": refused["id"]}, token=owner.access_token)) == ["NOT_FOUND"]

    changed = (
        await gql.data(BULK_CONTACTS, {"ids": [ada["id"]], "input": {"jobTitle": "CTO"}}, token=owner.access_token)
    )["bulkUpdateContacts"]
    async with superuser_db.transaction() as session:
        await session.execute(
            text("UPDATE bulk_changes SET expires_at = now() - interval '1 second' WHERE id = :id"),
            {"id": changed["id"]},
        )
    before = await rows(superuser_db, owner.workspace_id, *TABLES)
    expired = await gql(UNDO, {"id": changed["id"]}, token=owner.access_token)
    assert codes(expired) == ["CONFLICT"]
    assert expired["errors"][0]["message"] == "A bulk change can be undone for 24 hours; this one is older."
    assert await rows(superuser_db, owner.workspace_id, *TABLES) == before
    # The next bulk change drops it.
    await gql.data(BULK_CONTACTS, {"ids": [ada["id"]], "input": {"jobTitle": "CEO"}}, token=owner.access_token)
    kept = await rows(superuser_db, owner.workspace_id, "bulk_changes")
    assert len(kept["bulk_changes"]) == 1
    assert str(kept["bulk_changes"][0]["id"]) != changed["id"]


async def test_bulk_delete_sends_the_selection_to_the_trash_and_undo_brings_it_back(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    people = [
        (await gql.data(CREATE_CONTACT, {"input": {"firstName": name}}, token=owner.access_token))["createContact"]
        for name in ("Ada", "Alan", "Grace")
    ]
    deleted = (await gql.data(DELETE_CONTACTS, {"ids": [people[0]["id"], people[1]["id"]]}, token=owner.access_token))[
        "bulkDeleteContacts"
    ]
    assert (deleted["matched"], deleted["updated"], deleted["errors"]) == (2, 2, [])
    listed = await gql.data("query { contacts { edges { node { name } } } }", token=owner.access_token)
    assert [edge["node"]["name"] for edge in listed["contacts"]["edges"]] == ["Grace"]
    assert await events(superuser_db, owner.workspace_id, "contact.deleted") == sorted(
        [people[0]["id"], people[1]["id"]]
    )

    # One of them restored by hand since: the undo leaves it and restores nothing.
    await gql.data(
        "mutation($id: UUID!) { restoreContact(id: $id) { id } }", {"id": people[1]["id"]}, token=owner.access_token
    )
    before = await rows(superuser_db, owner.workspace_id, *TABLES)
    refused = (await gql.data(UNDO, {"id": deleted["id"]}, token=owner.access_token))["undoBulk"]
    assert refused["errors"] == [
        {"id": people[1]["id"], "code": "CHANGED_SINCE", "message": "This contact was restored from the trash since."}
    ]
    assert await rows(superuser_db, owner.workspace_id, *TABLES) == before

    await gql.data("mutation($id: UUID!) { deleteContact(id: $id) }", {"id": people[1]["id"]}, token=owner.access_token)
    undone = (await gql.data(UNDO, {"id": deleted["id"]}, token=owner.access_token))["undoBulk"]
    assert undone == {"id": deleted["id"], "matched": 2, "updated": 2, "errors": []}
    listed = await gql.data("query { contacts { edges { node { name } } } }", token=owner.access_token)
    assert sorted(edge["node"]["name"] for edge in listed["contacts"]["edges"]) == ["Ada", "Alan", "Grace"]
    assert (await kinds(superuser_db, owner.workspace_id, people[0]["id"]))[-2:] == ["DELETED", "RESTORED"]


async def test_bulk_delete_of_another_workspaces_record_deletes_nothing(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    victim = await sign_up(gql)
    attacker = await sign_up(gql, name="Mallory")
    theirs = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ada"}}, token=victim.access_token))[
        "createContact"
    ]
    mine = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Eve"}}, token=attacker.access_token))[
        "createContact"
    ]
    before = await rows(superuser_db, attacker.workspace_id, *TABLES)
    victim_before = await rows(superuser_db, victim.workspace_id, *TABLES)

    result = (await gql.data(DELETE_CONTACTS, {"ids": [mine["id"], theirs["id"]]}, token=attacker.access_token))[
        "bulkDeleteContacts"
    ]

    assert (result["updated"], result["errors"]) == (
        0,
        [{"id": theirs["id"], "code": "NOT_FOUND", "message": "No contact with this id in this workspace."}],
    )
    assert await rows(superuser_db, attacker.workspace_id, *TABLES) == before
    assert await rows(superuser_db, victim.workspace_id, *TABLES) == victim_before


async def test_export_of_selected_ids_has_exactly_those_rows(
    http: httpx.AsyncClient, gql: GraphQLClient, worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    stranger = await sign_up(gql, name="Mallory")
    theirs = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Secret"}}, token=stranger.access_token))[
        "createContact"
    ]
    people = [
        (await gql.data(CREATE_CONTACT, {"input": {"firstName": name}}, token=account.access_token))["createContact"]
        for name in ("=cmd", "Alan", "Grace")
    ]
    started = await gql.data(
        "mutation($ids: [UUID!]) { startExport(objectType: CONTACT, ids: $ids) { id } }",
        {"ids": [people[0]["id"], people[2]["id"], theirs["id"]]},
        token=account.access_token,
    )
    export_id = started["startExport"]["id"]
    for _ in range(300):
        job = (
            await gql.data(
                "query($id: UUID!) { exportJob(id: $id) { state rowCount file { downloadUrl } } }",
                {"id": export_id},
                token=account.access_token,
            )
        )["exportJob"]
        if job["state"] in ("SUCCEEDED", "FAILED"):
            break
        await asyncio.sleep(0.1)

    assert (job["state"], job["rowCount"]) == ("SUCCEEDED", 2)
    download = await http.get(job["file"]["downloadUrl"], headers={"Authorization": f"Bearer {account.access_token}"})
    found = list(csv.reader(io.StringIO(download.text)))
    assert sorted((row[0], row[1]) for row in found[1:]) == sorted(
        [(people[0]["id"], "'=cmd"), (people[2]["id"], "Grace")]
    )
    empty = await gql("mutation { startExport(objectType: CONTACT, ids: []) { id } }", token=account.access_token)
    assert codes(empty) == ["BAD_USER_INPUT"]
