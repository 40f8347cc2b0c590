"""API keys: created by admins with a role no higher than theirs, the secret shown once and stored
hashed, accepted as a bearer on GraphQL, REST and the WebSocket, refused once revoked or expired."""

from __future__ import annotations

import hashlib
import re
import zlib
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import text

from rapport.db import Database
from tests.auth.support import WORKSPACE, codes, messages
from tests.auth.test_sessions import ws_init
from tests.factories import CREATE_CONTACT, GraphQLClient, join, sign_up

CREATE = """
mutation Create($name: String!, $role: Role!, $expiresAt: DateTime) {
  createApiKey(name: $name, role: $role, expiresAt: $expiresAt) {
    secret apiKey { id name prefix role expiresAt lastUsedAt createdBy { role user { email } } }
  }
}
"""
LIST = "query { apiKeys { id name prefix role } }"
REVOKE = "mutation Revoke($id: UUID!) { revokeApiKey(id: $id) }"
SET_ROLE = "mutation SetRole($id: UUID!, $role: Role!) { updateMemberRole(memberId: $id, role: $role) { role } }"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def crc_base62(body: str) -> str:
    value, digits = zlib.crc32(body.encode()), []
    for _ in range(6):
        value, digit = divmod(value, 62)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


async def create_key(gql: GraphQLClient, token: str, role: str = "MEMBER", **extra: object) -> dict[str, object]:
    data = await gql.data(CREATE, {"name": "Zapier", "role": role, **extra}, token=token)
    created: dict[str, object] = data["createApiKey"]
    return created


async def upload(http: httpx.AsyncClient, key: str) -> httpx.Response:
    return await http.post(
        "/api/v1/files/upload",
        files={"file": ("note.txt", b"hello", "text/plain")},
        headers={"authorization": f"Bearer {key}"},
    )


async def test_a_key_has_a_scannable_format_is_stored_hashed_and_listed_without_its_secret(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    created = await create_key(gql, owner.access_token, expiresAt=None)
    secret = str(created["secret"])
    key = created["apiKey"]
    assert isinstance(key, dict)
    listed = await gql.data(LIST, token=owner.access_token)
    async with superuser_db.transaction() as session:
        stored = (
            await session.execute(text("SELECT secret_hash, prefix FROM api_keys WHERE id = :id"), {"id": key["id"]})
        ).one()

    assert re.fullmatch(r"rpk_[0-9A-Za-z]{60}", secret)
    assert secret[-6:] == crc_base62(secret[4:-6])
    assert key["prefix"] == secret[:12]
    assert key["role"] == "MEMBER"
    assert key["lastUsedAt"] is None
    assert key["createdBy"] == {"role": "OWNER", "user": {"email": owner.email}}
    assert listed == {"apiKeys": [{"id": key["id"], "name": "Zapier", "prefix": secret[:12], "role": "MEMBER"}]}
    assert bytes(stored[0]) == hashlib.sha256(secret.encode()).digest()
    assert stored[1] == secret[:12]


async def test_a_key_works_with_its_role_and_never_above_its_creators(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    admin = await sign_up(gql, name="Ann Admin")
    member = await sign_up(gql, name="Mo Member")
    admin_member_id, admin_token = await join(gql, owner, admin, "ADMIN")
    _, member_token = await join(gql, owner, member, "MEMBER")

    owner_key_by_admin = await gql(CREATE, {"name": "x", "role": "OWNER"}, token=admin_token)
    by_member = await gql(CREATE, {"name": "x", "role": "VIEWER"}, token=member_token)
    listed = await gql.data(LIST, token=owner.access_token)
    viewer_key = str((await create_key(gql, admin_token, "VIEWER"))["secret"])
    admin_key = str((await create_key(gql, admin_token, "ADMIN"))["secret"])

    reads = await gql.data(WORKSPACE, token=viewer_key)
    viewer_writes = await gql(CREATE_CONTACT, {"input": {"firstName": "Vi"}}, token=viewer_key)
    admin_lists = await gql.data(LIST, token=admin_key)
    key_makes_key = await gql(CREATE, {"name": "y", "role": "VIEWER"}, token=admin_key)
    key_me = await gql("query { me { id } }", token=admin_key)
    # The creator is demoted: the key can do no more than they can now.
    await gql.data(SET_ROLE, {"id": admin_member_id, "role": "MEMBER"}, token=owner.access_token)
    demoted = await gql(LIST, token=admin_key)
    writes = await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ok"}}, token=admin_key)

    assert codes(owner_key_by_admin) == ["FORBIDDEN"]
    assert messages(owner_key_by_admin) == ["An API key's role cannot be higher than yours (ADMIN)."]
    assert codes(by_member) == ["FORBIDDEN"]
    assert listed == {"apiKeys": []}
    assert reads == {"workspace": {"id": owner.workspace_id}}
    assert codes(viewer_writes) == ["FORBIDDEN"]
    assert len(admin_lists["apiKeys"]) == 2
    assert codes(key_makes_key) == ["FORBIDDEN"]
    assert codes(key_me) == ["FORBIDDEN"]
    assert codes(demoted) == ["FORBIDDEN"]
    assert writes["createContact"]["name"] == "Ok"


async def test_a_mistyped_key_fails_its_checksum(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    secret = str((await create_key(gql, owner.access_token))["secret"])
    last = secret[-7]
    typo = secret[:-7] + ("a" if last != "a" else "b") + secret[-6:]

    answer = await gql(WORKSPACE, token=typo)

    assert codes(answer) == ["UNAUTHENTICATED"]
    assert messages(answer) == ["The API key is not valid."]


async def test_a_revoked_or_expired_key_is_refused_on_graphql_rest_and_websocket(
    gql: GraphQLClient, http: httpx.AsyncClient, api_url: str, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    revoked = await create_key(gql, owner.access_token)
    expiring = await create_key(gql, owner.access_token, expiresAt=(datetime.now(UTC) + timedelta(hours=1)).isoformat())
    keys = {"revoked": str(revoked["secret"]), "expired": str(expiring["secret"])}

    before = {
        name: (
            await gql(WORKSPACE, token=key),
            (await upload(http, key)).status_code,
            await ws_init(api_url, key),
        )
        for name, key in keys.items()
    }
    assert isinstance(revoked["apiKey"], dict)
    assert isinstance(expiring["apiKey"], dict)
    assert await gql.data(REVOKE, {"id": revoked["apiKey"]["id"]}, token=owner.access_token) == {"revokeApiKey": True}
    again = await gql(REVOKE, {"id": revoked["apiKey"]["id"]}, token=owner.access_token)
    async with superuser_db.transaction() as session:
        await session.execute(
            text("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = :id"),
            {"id": expiring["apiKey"]["id"]},
        )
    after = {}
    for name, key in keys.items():
        response = await upload(http, key)
        after[name] = (
            await gql(WORKSPACE, token=key),
            response.status_code,
            response.json()["error"],
            await ws_init(api_url, key),
        )
    listed = await gql.data(LIST, token=owner.access_token)

    for name in keys:
        assert before[name] == ({"data": {"workspace": {"id": owner.workspace_id}}}, 201, {"type": "connection_ack"})
    assert codes(again) == ["NOT_FOUND"]
    assert messages(after["revoked"][0]) == ["The API key is not valid or was revoked."]
    assert messages(after["expired"][0]) == ["The API key has expired."]
    for name in keys:
        graphql, status, rest_error, socket = after[name]
        assert codes(graphql) == ["UNAUTHENTICATED"]
        assert status == 401
        assert rest_error["code"] == "UNAUTHENTICATED"
        assert socket == (4403, "Forbidden: send a valid access token of a workspace member.")
    assert [key["id"] for key in listed["apiKeys"]] == [expiring["apiKey"]["id"]]


async def test_last_use_is_recorded_at_most_once_a_minute(gql: GraphQLClient, superuser_db: Database) -> None:
    owner = await sign_up(gql)
    created = await create_key(gql, owner.access_token)
    assert isinstance(created["apiKey"], dict)
    key_id, secret = created["apiKey"]["id"], str(created["secret"])

    async def last_used() -> datetime | None:
        async with superuser_db.transaction() as session:
            value: datetime | None = await session.scalar(
                text("SELECT last_used_at FROM api_keys WHERE id = :id"), {"id": key_id}
            )
            return value

    await gql.data(WORKSPACE, token=secret)
    first = await last_used()
    await gql.data(WORKSPACE, token=secret)
    second = await last_used()
    async with superuser_db.transaction() as session:
        await session.execute(
            text("UPDATE api_keys SET last_used_at = now() - interval '61 seconds' WHERE id = :id"), {"id": key_id}
        )
    await gql.data(WORKSPACE, token=secret)
    third = await last_used()

    assert first is not None
    assert second == first
    assert third is not None
    assert third > first
