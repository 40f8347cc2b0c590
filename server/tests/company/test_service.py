"""`company.service.create_many`: the rules, entries and events of `create`; taken domains refused or skipped."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from rapport.auth.actor import SystemActor
from rapport.company import service as company_service
from rapport.company.service import CompanyData, NewCompany
from rapport.db import Database
from rapport.errors import BadUserInput, Conflict
from tests.contact.test_service import owner_actor
from tests.factories import CREATE_COMPANY, GraphQLClient


async def companies(superuser_db: Database, workspace_id: uuid.UUID) -> list[tuple[object, ...]]:
    async with superuser_db.transaction() as session:
        rows = await session.execute(
            text(
                "SELECT c.name, c.domain, a.summary, e.payload FROM companies c"
                " JOIN activities a ON a.workspace_id = c.workspace_id AND a.subject_id = c.id AND a.kind = 'CREATED'"
                " JOIN outbox_events e ON e.workspace_id = c.workspace_id AND e.payload->>'id' = c.id::text"
                "   AND e.type = 'company.created'"
                " WHERE c.workspace_id = :ws ORDER BY c.name"
            ),
            {"ws": workspace_id},
        )
        return [tuple(row) for row in rows]


async def test_a_taken_domain_is_a_conflict_unless_skipped_and_nothing_is_half_written(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    actor, token = await owner_actor(gql)
    hooli = await gql.data(CREATE_COMPANY, {"input": {"name": "Hooli", "domain": "hooli.io"}}, token=token)
    batch = [
        NewCompany(CompanyData(name="Initech", domain="initech.io")),
        NewCompany(CompanyData(name="Hooli XYZ", domain="https://www.Hooli.io/")),
    ]
    for attempt in (batch, [batch[0], NewCompany(CompanyData(name="Initech again", domain="initech.io"))]):
        with pytest.raises(Conflict):
            async with app_db.transaction(workspace_id=actor.workspace_id, user_id=actor.user_id) as session:
                await company_service.create_many(session, actor, companies=attempt)
    with pytest.raises(BadUserInput) as refused:
        async with app_db.transaction(workspace_id=actor.workspace_id, user_id=actor.user_id) as session:
            await company_service.create_many(session, actor, companies=[batch[0], NewCompany(CompanyData())])
    assert refused.value.field_errors == {("input", 1, "name"): "required"}
    hooli_id = hooli["createCompany"]["id"]
    assert await companies(superuser_db, actor.workspace_id) == [
        ("Hooli", "hooli.io", "Created company Hooli", {"id": hooli_id})
    ]

    async with app_db.transaction(workspace_id=actor.workspace_id) as session:
        created = await company_service.create_many(
            session, SystemActor(actor.workspace_id), companies=batch, source="email", skip_taken_domains=True
        )
    [initech] = created
    assert await companies(superuser_db, actor.workspace_id) == [
        ("Hooli", "hooli.io", "Created company Hooli", {"id": hooli_id}),
        ("Initech", "initech.io", "Created company Initech", {"id": str(initech.id), "source": "email"}),
    ]
