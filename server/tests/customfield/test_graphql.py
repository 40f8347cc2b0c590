"""Custom field definitions through the API: the key conflict, changing and deleting a definition,
and the refusals, each proved harmless."""

from __future__ import annotations

from typing import Any

from rapport.db import Database
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, Account, GraphQLClient, sign_up
from tests.state import rows

CREATE_FIELD = """mutation($input: FieldDefinitionInput!) {
  createFieldDefinition(input: $input) { id objectType key label type options required } }"""
UPDATE_FIELD = """mutation($id: UUID!, $input: FieldDefinitionUpdateInput!) {
  updateFieldDefinition(id: $id, input: $input) { id key label type options required } }"""
DELETE_FIELD = "mutation($id: UUID!) { deleteFieldDefinition(id: $id) }"
UPDATE_CONTACT = (
    "mutation($id: UUID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { customFields } }"
)
TABLES = ("field_definitions", "contacts", "companies", "outbox_events")
UNKNOWN = "01890000-0000-7000-8000-000000000000"


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def paths(body: dict[str, Any]) -> list[tuple[object, ...]]:
    return [tuple(f["path"]) for e in body["errors"] for f in e["extensions"].get("fieldErrors", [])]


async def field(gql: GraphQLClient, account: Account, **input: Any) -> dict[str, Any]:
    data = await gql.data(CREATE_FIELD, {"input": input}, token=account.access_token)
    return dict(data["createFieldDefinition"])


async def test_a_key_is_unique_per_object_type(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    await field(gql, account, objectType="CONTACT", key="tier", label="Tier", type="TEXT")
    before = await rows(superuser_db, account.workspace_id, *TABLES)

    again = await gql(
        CREATE_FIELD,
        {"input": {"objectType": "CONTACT", "key": "tier", "label": "Level", "type": "SELECT", "options": ["a"]}},
        token=account.access_token,
    )
    after = await rows(superuser_db, account.workspace_id, *TABLES)
    on_companies = await field(gql, account, objectType="COMPANY", key="tier", label="Tier", type="NUMBER")

    assert codes(again) == ["CONFLICT"]
    assert again["errors"][0]["message"] == "A contact field with the key 'tier' exists already."
    assert after == before
    assert (on_companies["objectType"], on_companies["key"], on_companies["type"]) == ("COMPANY", "tier", "NUMBER")


async def test_a_definition_changes_its_label_options_and_required_flag(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    tier = await field(gql, account, objectType="CONTACT", key="tier", label="Tier", type="SELECT", options=["gold"])
    contact = (
        await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ada", "customFields": {"tier": "gold"}}}, token=token)
    )["createContact"]

    relabelled = await gql.data(UPDATE_FIELD, {"id": tier["id"], "input": {"label": " Customer tier "}}, token=token)
    reoptioned = await gql.data(
        UPDATE_FIELD, {"id": tier["id"], "input": {"options": [" silver ", "bronze"], "required": True}}, token=token
    )
    unchanged = await gql.data(UPDATE_FIELD, {"id": tier["id"], "input": {}}, token=token)
    old_option = await gql(
        UPDATE_CONTACT, {"id": contact["id"], "input": {"customFields": {"tier": "gold"}}}, token=token
    )
    new_option = await gql.data(
        UPDATE_CONTACT, {"id": contact["id"], "input": {"customFields": {"tier": "silver"}}}, token=token
    )
    required = await gql(CREATE_CONTACT, {"input": {"firstName": "Bob", "customFields": {}}}, token=token)

    expected = {
        "id": tier["id"],
        "key": "tier",
        "label": "Customer tier",
        "type": "SELECT",
        "options": ["silver", "bronze"],
        "required": True,
    }
    assert relabelled["updateFieldDefinition"] == expected | {"options": ["gold"], "required": False}
    assert reoptioned["updateFieldDefinition"] == expected
    assert unchanged["updateFieldDefinition"] == expected
    assert (codes(old_option), paths(old_option)) == (["BAD_USER_INPUT"], [("input", "customFields", "tier")])
    assert new_option["updateContact"]["customFields"] == {"tier": "silver"}
    assert (codes(required), paths(required)) == (["BAD_USER_INPUT"], [("input", "customFields", "tier")])


async def test_refused_definition_changes_change_nothing(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    token = account.access_token
    text = await field(gql, account, objectType="DEAL", key="plan", label="Plan", type="TEXT")
    select = await field(gql, account, objectType="DEAL", key="size", label="Size", type="SELECT", options=["s", "m"])
    before = await rows(superuser_db, account.workspace_id, *TABLES)

    options_on_text = await gql(UPDATE_FIELD, {"id": text["id"], "input": {"options": ["a"]}}, token=token)
    no_options = await gql(UPDATE_FIELD, {"id": select["id"], "input": {"options": [], "label": "x"}}, token=token)
    duplicate_options = await gql(UPDATE_FIELD, {"id": select["id"], "input": {"options": ["s", " s"]}}, token=token)
    empty_label = await gql(UPDATE_FIELD, {"id": select["id"], "input": {"label": "  "}}, token=token)
    unknown_update = await gql(UPDATE_FIELD, {"id": UNKNOWN, "input": {"label": "x"}}, token=token)
    unknown_delete = await gql(DELETE_FIELD, {"id": UNKNOWN}, token=token)
    after = await rows(superuser_db, account.workspace_id, *TABLES)

    assert (codes(options_on_text), paths(options_on_text)) == (["BAD_USER_INPUT"], [("input", "options")])
    assert options_on_text["errors"][0]["message"] == "Only SELECT and MULTI_SELECT fields take options."
    assert (codes(no_options), paths(no_options)) == (["BAD_USER_INPUT"], [("input", "options")])
    assert no_options["errors"][0]["message"] == "A select needs at least one option."
    assert (codes(duplicate_options), paths(duplicate_options)) == (["BAD_USER_INPUT"], [("input", "options")])
    assert (codes(empty_label), paths(empty_label)) == (["BAD_USER_INPUT"], [("input", "label")])
    assert codes(unknown_update) == codes(unknown_delete) == ["NOT_FOUND"]
    assert after == before


async def test_deleting_a_definition_removes_its_values_from_every_record_of_its_type(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    tier = await field(gql, account, objectType="CONTACT", key="tier", label="Tier", type="TEXT")
    await field(gql, account, objectType="CONTACT", key="source", label="Source", type="TEXT")
    await field(gql, account, objectType="COMPANY", key="tier", label="Tier", type="TEXT")
    live = (
        await gql.data(
            CREATE_CONTACT,
            {"input": {"firstName": "Live", "customFields": {"tier": "gold", "source": "web"}}},
            token=token,
        )
    )["createContact"]
    trashed = (
        await gql.data(CREATE_CONTACT, {"input": {"firstName": "Trashed", "customFields": {"tier": "x"}}}, token=token)
    )["createContact"]
    await gql.data("mutation($id: UUID!) { deleteContact(id: $id) }", {"id": trashed["id"]}, token=token)
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Kept", "customFields": {"tier": "1"}}}, token=token))[
        "createCompany"
    ]

    deleted = await gql.data(DELETE_FIELD, {"id": tier["id"]}, token=token)
    definitions = await gql.data("query { fieldDefinitions { objectType key } }", token=token)
    stored = await rows(superuser_db, account.workspace_id, "contacts", "companies")
    again = await field(gql, account, objectType="CONTACT", key="tier", label="Tier again", type="NUMBER")
    numeric = await gql.data(UPDATE_CONTACT, {"id": live["id"], "input": {"customFields": {"tier": 3}}}, token=token)

    assert deleted == {"deleteFieldDefinition": True}
    assert sorted((d["objectType"], d["key"]) for d in definitions["fieldDefinitions"]) == [
        ("COMPANY", "tier"),
        ("CONTACT", "source"),
    ]
    by_id = {str(row["id"]): row["custom_fields"] for row in stored["contacts"]}
    assert by_id == {live["id"]: {"source": "web"}, trashed["id"]: {}}, "deleted records lose the value too"
    assert [(str(row["id"]), row["custom_fields"]) for row in stored["companies"]] == [(company["id"], {"tier": "1"})]
    assert again["key"] == "tier", "the key is free again"
    assert numeric["updateContact"]["customFields"] == {"source": "web", "tier": 3}
