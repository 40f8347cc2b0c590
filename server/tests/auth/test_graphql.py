"""Accounts over the public API: sign-up, sign-in, rotation of refresh tokens, sign-out."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from rapport.db import Database
from tests.factories import SIGN_UP, GraphQLClient, sign_up, unique_email

ME = "query { me { id email name mfaEnabled } workspace { id name } }"
SIGN_IN = """
mutation SignIn($input: SignInInput!) {
  signIn(input: $input) { accessToken refreshToken expiresAt user { id } workspace { id } }
}
"""
REFRESH = """
mutation Refresh($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken workspace { id } } }
"""
SIGN_OUT = "mutation Out($token: String!) { signOut(refreshToken: $token) }"


def codes(body: dict) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def test_sign_up_creates_user_workspace_and_owner(gql: GraphQLClient) -> None:
    account = await sign_up(gql, name="Grace Hopper", workspace="Navy")

    data = await gql.data(ME + " ", token=account.access_token)
    members = await gql.data("query { members { role user { email } } }", token=account.access_token)

    assert data["me"] == {"id": account.user_id, "email": account.email, "name": "Grace Hopper", "mfaEnabled": False}
    assert data["workspace"] == {"id": account.workspace_id, "name": "Navy"}
    assert members["members"] == [{"role": "OWNER", "user": {"email": account.email}}]


async def test_sign_up_with_taken_email_answers_as_sign_in_and_writes_nothing(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)

    body = await gql(
        SIGN_UP,
        {"input": {"email": account.email.upper(), "password": "another password", "name": "X", "workspaceName": "Y"}},
    )

    # As signIn answers a wrong password: the answer does not say that an account has this email.
    assert codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "The email or the password is wrong."
    async with superuser_db.transaction() as session:
        workspaces = await session.scalar(text("SELECT count(*) FROM workspaces WHERE name = 'Y'"))
    assert workspaces == 0


async def test_sign_in_is_case_insensitive_and_rejects_a_wrong_password(gql: GraphQLClient) -> None:
    account = await sign_up(gql)

    ok = await gql.data(SIGN_IN, {"input": {"email": account.email.upper(), "password": account.password}})
    wrong = await gql(SIGN_IN, {"input": {"email": account.email, "password": "not the password"}})
    unknown = await gql(SIGN_IN, {"input": {"email": unique_email(), "password": "whatever123"}})

    assert ok["signIn"]["user"]["id"] == account.user_id
    assert ok["signIn"]["workspace"]["id"] == account.workspace_id
    assert codes(wrong) == ["UNAUTHENTICATED"]
    assert codes(unknown) == ["UNAUTHENTICATED"]
    assert wrong["errors"][0]["message"] == unknown["errors"][0]["message"]


async def test_refresh_rotates_and_a_reused_token_revokes_the_family(gql: GraphQLClient) -> None:
    account = await sign_up(gql)

    first = (await gql.data(REFRESH, {"token": account.refresh_token}))["refreshToken"]
    second = (await gql.data(REFRESH, {"token": first["refreshToken"]}))["refreshToken"]
    reused = await gql(REFRESH, {"token": account.refresh_token})
    after_reuse = await gql(REFRESH, {"token": second["refreshToken"]})

    assert first["refreshToken"] != account.refresh_token
    assert first["workspace"]["id"] == account.workspace_id
    assert codes(reused) == ["UNAUTHENTICATED"]
    assert codes(after_reuse) == ["UNAUTHENTICATED"], "the whole family must be revoked after a reuse"


async def test_two_parallel_refreshes_with_one_token_give_exactly_one_success(gql: GraphQLClient) -> None:
    account = await sign_up(gql)

    results = await asyncio.gather(*(gql(REFRESH, {"token": account.refresh_token}) for _ in range(2)))

    successes = [r for r in results if "errors" not in r]
    failures = [r for r in results if "errors" in r]
    assert len(successes) == 1
    assert len(failures) == 1
    assert codes(failures[0]) == ["UNAUTHENTICATED"]


async def test_sign_out_revokes_the_refresh_token(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    rotated = (await gql.data(REFRESH, {"token": account.refresh_token}))["refreshToken"]["refreshToken"]

    signed_out = await gql.data(SIGN_OUT, {"token": rotated})
    body = await gql(REFRESH, {"token": rotated})

    assert signed_out == {"signOut": True}
    assert codes(body) == ["UNAUTHENTICATED"]


async def test_malformed_refresh_tokens_are_unauthenticated(gql: GraphQLClient) -> None:
    for token in ("", "nonsense", "rt_" + "A" * 64, "rt_!!!", "x" * 5000):
        body = await gql(REFRESH, {"token": token})
        assert codes(body) == ["UNAUTHENTICATED"], token


async def test_create_and_switch_workspace_issue_tokens_scoped_to_it(gql: GraphQLClient) -> None:
    account = await sign_up(gql, workspace="First")

    created = await gql.data(
        'mutation { createWorkspace(name: "Second") { accessToken workspace { id name } } }',
        token=account.access_token,
    )
    second_token = created["createWorkspace"]["accessToken"]
    listed = await gql.data("query { workspaces { name } }", token=second_token)
    current = await gql.data("query { workspace { name } }", token=second_token)
    back = await gql.data(
        "mutation S($id: UUID!) { switchWorkspace(workspaceId: $id) { accessToken workspace { name } } }",
        {"id": account.workspace_id},
        token=second_token,
    )
    signed_in = await gql.data(SIGN_IN, {"input": {"email": account.email, "password": account.password}})

    assert created["createWorkspace"]["workspace"]["name"] == "Second"
    assert listed["workspaces"] == [{"name": "First"}, {"name": "Second"}]
    assert current["workspace"] == {"name": "Second"}
    assert back["switchWorkspace"]["workspace"] == {"name": "First"}
    assert signed_in["signIn"]["workspace"]["id"] == account.workspace_id, "sign-in returns to the last workspace"


UPDATE_PROFILE = "mutation Profile($name: String!) { updateProfile(name: $name) { id name email } }"


async def test_update_profile_renames_only_the_signed_in_user(gql: GraphQLClient) -> None:
    account = await sign_up(gql, name="Grace Hopper")
    other = await sign_up(gql, name="Alan Turing")

    data = await gql.data(UPDATE_PROFILE, {"name": "  Rear Admiral Hopper  "}, token=account.access_token)
    me = await gql.data("query { me { name } }", token=account.access_token)
    them = await gql.data("query { me { name } }", token=other.access_token)

    assert data["updateProfile"] == {"id": account.user_id, "name": "Rear Admiral Hopper", "email": account.email}
    assert me["me"] == {"name": "Rear Admiral Hopper"}
    assert them["me"] == {"name": "Alan Turing"}


async def test_update_profile_refuses_an_empty_or_long_name_and_keeps_the_old_one(gql: GraphQLClient) -> None:
    account = await sign_up(gql, name="Grace Hopper")

    empty = await gql(UPDATE_PROFILE, {"name": "   "}, token=account.access_token)
    long = await gql(UPDATE_PROFILE, {"name": "x" * 101}, token=account.access_token)
    signed_out = await gql(UPDATE_PROFILE, {"name": "Nobody"})
    me = await gql.data("query { me { name } }", token=account.access_token)

    assert codes(empty) == ["BAD_USER_INPUT"]
    assert [error["path"] for error in empty["errors"][0]["extensions"]["fieldErrors"]] == [["name"]]
    assert codes(long) == ["BAD_USER_INPUT"]
    assert codes(signed_out) == ["UNAUTHENTICATED"]
    assert me["me"] == {"name": "Grace Hopper"}
