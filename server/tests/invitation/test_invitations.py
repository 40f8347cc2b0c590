"""Invitations with consent: who may invite whom, acceptance once by the right person, and refusals that
change nothing. The session's api has no SMTP server: links come back in inviteMember's answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from rapport.db import Database
from tests.factories import ACCEPT, INVITE, SIGN_UP, GraphQLClient, join, sign_up, token_of, unique_email

MEMBERS = "query { members { role user { email } } }"
INVITATIONS = "query { invitations { id email role invitedBy { user { email } } acceptedAt } }"
REVOKE = "mutation($id: UUID!) { revokeInvitation(id: $id) }"
PREVIEW = "query($token: String!) { invitation(token: $token) { email role workspaceName } }"
ACCEPT_SIGNED_OUT = """
mutation($token: String!, $name: String, $password: String) {
  acceptInvitation(token: $token, name: $name, password: $password) {
    accessToken mfaRequired user { email name } workspace { id name }
  }
}
"""
PASSWORD = "correct horse battery"


def error(body: dict[str, Any]) -> tuple[str, str | None]:
    extensions = body["errors"][0]["extensions"]
    return extensions["code"], extensions.get("reason")


async def state(db: Database, workspace_id: str) -> tuple[list[tuple[str, str]], list[tuple[str, bool, bool]]]:
    """What is stored: the members (email, role) and the invitations (email, accepted, revoked)."""
    async with db.transaction() as session:
        members = await session.execute(
            text(
                "SELECT u.email, m.role::text FROM workspace_members m JOIN users u ON u.id = m.user_id "
                "WHERE m.workspace_id = :ws ORDER BY u.email"
            ),
            {"ws": workspace_id},
        )
        invitations = await session.execute(
            text(
                "SELECT email, accepted_at IS NOT NULL, revoked_at IS NOT NULL FROM invitations "
                "WHERE workspace_id = :ws ORDER BY created_at, email"
            ),
            {"ws": workspace_id},
        )
        return [tuple(row) for row in members.all()], [tuple(row) for row in invitations.all()]  # type: ignore[misc]


async def invite(gql: GraphQLClient, token: str, email: str, role: str = "MEMBER") -> dict[str, Any]:
    return (await gql.data(INVITE, {"email": email, "role": role}, token=token))["inviteMember"]


async def test_the_answer_is_the_same_whether_or_not_the_email_has_an_account(gql: GraphQLClient) -> None:
    owner = await sign_up(gql, name="Olive Owner")
    registered = await sign_up(gql, name="Rita Registered")
    stranger = unique_email("stranger")
    query = "mutation($e: String!) { inviteMember(email: $e, role: MEMBER) { email role mailed acceptedAt } }"

    known = await gql(query, {"e": registered.email}, token=owner.access_token)
    unknown = await gql(query, {"e": stranger}, token=owner.access_token)

    assert known == {
        "data": {"inviteMember": {"email": registered.email, "role": "MEMBER", "mailed": False, "acceptedAt": None}}
    }
    assert unknown == {
        "data": {"inviteMember": {"email": stranger, "role": "MEMBER", "mailed": False, "acceptedAt": None}}
    }
    members = (await gql.data(MEMBERS, token=owner.access_token))["members"]
    assert [m["user"]["email"] for m in members] == [owner.email], "nobody joins without accepting"


async def test_a_signed_in_invitee_accepts_once_and_joins_with_the_role(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql, name="Olive Owner", workspace="Invite Co")
    person = await sign_up(gql, name="Pat Person")
    invited = await invite(gql, owner.access_token, person.email.upper(), "ADMIN")
    token = token_of(invited["link"])

    preview = await gql.data(PREVIEW, {"token": token})
    pending = (await gql.data(INVITATIONS, token=owner.access_token))["invitations"]
    accepted = (await gql.data(ACCEPT, {"token": token}, token=person.access_token))["acceptInvitation"]
    again = await gql(ACCEPT, {"token": token}, token=person.access_token)
    preview_after = await gql(PREVIEW, {"token": token})

    assert preview == {"invitation": {"email": person.email, "role": "ADMIN", "workspaceName": "Invite Co"}}
    assert pending == [
        {
            "id": invited["id"],
            "email": person.email,
            "role": "ADMIN",
            "invitedBy": {"user": {"email": owner.email}},
            "acceptedAt": None,
        }
    ]
    assert accepted["workspace"]["id"] == owner.workspace_id
    assert accepted["user"]["id"] == person.user_id
    seen = await gql.data("query { workspace { id } me { email } }", token=accepted["accessToken"])
    assert seen == {"workspace": {"id": owner.workspace_id}, "me": {"email": person.email}}
    assert error(again) == ("BAD_USER_INPUT", "USED")
    assert error(preview_after) == ("BAD_USER_INPUT", "USED")
    members, invitations = await state(superuser_db, owner.workspace_id)
    assert members == sorted([(owner.email, "OWNER"), (person.email, "ADMIN")])
    assert invitations == [(person.email, True, False)]
    assert (await gql.data(INVITATIONS, token=owner.access_token)) == {"invitations": []}


async def test_an_invitee_without_an_account_signs_up_by_accepting(gql: GraphQLClient, superuser_db: Database) -> None:
    owner = await sign_up(gql, workspace="Newcomers")
    email = unique_email("newcomer")
    token = token_of((await invite(gql, owner.access_token, email, "VIEWER"))["link"])

    weak = await gql(ACCEPT_SIGNED_OUT, {"token": token, "name": "Nina New", "password": "12345678"})
    accepted = await gql.data(ACCEPT_SIGNED_OUT, {"token": token, "name": "Nina New", "password": PASSWORD})

    assert error(weak) == ("BAD_USER_INPUT", None)
    assert weak["errors"][0]["extensions"]["fieldErrors"][0]["path"] == ["password"]
    payload = accepted["acceptInvitation"]
    assert payload["user"] == {"email": email, "name": "Nina New"}
    assert payload["workspace"] == {"id": owner.workspace_id, "name": "Newcomers"}
    assert payload["mfaRequired"] is False
    signed_in = await gql.data(
        "mutation($i: SignInInput!) { signIn(input: $i) { workspace { id } } }",
        {"i": {"email": email, "password": PASSWORD}},
    )
    assert signed_in["signIn"]["workspace"]["id"] == owner.workspace_id
    members, _ = await state(superuser_db, owner.workspace_id)
    assert sorted(members) == sorted([(owner.email, "OWNER"), (email, "VIEWER")])


async def test_an_invitee_with_an_account_signs_in_by_accepting(gql: GraphQLClient, superuser_db: Database) -> None:
    owner = await sign_up(gql)
    person = await sign_up(gql)
    token = token_of((await invite(gql, owner.access_token, person.email))["link"])

    wrong = await gql(ACCEPT_SIGNED_OUT, {"token": token, "password": "not the password"})
    taken = await gql(ACCEPT_SIGNED_OUT, {"token": token, "name": "Someone", "password": PASSWORD + "!"})
    members_before, invitations_before = await state(superuser_db, owner.workspace_id)
    accepted = await gql.data(ACCEPT_SIGNED_OUT, {"token": token, "password": person.password})

    assert error(wrong) == ("UNAUTHENTICATED", None)
    assert error(taken) == ("CONFLICT", None)
    assert members_before == [(owner.email, "OWNER")]
    assert invitations_before == [(person.email, False, False)]
    assert accepted["acceptInvitation"]["workspace"]["id"] == owner.workspace_id
    assert accepted["acceptInvitation"]["user"]["email"] == person.email


async def test_refusals_change_nothing(gql: GraphQLClient, superuser_db: Database) -> None:
    owner = await sign_up(gql)
    other_owner = await sign_up(gql)
    admin = await sign_up(gql)
    member = await sign_up(gql)
    outsider = await sign_up(gql)
    _, admin_token = await join(gql, owner, admin, "ADMIN")
    _, member_token = await join(gql, owner, member, "MEMBER")
    before = await state(superuser_db, owner.workspace_id)
    target = unique_email("target")

    by_member = await gql(INVITE, {"email": target, "role": "VIEWER"}, token=member_token)
    admin_invites_owner = await gql(INVITE, {"email": target, "role": "OWNER"}, token=admin_token)
    owner_invite = await invite(gql, owner.access_token, target, "OWNER")
    admin_revokes_owner_invite = await gql(REVOKE, {"id": owner_invite["id"]}, token=admin_token)
    other_workspace_revokes = await gql(REVOKE, {"id": owner_invite["id"]}, token=other_owner.access_token)
    other_workspace_lists = await gql.data(INVITATIONS, token=other_owner.access_token)
    another_users_token = await gql(ACCEPT, {"token": token_of(owner_invite["link"])}, token=outsider.access_token)
    forged = await gql(ACCEPT, {"token": "rpi_" + "A" * 64}, token=outsider.access_token)
    garbage = await gql(ACCEPT, {"token": "nonsense"}, token=outsider.access_token)

    assert error(by_member)[0] == "FORBIDDEN"
    assert error(admin_invites_owner)[0] == "FORBIDDEN"
    assert error(admin_revokes_owner_invite)[0] == "FORBIDDEN"
    assert error(other_workspace_revokes)[0] == "NOT_FOUND"
    assert other_workspace_lists == {"invitations": []}
    assert error(another_users_token)[0] == "FORBIDDEN"
    assert error(forged) == ("BAD_USER_INPUT", "INVALID")
    assert error(garbage) == ("BAD_USER_INPUT", "INVALID")
    members, invitations = await state(superuser_db, owner.workspace_id)
    assert members == before[0]
    assert invitations == [*before[1], (target, False, False)], "only the owner's invitation was made"


async def test_revoked_expired_and_replaced_links_are_refused(gql: GraphQLClient, superuser_db: Database) -> None:
    owner = await sign_up(gql)
    revoked_person = await sign_up(gql)
    expired_person = await sign_up(gql)
    replaced_person = await sign_up(gql)
    revoked = await invite(gql, owner.access_token, revoked_person.email)
    expired = await invite(gql, owner.access_token, expired_person.email)
    replaced = await invite(gql, owner.access_token, replaced_person.email, "VIEWER")
    replacement = await invite(gql, owner.access_token, replaced_person.email, "MEMBER")
    assert await gql.data(REVOKE, {"id": revoked["id"]}, token=owner.access_token) == {"revokeInvitation": True}
    async with superuser_db.transaction() as session:
        await session.execute(
            text("UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = :id"),
            {"id": expired["id"]},
        )
    before = await state(superuser_db, owner.workspace_id)

    refused = [
        await gql(ACCEPT, {"token": token_of(revoked["link"])}, token=revoked_person.access_token),
        await gql(ACCEPT, {"token": token_of(expired["link"])}, token=expired_person.access_token),
        await gql(ACCEPT, {"token": token_of(replaced["link"])}, token=replaced_person.access_token),
    ]
    revoke_again = await gql(REVOKE, {"id": revoked["id"]}, token=owner.access_token)

    assert [error(body) for body in refused] == [
        ("BAD_USER_INPUT", "REVOKED"),
        ("BAD_USER_INPUT", "EXPIRED"),
        ("BAD_USER_INPUT", "REVOKED"),
    ]
    assert error(revoke_again)[0] == "NOT_FOUND"
    assert await state(superuser_db, owner.workspace_id) == before
    pending = (await gql.data(INVITATIONS, token=owner.access_token))["invitations"]
    assert [(p["email"], p["role"]) for p in pending] == [(replaced_person.email, "MEMBER")]
    joined = await gql.data(ACCEPT, {"token": token_of(replacement["link"])}, token=replaced_person.access_token)
    assert joined["acceptInvitation"]["workspace"]["id"] == owner.workspace_id


async def test_sign_up_with_a_taken_email_answers_as_sign_in(gql: GraphQLClient, superuser_db: Database) -> None:
    existing = await sign_up(gql, name="Ada Lovelace", workspace="First")
    sign_in_refusal = await gql(
        "mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }",
        {"i": {"email": existing.email, "password": "wrong horse battery"}},
    )

    wrong = await gql(
        SIGN_UP,
        {
            "input": {
                "email": existing.email.upper(),
                "password": "wrong horse battery",
                "name": "X",
                "workspaceName": "Y",
            }
        },
    )
    right = await gql.data(
        SIGN_UP, {"input": {"email": existing.email, "password": existing.password, "name": "X", "workspaceName": "Y"}}
    )

    assert wrong["errors"][0]["message"] == sign_in_refusal["errors"][0]["message"]
    assert wrong["errors"][0]["extensions"] == sign_in_refusal["errors"][0]["extensions"]
    assert right["signUp"]["user"]["id"] == existing.user_id
    assert right["signUp"]["workspace"]["id"] == existing.workspace_id, "no second workspace is made"
    async with superuser_db.transaction() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM workspace_members WHERE user_id = :u"), {"u": existing.user_id}
        )
        name = await session.scalar(text("SELECT name FROM users WHERE id = :u"), {"u": existing.user_id})
    assert (count, name) == (1, "Ada Lovelace")
