"""Schemathesis against the running api: every GraphQL operation of the committed schema, sent as an
OWNER and as a VIEWER of a workspace with records in it, and every REST operation of /openapi.json.
Documented errors are answers; an INTERNAL_SERVER_ERROR in the GraphQL errors or an HTTP 5xx fails.

CI runs a fixed seed and RAPPORT_FUZZ_EXAMPLES examples per operation (8 by default); `make fuzz`
runs many more with a fresh seed before a release (RAPPORT_FUZZ_EXAMPLES, RAPPORT_FUZZ_SEED).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from graphql import NameNode, ObjectFieldNode
from hypothesis import HealthCheck, Phase, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from schemathesis import Case
from schemathesis.graphql import nodes

from rapport.app import create_app
from rapport.config import Settings
from tests.conftest import TEST_SECRET
from tests.fuzz.checks import internal_errors, no_internal_error

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"
EXAMPLES = int(os.environ.get("RAPPORT_FUZZ_EXAMPLES", "8"))
SEED = os.environ.get("RAPPORT_FUZZ_SEED")

# Strings as clients and attackers send them: any text, and often the characters that broke us
# before (NUL and other controls, lone surrogates, LIKE wildcards and escapes, very long words).
HOSTILE_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from("\x00\x01\x1b\t\n\r%_\\'\"a é😀\ud800"), max_size=8),
    st.sampled_from(["", " ", "a\x00", "\\", "%", "x" * 300, "gold", "tier", "2026-11-26", "https://a.io"]),
)


def _json_node(value: Any) -> Any:
    if isinstance(value, dict):
        return nodes.Object(
            [ObjectFieldNode(name=NameNode(value=key), value=_json_node(item)) for key, item in value.items()]
        )
    if isinstance(value, list):
        return nodes.List([_json_node(item) for item in value])
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    if value is None:
        return nodes.Null
    return nodes.String(value)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), HOSTILE_TEXT),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["tier", "score", "note", "amountMicros", "currency", "x"]), inner, max_size=3
        )
    ),
    max_leaves=6,
)
schemathesis.graphql.scalar("String", HOSTILE_TEXT.map(nodes.String))
schemathesis.graphql.scalar("JSON", JSON_VALUES.map(_json_node))
graphql_schema = schemathesis.graphql.from_path(SCHEMA_FILE)
# The inbound webhook takes one raw message: generated text, sent as it is.
schemathesis.serializer.alias("message/rfc822", "text/plain")
# The document /openapi.json serves, made from the app itself so that it is known when tests are collected.
rest_schema = schemathesis.openapi.from_dict(create_app(Settings(env="test", secret_key=TEST_SECRET)).openapi())


def fuzz_settings(test: Any) -> Any:
    configured = settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,  # the same cases on every machine: no replay of what another run found
        derandomize=SEED is None,
        phases=[Phase.explicit, Phase.generate, Phase.target, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )(test)
    return hypothesis_seed(int(SEED))(configured) if SEED is not None else configured


@dataclass(frozen=True)
class Principals:
    owner: str
    viewer: str


def _graphql(client: httpx.Client, query: str, variables: dict[str, Any] | None = None, token: str = "") -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers).json()
    assert "errors" not in body, body
    return body["data"]


SIGN_UP = "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { email } } }"


@pytest.fixture(scope="module")
def principals(api_url: str) -> Iterator[Principals]:
    """A workspace with one record of each kind, its OWNER and a VIEWER."""
    with httpx.Client(base_url=api_url, timeout=30) as client:

        def sign_up(name: str) -> tuple[str, str]:
            email = f"fuzz-{name}-{uuid.uuid4().hex[:8]}@example.com"
            data = _graphql(
                client,
                SIGN_UP,
                {"i": {"email": email, "password": "correct horse battery", "name": name, "workspaceName": name}},
            )
            return data["signUp"]["accessToken"], email

        owner, _ = sign_up("owner")
        viewer_first, viewer_email = sign_up("viewer")
        workspace = _graphql(client, "query { workspace { id } }", token=owner)["workspace"]["id"]
        invited = _graphql(
            client,
            "mutation($e: String!) { inviteMember(email: $e, role: VIEWER) { link } }",
            {"e": viewer_email},
            owner,
        )
        accepted = _graphql(
            client,
            "mutation($t: String!) { acceptInvitation(token: $t) { accessToken workspace { id } } }",
            {"t": invited["inviteMember"]["link"].split("#token=", 1)[1]},
            viewer_first,
        )
        assert accepted["acceptInvitation"]["workspace"]["id"] == workspace
        company = _graphql(
            client,
            'mutation { createCompany(input: {name: "Initech", domain: "initech.example"}) { id } }',
            token=owner,
        )
        _graphql(
            client,
            'mutation($c: UUID!) { createContact(input: {firstName: "Peter", companyId: $c, emails: ["p@initech.example"]}) { id } }',
            {"c": company["createCompany"]["id"]},
            owner,
        )
        _graphql(client, 'mutation { createDeal(input: {name: "TPS"}) { id } }', token=owner)
        _graphql(
            client,
            'mutation { createFieldDefinition(input: {objectType: DEAL, key: "tier", label: "Tier", type: SELECT, options: ["a", "b"]}) { id } }',
            token=owner,
        )
        yield Principals(owner=owner, viewer=accepted["acceptInvitation"]["accessToken"])


@pytest.fixture(scope="module")
def http_session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@graphql_schema.parametrize()
@fuzz_settings
def test_graphql_never_answers_an_internal_error(
    case: Case, api_url: str, principals: Principals, http_session: requests.Session
) -> None:
    for token in (principals.owner, principals.viewer):
        response = case.call(
            base_url=f"{api_url}/graphql", session=http_session, headers={"Authorization": f"Bearer {token}"}
        )
        case.validate_response(response, checks=[no_internal_error])


@rest_schema.parametrize()
@fuzz_settings
def test_rest_never_answers_5xx(
    case: Case, api_url: str, principals: Principals, http_session: requests.Session
) -> None:
    for headers in ({"Authorization": f"Bearer {principals.owner}"}, {}):
        response = case.call(base_url=api_url, session=http_session, headers=headers)
        case.validate_response(response, checks=[no_internal_error])


@pytest.mark.parametrize(
    ("status", "body", "found"),
    [
        (200, {"data": {"me": None}, "errors": [{"message": "x", "extensions": {"code": "NOT_FOUND"}}]}, 0),
        (200, {"data": None, "errors": [{"message": "x", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}, 1),
        (400, {"error": {"code": "BAD_USER_INPUT"}}, 0),
        (500, {"error": {"code": "INTERNAL_SERVER_ERROR"}}, 1),
        (502, "<html>bad gateway</html>", 1),
    ],
)
def test_the_check_fails_on_internal_errors_only(status: int, body: object, found: int) -> None:
    text = body if isinstance(body, str) else json.dumps(body)
    assert len(internal_errors(status, text)) == found
