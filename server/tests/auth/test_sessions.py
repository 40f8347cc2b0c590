"""Sessions end when they are signed out: the access token too, within the next request (finding 7),
on GraphQL, REST and the WebSocket. Sign out everywhere; password change signs out other sessions."""

from __future__ import annotations

import httpx

from tests.auth.support import SIGN_IN, WORKSPACE, codes, messages, sign_in
from tests.factories import GraphQLClient, sign_up
from tests.realtime.client import opened

SIGN_OUT = "mutation Out($token: String!) { signOut(refreshToken: $token) }"
EVERYWHERE = "mutation { signOutEverywhere }"
REFRESH = "mutation Refresh($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken } }"
CHANGE = "mutation Change($current: String!, $new: String!) { changePassword(current: $current, new: $new) }"
ME = "query { me { id } }"
SIGNED_OUT = "This session was signed out; sign in again."


async def ws_init(api_url: str, token: str) -> tuple[int | None, str] | dict[str, object]:
    """connection_init with `token`: the ack, or how the server closed the socket."""
    async with opened(api_url) as socket:
        await socket.send(type="connection_init", payload={"authorization": f"Bearer {token}"})
        try:
            return await socket.receive(wait=5)
        except Exception:
            return await socket.closed()


async def test_signing_out_revokes_the_access_token_everywhere_at_once(
    gql: GraphQLClient, http: httpx.AsyncClient, api_url: str
) -> None:
    account = await sign_up(gql)
    other = await sign_in(gql, account)

    before = await gql.data(WORKSPACE, token=account.access_token)
    socket_before = await ws_init(api_url, account.access_token)
    assert await gql.data(SIGN_OUT, {"token": account.refresh_token}) == {"signOut": True}
    graphql_after = await gql(WORKSPACE, token=account.access_token)
    me_after = await gql(ME, token=account.access_token)
    rest_after = await http.get(
        "/api/v1/files/00000000-0000-7000-8000-000000000000",
        headers={"authorization": f"Bearer {account.access_token}"},
    )
    socket_after = await ws_init(api_url, account.access_token)
    other_session = await gql.data(WORKSPACE, token=other["accessToken"])

    assert before == {"workspace": {"id": account.workspace_id}}
    assert socket_before == {"type": "connection_ack"}
    assert codes(graphql_after) == ["UNAUTHENTICATED"]
    assert messages(graphql_after) == [SIGNED_OUT]
    assert codes(me_after) == ["UNAUTHENTICATED"]
    assert rest_after.status_code == 401
    assert rest_after.json()["error"]["code"] == "UNAUTHENTICATED"
    assert socket_after == (4403, "Forbidden: send a valid access token of a workspace member.")
    assert other_session == {"workspace": {"id": account.workspace_id}}


async def test_sign_out_everywhere_ends_every_session_and_refresh_token(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    other = await sign_in(gql, account)

    done = await gql.data(EVERYWHERE, token=other["accessToken"])
    first = await gql(WORKSPACE, token=account.access_token)
    second = await gql(WORKSPACE, token=other["accessToken"])
    refreshed = await gql(REFRESH, {"token": account.refresh_token})
    refreshed_other = await gql(REFRESH, {"token": other["refreshToken"]})
    fresh = await sign_in(gql, account)

    assert done == {"signOutEverywhere": True}
    assert codes(first) == ["UNAUTHENTICATED"]
    assert codes(second) == ["UNAUTHENTICATED"]
    assert codes(refreshed) == ["UNAUTHENTICATED"]
    assert codes(refreshed_other) == ["UNAUTHENTICATED"]
    assert (await gql.data(WORKSPACE, token=fresh["accessToken"]))["workspace"]["id"] == account.workspace_id


async def test_a_replayed_refresh_token_revokes_the_access_tokens_of_its_session(gql: GraphQLClient) -> None:
    account = await sign_up(gql)

    rotated = (await gql.data(REFRESH, {"token": account.refresh_token}))["refreshToken"]
    works = await gql.data(WORKSPACE, token=rotated["accessToken"])
    replayed = await gql(REFRESH, {"token": account.refresh_token})
    after = await gql(WORKSPACE, token=rotated["accessToken"])

    assert works == {"workspace": {"id": account.workspace_id}}
    assert codes(replayed) == ["UNAUTHENTICATED"]
    assert codes(after) == ["UNAUTHENTICATED"]
    assert messages(after) == [SIGNED_OUT]


async def test_changing_the_password_needs_the_current_one_and_signs_out_other_sessions(
    gql: GraphQLClient,
) -> None:
    account = await sign_up(gql)
    other = await sign_in(gql, account)
    new = "a much longer passphrase 42"

    wrong = await gql(CHANGE, {"current": "not the password", "new": new}, token=account.access_token)
    weak = await gql(CHANGE, {"current": account.password, "new": "12345678"}, token=account.access_token)
    old_still_works = await gql(SIGN_IN, {"input": {"email": account.email, "password": account.password}})
    changed = await gql.data(CHANGE, {"current": account.password, "new": new}, token=account.access_token)
    this_session = await gql.data(WORKSPACE, token=account.access_token)
    other_session = await gql(WORKSPACE, token=other["accessToken"])
    old_password = await gql(SIGN_IN, {"input": {"email": account.email, "password": account.password}})
    new_password = await gql.data(SIGN_IN, {"input": {"email": account.email, "password": new}})

    assert codes(wrong) == ["BAD_USER_INPUT"]
    assert wrong["errors"][0]["extensions"]["fieldErrors"] == [
        {"path": ["current"], "message": "The password is wrong."}
    ]
    assert codes(weak) == ["BAD_USER_INPUT"]
    assert "errors" not in old_still_works
    assert changed == {"changePassword": True}
    assert this_session == {"workspace": {"id": account.workspace_id}}
    assert codes(other_session) == ["UNAUTHENTICATED"]
    assert codes(old_password) == ["UNAUTHENTICATED"]
    assert new_password["signIn"]["accessToken"]


async def test_the_session_is_checked_in_the_round_trip_that_begins_the_transaction(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    # `me` on the executor's path (the directive keeps it off the compiled one): BEGIN with the scope and
    # the session check in one message, then the user: two statements (the session check used to be a
    # third). On the compiled path: BEGIN with the scope, then the user read with the session check. On
    # both, the very next request after signing out is refused.
    account = await sign_up(gql)
    headers = {"authorization": f"Bearer {account.access_token}"}
    executed = await http.post("/graphql", json={"query": "query { me { id @include(if: true) } }"}, headers=headers)
    compiled = await http.post("/graphql", json={"query": ME}, headers=headers)
    assert executed.json() == compiled.json() == {"data": {"me": {"id": account.user_id}}}
    assert executed.headers["server-timing"].startswith('db;desc="executed, 2 sql statements"')
    assert compiled.headers["server-timing"].startswith('db;desc="compiled, 2 sql statements"')

    assert await gql.data(SIGN_OUT, {"token": account.refresh_token}) == {"signOut": True}
    after = await gql(ME, token=account.access_token)
    assert codes(after) == ["UNAUTHENTICATED"]
    assert messages(after) == [SIGNED_OUT]


async def test_a_field_after_signing_out_in_the_same_mutation_is_refused(gql: GraphQLClient) -> None:
    # The session check sent with BEGIN is not trusted once a mutation's resolvers run: they may sign
    # the session out in this very transaction, and the next field must see it.
    account = await sign_up(gql)
    both = await gql(
        'mutation Both($token: String!) { signOut(refreshToken: $token) updateProfile(name: "Late") { id } }',
        {"token": account.refresh_token},
        token=account.access_token,
    )
    assert both["data"] is None  # updateProfile is non-null: the whole answer is null
    assert codes(both) == ["UNAUTHENTICATED"]
    assert messages(both) == [SIGNED_OUT]
