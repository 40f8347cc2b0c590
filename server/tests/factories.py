"""Helpers the tests share: a GraphQL client over real HTTP and factories that go through the public API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None, **headers: str
    ) -> dict[str, Any]:
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code in (200, 400), response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None) -> Any:
        """The data of an operation that must succeed."""
        body = await self(query, variables, token=token)
        assert "errors" not in body, body["errors"]
        return body["data"]


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    accessToken refreshToken expiresAt mfaRequired
    user { id email name }
    workspace { id name }
  }
}
"""


@dataclass
class Account:
    email: str
    password: str
    user_id: str
    workspace_id: str
    access_token: str
    refresh_token: str


async def sign_up(gql: GraphQLClient, *, name: str = "Ada Lovelace", workspace: str = "Acme") -> Account:
    email = unique_email(name.split()[0].lower())
    password = "correct horse battery"
    data = await gql.data(
        SIGN_UP, {"input": {"email": email, "password": password, "name": name, "workspaceName": workspace}}
    )
    payload = data["signUp"]
    return Account(
        email=email,
        password=password,
        user_id=payload["user"]["id"],
        workspace_id=payload["workspace"]["id"],
        access_token=payload["accessToken"],
        refresh_token=payload["refreshToken"],
    )


ADD_MEMBER = """
mutation Add($email: String!, $role: Role!) { addMember(email: $email, role: $role) { id role user { id email } } }
"""
SWITCH = """
mutation Switch($id: UUID!) { switchWorkspace(workspaceId: $id) { accessToken refreshToken workspace { id } } }
"""


async def join(gql: GraphQLClient, owner: Account, person: Account, role: str) -> tuple[str, str]:
    """Adds `person` to `owner`'s workspace; returns (member id, an access token of `person` scoped to it)."""
    added = await gql.data(ADD_MEMBER, {"email": person.email, "role": role}, token=owner.access_token)
    switched = await gql.data(SWITCH, {"id": owner.workspace_id}, token=person.access_token)
    return added["addMember"]["id"], switched["switchWorkspace"]["accessToken"]
