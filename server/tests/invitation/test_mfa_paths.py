"""An MFA user keeps the second factor through a password reset and through accepting an invitation with a
password. The reset link comes from the service the mail job uses (the mail itself: test_mail.py)."""

from __future__ import annotations

from rapport.auth import password_reset
from rapport.db import Database
from tests.auth.support import VERIFY, code_at, enrol
from tests.conftest import Servers
from tests.factories import GraphQLClient, sign_up, token_of

RESET = (
    "mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) { accessToken mfaRequired mfaToken } }"
)
ACCEPT = """
mutation($t: String!, $p: String) { acceptInvitation(token: $t, password: $p) { accessToken mfaRequired mfaToken } }
"""
INVITE = "mutation($e: String!) { inviteMember(email: $e, role: MEMBER) { link } }"


async def test_a_reset_of_an_mfa_account_asks_for_the_code(
    gql: GraphQLClient, app_db: Database, servers: Servers
) -> None:
    account = await sign_up(gql, name="Mia Mfa")
    secret, _ = await enrol(gql, account)
    async with app_db.transaction() as session:
        link = await password_reset.create_link(session, servers.settings(), email=account.email)
    assert link is not None

    reset = (await gql.data(RESET, {"t": token_of(link.url), "p": "violet staple orbit"}))["resetPassword"]
    verified = await gql.data(
        VERIFY, {"token": reset["mfaToken"], "code": code_at(secret, 1)}
    )  # the enrolment used the current step

    assert reset["accessToken"] is None
    assert reset["mfaRequired"] is True
    assert verified["verifyMfa"]["workspace"]["id"] == account.workspace_id


async def test_an_mfa_invitee_accepting_with_a_password_gets_the_mfa_step_and_does_not_join_yet(
    gql: GraphQLClient,
) -> None:
    owner = await sign_up(gql)
    invitee = await sign_up(gql, name="Ivo Invitee")
    secret, _ = await enrol(gql, invitee)
    token = token_of((await gql.data(INVITE, {"e": invitee.email}, token=owner.access_token))["inviteMember"]["link"])

    step = (await gql.data(ACCEPT, {"t": token, "p": invitee.password}))["acceptInvitation"]
    members_before = (await gql.data("query { members { id } }", token=owner.access_token))["members"]
    signed_in = await gql.data(
        VERIFY, {"token": step["mfaToken"], "code": code_at(secret, 1)}
    )  # the enrolment used the current step
    joined = await gql.data(ACCEPT, {"t": token}, token=signed_in["verifyMfa"]["accessToken"])

    assert step["mfaRequired"] is True
    assert step["accessToken"] is None
    assert len(members_before) == 1
    assert joined["acceptInvitation"]["accessToken"] is not None
    assert len((await gql.data("query { members { id } }", token=owner.access_token))["members"]) == 2
