"""Weak passwords are refused at sign-up (finding 8 of the security review), from an offline list."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from rapport.db import Database
from tests.factories import SIGN_UP, GraphQLClient, unique_email


async def users_with(db: Database, email: str) -> int:
    async with db.transaction(system=True) as session:
        return int(await session.scalar(text("SELECT count(*) FROM users WHERE email = :email"), {"email": email}))


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("12345678", "This password is one of the most common ones, which are tried first: choose another"),
        ("Password1", "This password is one of the most common ones, which are tried first: choose another"),
        ("iloveyou", "This password is one of the most common ones, which are tried first: choose another"),
        ("aaaaaaaaaaaa", "Use more than two different characters"),
        ("abababababab", "Use more than two different characters"),
        ("short", "Use at least 8 characters"),
    ],
)
async def test_weak_passwords_are_refused_and_no_account_is_made(
    gql: GraphQLClient, superuser_db: Database, password: str, reason: str
) -> None:
    email = unique_email()
    variables: dict[str, Any] = {
        "input": {"email": email, "password": password, "name": "Ada", "workspaceName": "Acme"}
    }

    body = await gql(SIGN_UP, variables)

    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["fieldErrors"] == [{"path": ["input", "password"], "message": reason}]
    assert await users_with(superuser_db, email) == 0


async def test_an_uncommon_password_is_accepted(gql: GraphQLClient) -> None:
    email = unique_email()

    data = await gql.data(
        SIGN_UP, {"input": {"email": email, "password": "plum kettle 42", "name": "Ada", "workspaceName": "Acme"}}
    )

    assert data["signUp"]["user"]["email"] == email
