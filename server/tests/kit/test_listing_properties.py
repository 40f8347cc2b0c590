"""Properties of lists over HTTP, against the running api: any filter, order and cursor a client can
send (cursors forged with values of any JSON type, for every sort key) answers data or a documented
error, never INTERNAL_SERVER_ERROR."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.checks import internal_errors

PROPERTY_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["2026-11-26T08:50:34.123456+00:00", "2026-11-26", "gold", "99999-01-01", "NaN", "Infinity"]),
    st.builds(lambda: str(uuid.uuid4())),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner, max_size=2),
    max_leaves=4,
)
DEAL_ORDER = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {
                "field": st.sampled_from(
                    ["NAME", "CREATED_AT", "UPDATED_AT", "AMOUNT", "EXPECTED_CLOSE_DATE", "POSITION"]
                )
            }
        ),
        st.fixed_dictionaries({"customFieldKey": st.sampled_from(["tier", "score", "renewal", "nope"])}),
    ).map(lambda order: {**order, "direction": "ASC_NULLS_LAST"}),
    max_size=2,
)
STRING_FILTER = st.fixed_dictionaries(
    {},
    optional={
        "eq": st.text(max_size=8),
        "contains": st.text(max_size=8),
        "ilike": st.text(max_size=8),
        "isNull": st.booleans(),
    },
)
DEAL_FILTER = st.recursive(
    st.fixed_dictionaries(
        {},
        optional={
            "name": STRING_FILTER,
            "amountMicros": st.fixed_dictionaries(
                {}, optional={"gte": st.floats(allow_nan=False, allow_infinity=False)}
            ),
            "customField": st.fixed_dictionaries(
                {"key": st.sampled_from(["tier", "score", "renewal", "nope"])},
                optional={
                    "string": STRING_FILTER,
                    "number": st.fixed_dictionaries(
                        {}, optional={"lt": st.floats(allow_nan=False, allow_infinity=False)}
                    ),
                },
            ),
        },
    ),
    lambda inner: st.fixed_dictionaries({}, optional={"or": st.lists(inner, max_size=2), "not": inner}),
    max_leaves=4,
)
QUERY = """
query($filter: DealFilter, $orderBy: [DealOrder!], $after: String, $first: Int) {
  deals(filter: $filter, orderBy: $orderBy, after: $after, first: $first) { totalCount edges { cursor node { id } } }
}
"""


def forged(values: list[object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(["v1", *values]).encode()).decode().rstrip("=")


@pytest.fixture(scope="module")
def owner(api_url: str) -> Iterator[tuple[httpx.Client, str]]:
    with httpx.Client(base_url=api_url, timeout=30) as client:
        signed = client.post(
            "/graphql",
            json={
                "query": "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }",
                "variables": {
                    "i": {
                        "email": f"lists-{uuid.uuid4().hex[:8]}@example.com",
                        "password": "correct horse battery",
                        "name": "Lists",
                        "workspaceName": "Lists",
                    }
                },
            },
        ).json()
        token = signed["data"]["signUp"]["accessToken"]
        headers = {"authorization": f"Bearer {token}"}
        for definition in (
            '{objectType: DEAL, key: "tier", label: "Tier", type: SELECT, options: ["gold"]}',
            '{objectType: DEAL, key: "score", label: "Score", type: NUMBER}',
            '{objectType: DEAL, key: "renewal", label: "Renewal", type: DATE}',
        ):
            client.post(
                "/graphql",
                json={"query": f"mutation {{ createFieldDefinition(input: {definition}) {{ id }} }}"},
                headers=headers,
            )
        for name, amount in (("One", "100"), ("Two", None)):
            client.post(
                "/graphql",
                json={
                    "query": "mutation($i: DealInput!) { createDeal(input: $i) { id } }",
                    "variables": {
                        "i": {"name": name, "amountMicros": amount, "customFields": {"tier": "gold", "score": 3}}
                    },
                },
                headers=headers,
            )
        yield client, token


def ask(owner: tuple[httpx.Client, str], variables: dict[str, Any]) -> dict[str, Any]:
    client, token = owner
    response = client.post(
        "/graphql", json={"query": QUERY, "variables": variables}, headers={"authorization": f"Bearer {token}"}
    )
    assert internal_errors(response.status_code, response.text) == [], variables
    body: dict[str, Any] = response.json()
    return body


@PROPERTY_SETTINGS
@given(order=DEAL_ORDER, values=st.lists(JSON, min_size=0, max_size=4))
def test_forged_cursors_never_answer_an_internal_error(
    owner: tuple[httpx.Client, str], order: list[Any], values: list[object]
) -> None:
    body = ask(owner, {"orderBy": order, "after": forged(values), "first": 5})
    if "errors" in body:
        assert {error["extensions"]["code"] for error in body["errors"]} == {"BAD_USER_INPUT"}


@PROPERTY_SETTINGS
@given(filter=DEAL_FILTER, order=DEAL_ORDER, first=st.integers(min_value=-5, max_value=300))
def test_any_filter_and_order_answer_data_or_bad_user_input(
    owner: tuple[httpx.Client, str], filter: dict[str, Any], order: list[Any], first: int
) -> None:
    body = ask(owner, {"filter": filter, "orderBy": order, "first": first})
    if "errors" in body:
        assert {error["extensions"]["code"] for error in body["errors"]} == {"BAD_USER_INPUT"}
    else:
        edges = body["data"]["deals"]["edges"]
        assert len(edges) <= min(first, 2)
        # Every cursor the api hands out is accepted back.
        for edge in edges:
            again = ask(owner, {"filter": filter, "orderBy": order, "after": edge["cursor"], "first": first})
            assert "errors" not in again, again
