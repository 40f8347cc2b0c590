"""Bulk changes: by ids or by filter, at most 500, all or none, with the events of single changes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from rapport.db import Database
from tests.deal.test_graphql import codes, deal, stages
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, GraphQLClient, join, sign_up
from tests.state import rows

BULK_DEALS = """
mutation($ids: [UUID!], $filter: DealFilter, $input: DealInput!) {
  bulkUpdateDeals(ids: $ids, filter: $filter, input: $input) { id matched updated errors { id code message } }
}
"""
BULK_CONTACTS = """
mutation($ids: [UUID!], $filter: ContactFilter, $input: ContactInput!) {
  bulkUpdateContacts(ids: $ids, filter: $filter, input: $input) { matched updated errors { id code message } }
}
"""
BULK_COMPANIES = """
mutation($ids: [UUID!], $filter: CompanyFilter, $input: CompanyInput!) {
  bulkUpdateCompanies(ids: $ids, filter: $filter, input: $input) { matched updated errors { id code message } }
}
"""
DEALS = "query { deals(first: 50, orderBy: [{field: NAME, direction: ASC_NULLS_LAST}]) { edges { node { name status lostReason owner { id } stage { name } } } } }"


async def events(db: Database, workspace_id: str, type: str) -> list[Any]:
    async with db.transaction() as session:
        result = await session.execute(
            text("SELECT payload->>'id' FROM outbox_events WHERE workspace_id = :ws AND type = :type ORDER BY id"),
            {"ws": workspace_id, "type": type},
        )
        return sorted(row[0] for row in result.all())


async def test_deals_matching_a_filter_move_to_lost_with_a_reason_and_new_owner_each_with_its_events(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    colleague = await sign_up(gql, name="Grace Hopper")
    colleague_member, _ = await join(gql, owner, colleague, "MEMBER")
    ids = await stages(gql, owner)
    globex = [await deal(gql, owner, name=f"Globex {n}") for n in range(3)]
    other = await deal(gql, owner, name="Initech")

    result = await gql.data(
        BULK_DEALS,
        {
            "filter": {"name": {"contains": "globex"}},
            "input": {"stageId": ids["Lost"], "lostReason": "Price", "ownerId": colleague_member},
        },
        token=owner.access_token,
    )

    assert result["bulkUpdateDeals"]["matched"] == 3
    assert result["bulkUpdateDeals"]["updated"] == 3
    assert result["bulkUpdateDeals"]["errors"] == []
    listed = [edge["node"] for edge in (await gql.data(DEALS, token=owner.access_token))["deals"]["edges"]]
    assert [(d["name"], d["status"], d["lostReason"], d["owner"]["id"], d["stage"]["name"]) for d in listed] == [
        ("Globex 0", "LOST", "Price", colleague_member, "Lost"),
        ("Globex 1", "LOST", "Price", colleague_member, "Lost"),
        ("Globex 2", "LOST", "Price", colleague_member, "Lost"),
        ("Initech", "OPEN", None, listed[3]["owner"]["id"], "Lead"),
    ]
    expected = sorted(d["id"] for d in globex)
    assert await events(superuser_db, owner.workspace_id, "deal.stage_changed") == expected
    assert await events(superuser_db, owner.workspace_id, "deal.updated") == expected
    assert other["id"] not in expected


async def test_one_refused_record_leaves_every_record_as_it_was(gql: GraphQLClient, superuser_db: Database) -> None:
    victim = await sign_up(gql)
    attacker = await sign_up(gql, name="Mallory")
    theirs = await deal(gql, victim, name="Victim deal")
    mine = [await deal(gql, attacker, name=f"Mine {n}") for n in range(2)]
    before = await rows(superuser_db, attacker.workspace_id, "deals", "activities", "outbox_events")
    victim_before = await rows(superuser_db, victim.workspace_id, "deals", "activities")

    result = await gql.data(
        BULK_DEALS,
        {"ids": [mine[0]["id"], theirs["id"], mine[1]["id"]], "input": {"name": "Renamed"}},
        token=attacker.access_token,
    )

    assert result["bulkUpdateDeals"]["matched"] == 3
    assert result["bulkUpdateDeals"]["updated"] == 0
    assert result["bulkUpdateDeals"]["errors"] == [
        {"id": theirs["id"], "code": "NOT_FOUND", "message": "No deal with this id in this workspace."}
    ]
    assert await rows(superuser_db, attacker.workspace_id, "deals", "activities", "outbox_events") == before
    assert await rows(superuser_db, victim.workspace_id, "deals", "activities") == victim_before


async def test_bad_input_no_target_too_many_and_viewers_are_refused_with_nothing_written(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    viewer = await sign_up(gql, name="Grace Hopper")
    _, viewer_token = await join(gql, owner, viewer, "VIEWER")
    contact = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ada"}}, token=owner.access_token))[
        "createContact"
    ]
    before = await rows(superuser_db, owner.workspace_id, "contacts", "activities", "outbox_events")

    no_target = await gql(BULK_CONTACTS, {"input": {"jobTitle": "CTO"}}, token=owner.access_token)
    too_many = await gql(
        BULK_CONTACTS,
        {"ids": [f"00000000-0000-7000-8000-{n:012d}" for n in range(501)], "input": {"jobTitle": "CTO"}},
        token=owner.access_token,
    )
    bad_input = await gql(
        BULK_CONTACTS, {"ids": [contact["id"]], "input": {"emails": ["nope"]}}, token=owner.access_token
    )
    as_viewer = await gql(BULK_CONTACTS, {"ids": [contact["id"]], "input": {"jobTitle": "CTO"}}, token=viewer_token)
    unknown_owner = await gql.data(
        BULK_CONTACTS,
        {"ids": [contact["id"]], "input": {"ownerId": "00000000-0000-7000-8000-000000000001"}},
        token=owner.access_token,
    )

    assert codes(no_target) == codes(too_many) == codes(bad_input) == ["BAD_USER_INPUT"]
    assert no_target["errors"][0]["extensions"]["fieldErrors"] == [{"path": ["ids"], "message": "required"}]
    assert too_many["errors"][0]["extensions"]["fieldErrors"] == [{"path": ["ids"], "message": "at most 500"}]
    assert codes(as_viewer) == ["FORBIDDEN"]
    assert unknown_owner["bulkUpdateContacts"]["updated"] == 0
    assert [e["id"] for e in unknown_owner["bulkUpdateContacts"]["errors"]] == [contact["id"]]
    assert await rows(superuser_db, owner.workspace_id, "contacts", "activities", "outbox_events") == before


async def test_companies_and_contacts_by_filter_change_together(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    acme = (await gql.data(CREATE_COMPANY, {"input": {"name": "Acme"}}, token=account.access_token))["createCompany"]
    for name in ("Ada", "Alan", "Grace"):
        await gql.data(CREATE_CONTACT, {"input": {"firstName": name}}, token=account.access_token)
    await gql.data(CREATE_COMPANY, {"input": {"name": "Globex"}}, token=account.access_token)

    contacts = await gql.data(
        BULK_CONTACTS,
        {"filter": {"name": {"startsWith": "A"}}, "input": {"companyId": acme["id"], "jobTitle": "Engineer"}},
        token=account.access_token,
    )
    companies = await gql.data(
        BULK_COMPANIES, {"filter": {}, "input": {"industry": "Software"}}, token=account.access_token
    )

    assert contacts["bulkUpdateContacts"] == {"matched": 2, "updated": 2, "errors": []}
    assert companies["bulkUpdateCompanies"] == {"matched": 2, "updated": 2, "errors": []}
    state = await rows(superuser_db, account.workspace_id, "contacts", "companies")
    assert sorted(
        (c["first_name"], c["job_title"], str(c["company_id"]) if c["company_id"] else None) for c in state["contacts"]
    ) == [
        ("Ada", "Engineer", acme["id"]),
        ("Alan", "Engineer", acme["id"]),
        ("Grace", None, None),
    ]
    assert sorted((c["name"], c["industry"]) for c in state["companies"]) == [
        ("Acme", "Software"),
        ("Globex", "Software"),
    ]
