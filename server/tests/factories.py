"""Helpers the tests share: a GraphQL client over real HTTP and factories that go through the public API."""

from __future__ import annotations

import asyncio
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
        assert response.status_code in (200, 400, 429), response.text
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


INVITE = """
mutation Invite($email: String!, $role: Role!) { inviteMember(email: $email, role: $role) { id role link } }
"""
ACCEPT = """
mutation Accept($token: String!) {
  acceptInvitation(token: $token) { accessToken refreshToken workspace { id } user { id } }
}
"""
MEMBERS = "query { members { id user { id } } }"


def token_of(link: str) -> str:
    """The token of an invitation or reset link (it travels in the fragment)."""
    return link.split("#token=", 1)[1]


async def join(gql: GraphQLClient, owner: Account, person: Account, role: str) -> tuple[str, str]:
    """Invites `person` to `owner`'s workspace and accepts as them; returns (member id, an access token of
    `person` scoped to it)."""
    invited = await gql.data(INVITE, {"email": person.email, "role": role}, token=owner.access_token)
    accepted = await gql.data(ACCEPT, {"token": token_of(invited["inviteMember"]["link"])}, token=person.access_token)
    token = accepted["acceptInvitation"]["accessToken"]
    members = (await gql.data(MEMBERS, token=token))["members"]
    member_id = next(member["id"] for member in members if member["user"]["id"] == person.user_id)
    return member_id, token


CREATE_COMPANY = "mutation($input: CompanyInput!) { createCompany(input: $input) { id name domain } }"
CREATE_CONTACT = "mutation($input: ContactInput!) { createContact(input: $input) { id name emails } }"
CREATE_DEAL = """
mutation($input: DealInput!) { createDeal(input: $input) { id name status position stage { id name } pipeline { id } } }
"""
PIPELINES = "query { pipelines { id name isDefault stages { id name kind probability position } } }"


@dataclass
class Records:
    company_id: str
    contact_id: str
    deal_id: str
    pipeline_id: str
    stage_ids: list[str]
    member_id: str
    field_id: str
    task_id: str


async def seed_records(gql: GraphQLClient, account: Account) -> Records:
    """One of each record through the public API: company, contact, deal (linked), custom field, note, task."""
    token = account.access_token
    field = await gql.data(
        'mutation { createFieldDefinition(input: {objectType: CONTACT, key: "tier", label: "Tier", type: SELECT,'
        ' options: ["gold", "silver"]}) { id } }',
        token=token,
    )
    company = await gql.data(
        CREATE_COMPANY, {"input": {"name": "Initech", "domain": f"initech-{uuid.uuid4().hex[:6]}.com"}}, token=token
    )
    company_id = company["createCompany"]["id"]
    contact = await gql.data(
        CREATE_CONTACT,
        {
            "input": {
                "firstName": "Peter",
                "lastName": "Gibbons",
                "emails": [unique_email("peter")],
                "companyId": company_id,
                "customFields": {"tier": "gold"},
            }
        },
        token=token,
    )
    contact_id = contact["createContact"]["id"]
    deal = await gql.data(CREATE_DEAL, {"input": {"name": "TPS reports", "companyId": company_id}}, token=token)
    deal_id = deal["createDeal"]["id"]
    await gql.data(
        'mutation($d: UUID!, $c: UUID!) { setDealContact(dealId: $d, contactId: $c, role: "champion") { id } }',
        {"d": deal_id, "c": contact_id},
        token=token,
    )
    await gql.data(
        'mutation($id: UUID!) { addNote(targetId: $id, body: "Met at the conference") { id } }',
        {"id": contact_id},
        token=token,
    )
    task = await gql.data(
        'mutation($id: UUID!) { addTask(targetId: $id, body: "Send the proposal") { id } }',
        {"id": deal_id},
        token=token,
    )
    pipelines = (await gql.data(PIPELINES, token=token))["pipelines"]
    members = (await gql.data("query { members { id } }", token=token))["members"]
    return Records(
        company_id=company_id,
        contact_id=contact_id,
        deal_id=deal_id,
        pipeline_id=pipelines[0]["id"],
        stage_ids=[stage["id"] for stage in pipelines[0]["stages"]],
        member_id=members[0]["id"],
        field_id=field["createFieldDefinition"]["id"],
        task_id=task["addTask"]["id"],
    )


async def status_of_declared_upload(http: httpx.AsyncClient, path: str, token: str, length: int) -> bytes:
    """The status line the api answers to a multipart POST that declares `length` bytes and sends a
    few: a limit must refuse it before reading the body (a real socket, since httpx would send it all)."""
    host, port = str(http.base_url.host), int(http.base_url.port or 80)
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        (
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {length}\r\n\r\n--x\r\n"
        ).encode()
    )
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), timeout=10)
    writer.close()
    return status_line
