"""Email templates over the real API: shared by a workspace, rendered for a record as plain text, an
unknown variable refused by name, and who may change what."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from rapport.db import Database
from tests.factories import GraphQLClient, join, seed_records, sign_up

CREATE = """
mutation($name: String!, $subject: String!, $body: String!, $shared: Boolean) {
  createEmailTemplate(name: $name, subject: $subject, body: $body, shared: $shared) { id name subject body shared }
}
"""
UPDATE = """
mutation($id: UUID!, $name: String!, $subject: String!, $body: String!) {
  updateEmailTemplate(id: $id, name: $name, subject: $subject, body: $body) { id name }
}
"""
DELETE = "mutation($id: UUID!) { deleteEmailTemplate(id: $id) }"
LIST = "query { emailTemplates { name shared } }"
RENDER = "query($id: UUID!, $target: UUID) { renderEmailTemplate(id: $id, targetId: $target) { subject body } }"


def error_of(body: dict[str, Any]) -> tuple[str, dict[str, str]]:
    [error] = body["errors"]
    fields = {".".join(map(str, e["path"])): e["message"] for e in error["extensions"].get("fieldErrors") or []}
    return error["extensions"]["code"], fields


async def template_count(db: Database, workspace_id: str) -> int:
    async with db.transaction() as session:
        found = await session.scalar(
            text("SELECT count(*) FROM email_templates WHERE workspace_id = :ws"), {"ws": workspace_id}
        )
        return int(found or 0)


async def test_a_template_renders_a_records_fields_and_custom_fields_as_plain_text(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    records = await seed_records(gql, account)
    created = (
        await gql.data(
            CREATE,
            {
                "name": "Follow-up",
                "subject": "{{company.name}} and {{ deal.name }}",
                "body": "Hi {{contact.firstName}} ({{contact.tier}}), <b>{{contact.jobTitle}}</b>|{{member.email}}",
            },
            token=account.access_token,
        )
    )["createEmailTemplate"]
    assert created["shared"] is True

    for_contact = await gql.data(
        RENDER, {"id": created["id"], "target": records.contact_id}, token=account.access_token
    )
    assert for_contact["renderEmailTemplate"] == {
        "subject": "Initech and ",
        "body": f"Hi Peter (gold), <b></b>|{account.email}",
    }
    for_deal = await gql.data(RENDER, {"id": created["id"], "target": records.deal_id}, token=account.access_token)
    assert for_deal["renderEmailTemplate"] == {
        "subject": "Initech and TPS reports",
        "body": f"Hi  (), <b></b>|{account.email}",
    }


async def test_an_unknown_variable_is_refused_by_name(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    records = await seed_records(gql, account)
    for body, variable in (
        ("Hi {{contact.nickname}}", "{{contact.nickname}}"),
        ("{{ __import__('os') }}", "{{__import__('os')}}"),
    ):
        created = (await gql.data(CREATE, {"name": "T", "subject": "S", "body": body}, token=account.access_token))[
            "createEmailTemplate"
        ]
        answer = await gql(RENDER, {"id": created["id"], "target": records.contact_id}, token=account.access_token)
        assert error_of(answer) == ("BAD_USER_INPUT", {"body": f"Unknown variable {variable}"})


async def test_who_sees_and_changes_templates(gql: GraphQLClient, superuser_db: Database) -> None:
    owner = await sign_up(gql)
    member_account = await sign_up(gql, name="Mia Member")
    viewer_account = await sign_up(gql, name="Vic Viewer")
    outsider = await sign_up(gql, workspace="Elsewhere")
    _, member = await join(gql, owner, member_account, "MEMBER")
    _, viewer = await join(gql, owner, viewer_account, "VIEWER")

    shared = (await gql.data(CREATE, {"name": "Shared", "subject": "S", "body": "B"}, token=owner.access_token))[
        "createEmailTemplate"
    ]
    await gql.data(CREATE, {"name": "Mine", "subject": "S", "body": "B", "shared": False}, token=member)
    assert (await gql.data(LIST, token=member))["emailTemplates"] == [
        {"name": "Mine", "shared": False},
        {"name": "Shared", "shared": True},
    ]
    assert (await gql.data(LIST, token=owner.access_token))["emailTemplates"] == [{"name": "Shared", "shared": True}]
    before = await template_count(superuser_db, owner.workspace_id)

    refused = [
        (await gql(CREATE, {"name": "V", "subject": "S", "body": "B"}, token=viewer), "FORBIDDEN"),
        (await gql(UPDATE, {"id": shared["id"], "name": "X", "subject": "S", "body": "B"}, token=member), "NOT_FOUND"),
        (await gql(DELETE, {"id": shared["id"]}, token=member), "NOT_FOUND"),
        (await gql(DELETE, {"id": shared["id"]}, token=outsider.access_token), "NOT_FOUND"),
        (await gql(RENDER, {"id": shared["id"]}, token=outsider.access_token), "NOT_FOUND"),
    ]
    assert [error_of(body)[0] for body, _ in refused] == [code for _, code in refused]
    assert await template_count(superuser_db, owner.workspace_id) == before
    assert (await gql.data(LIST, token=owner.access_token))["emailTemplates"] == [{"name": "Shared", "shared": True}]

    renamed = await gql.data(
        UPDATE, {"id": shared["id"], "name": "Renamed", "subject": "S", "body": "B"}, token=owner.access_token
    )
    assert renamed["updateEmailTemplate"]["name"] == "Renamed"
    assert (await gql.data(DELETE, {"id": shared["id"]}, token=owner.access_token))["deleteEmailTemplate"] is True
    assert await template_count(superuser_db, owner.workspace_id) == before - 1
