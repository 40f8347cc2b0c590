"""The token matrix: every access token that is not exactly right is UNAUTHENTICATED."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
import pytest

from rapport.auth.tokens import decode_access_token, issue_access_token, signing_keys
from rapport.config import Settings
from rapport.errors import Unauthenticated
from rapport.models import Role
from tests.conftest import TEST_SECRET, Servers
from tests.factories import GraphQLClient, sign_up

ME = "query { me { id } }"


def b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def forge(claims: dict[str, object], *, secret: str = TEST_SECRET, kid: str | None = None, **header: object) -> str:
    settings = Settings(env="test", secret_key=secret)
    return jwt.encode(
        claims, secret, algorithm="HS256", headers={"kid": kid or signing_keys(settings)[0].kid, **header}
    )


async def test_a_valid_token_is_accepted(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    assert (await gql.data(ME, token=account.access_token))["me"]["id"] == account.user_id


@pytest.mark.parametrize(
    "case",
    [
        "expired",
        "tampered",
        "wrong_key",
        "alg_none",
        "refresh_as_access",
        "unknown_kid",
        "garbage",
        "no_bearer",
        "wrong_type",
        "wrong_issuer",
    ],
)
async def test_bad_access_tokens_are_unauthenticated(gql: GraphQLClient, case: str) -> None:
    account = await sign_up(gql)
    valid = jwt.decode(account.access_token, options={"verify_signature": False})
    headers: dict[str, str] = {}
    token: str | None
    if case == "expired":
        token = forge({**valid, "iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600})
    elif case == "tampered":
        head, _, signature = account.access_token.split(".")
        token = ".".join(
            [head, b64({**valid, "role": "OWNER", "wid": "00000000-0000-0000-0000-000000000000"}), signature]
        )
    elif case == "wrong_key":
        token = forge(
            valid,
            secret="another-secret-of-sufficient-length-000000",
            kid=signing_keys(Settings(env="test", secret_key=TEST_SECRET))[0].kid,
        )
    elif case == "alg_none":
        kid = jwt.get_unverified_header(account.access_token)["kid"]
        token = b64({"alg": "none", "typ": "JWT", "kid": kid}) + "." + b64(valid) + "."
    elif case == "refresh_as_access":
        token = account.refresh_token
    elif case == "unknown_kid":
        token = forge(valid, kid="not-a-key")
    elif case == "garbage":
        token = "definitely.not.a-jwt"
    elif case == "wrong_type":
        token = forge({**valid, "typ": "refresh"})
    elif case == "wrong_issuer":
        token = forge({**valid, "iss": "someone-else"})
    else:
        token = None
        headers["authorization"] = f"Basic {account.access_token}"

    body = await gql(ME, token=token, **headers)

    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"], body


async def test_no_token_is_unauthenticated_and_public_fields_still_work_with_a_bad_one(gql: GraphQLClient) -> None:
    no_token = await gql(ME)
    public = await gql(
        'mutation { signIn(input: {email: "nobody@example.com", password: "whatever1"}) { accessToken } }',
        token="garbage",
    )
    assert no_token["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert public["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert public["errors"][0]["message"] == "The email or the password is wrong."


def test_previous_keys_still_verify_after_rotation(servers: Servers) -> None:
    old = servers.settings()
    token, _ = issue_access_token(old, user_id=uuid.uuid4(), workspace_id=None, role=Role.MEMBER)
    rotated = servers.settings(secret_key="a-brand-new-secret-key-0123456789abcdef", previous_secret_keys=[TEST_SECRET])
    dropped = servers.settings(secret_key="a-brand-new-secret-key-0123456789abcdef")

    assert decode_access_token(rotated, token).role == Role.MEMBER
    with pytest.raises(Unauthenticated):
        decode_access_token(dropped, token)


def test_access_tokens_last_one_hour_and_carry_kid_subject_workspace_and_role(servers: Servers) -> None:
    user_id, workspace_id = uuid.uuid4(), uuid.uuid4()
    token, expires_at = issue_access_token(
        servers.settings(), user_id=user_id, workspace_id=workspace_id, role=Role.ADMIN
    )
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})

    assert header["alg"] == "HS256"
    assert header["kid"] == signing_keys(servers.settings())[0].kid
    assert claims["sub"] == str(user_id)
    assert claims["wid"] == str(workspace_id)
    assert claims["role"] == "ADMIN"
    assert claims["exp"] - claims["iat"] == 3600
    assert int(expires_at.timestamp()) == claims["exp"]


def test_a_token_verified_before_is_refused_once_it_expires() -> None:
    """decode_access_token keeps verified tokens: it still refuses one past its `exp`, as PyJWT does."""
    settings = Settings(env="test", secret_key=TEST_SECRET)
    now = int(time.time())
    user_id = uuid.uuid4()
    token = forge({"iss": "rapport", "typ": "access", "sub": str(user_id), "iat": now, "exp": now + 2})
    assert decode_access_token(settings, token).user_id == user_id
    assert decode_access_token(settings, token).user_id == user_id  # the kept answer
    time.sleep(max(0.0, now + 2 - time.time()) + 0.05)
    with pytest.raises(Unauthenticated) as refused:
        decode_access_token(settings, token)
    assert refused.value.message == "The access token has expired."


def test_a_token_verified_before_is_refused_once_its_key_is_retired() -> None:
    """The kept answer belongs to the keys that verified it: a retired key's tokens are refused."""
    old, new = TEST_SECRET, TEST_SECRET + "-rotated"
    token, _ = issue_access_token(
        Settings(env="test", secret_key=old), user_id=uuid.uuid4(), workspace_id=None, role=None
    )
    rotated = Settings(env="test", secret_key=new, previous_secret_keys=[old])
    assert decode_access_token(rotated, token).workspace_id is None  # still verifies with the previous key
    retired = Settings(env="test", secret_key=new)
    with pytest.raises(Unauthenticated) as refused:
        decode_access_token(retired, token)
    assert refused.value.message == "The access token was signed with an unknown key."
