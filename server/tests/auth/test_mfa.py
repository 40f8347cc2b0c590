"""Two-factor sign-in with TOTP (RFC 6238): enrolment, the verifyMfa step, one use per code,
recovery codes, the backoff after wrong codes, disabling, and the workspace rule."""

from __future__ import annotations

import re
import urllib.parse

from sqlalchemy import text

from rapport.db import Database
from tests.auth.support import (
    CONFIRM,
    DISABLE,
    ME,
    SIGN_IN,
    START,
    VERIFY,
    WORKSPACE,
    code_at,
    codes,
    enrol,
    messages,
    sign_in,
)
from tests.factories import GraphQLClient, join, sign_up

CONTACTS = "query { contacts(first: 1) { totalCount } }"
SET_REQUIRED = "mutation Set($required: Boolean!) { setWorkspaceMfaRequired(required: $required) { id mfaRequired } }"


async def test_enrolment_gives_a_secret_uri_and_ten_recovery_codes_stored_hashed(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    started = (await gql.data(START, token=account.access_token))["startMfaEnrollment"]
    secret = started["secret"]
    uri = urllib.parse.urlparse(started["otpauthUri"])
    query = urllib.parse.parse_qs(uri.query)

    wrong = await gql(
        CONFIRM, {"code": "000000" if code_at(secret) != "000000" else "111111"}, token=account.access_token
    )
    still_off = await gql.data(ME, token=account.access_token)
    recovery = (await gql.data(CONFIRM, {"code": code_at(secret)}, token=account.access_token))["confirmMfaEnrollment"]
    now_on = await gql.data(ME, token=account.access_token)
    async with superuser_db.transaction() as session:
        stored = (
            await session.execute(
                text("SELECT mfa_secret_encrypted, mfa_pending_secret_encrypted FROM users WHERE id = :id"),
                {"id": account.user_id},
            )
        ).one()
        hashes = (
            await session.scalars(
                text("SELECT code_hash FROM mfa_recovery_codes WHERE user_id = :id AND used_at IS NULL"),
                {"id": account.user_id},
            )
        ).all()

    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert (uri.scheme, uri.netloc, urllib.parse.unquote(uri.path)) == ("otpauth", "totp", f"/Rapport:{account.email}")
    assert query == {"secret": [secret], "issuer": ["Rapport"]}
    assert codes(wrong) == ["BAD_USER_INPUT"]
    assert wrong["errors"][0]["extensions"]["fieldErrors"] == [
        {"path": ["code"], "message": "The code is wrong; try the current one."}
    ]
    assert still_off["me"]["mfaEnabled"] is False
    assert now_on["me"]["mfaEnabled"] is True
    assert len(recovery) == 10
    assert len(set(recovery)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", code) for code in recovery)
    secret_column, pending = stored
    assert pending is None
    assert secret.encode() not in bytes(secret_column)  # encrypted at rest
    assert len(hashes) == 10
    assert all(len(bytes(digest)) == 32 for digest in hashes)
    assert not any(code.encode() in bytes(digest) for code in recovery for digest in hashes)


async def test_sign_in_then_needs_a_code_and_each_code_works_once(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    secret, _ = await enrol(gql, account)

    first = await sign_in(gql, account)
    next_code = code_at(secret, 1)
    verified = (await gql.data(VERIFY, {"token": first["mfaToken"], "code": next_code}))["verifyMfa"]
    second = await sign_in(gql, account)
    replayed = await gql(VERIFY, {"token": second["mfaToken"], "code": next_code})
    # The code the enrolment used (an earlier step) is refused too.
    earlier = await gql(VERIFY, {"token": second["mfaToken"], "code": code_at(secret)})
    data = await gql.data(WORKSPACE, token=verified["accessToken"])

    assert first["accessToken"] is None
    assert first["refreshToken"] is None
    assert first["mfaRequired"] is True
    assert first["mfaToken"]
    assert first["workspace"] is None
    assert verified["mfaRequired"] is False
    assert verified["mfaToken"] is None
    assert verified["accessToken"]
    assert verified["refreshToken"]
    assert verified["workspace"] == {"id": account.workspace_id}
    assert data["workspace"]["id"] == account.workspace_id
    assert codes(replayed) == ["UNAUTHENTICATED"]
    assert messages(replayed) == ["The code is wrong or was already used."]
    assert codes(earlier) == ["UNAUTHENTICATED"]


async def test_a_recovery_code_works_once_in_place_of_a_totp_code(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    _, recovery = await enrol(gql, account)

    challenge = await sign_in(gql, account)
    used = (await gql.data(VERIFY, {"token": challenge["mfaToken"], "code": recovery[3].upper()}))["verifyMfa"]
    again = await gql(VERIFY, {"token": (await sign_in(gql, account))["mfaToken"], "code": recovery[3]})
    left = await gql.data("query { mfaRecoveryCodesLeft }", token=used["accessToken"])

    assert used["accessToken"]
    assert codes(again) == ["UNAUTHENTICATED"]
    assert left == {"mfaRecoveryCodesLeft": 9}


async def test_wrong_codes_back_off_and_the_right_code_waits_too(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    secret, _ = await enrol(gql, account)
    token = (await sign_in(gql, account))["mfaToken"]
    wrong = "000000" if code_at(secret, 1) != "000000" else "111111"

    answers = [await gql(VERIFY, {"token": token, "code": wrong}) for _ in range(5)]
    blocked = await gql(VERIFY, {"token": token, "code": code_at(secret, 1)})
    async with superuser_db.transaction() as session:
        failures = await session.scalar(
            text("SELECT mfa_failed_attempts FROM users WHERE id = :id"), {"id": account.user_id}
        )
        # The wait is over (as if 30 s had passed).
        await session.execute(
            text("UPDATE users SET mfa_blocked_until = now() - interval '1 second' WHERE id = :id"),
            {"id": account.user_id},
        )
    after_wait = (await gql.data(VERIFY, {"token": token, "code": code_at(secret, 1)}))["verifyMfa"]
    async with superuser_db.transaction() as session:
        reset = await session.scalar(
            text("SELECT mfa_failed_attempts FROM users WHERE id = :id"), {"id": account.user_id}
        )

    assert [codes(answer) for answer in answers] == [["UNAUTHENTICATED"]] * 5
    assert codes(blocked) == ["RATE_LIMITED"]
    assert blocked["errors"][0]["extensions"]["retryAfter"] in (29, 30)
    assert messages(blocked) == ["Too many wrong codes: wait before trying again."]
    assert failures == 5  # the refused attempt while blocked was not even checked
    assert after_wait["accessToken"]
    assert reset == 0


async def test_disabling_needs_the_password_and_a_code(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    secret, _ = await enrol(gql, account)
    wrong = "000000" if code_at(secret, 1) != "000000" else "111111"

    bad_password = await gql(
        DISABLE, {"password": "not it at all", "code": code_at(secret, 1)}, token=account.access_token
    )
    bad_code = await gql(DISABLE, {"password": account.password, "code": wrong}, token=account.access_token)
    still_on = await gql.data(ME, token=account.access_token)
    disabled = await gql.data(
        DISABLE, {"password": account.password, "code": code_at(secret, 1)}, token=account.access_token
    )
    off = await gql.data(ME, token=account.access_token)
    plain = await sign_in(gql, account)
    async with superuser_db.transaction() as session:
        row = (
            await session.execute(
                text(
                    "SELECT mfa_secret_encrypted, (SELECT count(*) FROM mfa_recovery_codes c WHERE c.user_id = u.id)"
                    " FROM users u WHERE id = :id"
                ),
                {"id": account.user_id},
            )
        ).one()

    assert codes(bad_password) == ["BAD_USER_INPUT"]
    assert bad_password["errors"][0]["extensions"]["fieldErrors"] == [
        {"path": ["password"], "message": "The password is wrong."}
    ]
    assert codes(bad_code) == ["BAD_USER_INPUT"]
    assert still_on["me"]["mfaEnabled"] is True
    assert disabled == {"disableMfa": True}
    assert off["me"]["mfaEnabled"] is False
    assert plain["mfaRequired"] is False
    assert plain["accessToken"]
    assert tuple(row) == (None, 0)


async def test_a_forged_or_wrong_kind_of_mfa_token_is_refused(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    secret, _ = await enrol(gql, account)

    garbage = await gql(VERIFY, {"token": "not-a-token", "code": code_at(secret, 1)})
    access = await gql(VERIFY, {"token": account.access_token, "code": code_at(secret, 1)})

    assert codes(garbage) == ["UNAUTHENTICATED"]
    assert codes(access) == ["UNAUTHENTICATED"]
    assert messages(access) == ["The two-factor step has expired or is not valid; sign in again."]


async def test_a_workspace_can_require_mfa_and_members_without_it_are_sent_to_enrol(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    person = await sign_up(gql, name="Mo Member")
    _, member_token = await join(gql, owner, person, "MEMBER")

    before_owner_enrols = await gql(SET_REQUIRED, {"required": True}, token=owner.access_token)
    await enrol(gql, owner)
    by_member = await gql(SET_REQUIRED, {"required": True}, token=member_token)
    required = await gql.data(SET_REQUIRED, {"required": True}, token=owner.access_token)
    refused = await gql(CONTACTS, token=member_token)
    own_account = await gql.data(ME, token=member_token)
    signed_in = (await gql.data(SIGN_IN, {"input": {"email": person.email, "password": person.password}}))["signIn"]
    started = (await gql.data(START, token=member_token))["startMfaEnrollment"]
    await gql.data(CONFIRM, {"code": code_at(started["secret"])}, token=member_token)
    allowed = await gql.data(CONTACTS, token=member_token)

    assert codes(before_owner_enrols) == ["BAD_USER_INPUT"]
    assert codes(by_member) == ["FORBIDDEN"]
    assert required["setWorkspaceMfaRequired"] == {"id": owner.workspace_id, "mfaRequired": True}
    assert refused["errors"][0]["extensions"] == {"code": "FORBIDDEN", "reason": "MFA_ENROLLMENT_REQUIRED"}
    assert own_account["me"]["mfaEnabled"] is False
    assert signed_in["mfaEnrollmentRequired"] is True
    assert signed_in["accessToken"]
    assert allowed == {"contacts": {"totalCount": 0}}
