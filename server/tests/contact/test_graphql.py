"""Contacts over the public API: writes with their timeline, lists with filters, order and cursors."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import text

from rapport.db import Database
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, Account, GraphQLClient, join, sign_up

CONTACT_PAGE = """
query($id: UUID!) { contact(id: $id) {
  id name firstName lastName emails phones jobTitle customFields dealCount
  company { id name } owner { id user { email } }
  timeline(first: 20) { totalCount edges { node { kind summary changes actor { user { email } } } } }
} }
"""
UPDATE = "mutation($id: UUID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id name jobTitle emails customFields } }"
LIST = """
query($first: Int, $after: String, $filter: ContactFilter, $orderBy: [ContactOrder!]) {
  contacts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name emails customFields } }
  }
}
"""


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def add_field(gql: GraphQLClient, account: Account, **field: Any) -> None:
    await gql.data(
        "mutation($input: FieldDefinitionInput!) { createFieldDefinition(input: $input) { id } }",
        {"input": {"objectType": "CONTACT", "required": False, **field}},
        token=account.access_token,
    )


async def create(gql: GraphQLClient, account: Account, **fields: Any) -> dict[str, Any]:
    return (await gql.data(CREATE_CONTACT, {"input": fields}, token=account.access_token))["createContact"]


async def test_create_read_update_delete_restore_with_the_timeline(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Globex"}}, token=account.access_token))[
        "createCompany"
    ]
    contact = await create(
        gql,
        account,
        firstName=" Hank ",
        lastName="Scorpio",
        emails=["Hank@Globex.com", "hank@globex.com", "h@x.io"],
        phones=["+1 555 0100"],
        companyId=company["id"],
    )

    updated = await gql.data(
        UPDATE, {"id": contact["id"], "input": {"jobTitle": "CEO", "emails": ["h@x.io"]}}, token=account.access_token
    )
    unchanged = await gql.data(UPDATE, {"id": contact["id"], "input": {"jobTitle": "CEO"}}, token=account.access_token)
    page = (await gql.data(CONTACT_PAGE, {"id": contact["id"]}, token=account.access_token))["contact"]

    assert contact["name"] == "Hank Scorpio"
    assert contact["emails"] == ["hank@globex.com", "h@x.io"], "lower-cased, deduplicated, order kept"
    assert updated["updateContact"]["jobTitle"] == "CEO"
    assert unchanged["updateContact"]["jobTitle"] == "CEO"
    assert (
        page["company"] == company | {"domain": None}
        if "domain" in page["company"]
        else page["company"]["id"] == company["id"]
    )
    assert page["owner"]["user"]["email"] == account.email, "the creator owns it by default"
    entries = [edge["node"] for edge in page["timeline"]["edges"]]
    assert page["timeline"]["totalCount"] == 2, "a no-op update writes no entry"
    assert [e["kind"] for e in entries] == ["UPDATED", "CREATED"]
    assert entries[0]["changes"] == {
        "jobTitle": {"from": None, "to": "CEO"},
        "emails": {"from": ["hank@globex.com", "h@x.io"], "to": ["h@x.io"]},
    }
    assert entries[0]["actor"]["user"]["email"] == account.email

    deleted = await gql.data(
        "mutation($id: UUID!) { deleteContact(id: $id) }", {"id": contact["id"]}, token=account.access_token
    )
    lookup = await gql(CONTACT_PAGE, {"id": contact["id"]}, token=account.access_token)
    listed = await gql.data(LIST, {}, token=account.access_token)
    again = await gql(
        "mutation($id: UUID!) { deleteContact(id: $id) }", {"id": contact["id"]}, token=account.access_token
    )
    restored = await gql.data(
        "mutation($id: UUID!) { restoreContact(id: $id) { name } }", {"id": contact["id"]}, token=account.access_token
    )
    history = (await gql.data(CONTACT_PAGE, {"id": contact["id"]}, token=account.access_token))["contact"]["timeline"]

    assert deleted == {"deleteContact": True}
    assert codes(lookup) == ["NOT_FOUND"]
    assert listed["contacts"]["totalCount"] == 0
    assert codes(again) == ["NOT_FOUND"]
    assert restored["restoreContact"]["name"] == "Hank Scorpio"
    assert [e["node"]["kind"] for e in history["edges"]] == ["RESTORED", "DELETED", "UPDATED", "CREATED"]


async def test_bad_contact_input_is_refused_with_field_errors_and_writes_nothing(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    await add_field(gql, account, key="tier", label="Tier", type="SELECT", options=["gold", "silver"], required=True)
    await add_field(gql, account, key="score", label="Score", type="NUMBER")
    cases = [
        ({"jobTitle": "no name"}, {("input", "firstName"), ("input", "emails")}),
        ({"firstName": "A", "emails": ["not-an-email"], "customFields": {"tier": "gold"}}, {("input", "emails", 0)}),
        ({"firstName": "A", "phones": ["call me"], "customFields": {"tier": "gold"}}, {("input", "phones")}),
        ({"firstName": "A"}, {("input", "customFields", "tier")}),
        ({"firstName": "A", "customFields": {"tier": "bronze"}}, {("input", "customFields", "tier")}),
        ({"firstName": "A", "customFields": {"tier": "gold", "score": "high"}}, {("input", "customFields", "score")}),
        ({"firstName": "A", "customFields": {"tier": "gold", "nope": 1}}, {("input", "customFields", "nope")}),
        ({"firstName": "A" * 101, "customFields": {"tier": "gold"}}, {("input", "firstName")}),
        ({"firstName": "A", "customFields": "tier"}, {("input", "customFields")}),
    ]
    for fields, paths in cases:
        body = await gql(CREATE_CONTACT, {"input": fields}, token=account.access_token)
        assert codes(body) == ["BAD_USER_INPUT"], (fields, body)
        got = {tuple(f["path"]) for f in body["errors"][0]["extensions"]["fieldErrors"]}
        assert got == paths, (fields, got)
    async with superuser_db.transaction() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM contacts WHERE workspace_id = :ws"), {"ws": account.workspace_id}
        )
    assert count == 0


async def test_filters_compose_and_custom_fields_filter_and_sort(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    await add_field(gql, account, key="tier", label="Tier", type="SELECT", options=["gold", "silver", "bronze"])
    await add_field(gql, account, key="score", label="Score", type="NUMBER")
    await add_field(gql, account, key="renewal", label="Renewal", type="DATE")
    await add_field(gql, account, key="vip", label="VIP", type="BOOLEAN")
    await add_field(gql, account, key="tags", label="Tags", type="MULTI_SELECT", options=["a", "b"])
    people = [
        (
            "Ada",
            "Lovelace",
            "ada@math.org",
            {"tier": "gold", "score": 90, "renewal": "2027-01-10", "vip": True, "tags": ["a"]},
        ),
        ("Alan", "Turing", "alan@bletchley.uk", {"tier": "silver", "score": 75.5, "tags": ["a", "b"]}),
        ("Grace", "Hopper", "grace@navy.mil", {"tier": "gold", "score": 60, "renewal": "2026-12-01"}),
        ("Edsger", "Dijkstra", "ewd@utexas.edu", {"tier": "bronze"}),
        (None, None, "anon@example.com", {}),
    ]
    for first, last, email, custom in people:
        await create(gql, account, firstName=first, lastName=last, emails=[email], customFields=custom)

    async def names(filter: Any = None, order: Any = None) -> list[str]:
        data = await gql.data(LIST, {"filter": filter, "orderBy": order}, token=account.access_token)
        return [edge["node"]["name"] for edge in data["contacts"]["edges"]]

    assert await names() == ["Ada Lovelace", "Alan Turing", "anon@example.com", "Edsger Dijkstra", "Grace Hopper"]
    assert await names({"customField": {"key": "tier", "string": {"eq": "gold"}}}) == ["Ada Lovelace", "Grace Hopper"]
    assert await names({"customField": {"key": "score", "number": {"gte": 75}}}) == ["Ada Lovelace", "Alan Turing"]
    assert await names({"customField": {"key": "renewal", "date": {"lt": "2027-01-01T00:00:00Z"}}}) == ["Grace Hopper"]
    assert await names({"customField": {"key": "vip", "bool": True}}) == ["Ada Lovelace"]
    assert await names({"customField": {"key": "tags", "string": {"eq": "b"}}}) == ["Alan Turing"]
    assert await names({"customField": {"key": "tier", "string": {"isNull": True}}}) == ["anon@example.com"]
    assert await names({"email": {"contains": "BLETCH"}}) == ["Alan Turing"]
    assert await names({"email": {"eq": "GRACE@navy.mil"}}) == ["Grace Hopper"]
    assert await names({"name": {"startsWith": "a"}}) == ["Ada Lovelace", "Alan Turing", "anon@example.com"]
    assert await names(
        {
            "or": [
                {"name": {"eq": "Grace Hopper"}},
                {"and": [{"name": {"contains": "a"}}, {"not": {"name": {"startsWith": "A"}}}]},
            ]
        }
    ) == ["Edsger Dijkstra", "Grace Hopper"]
    assert (await names(order=[{"customFieldKey": "score", "direction": "DESC_NULLS_LAST"}]))[:3] == [
        "Ada Lovelace",
        "Alan Turing",
        "Grace Hopper",
    ]
    assert (await names(order=[{"customFieldKey": "score", "direction": "ASC_NULLS_FIRST"}]))[-1] == "Ada Lovelace"
    wrong_operator = await gql(
        LIST, {"filter": {"customField": {"key": "score", "string": {"eq": "x"}}}}, token=account.access_token
    )
    unknown = await gql(
        LIST, {"filter": {"customField": {"key": "nope", "string": {"eq": "x"}}}}, token=account.access_token
    )
    assert codes(wrong_operator) == ["BAD_USER_INPUT"]
    assert codes(unknown) == ["BAD_USER_INPUT"]
    assert unknown["errors"][0]["extensions"]["fieldErrors"][0]["path"] == ["filter", "customField", "key"]


async def test_keyset_pages_cover_every_row_once_in_any_order_even_with_inserts_between_pages(
    gql: GraphQLClient,
) -> None:
    account = await sign_up(gql)
    await add_field(gql, account, key="score", label="Score", type="NUMBER")
    for index in range(23):
        score = None if index % 4 == 0 else index % 5  # ties and nulls
        await create(
            gql,
            account,
            firstName=f"Person {index % 7}",
            emails=[f"p{index}@example.com"],
            customFields={"score": score},
        )

    for order in (
        [{"field": "NAME", "direction": "ASC_NULLS_LAST"}],
        [{"field": "CREATED_AT", "direction": "DESC_NULLS_FIRST"}],
        [{"customFieldKey": "score", "direction": "ASC_NULLS_FIRST"}],
        [
            {"customFieldKey": "score", "direction": "DESC_NULLS_LAST"},
            {"field": "NAME", "direction": "DESC_NULLS_LAST"},
        ],
    ):
        seen: list[str] = []
        after = None
        for _ in range(10):
            data = (await gql.data(LIST, {"first": 5, "after": after, "orderBy": order}, token=account.access_token))[
                "contacts"
            ]
            seen += [edge["node"]["emails"][0] for edge in data["edges"]]
            if not data["pageInfo"]["hasNextPage"]:
                break
            after = data["pageInfo"]["endCursor"]
            if len(seen) == 10 and order[0].get("field") == "NAME":
                await create(gql, account, firstName="Aaron", emails=["late@example.com"])  # lands before the cursor
        assert len(seen) == len(set(seen)), order
        assert len(set(seen) - {"late@example.com"}) == 23, order


async def test_listing_contacts_with_company_owner_and_deal_count_runs_a_fixed_number_of_statements(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    """Both paths: the compiled one (one statement builds the JSON) and the executor with its
    DataLoaders (forced here by a directive, which the compiler leaves to the executor)."""
    account = await sign_up(gql)
    companies = []
    for index in range(5):
        created = await gql.data(CREATE_COMPANY, {"input": {"name": f"Company {index}"}}, token=account.access_token)
        companies.append(created["createCompany"]["id"])
    for index in range(60):
        await create(gql, account, firstName=f"Person {index:02d}", companyId=companies[index % 5])
    compiled = "query($n: Int) { contacts(first: $n) { edges { node { name dealCount company { name } owner { user { name } } } } } }"
    executed = compiled.replace("dealCount", "dealCount @include(if: true)")

    async def statements(query: str, first: int) -> tuple[str, int]:
        response = await http.post(
            "/graphql",
            json={"query": query, "variables": {"n": first}},
            headers={"authorization": f"Bearer {account.access_token}"},
        )
        assert "errors" not in response.json()
        assert len(response.json()["data"]["contacts"]["edges"]) == first
        description = response.headers["server-timing"].split('desc="', 1)[1].split('"', 1)[0]
        path, count = description.split(", ")
        return path, int(count.split(" ")[0])

    assert await statements(executed, 5) == await statements(executed, 50)
    assert (await statements(executed, 50))[0] == "executed"
    assert (await statements(executed, 50))[1] <= 8
    assert await statements(compiled, 5) == await statements(compiled, 50)
    assert (await statements(compiled, 50))[0] == "compiled"
    assert (await statements(compiled, 50))[1] <= 4


async def test_batch_create_writes_the_valid_inputs_and_reports_the_others(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    inputs: list[dict[str, Any]] = [{"firstName": f"Batch {i}"} for i in range(98)]
    inputs[3] = {"jobTitle": "nameless"}
    inputs[50] = {"firstName": "x", "emails": ["bad"]}
    inputs[70] = {"firstName": "x", "companyId": "01890000-0000-7000-8000-000000000000"}
    batch = """mutation($inputs: [ContactInput!]!) { createContacts(inputs: $inputs) {
      contacts { name } errors { index code message fieldErrors } } }"""

    result = (await gql.data(batch, {"inputs": inputs}, token=account.access_token))["createContacts"]
    too_many = await gql(batch, {"inputs": [{"firstName": "x"}] * 101}, token=account.access_token)

    assert len(result["contacts"]) == 95
    assert [(e["index"], e["code"]) for e in result["errors"]] == [
        (3, "BAD_USER_INPUT"),
        (50, "BAD_USER_INPUT"),
        (70, "NOT_FOUND"),
    ]
    assert result["errors"][1]["fieldErrors"] == [
        {"path": ["inputs", 50, "emails", 0], "message": result["errors"][1]["fieldErrors"][0]["message"]}
    ]
    assert codes(too_many) == ["BAD_USER_INPUT"]
    async with superuser_db.transaction() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM contacts WHERE workspace_id = :ws"), {"ws": account.workspace_id}
        )
    assert count == 95


async def test_a_viewer_reads_contacts_but_every_write_is_forbidden(gql: GraphQLClient, superuser_db: Database) -> None:
    owner = await sign_up(gql)
    viewer = await sign_up(gql)
    _, token = await join(gql, owner, viewer, "VIEWER")
    contact = await create(gql, owner, firstName="Read", lastName="Only")

    read = await gql.data(LIST, {}, token=token)
    writes = [
        await gql(CREATE_CONTACT, {"input": {"firstName": "x"}}, token=token),
        await gql(UPDATE, {"id": contact["id"], "input": {"jobTitle": "x"}}, token=token),
        await gql("mutation($id: UUID!) { deleteContact(id: $id) }", {"id": contact["id"]}, token=token),
        await gql(
            "mutation($i: [ContactInput!]!) { createContacts(inputs: $i) { contacts { id } } }",
            {"i": [{"firstName": "x"}]},
            token=token,
        ),
        await gql(
            'mutation($id: UUID!) { addNote(targetId: $id, body: "x") { id } }', {"id": contact["id"]}, token=token
        ),
    ]

    assert read["contacts"]["totalCount"] == 1
    assert [codes(w) for w in writes] == [["FORBIDDEN"]] * 5
    async with superuser_db.transaction() as session:
        rows = await session.scalar(
            text("SELECT count(*) FROM contacts WHERE workspace_id = :ws"), {"ws": owner.workspace_id}
        )
    assert rows == 1


async def test_concurrent_updates_of_different_custom_fields_both_land(gql: GraphQLClient) -> None:
    """Each update reads, merges and writes the record: the row lock keeps one from undoing the other."""
    owner = await sign_up(gql)
    t = owner.access_token
    for key in ("alpha", "beta", "gamma", "delta"):
        await gql.data(
            "mutation($i: FieldDefinitionInput!) { createFieldDefinition(input: $i) { id } }",
            {"i": {"objectType": "CONTACT", "key": key, "label": key.title(), "type": "TEXT"}},
            token=t,
        )
    contact = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ada"}}, token=t))["createContact"]
    update = "mutation($id: UUID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }"
    await asyncio.gather(
        *(
            gql.data(update, {"id": contact["id"], "input": {"customFields": {key: f"set {key}"}}}, token=t)
            for key in ("alpha", "beta", "gamma", "delta")
        )
    )
    data = await gql.data("query($id: UUID!) { contact(id: $id) { customFields } }", {"id": contact["id"]}, token=t)
    assert data["contact"]["customFields"] == {key: f"set {key}" for key in ("alpha", "beta", "gamma", "delta")}
