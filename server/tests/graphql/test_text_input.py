"""Text PostgreSQL cannot store (NUL, other C0 controls, lone surrogates) is refused at the edge with
BAD_USER_INPUT and a field error per string, wherever it hides: arguments, variables, nested input
lists, JSON custom field values and their keys, filters; and nothing is written (issue 17, crash 1)."""

from __future__ import annotations

import json
import socket
from typing import Any
from urllib.parse import urlparse

import pytest

from rapport.kit.text import unsafe_character, unsafe_text
from tests.factories import CREATE_CONTACT, GraphQLClient, seed_records, sign_up

REFUSED = "Text may not contain control characters (other than tab and line breaks) or unpaired surrogates."


def refusal(body: dict[str, Any]) -> list[object]:
    """The field error paths of a refused operation, asserting the refusal's exact shape."""
    assert body["data"] is None
    errors = body["errors"]
    assert len(errors) == 1
    assert errors[0]["message"] == REFUSED
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    return [item["path"] for item in errors[0]["extensions"]["fieldErrors"]]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("a\x00", "contains a control character (U+0000) at position 1, which text may not hold"),
        ("\x1b[31m", "contains a control character (U+001B) at position 0, which text may not hold"),
        ("x\ud800", "contains an unpaired surrogate (U+D800) at position 1, which text may not hold"),
        ("tab\tnew\nline\r fine \x7f é 😀", None),
    ],
)
def test_which_characters_text_may_hold(value: str, reason: str | None) -> None:
    assert unsafe_character(value) == reason


def test_unsafe_text_walks_lists_objects_and_keys() -> None:
    value = {"a": ["ok", "b\x00"], "k\x01": {"deep": "\x02"}, "n": 3, "none": None}

    assert unsafe_text(value, ("input",)) == {
        ("input", "a", 1): "contains a control character (U+0000) at position 1, which text may not hold",
        ("input", "k\x01"): "the key contains a control character (U+0001) at position 1, which text may not hold",
        ("input", "k\x01", "deep"): "contains a control character (U+0002) at position 0, which text may not hold",
    }


async def test_nul_in_a_literal_argument_is_refused_and_nothing_changes(gql: GraphQLClient) -> None:
    owner = await sign_up(gql, name="Ada Lovelace")

    body = await gql('mutation { updateProfile(name: "a\\u0000") { id name } }', token=owner.access_token)

    assert refusal(body) == [["name"]]
    me = await gql.data("query { me { name } }", token=owner.access_token)
    assert me["me"]["name"] == "Ada Lovelace"


async def test_a_control_character_in_a_variable_is_refused(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    before = await gql.data("query { workspaces { id } }", token=owner.access_token)

    body = await gql(
        "mutation($name: String!) { createWorkspace(name: $name) { accessToken } }",
        {"name": "Beta\x07"},
        token=owner.access_token,
    )

    assert refusal(body) == [["name"]]
    assert await gql.data("query { workspaces { id } }", token=owner.access_token) == before


async def test_nested_input_lists_name_the_item_and_write_none_of_the_batch(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    query = "mutation($inputs: [CompanyInput!]!) { createCompanies(inputs: $inputs) { __typename } }"

    body = await gql(
        query,
        {"inputs": [{"name": "Fine Inc"}, {"name": "Bad\x00 Inc", "industry": "x\x1f"}]},
        token=owner.access_token,
    )

    assert refusal(body) == [["inputs", 1, "industry"], ["inputs", 1, "name"]]
    companies = await gql.data("query { companies { totalCount } }", token=owner.access_token)
    assert companies["companies"]["totalCount"] == 0


async def test_nested_literal_lists_are_walked_too(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)

    body = await gql(
        'mutation { createCompanies(inputs: [{name: "Fine"}, {name: "B\\u0000"}]) { __typename } }',
        token=owner.access_token,
    )

    assert refusal(body) == [["inputs", 1, "name"]]


async def test_json_custom_field_values_and_keys_are_walked(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    await seed_records(gql, owner)
    before = await gql.data("query { contacts { totalCount } }", token=owner.access_token)

    # A lone surrogate only travels as a JSON escape (`"\\ud83d"`): send the body as JSON text.
    variables = {"input": {"firstName": "Mo", "customFields": {"tier": "go\x00ld", "no\x00te": ["a", "\ud83d"]}}}
    response = await gql.http.post(
        "/graphql",
        content=json.dumps({"query": CREATE_CONTACT, "variables": variables}),
        headers={"authorization": f"Bearer {owner.access_token}", "content-type": "application/json"},
    )
    body = response.json()

    assert refusal(body) == [
        ["input", "customFields", "no\x00te"],
        ["input", "customFields", "no\x00te", 1],
        ["input", "customFields", "tier"],
    ]
    assert await gql.data("query { contacts { totalCount } }", token=owner.access_token) == before


async def test_a_filter_with_nul_is_bad_user_input_on_every_path(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    await seed_records(gql, owner)
    # The kanban query is answered by the compiled SQL path when it can be: it must refuse too.
    query = "query($f: DealFilter) { pipelines { stages { deals(filter: $f) { totalCount } } } }"

    by_variable = await gql(query, {"f": {"name": {"eq": "\x00"}}}, token=owner.access_token)
    by_literal = await gql(
        'query { deals(filter: {or: [{name: {ilike: "\\u0000"}}]}) { totalCount } }', token=owner.access_token
    )

    assert refusal(by_variable) == [["f", "name", "eq"]]
    assert refusal(by_literal) == [["filter", "or", 0, "name", "ilike"]]


async def test_tabs_and_line_breaks_are_kept(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    records = await seed_records(gql, owner)
    body = "first line\n\tindented\r\nlast"

    note = await gql.data(
        "mutation($id: UUID!, $body: String!) { addNote(targetId: $id, body: $body) { body } }",
        {"id": records.contact_id, "body": body},
        token=owner.access_token,
    )

    assert note["addNote"]["body"] == body


def test_an_inbound_token_with_a_control_character_is_unauthenticated(api_url: str) -> None:
    # HTTP clients refuse to send such a header; a raw request shows what the api answers.
    address = urlparse(api_url)
    request = (
        b"POST /api/v1/webhooks/inbound/email HTTP/1.1\r\nHost: test\r\nX-Inbound-Token: abc\x01def\r\n"
        b"Content-Type: message/rfc822\r\nContent-Length: 11\r\nConnection: close\r\n\r\nSubject: x\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk

    status = int(answer.split(b" ", 2)[1])
    assert status in (400, 401), answer
