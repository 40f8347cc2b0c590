"""Query cost limits (finding 1 of the security review): refused before anything runs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import text as sa_text
from sqlalchemy.exc import DBAPIError

from rapport.config import Settings
from rapport.db import Database, begin_scoped
from tests.conftest import Servers, running_api
from tests.factories import GraphQLClient, sign_up

TIMELINE = "timeline { edges { node { id summary } } }"
HEAVY_CONTACTS = f"contacts(first: 200) {{ edges {{ node {{ id {TIMELINE} second: {TIMELINE} }} }} }}"
# Per alias: 200 × (contacts 1 + edges 1 + node 1 + 2 timelines × 20 × (1 + edges 1 + node 1)) = 24,600.
HEAVY = "query {" + " ".join(f"a{index}: {HEAVY_CONTACTS}" for index in range(49)) + "}"
MAX_COST = Settings().max_query_cost


async def test_49_aliases_of_nested_timelines_are_refused_with_their_cost(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    account = await sign_up(gql)

    response = await http.post(
        "/graphql", json={"query": HEAVY}, headers={"authorization": f"Bearer {account.access_token}"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": f"This query could load 1205400 objects, more than the {MAX_COST} one request may: "
                "ask for smaller pages (`first`), fewer aliases or less nesting.",
                "extensions": {"code": "QUERY_TOO_COSTLY", "cost": 1205400, "maxCost": MAX_COST},
            }
        ],
    }
    assert "server-timing" not in response.headers  # no SQL ran


async def test_fragments_and_variables_are_counted_where_they_are_used(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    document = f"""
    query($n: Int!) {{ a: contacts(first: $n) {{ ...Row }} b: contacts(first: $n) {{ ...Row }} }}
    fragment Row on ContactConnection {{ edges {{ node {{ id {TIMELINE} }} }} }}
    """

    small = await gql(document, {"n": 2}, token=account.access_token)
    big = await gql(document, {"n": 200}, token=account.access_token)

    assert small == {"data": {"a": {"edges": []}, "b": {"edges": []}}}
    # 2 aliases × 200 × (1 + 1 + 1 + 20 × 3) = 25,200 under the limit; the same at 2 aliases more is not.
    assert "errors" not in big
    four = document.replace(
        "b: contacts(first: $n) { ...Row }",
        "b: contacts(first: $n) { ...Row } c: contacts(first: $n) { ...Row } d: contacts(first: $n) { ...Row }",
    )
    refused = await gql(four, {"n": 200}, token=account.access_token)
    assert refused["errors"][0]["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 50400, "maxCost": MAX_COST}


async def test_big_in_lists_and_filters_are_bad_user_input_not_500(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    document = "query($filter: ContactFilter) { contacts(first: 5, filter: $filter) { totalCount } }"
    huge_in = {"email": {"in": [f"p{index}@x.io" for index in range(50_000)]}}
    many_branches = {"or": [{"email": {"eq": f"person{index}@example.com"}} for index in range(20_000)]}
    at_the_cap = {"email": {"in": [f"person{index}@example.com" for index in range(500)]}}

    refused_in = await gql(document, {"filter": huge_in}, token=account.access_token)
    refused_or = await gql(document, {"filter": many_branches}, token=account.access_token)
    accepted = await gql(document, {"filter": at_the_cap}, token=account.access_token)

    message = "This filter is too big; split it into smaller requests."
    assert refused_in["errors"] == [
        {
            "message": message,
            "extensions": {
                "code": "BAD_USER_INPUT",
                "fieldErrors": [{"path": ["filter", "email", "in"], "message": "at most 500 values"}],
            },
        }
    ]
    assert refused_or["errors"][0]["extensions"]["fieldErrors"] == [
        {"path": ["filter"], "message": "at most 200 conditions"}
    ]
    assert accepted == {"data": {"contacts": {"totalCount": 0}}}


@pytest.fixture(scope="module")
def budget_api_url(servers: Servers) -> Iterator[str]:
    with running_api(servers, RAPPORT_QUERY_COST_PER_MINUTE="1000") as base_url:
        yield base_url


@pytest.fixture
async def budget_http(budget_api_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=budget_api_url, timeout=30) as client:
        yield client


async def test_each_user_has_a_cost_budget_per_minute(budget_http: httpx.AsyncClient) -> None:
    gql = GraphQLClient(budget_http)
    account, other = await sign_up(gql), await sign_up(gql)
    document = "query { contacts(first: 99) { edges { node { id company { name } } } } }"  # 99 × 4 = 396
    if time.time() % 60 > 55:  # the three requests must fall in one minute's window
        await asyncio.sleep(61 - time.time() % 60)
    headers = {"authorization": f"Bearer {account.access_token}"}

    first = await budget_http.post("/graphql", json={"query": document}, headers=headers)
    second = await budget_http.post("/graphql", json={"query": document}, headers=headers)
    third = await budget_http.post("/graphql", json={"query": document}, headers=headers)
    someone_else = await gql(document, token=other.access_token)

    assert (first.status_code, second.status_code, third.status_code) == (200, 200, 429)
    retry_after = int(third.headers["retry-after"])
    assert 1 <= retry_after <= 61
    assert third.headers["ratelimit-policy"] == '"query-cost";q=1000;w=60'
    assert third.headers["ratelimit"] == f'"query-cost";r=0;t={retry_after}'
    assert third.json()["errors"][0]["extensions"] == {"code": "RATE_LIMITED", "retryAfter": retry_after}
    assert someone_else == {"data": {"contacts": {"edges": []}}}


async def test_a_statement_past_the_timeout_is_cancelled(app_db: Database) -> None:
    async with app_db.sessionmaker() as session:
        await begin_scoped(session, statement_timeout_ms=100)
        with pytest.raises(DBAPIError) as cancelled:
            await session.execute(sa_text("SELECT pg_sleep(2)"))
        await session.rollback()

    assert "canceling statement due to statement timeout" in str(cancelled.value)


async def test_sql_errors_never_carry_their_parameters(app_db: Database) -> None:
    secret = 987654321
    async with app_db.sessionmaker() as session:
        await begin_scoped(session)
        with pytest.raises(DBAPIError) as failed:
            await session.execute(sa_text("SELECT 1 / (:value - :value)"), {"value": secret})
        await session.rollback()

    assert str(secret) not in str(failed.value)
    assert "[SQL parameters hidden due to hide_parameters=True]" in str(failed.value)


TIMELINES = """query($after: String) {
  contacts(first: 50, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) { edges { node {
    name @include(if: true)
    timeline(first: 2, after: $after) { totalCount pageInfo { hasNextPage } edges { node { summary } } }
    again: timeline(first: 1) { edges { node { summary } } }
  } } }
}"""


async def statements_of(
    http: httpx.AsyncClient, token: str, variables: dict[str, object]
) -> tuple[int, dict[str, object]]:
    response = await http.post(
        "/graphql", json={"query": TIMELINES, "variables": variables}, headers={"authorization": f"Bearer {token}"}
    )
    description = response.headers["server-timing"].split('desc="', 1)[1].split('"', 1)[0]
    assert description.startswith("executed, ")  # the executor, whose timelines were one query per record
    return int(description.split(", ")[1].split(" ")[0]), response.json()


async def test_the_timelines_of_a_page_of_records_load_in_one_statement_each(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    """Finding 1: the executor loaded timelines one record at a time (19,704 statements for one request);
    `@include(if: true)` keeps the query off the compiled path."""
    few, many = await sign_up(gql), await sign_up(gql)
    for account, count in ((few, 2), (many, 12)):
        for index in range(count):
            await gql.data(
                "mutation($input: ContactInput!) { createContact(input: $input) { id } }",
                {"input": {"firstName": f"Person {index:02}"}},
                token=account.access_token,
            )

    few_statements, few_body = await statements_of(http, few.access_token, {})
    many_statements, many_body = await statements_of(http, many.access_token, {})
    _, bad_cursor = await statements_of(http, many.access_token, {"after": "not-a-cursor"})

    # The same for 2 records as for 12: the contacts page, one per distinct timeline page, one for the counts.
    assert (few_statements, many_statements) == (5, 5)
    nodes = [edge["node"] for edge in many_body["data"]["contacts"]["edges"]]
    assert len(nodes) == 12
    assert nodes[0] == {
        "name": "Person 00",
        "timeline": {
            "totalCount": 1,
            "pageInfo": {"hasNextPage": False},
            "edges": [{"node": {"summary": "Created contact Person 00"}}],
        },
        "again": {"edges": [{"node": {"summary": "Created contact Person 00"}}]},
    }
    assert few_body["data"]["contacts"]["edges"][1]["node"]["name"] == "Person 01"
    assert bad_cursor["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
