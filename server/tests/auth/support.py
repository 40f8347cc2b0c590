"""What the MFA, API key and session tests share: the operations and TOTP codes computed here."""

from __future__ import annotations

import time
from typing import Any

import pyotp

from tests.factories import Account, GraphQLClient

SIGN_IN = """
mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    accessToken refreshToken mfaRequired mfaToken mfaEnrollmentRequired user { id } workspace { id }
  }
}
"""
VERIFY = """
mutation Verify($token: String!, $code: String!) {
  verifyMfa(mfaToken: $token, code: $code) { accessToken refreshToken mfaRequired mfaToken workspace { id } }
}
"""
START = "mutation { startMfaEnrollment { secret otpauthUri } }"
CONFIRM = "mutation Confirm($code: String!) { confirmMfaEnrollment(code: $code) }"
DISABLE = "mutation Disable($password: String!, $code: String!) { disableMfa(password: $password, code: $code) }"
ME = "query { me { id mfaEnabled } }"
WORKSPACE = "query { workspace { id } }"


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def messages(body: dict[str, Any]) -> list[str]:
    return [error["message"] for error in body.get("errors", [])]


def code_at(secret: str, offset_steps: int = 0) -> str:
    """The TOTP code `offset_steps` time steps from now (the server accepts one step either side)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


async def enrol(gql: GraphQLClient, account: Account) -> tuple[str, list[str]]:
    """Turns MFA on for `account` with the current code; returns the secret and the recovery codes."""
    started = await gql.data(START, token=account.access_token)
    secret = started["startMfaEnrollment"]["secret"]
    confirmed = await gql.data(CONFIRM, {"code": code_at(secret)}, token=account.access_token)
    return secret, confirmed["confirmMfaEnrollment"]


async def sign_in(gql: GraphQLClient, account: Account) -> dict[str, Any]:
    payload: dict[str, Any] = (
        await gql.data(SIGN_IN, {"input": {"email": account.email, "password": account.password}})
    )["signIn"]
    return payload
