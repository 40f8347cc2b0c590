"""`contact_emails` (migration 0009) follows every way a contact's addresses change: created one by
one or in bulk, updated, trashed and restored; imports and email linking look addresses up there."""

from __future__ import annotations

from sqlalchemy import text

from rapport.db import Database
from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up

UPDATE = "mutation($id: UUID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }"
BULK = "mutation($inputs: [ContactInput!]!) { createContacts(inputs: $inputs) { __typename } }"


async def addresses(db: Database, workspace_id: str) -> list[tuple[str, str]]:
    async with db.transaction() as session:
        rows = await session.execute(
            text(
                "SELECT e.email, c.first_name FROM contact_emails e JOIN contacts c ON c.id = e.contact_id"
                " WHERE e.workspace_id = :ws ORDER BY e.email"
            ),
            {"ws": workspace_id},
        )
        return [(row[0], row[1]) for row in rows.all()]


async def test_contact_emails_follow_create_update_delete_and_restore(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    token, ws = account.access_token, account.workspace_id
    created = await gql.data(
        CREATE_CONTACT, {"input": {"firstName": "Ada", "emails": ["a@x.io", "B@x.io"]}}, token=token
    )
    contact_id = created["createContact"]["id"]
    await gql.data(BULK, {"inputs": [{"firstName": "Cy", "emails": ["c@x.io"]}, {"firstName": "Di"}]}, token=token)
    assert await addresses(superuser_db, ws) == [("a@x.io", "Ada"), ("b@x.io", "Ada"), ("c@x.io", "Cy")]

    await gql.data(UPDATE, {"id": contact_id, "input": {"emails": ["b@x.io", "e@x.io"]}}, token=token)
    assert await addresses(superuser_db, ws) == [("b@x.io", "Ada"), ("c@x.io", "Cy"), ("e@x.io", "Ada")]

    await gql.data(UPDATE, {"id": contact_id, "input": {"jobTitle": "Analyst"}}, token=token)
    assert await addresses(superuser_db, ws) == [("b@x.io", "Ada"), ("c@x.io", "Cy"), ("e@x.io", "Ada")]

    assert await gql.data("mutation($id: UUID!) { deleteContact(id: $id) }", {"id": contact_id}, token=token) == {
        "deleteContact": True
    }
    assert await addresses(superuser_db, ws) == [("c@x.io", "Cy")]

    await gql.data("mutation($id: UUID!) { restoreContact(id: $id) { id } }", {"id": contact_id}, token=token)
    assert await addresses(superuser_db, ws) == [("b@x.io", "Ada"), ("c@x.io", "Cy"), ("e@x.io", "Ada")]
