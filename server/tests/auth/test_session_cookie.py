"""The web app's httpOnly `rapport_access` cookie authenticates GraphQL, but only on requests a
cross-site page cannot forge: JSON POSTs and WebSocket upgrades from the web app's origin."""

from __future__ import annotations

import json
from typing import Any

import httpx
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.factories import GraphQLClient, sign_up

ME = "query { me { email } }"
WEB_ORIGIN = "http://localhost:3000"  # the default RAPPORT_WEB_PORT


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def test_a_json_post_with_the_cookie_is_signed_in(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    account = await sign_up(gql)

    response = await http.post(
        "/graphql", json={"query": ME}, headers={"cookie": f"rapport_access={account.access_token}"}
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"email": account.email}}}


async def test_the_cookie_is_ignored_on_a_get(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    account = await sign_up(gql)

    response = await http.get(
        "/graphql", params={"query": ME}, headers={"cookie": f"rapport_access={account.access_token}"}
    )

    body = response.json()
    assert body.get("data") is None
    assert codes(body) == ["UNAUTHENTICATED"]


async def test_the_cookie_is_ignored_on_a_post_a_cross_site_form_could_send(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    account = await sign_up(gql)
    cookie = {"cookie": f"rapport_access={account.access_token}"}

    as_text = await http.post(
        "/graphql", content=json.dumps({"query": ME}), headers={**cookie, "content-type": "text/plain"}
    )
    as_form = await http.post(
        "/graphql", data={"query": ME}, headers={**cookie, "content-type": "application/x-www-form-urlencoded"}
    )

    for response in (as_text, as_form):
        assert response.status_code in (200, 400, 415), response.text
        assert "email" not in response.text, "a cross-site form must never read data with the cookie"


async def test_the_authorization_header_wins_over_the_cookie(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    header_account = await sign_up(gql, name="Hedy Header")
    cookie_account = await sign_up(gql, name="Cora Cookie")

    response = await http.post(
        "/graphql",
        json={"query": ME},
        headers={
            "authorization": f"Bearer {header_account.access_token}",
            "cookie": f"rapport_access={cookie_account.access_token}",
        },
    )

    assert response.json() == {"data": {"me": {"email": header_account.email}}}


async def test_a_stale_cookie_answers_unauthenticated_and_does_not_block_sign_in(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    account = await sign_up(gql)
    stale = {"cookie": "rapport_access=not-a-token"}

    me = await http.post("/graphql", json={"query": ME}, headers=stale)
    signed_in = await http.post(
        "/graphql",
        json={
            "query": "mutation($i: SignInInput!) { signIn(input: $i) { user { email } } }",
            "variables": {"i": {"email": account.email, "password": account.password}},
        },
        headers=stale,
    )

    assert codes(me.json()) == ["UNAUTHENTICATED"]
    assert signed_in.json() == {"data": {"signIn": {"user": {"email": account.email}}}}


async def _init_over_websocket(api_url: str, origin: str, token: str) -> tuple[str | None, int | None]:
    """Opens a socket with the cookie and sends `connection_init` with no token: the type of the
    answer (`connection_ack` when the cookie signed it in) or the close code it was given instead."""
    url = api_url.replace("http://", "ws://") + "/graphql"
    headers = {"cookie": f"rapport_access={token}"}
    async with connect(
        url, subprotocols=["graphql-transport-ws"], origin=origin, additional_headers=headers
    ) as websocket:  # type: ignore[arg-type]
        await websocket.send(json.dumps({"type": "connection_init"}))
        try:
            answer: dict[str, Any] = json.loads(await websocket.recv())
        except ConnectionClosed as closed:
            return None, closed.rcvd.code if closed.rcvd else None
        return str(answer["type"]), None


async def test_a_websocket_from_the_web_origin_is_signed_in_by_the_cookie(api_url: str, gql: GraphQLClient) -> None:
    account = await sign_up(gql)

    assert await _init_over_websocket(api_url, WEB_ORIGIN, account.access_token) == ("connection_ack", None)


async def test_a_websocket_from_another_origin_is_not_signed_in_by_the_cookie(api_url: str, gql: GraphQLClient) -> None:
    account = await sign_up(gql)

    try:
        answer = await _init_over_websocket(api_url, "https://evil.example", account.access_token)
    except InvalidStatus:
        return  # refusing the upgrade outright is as good
    assert answer == (None, 4403), "the cookie must not sign in a socket from another origin"
