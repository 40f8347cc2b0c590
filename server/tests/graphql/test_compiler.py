"""The compiled path answers exactly what the executor answers, for every query it takes on."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.factories import CREATE_COMPANY, CREATE_CONTACT, GraphQLClient, sign_up

CONTACTS = """query($first: Int, $after: String, $filter: ContactFilter, $orderBy: [ContactOrder!]) {
  contacts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { __typename id name firstName lastName emails phones jobTitle customFields createdAt updatedAt
      dealCount company { id name domain employees contactCount } owner { id role joinedAt user { id name email } } } }
  } }"""
CONTACT = """query($id: UUID!) { contact(id: $id) { ...Person timeline(first: 3) { totalCount
  pageInfo { hasNextPage endCursor } edges { cursor node { id kind occurredAt summary changes body subjectType subjectId
  dueAt done doneAt actor { id user { name } } assignee { id } } } } } }
  fragment Person on Contact { id name emails customFields company { name } }"""
COMPANIES = """query($filter: CompanyFilter) { companies(first: 10, filter: $filter) { totalCount
  edges { cursor node { id name domain industry employees customFields contactCount dealCount createdAt } } } }"""


def normalise(value: Any) -> Any:
    """Cursors compared by what they encode; timestamps by the instant."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str) and len(value) > 40 and value.startswith("Wy"):
        decoded = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        return ["cursor", *[normalise(v) for v in decoded]]
    if isinstance(value, str) and len(value) >= 25 and value[4] == "-" and "T" in value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


async def both(http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]) -> tuple[Any, Any]:
    """The answer of the compiled path and of the executor (forced by a no-op directive)."""
    forced = query.replace("id name", "id @include(if: true) name", 1)
    answers = []
    for text, path in ((query, "compiled"), (forced, "executed")):
        response = await http.post(
            "/graphql", json={"query": text, "variables": variables}, headers={"authorization": f"Bearer {token}"}
        )
        assert response.headers["server-timing"].startswith(f'db;desc="{path}'), (path, response.text)
        answers.append(response.json())
    return normalise(answers[0]), normalise(answers[1])


@pytest.fixture(scope="module")
async def data(gql: GraphQLClient) -> dict[str, Any]:
    account = await sign_up(gql)
    token = account.access_token
    await gql.data(
        'mutation { createFieldDefinition(input: {objectType: CONTACT, key: "tier", label: "Tier", type: SELECT, options: ["gold", "silver"]}) { id } }',
        token=token,
    )
    await gql.data(
        'mutation { createFieldDefinition(input: {objectType: CONTACT, key: "score", label: "Score", type: NUMBER}) { id } }',
        token=token,
    )
    company = (
        await gql.data(
            CREATE_COMPANY, {"input": {"name": "Acme", "domain": "acme.example.com", "employees": 12}}, token=token
        )
    )["createCompany"]
    contact_ids = []
    for index in range(12):
        fields = {
            "firstName": f"Name{index % 5}",
            "lastName": f"L{index}",
            "emails": [f"n{index}@acme.example.com"],
            "customFields": {"tier": "gold" if index % 3 else "silver", "score": index % 4 if index % 5 else None},
        }
        if index % 2:
            fields["companyId"] = company["id"]
        contact_ids.append((await gql.data(CREATE_CONTACT, {"input": fields}, token=token))["createContact"]["id"])
    for index in range(5):
        await gql.data(
            "mutation($id: UUID!, $b: String!) { addNote(targetId: $id, body: $b) { id } }",
            {"id": contact_ids[0], "b": f"note {index}"},
            token=token,
        )
    await gql.data(
        'mutation($id: UUID!) { addTask(targetId: $id, body: "call", dueAt: "2027-01-01T10:00:00Z") { id } }',
        {"id": contact_ids[0]},
        token=token,
    )
    return {"token": token, "contacts": contact_ids}


@pytest.mark.parametrize(
    "variables",
    [
        {},
        {"first": 4},
        {"first": 5, "orderBy": [{"customFieldKey": "score", "direction": "DESC_NULLS_LAST"}]},
        {
            "first": 5,
            "orderBy": [
                {"customFieldKey": "score", "direction": "ASC_NULLS_FIRST"},
                {"field": "NAME", "direction": "DESC_NULLS_FIRST"},
            ],
        },
        {"first": 3, "orderBy": [{"field": "CREATED_AT", "direction": "DESC_NULLS_LAST"}]},
        {
            "filter": {"customField": {"key": "tier", "string": {"eq": "gold"}}},
            "orderBy": [{"field": "NAME", "direction": "ASC_NULLS_LAST"}],
        },
        {"filter": {"or": [{"name": {"contains": "name1"}}, {"email": {"startsWith": "n1"}}]}},
        {"first": 0},
    ],
)
async def test_contacts_lists_match(http: httpx.AsyncClient, data: dict[str, Any], variables: dict[str, Any]) -> None:
    compiled, executed = await both(http, data["token"], CONTACTS, variables)
    assert compiled == executed
    assert "errors" not in compiled

    # And the next page, from the compiled path's own cursor, through both paths.
    if compiled["data"]["contacts"]["pageInfo"]["hasNextPage"] and variables.get("first") != 0:
        response = await http.post(
            "/graphql",
            json={"query": CONTACTS, "variables": variables},
            headers={"authorization": f"Bearer {data['token']}"},
        )
        end = response.json()["data"]["contacts"]["pageInfo"]["endCursor"]
        compiled_next, executed_next = await both(http, data["token"], CONTACTS, {**variables, "after": end})
        assert compiled_next == executed_next
        assert compiled_next["data"]["contacts"]["edges"]


async def test_a_contact_page_matches(http: httpx.AsyncClient, data: dict[str, Any]) -> None:
    compiled, executed = await both(http, data["token"], CONTACT, {"id": data["contacts"][0]})
    assert compiled == executed
    assert compiled["data"]["contact"]["timeline"]["totalCount"] == 7


async def test_companies_match(http: httpx.AsyncClient, data: dict[str, Any]) -> None:
    for variables in ({}, {"filter": {"name": {"eq": "Acme"}}}):
        compiled, executed = await both(http, data["token"], COMPANIES, variables)
        assert compiled == executed


async def test_errors_come_from_the_executor(http: httpx.AsyncClient, data: dict[str, Any]) -> None:
    headers = {"authorization": f"Bearer {data['token']}"}
    missing = await http.post(
        "/graphql",
        json={"query": CONTACT, "variables": {"id": "01890000-0000-7000-8000-000000000000"}},
        headers=headers,
    )
    bad_cursor = await http.post(
        "/graphql", json={"query": CONTACTS, "variables": {"after": "garbage"}}, headers=headers
    )
    unknown_key = await http.post(
        "/graphql",
        json={"query": CONTACTS, "variables": {"filter": {"customField": {"key": "nope", "string": {"eq": "x"}}}}},
        headers=headers,
    )
    anonymous = await http.post("/graphql", json={"query": CONTACTS, "variables": {}})

    assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert bad_cursor.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert unknown_key.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
