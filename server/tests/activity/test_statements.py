"""Statements per mutation (issue 15): what the web app's writes cost in SQL round trips.

Each figure is the Server-Timing count of one request: the request's own statements (the scope and
session check, COMMIT) and the mutation's. A change that adds a round trip to a write changes them."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.deal.test_graphql import stages
from tests.factories import CREATE_COMPANY, CREATE_DEAL, Account, GraphQLClient, sign_up

CREATE_CONTACT = "mutation($input: ContactInput!) { createContact(input: $input) { id name } }"
MOVE = """
mutation($id: UUID!, $stage: UUID!, $position: Float) {
  moveDeal(id: $id, stageId: $stage, position: $position) { id position stage { id } }
}
"""
DEFINE = """
mutation($input: FieldDefinitionInput!) { createFieldDefinition(input: $input) { id } }
"""


async def statements(http: httpx.AsyncClient, account: Account, query: str, variables: dict[str, Any]) -> int:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {account.access_token}"},
    )
    assert "errors" not in response.json(), response.json()
    description = response.headers["server-timing"].split('desc="', 1)[1].split('"', 1)[0]
    path, count = description.split(", ")
    assert path == "executed"
    return int(count.split()[0])


async def test_create_contact_with_a_company_and_custom_fields(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    account = await sign_up(gql)
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Acme"}}, token=account.access_token))["createCompany"]
    await gql.data(
        DEFINE,
        {"input": {"objectType": "CONTACT", "key": "tier", "label": "Tier", "type": "TEXT"}},
        token=account.access_token,
    )
    contact = {"firstName": "Ada", "lastName": "Lovelace", "emails": ["ada@example.com"], "companyId": company["id"]}
    counts = [
        await statements(http, account, CREATE_CONTACT, {"input": contact | {"customFields": {"tier": "gold"}}}),
        await statements(http, account, CREATE_CONTACT, {"input": {"firstName": "Bob"}}),
    ]
    # With an address, mail that came before the contact is linked in one statement (its participants
    # pointed at the contact and their emails linked): 6, where there were two for it.
    assert counts == [6, 5]


async def test_move_deal_across_stages_and_within_one(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    account = await sign_up(gql)
    stage = await stages(gql, account)
    names = [name for name in stage if name != "pipeline"]
    deal = (await gql.data(CREATE_DEAL, {"input": {"name": "Deal"}}, token=account.access_token))["createDeal"]
    counts = [
        await statements(http, account, MOVE, {"id": deal["id"], "stage": stage[names[1]], "position": 10.0}),
        await statements(http, account, MOVE, {"id": deal["id"], "stage": stage[names[1]], "position": 5.0}),
        await statements(http, account, MOVE, {"id": deal["id"], "stage": stage[names[2]], "position": None}),
    ]
    assert counts == [4, 4, 4]


async def test_concurrent_moves_of_one_deal_each_find_it_and_leave_one_entry_each(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    """A move waits on the lock of a concurrent one, then reads the deal (and the stage it is in) as that
    move left it: none answers NOT_FOUND, and each entry names a stage it left that is not the one it entered."""
    account = await sign_up(gql)
    stage = await stages(gql, account)
    names = [name for name in stage if name != "pipeline"]
    deal = (await gql.data(CREATE_DEAL, {"input": {"name": "Contested"}}, token=account.access_token))["createDeal"]
    targets = [names[index % 3] for index in range(12)]
    moves = [
        gql(MOVE, {"id": deal["id"], "stage": stage[name], "position": float(index)}, token=account.access_token)
        for index, name in enumerate(targets)
    ]
    answers = await asyncio.gather(*moves)
    assert [answer.get("errors") for answer in answers] == [None] * 12
    timeline = await gql.data(
        "query($id: UUID!) { deal(id: $id) { timeline(first: 50) { edges { node { kind summary } } } } }",
        {"id": deal["id"]},
        token=account.access_token,
    )
    edges = timeline["deal"]["timeline"]["edges"]
    moved = [edge["node"]["summary"] for edge in edges if edge["node"]["kind"] == "STAGE_CHANGED"]
    assert moved
    for summary in moved:
        left, entered = summary.removeprefix("Moved from ").split(" to ")
        assert left != entered
        assert {left, entered} <= set(names[:3])


async def test_update_delete_and_restore_of_a_contact(gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    """The change, its entry and its event in the record's own UPDATE (main: 6 statements each)."""
    account = await sign_up(gql)
    contact = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Zed"}}, token=account.access_token))[
        "createContact"
    ]
    update = "mutation($id: UUID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id name } }"
    counts = [
        await statements(http, account, update, {"id": contact["id"], "input": {"lastName": "Zulu"}}),
        await statements(http, account, "mutation($id: UUID!) { deleteContact(id: $id) }", {"id": contact["id"]}),
        await statements(
            http, account, "mutation($id: UUID!) { restoreContact(id: $id) { id } }", {"id": contact["id"]}
        ),
    ]
    # A restore also reads whether the record was merged (a merged one comes back by undoing its merge).
    assert counts == [4, 4, 5]
    timeline = await gql.data(
        "query($id: UUID!) { contact(id: $id) { timeline(first: 10) { edges { node { kind summary changes } } } } }",
        {"id": contact["id"]},
        token=account.access_token,
    )
    assert [edge["node"] for edge in timeline["contact"]["timeline"]["edges"]] == [
        {"kind": "RESTORED", "summary": "Restored contact Zed Zulu", "changes": None},
        {"kind": "DELETED", "summary": "Deleted contact Zed Zulu", "changes": None},
        {"kind": "UPDATED", "summary": "Updated lastName", "changes": {"lastName": {"from": None, "to": "Zulu"}}},
        {"kind": "CREATED", "summary": "Created contact Zed", "changes": None},
    ]
