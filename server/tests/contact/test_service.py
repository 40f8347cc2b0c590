"""`contact.service.create_many`: the rules, timeline entries and events of `create`, for many at once."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text

from rapport.auth.actor import Actor, SystemActor
from rapport.contact import service as contact_service
from rapport.contact.service import ContactData, NewContact
from rapport.db import Database
from rapport.errors import BadUserInput, NotFound
from rapport.models import Role
from tests.factories import CREATE_COMPANY, GraphQLClient, sign_up

TIER = (
    'mutation { createFieldDefinition(input: {objectType: CONTACT, key: "tier", label: "Tier", type: SELECT,'
    ' options: ["gold", "silver"], required: true}) { id } }'
)


async def owner_actor(gql: GraphQLClient) -> tuple[Actor, str]:
    account = await sign_up(gql)
    members = await gql.data("query { members { id } }", token=account.access_token)
    actor = Actor(
        user_id=uuid.UUID(account.user_id),
        workspace_id=uuid.UUID(account.workspace_id),
        member_id=uuid.UUID(members["members"][0]["id"]),
        role=Role.OWNER,
    )
    return actor, account.access_token


async def written(superuser_db: Database, workspace_id: uuid.UUID) -> dict[str, Any]:
    async with superuser_db.transaction() as session:
        contacts = await session.execute(
            text("SELECT name, emails, custom_fields, owner_id FROM contacts WHERE workspace_id = :ws ORDER BY name"),
            {"ws": workspace_id},
        )
        entries = await session.execute(
            text(
                "SELECT kind, summary, actor_user_id FROM activities WHERE workspace_id = :ws"
                " AND subject_type = 'contact' ORDER BY summary"
            ),
            {"ws": workspace_id},
        )
        events = await session.execute(
            text(
                "SELECT payload, actor_user_id FROM outbox_events WHERE workspace_id = :ws"
                " AND type = 'contact.created' ORDER BY payload->>'id'"
            ),
            {"ws": workspace_id},
        )
        return {
            "contacts": [tuple(row) for row in contacts],
            "entries": [tuple(row) for row in entries],
            "events": [tuple(row) for row in events],
        }


async def test_create_many_writes_what_create_writes_with_the_same_event_shape(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    actor, _ = await owner_actor(gql)
    async with app_db.transaction(workspace_id=actor.workspace_id, user_id=actor.user_id) as session:
        one = await contact_service.create(session, actor, data=ContactData(first_name="Ada", last_name="Lovelace"))
        many = await contact_service.create_many(
            session,
            actor,
            contacts=[
                NewContact(ContactData(first_name="Grace", last_name="Hopper")),
                NewContact(ContactData(emails=["Linus@Hooli.io"]), summary="Created from a list"),
            ],
        )
        made = await contact_service.create_many(
            session, SystemActor(actor.workspace_id), contacts=[NewContact(ContactData(first_name="Zed"))], source="x"
        )
    assert [c.name for c in many] == ["Grace Hopper", "linus@hooli.io"]
    ids = sorted([(str(c.id), c) for c in (one, *many, *made)], key=lambda pair: pair[0])
    assert await written(superuser_db, actor.workspace_id) == {
        "contacts": [
            ("Ada Lovelace", [], {}, actor.member_id),
            ("Grace Hopper", [], {}, actor.member_id),
            ("Zed", [], {}, None),
            ("linus@hooli.io", ["linus@hooli.io"], {}, actor.member_id),
        ],
        "entries": [
            ("CREATED", "Created contact Ada Lovelace", actor.user_id),
            ("CREATED", "Created contact Grace Hopper", actor.user_id),
            ("CREATED", "Created contact Zed", None),
            ("CREATED", "Created from a list", actor.user_id),
        ],
        "events": [
            ({"id": key, "source": "x"} if contact in made else {"id": key}, None if contact in made else actor.user_id)
            for key, contact in ids
        ],
    }


async def test_create_many_applies_the_custom_field_rules_and_writes_nothing_when_one_fails(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    actor, token = await owner_actor(gql)
    await gql.data(TIER, token=token)
    attempts: list[tuple[dict[str, Any], dict[tuple[str | int, ...], str]]] = [
        ({"tier": "bronze"}, {("input", 1, "customFields", "tier"): "must be one of: gold, silver"}),
        (
            {"unknown": 1},
            {
                ("input", 1, "customFields", "unknown"): "unknown custom field",
                ("input", 1, "customFields", "tier"): "required",
            },
        ),
        ({}, {("input", 1, "customFields", "tier"): "required"}),
    ]
    for custom, errors in attempts:
        with pytest.raises(BadUserInput) as refused:
            async with app_db.transaction(workspace_id=actor.workspace_id, user_id=actor.user_id) as session:
                await contact_service.create_many(
                    session,
                    actor,
                    contacts=[
                        NewContact(ContactData(first_name="Ada", custom_fields={"tier": "gold"})),
                        NewContact(ContactData(first_name="Grace", custom_fields=custom)),
                    ],
                )
        assert refused.value.field_errors == errors
    with pytest.raises(NotFound):
        async with app_db.transaction(workspace_id=actor.workspace_id, user_id=actor.user_id) as session:
            await contact_service.create_many(
                session,
                actor,
                contacts=[
                    NewContact(ContactData(first_name="Ada", company_id=uuid.uuid4(), custom_fields={"tier": "gold"}))
                ],
            )
    assert await written(superuser_db, actor.workspace_id) == {"contacts": [], "entries": [], "events": []}


async def test_allow_incomplete_creates_without_a_required_value_and_says_so_but_keeps_every_other_rule(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    actor, token = await owner_actor(gql)
    await gql.data(TIER, token=token)
    company = await gql.data(CREATE_COMPANY, {"input": {"name": "Hooli", "domain": "hooli.io"}}, token=token)
    system = SystemActor(actor.workspace_id)
    with pytest.raises(BadUserInput):
        async with app_db.transaction(workspace_id=actor.workspace_id) as session:
            await contact_service.create_many(
                session,
                system,
                contacts=[NewContact(ContactData(first_name="Ada", custom_fields={"tier": "bronze"}))],
                allow_incomplete=True,
            )
    async with app_db.transaction(workspace_id=actor.workspace_id) as session:
        [linus] = await contact_service.create_many(
            session,
            system,
            contacts=[
                NewContact(
                    ContactData(emails=["linus@hooli.io"], company_id=uuid.UUID(company["createCompany"]["id"])),
                    summary="Created from email with linus@hooli.io",
                )
            ],
            source="email",
            allow_incomplete=True,
        )
    assert await written(superuser_db, actor.workspace_id) == {
        "contacts": [("linus@hooli.io", ["linus@hooli.io"], {}, None)],
        "entries": [("CREATED", "Created from email with linus@hooli.io (incomplete: no Tier)", None)],
        "events": [({"id": str(linus.id), "source": "email"}, None)],
    }
