"""Invitation and password-reset mail through a real SMTP server: an api and a worker configured with
RAPPORT_SMTP_URL, the local aiosmtpd sink, and the mailed links followed to the end."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from rapport.db import Database
from tests.conftest import Servers, running_api, start_worker, stop_process
from tests.factories import ACCEPT, GraphQLClient, sign_up, token_of, unique_email
from tests.invitation.conftest import SmtpSink, link_in
from tests.mailbox.sync_helpers import eventually

REQUEST = "mutation($e: String!) { requestPasswordReset(email: $e) }"
RESET = """
mutation($t: String!, $p: String!) {
  resetPassword(token: $t, password: $p) { accessToken refreshToken mfaRequired user { email } workspace { id } }
}
"""
SIGN_IN = "mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }"
NEW_PASSWORD = "violet staple orbit"
# Where the web app is served, as links and the SMTP greeting name it (a name that is not on this machine:
# the mailed links are read, not followed).
PUBLIC_URL = "https://crm.example.test"


@pytest.fixture(scope="module")
def mail_api_url(servers: Servers, ai_url: str, smtp_sink: SmtpSink) -> Iterator[str]:
    mail = {"RAPPORT_AI_URL": ai_url, "RAPPORT_SMTP_URL": smtp_sink.url, "RAPPORT_PUBLIC_URL": PUBLIC_URL}
    worker = start_worker(servers, env=mail)
    try:
        with running_api(servers, **mail) as url:
            yield url
    finally:
        stop_process(worker)


@pytest.fixture
async def mail_gql(mail_api_url: str) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=mail_api_url, timeout=30) as client:
        yield GraphQLClient(client)


def code(body: dict[str, Any]) -> tuple[str, str | None]:
    extensions = body["errors"][0]["extensions"]
    return extensions["code"], extensions.get("reason")


async def test_an_invitation_is_mailed_and_its_link_joins(
    mail_gql: GraphQLClient, smtp_sink: SmtpSink, superuser_db: Database
) -> None:
    owner = await sign_up(mail_gql, name="Olive Owner", workspace="Mailed Co")
    person = await sign_up(mail_gql, name="Pat Person")

    invited = await mail_gql.data(
        "mutation($e: String!) { inviteMember(email: $e, role: MEMBER) { id link mailed } }",
        {"e": person.email},
        token=owner.access_token,
    )
    delivered = await smtp_sink.wait_for(person.email)

    assert invited["inviteMember"]["link"] is None, "with SMTP the link goes to the invitee only"
    assert invited["inviteMember"]["mailed"] is True
    assert delivered.recipients == [person.email]
    assert delivered.message["Subject"] == "Join Mailed Co on Rapport"
    assert delivered.message["To"] == person.email
    link = link_in(delivered.message)
    assert link.startswith(f"{PUBLIC_URL}/invitation#token=rpi_")
    body = delivered.message.get_body(("plain",))
    assert body is not None
    assert "Olive Owner invited you to join Mailed Co on Rapport as member." in body.get_content()
    joined = await mail_gql.data(ACCEPT, {"token": token_of(link)}, token=person.access_token)
    assert joined["acceptInvitation"]["workspace"]["id"] == owner.workspace_id

    async def mailed() -> bool:
        async with superuser_db.transaction() as session:
            return bool(
                await session.scalar(
                    text("SELECT mailed_at IS NOT NULL FROM invitations WHERE id = :id"),
                    {"id": invited["inviteMember"]["id"]},
                )
            )

    # The worker records the send after the SMTP server took the mail, and the invitee may accept first.
    await eventually(mailed, within=15, what="mailed_at recorded")
    assert len(smtp_sink.to(person.email)) == 1
    # The worker greets the server with the public URL's host, not "localhost" (socket.getfqdn() here),
    # which mail servers refuse or mark down as not fully qualified.
    assert set(smtp_sink.greetings) == {"crm.example.test"}


async def test_a_password_reset_is_mailed_once_and_signs_out_everywhere(
    mail_gql: GraphQLClient, smtp_sink: SmtpSink, superuser_db: Database
) -> None:
    account = await sign_up(mail_gql, name="Rosa Reset")
    nobody = unique_email("nobody")

    for_nobody = await mail_gql(REQUEST, {"e": nobody})
    for_account = await mail_gql(REQUEST, {"e": account.email.upper()})
    delivered = await smtp_sink.wait_for(account.email)

    assert for_nobody == for_account == {"data": {"requestPasswordReset": True}}
    assert delivered.message["Subject"] == "Reset your Rapport password"
    link = link_in(delivered.message)
    assert link.startswith(f"{PUBLIC_URL}/reset-password#token=rpr_")
    token = token_of(link)

    weak = await mail_gql(RESET, {"t": token, "p": "password1"})
    assert code(weak) == ("BAD_USER_INPUT", None)
    old_still_works = await mail_gql(SIGN_IN, {"i": {"email": account.email, "password": account.password}})
    assert "errors" not in old_still_works, "a refused reset changes nothing"

    reset = (await mail_gql.data(RESET, {"t": token, "p": NEW_PASSWORD}))["resetPassword"]
    reused = await mail_gql(RESET, {"t": token, "p": "another fine password"})
    old_session = await mail_gql("query { me { email } }", token=account.access_token)
    old_password = await mail_gql(SIGN_IN, {"i": {"email": account.email, "password": account.password}})
    new_password = await mail_gql(SIGN_IN, {"i": {"email": account.email, "password": NEW_PASSWORD}})

    assert reset["user"] == {"email": account.email}
    assert reset["workspace"] == {"id": account.workspace_id}
    assert reset["mfaRequired"] is False
    assert (await mail_gql.data("query { me { email } }", token=reset["accessToken"])) == {
        "me": {"email": account.email}
    }
    assert code(reused) == ("BAD_USER_INPUT", "USED")
    assert code(old_session)[0] == "UNAUTHENTICATED"
    assert code(old_password)[0] == "UNAUTHENTICATED"
    assert "errors" not in new_password
    assert smtp_sink.to(nobody) == []


async def test_an_expired_or_forged_reset_link_is_refused(
    mail_gql: GraphQLClient, smtp_sink: SmtpSink, superuser_db: Database
) -> None:
    account = await sign_up(mail_gql, name="Eve Expired")
    await mail_gql.data(REQUEST, {"e": account.email})
    token = token_of(link_in((await smtp_sink.wait_for(account.email)).message))
    async with superuser_db.transaction() as session:
        await session.execute(
            text("UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = :u"),
            {"u": account.user_id},
        )

    expired = await mail_gql(RESET, {"t": token, "p": NEW_PASSWORD})
    forged = await mail_gql(RESET, {"t": token[:-4] + "AAAA", "p": NEW_PASSWORD})
    other_prefix = await mail_gql(RESET, {"t": "rpi_" + token[4:], "p": NEW_PASSWORD})
    still = await mail_gql(SIGN_IN, {"i": {"email": account.email, "password": account.password}})
    me = await mail_gql("query { me { email } }", token=account.access_token)

    assert code(expired) == ("BAD_USER_INPUT", "EXPIRED")
    assert code(forged) == ("BAD_USER_INPUT", "INVALID")
    assert code(other_prefix) == ("BAD_USER_INPUT", "INVALID")
    assert "errors" not in still
    assert me == {"data": {"me": {"email": account.email}}}, "sessions are untouched"
