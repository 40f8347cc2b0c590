"""The compiled path answers exactly what the executor answers, for every query it takes on."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.factories import CREATE_COMPANY, CREATE_CONTACT, GraphQLClient, join, sign_up

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


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two answers differ, for a readable failure."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


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
    assert compiled == executed, differences(compiled, executed)
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
    assert compiled == executed, differences(compiled, executed)
    assert compiled["data"]["contact"]["timeline"]["totalCount"] == 7
    assert [e["node"]["body"] for e in compiled["data"]["contact"]["timeline"]["edges"]] == ["call", "note 4", "note 3"]


async def test_companies_match(http: httpx.AsyncClient, data: dict[str, Any]) -> None:
    for variables in ({}, {"filter": {"name": {"eq": "Acme"}}}):
        compiled, executed = await both(http, data["token"], COMPANIES, variables)
        assert compiled == executed, differences(compiled, executed)


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


KANBAN = """query($id: UUID!) { pipeline(id: $id) { id name isDefault stages { id name position probability kind dealCount
  totalAmount { amountMicros currency }
  deals(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name position status closedAt
    amount { amountMicros currency } expectedCloseDate company { id name } owner { id user { name } } } } } } } }"""
DEALS = """query($filter: DealFilter, $orderBy: [DealOrder!]) { deals(first: 10, filter: $filter, orderBy: $orderBy) {
  totalCount edges { cursor node { id name customFields createdAt updatedAt stage { id name kind } pipeline { id name isDefault }
  contacts { role contact { id name } } timeline(first: 5) { totalCount edges { node { kind summary changes } } } } } } }"""
PIPELINES_ALL = "query { pipelines { id name isDefault stages { id name kind dealCount } } }"


@pytest.fixture(scope="module")
async def deals(gql: GraphQLClient, data: dict[str, Any]) -> dict[str, Any]:
    token = data["token"]
    pipeline = (await gql.data("query { pipelines { id stages { id name } } }", token=token))["pipelines"][0]
    stages = {stage["name"]: stage["id"] for stage in pipeline["stages"]}
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Deal Co"}}, token=token))["createCompany"]["id"]
    for index in range(9):
        fields: dict[str, Any] = {"name": f"Deal {index}", "companyId": company if index % 2 else None}
        if index % 3:
            fields["amount"] = {"amountMicros": str(1_000_000 * (index + 1)), "currency": "EUR" if index % 2 else "USD"}
        if index == 4:
            fields["expectedCloseDate"] = "2027-06-30"
        made = (
            await gql.data("mutation($i: DealInput!) { createDeal(input: $i) { id } }", {"i": fields}, token=token)
        )["createDeal"]
        target = ["Lead", "Qualified", "Won"][index % 3]
        await gql.data(
            "mutation($id: UUID!, $s: UUID!) { moveDeal(id: $id, stageId: $s) { id } }",
            {"id": made["id"], "s": stages[target]},
            token=token,
        )
        if index == 1:
            await gql.data(
                'mutation($d: UUID!, $c: UUID!) { setDealContact(dealId: $d, contactId: $c, role: "champion") { id } }',
                {"d": made["id"], "c": data["contacts"][0]},
                token=token,
            )
    return {"pipeline": pipeline["id"]}


async def test_the_kanban_matches(http: httpx.AsyncClient, data: dict[str, Any], deals: dict[str, Any]) -> None:
    compiled, executed = await both(http, data["token"], KANBAN, {"id": deals["pipeline"]})
    assert compiled == executed, differences(compiled, executed)
    stages = {stage["name"]: stage for stage in compiled["data"]["pipeline"]["stages"]}
    assert stages["Lead"]["dealCount"] == 3
    assert stages["Won"]["totalAmount"] == [
        {"amountMicros": "6000000", "currency": "EUR"},
        {"amountMicros": "12000000", "currency": "USD"},
    ]


async def test_deal_lists_and_pipelines_match(
    http: httpx.AsyncClient, data: dict[str, Any], deals: dict[str, Any]
) -> None:
    for variables in (
        {},
        {"orderBy": [{"field": "AMOUNT", "direction": "DESC_NULLS_LAST"}]},
        {"filter": {"amountMicros": {"gte": 3000000}}, "orderBy": [{"field": "NAME", "direction": "ASC_NULLS_FIRST"}]},
    ):
        compiled, executed = await both(http, data["token"], DEALS, variables)
        assert compiled == executed, differences(compiled, executed)
        assert compiled["data"]["deals"]["edges"]
    compiled, executed = await both(http, data["token"], PIPELINES_ALL, {})
    assert compiled == executed, differences(compiled, executed)


async def test_one_cached_statement_serves_every_record_and_still_says_not_found(
    http: httpx.AsyncClient, data: dict[str, Any]
) -> None:
    names = []
    for contact_id in data["contacts"][:4]:
        compiled, executed = await both(http, data["token"], CONTACT, {"id": contact_id})
        assert compiled == executed, differences(compiled, executed)
        names.append(compiled["data"]["contact"]["name"])
    missing = await http.post(
        "/graphql",
        json={"query": CONTACT, "variables": {"id": "01890000-0000-7000-8000-000000000001"}},
        headers={"authorization": f"Bearer {data['token']}"},
    )
    assert len(set(names)) == 4
    assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_cached_statement_still_checks_the_membership_on_every_request(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    # After its first request a document is answered on a pooled connection, the membership check read
    # in the statement's own round trip: a removed member and a signed-out session are refused on the
    # very next request, with the executor's error.
    owner = await sign_up(gql)
    person = await sign_up(gql, name="Grace Hopper")
    member_id, token = await join(gql, owner, person, "MEMBER")

    async def contacts(bearer: str) -> httpx.Response:
        return await http.post(
            "/graphql",
            json={"query": CONTACTS, "variables": {"first": 2}},
            headers={"authorization": f"Bearer {bearer}"},
        )

    # An API key has no session: its requests are answered compiled too (the key's role, capped).
    key = await gql.data('mutation { createApiKey(name: "Sync", role: VIEWER) { secret } }', token=owner.access_token)
    for bearer in (token, owner.access_token, key["createApiKey"]["secret"]):
        for _ in range(2):
            answer = await contacts(bearer)
            assert answer.headers["server-timing"].startswith('db;desc="compiled, 2 sql statements"'), answer.text
            assert answer.json()["data"]["contacts"]["totalCount"] == 0

    await gql.data("mutation($m: UUID!) { removeMember(memberId: $m) }", {"m": member_id}, token=owner.access_token)
    removed = await contacts(token)
    assert removed.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert removed.json()["errors"][0]["message"] == "You are not a member of this workspace any more."
    assert removed.headers["server-timing"].startswith('db;desc="executed')

    signed_out = await gql.data(
        "mutation($t: String!) { signOut(refreshToken: $t) }", {"t": owner.refresh_token}, token=owner.access_token
    )
    assert signed_out == {"signOut": True}
    after = await contacts(owner.access_token)
    assert after.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert after.json()["errors"][0]["message"] == "This session was signed out; sign in again."


# `me` alone is answered from the user's row read with the session check (graphql/compiled/viewer.py).
ME = "query { me { __typename id name email mfaEnabled } }"
ME_TWICE = "query Viewer { a: me { ...Account } b: me { id name } } fragment Account on User { email mfaEnabled }"
SIGNED_IN_EMAIL = "query SignedInEmail { me { email } }"  # the web app's own (features/auth/documents.ts)


async def post(http: httpx.AsyncClient, query: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return await http.post("/graphql", json={"query": query}, headers=headers or {})


async def test_me_matches(http: httpx.AsyncClient, data: dict[str, Any]) -> None:
    compiled, executed = await both(http, data["token"], ME, {})
    assert compiled == executed, differences(compiled, executed)
    assert compiled["data"]["me"]["__typename"] == "User"
    compiled, executed = await both(http, data["token"], ME_TWICE, {})
    assert compiled == executed, differences(compiled, executed)
    assert list(compiled["data"]) == ["a", "b"]
    assert list(compiled["data"]["a"]) == ["email", "mfaEnabled"]
    email = await post(http, SIGNED_IN_EMAIL, {"authorization": f"Bearer {data['token']}"})
    assert email.headers["server-timing"].startswith('db;desc="compiled, 2 sql statements"')
    assert email.json() == {"data": {"me": {"email": compiled["data"]["a"]["email"]}}}


async def test_me_with_anything_else_goes_to_the_executor(http: httpx.AsyncClient, data: dict[str, Any]) -> None:
    headers = {"authorization": f"Bearer {data['token']}"}
    for query in (
        "query { me { id } workspace { id } }",
        "query { me { id @include(if: true) } }",
        "query($x: Boolean) { me { id } }",
        "query { me { id } mfaRecoveryCodesLeft }",
        "query { me { id nope } }",
    ):
        response = await post(http, query, headers)
        assert response.headers["server-timing"].startswith('db;desc="executed'), (query, response.text)


async def test_me_refusals_are_the_executors_and_hold_on_the_very_next_request(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    owner = await sign_up(gql)
    person = await sign_up(gql, name="Grace Hopper")
    member_id, token = await join(gql, owner, person, "MEMBER")
    key = await gql.data('mutation { createApiKey(name: "Sync", role: ADMIN) { secret } }', token=owner.access_token)

    async def me(headers: dict[str, str]) -> httpx.Response:
        return await post(http, ME, headers)

    for _ in range(2):
        answer = await me({"authorization": f"Bearer {owner.access_token}"})
        assert answer.headers["server-timing"].startswith('db;desc="compiled, 2 sql statements"'), answer.text
        assert answer.json()["data"]["me"]["id"] == owner.user_id

    # A member removed from the token's workspace is still themself (`me` asks only for a live session),
    # on both paths.
    await gql.data("mutation($m: UUID!) { removeMember(memberId: $m) }", {"m": member_id}, token=owner.access_token)
    compiled, executed = await both(http, token, ME, {})
    assert compiled == executed, differences(compiled, executed)
    assert compiled["data"]["me"]["id"] == person.user_id

    refusals = {
        "no token": ({}, "UNAUTHENTICATED"),
        "a bad token": ({"authorization": "Bearer not-a-token"}, "UNAUTHENTICATED"),
        "not a bearer": ({"authorization": "Basic YTpi"}, "UNAUTHENTICATED"),
        "an API key": ({"authorization": f"Bearer {key['createApiKey']['secret']}"}, "FORBIDDEN"),
    }
    for what, (headers, code) in refusals.items():
        answer = await me(headers)
        forced = await post(http, ME.replace("id name", "id @include(if: true) name"), headers)
        assert answer.json()["errors"][0]["extensions"]["code"] == code, what
        assert answer.json() == forced.json(), what
        assert answer.status_code == forced.status_code, what
        assert answer.headers["server-timing"].startswith('db;desc="executed'), what

    signed_out = await gql.data(
        "mutation($t: String!) { signOut(refreshToken: $t) }", {"t": owner.refresh_token}, token=owner.access_token
    )
    assert signed_out == {"signOut": True}
    after = await me({"authorization": f"Bearer {owner.access_token}"})
    assert after.json()["data"] is None
    assert after.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert after.json()["errors"][0]["message"] == "This session was signed out; sign in again."
    assert after.headers["server-timing"].startswith('db;desc="executed')
