"""Workspaces are kept apart by the database itself, and every operation respects that."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from rapport.db import Database
from rapport.graphql.schema import build_schema
from tests.conftest import Servers
from tests.factories import GraphQLClient, join, sign_up

TENANT_TABLES_SQL = """
SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, c.relispartition
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  AND (c.relname = 'workspaces' OR EXISTS (
    SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped))
ORDER BY c.relname
"""


async def tenant_tables(db: Database) -> list[Any]:
    async with db.transaction() as session:
        return list((await session.execute(text(TENANT_TABLES_SQL))).all())


async def test_every_tenant_table_has_row_level_security_enabled_and_forced(superuser_db: Database) -> None:
    tables = await tenant_tables(superuser_db)

    assert {t.relname for t in tables if not t.relispartition} >= {
        "workspaces",
        "workspace_members",
        "refresh_tokens",
        "outbox_events",
        "activities",
    }
    assert [t.relname for t in tables if not (t.relrowsecurity and t.relforcerowsecurity)] == []


async def test_the_app_role_cannot_bypass_row_level_security_and_owns_nothing(app_db: Database) -> None:
    async with app_db.transaction() as session:
        role = (
            await session.execute(
                text("SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user")
            )
        ).one()
        owned = await session.scalar(
            text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')"
            )
        )
    assert (role.rolsuper, role.rolbypassrls, role.rolcreaterole) == (False, False, False)
    assert owned == 0


async def test_with_no_workspace_set_the_app_role_reads_no_rows_from_any_tenant_table(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    await sign_up(gql, workspace="Alpha")
    await sign_up(gql, workspace="Beta")
    tables = [t.relname for t in await tenant_tables(superuser_db) if not t.relispartition]

    for table in tables:
        async with superuser_db.transaction() as session:
            stored = await session.scalar(text(f"SELECT count(*) FROM {table}"))
        async with app_db.transaction() as session:
            visible = await session.scalar(text(f"SELECT count(*) FROM {table}"))
        assert stored > 0, f"{table} should hold rows for this test to mean anything"
        assert visible == 0, f"{table} leaks {visible} rows with no workspace set"


async def test_with_a_workspace_set_the_app_role_reads_only_that_workspace(
    gql: GraphQLClient, app_db: Database
) -> None:
    alpha = await sign_up(gql, workspace="Alpha")
    beta = await sign_up(gql, workspace="Beta")

    async with app_db.transaction(workspace_id=alpha.workspace_id) as session:  # type: ignore[arg-type]
        workspaces = (await session.scalars(text("SELECT id::text FROM workspaces"))).all()
        member_workspaces = set((await session.scalars(text("SELECT workspace_id::text FROM workspace_members"))).all())
        activity_workspaces = set((await session.scalars(text("SELECT workspace_id::text FROM activities"))).all())
        outbox_workspaces = set((await session.scalars(text("SELECT workspace_id::text FROM outbox_events"))).all())

    assert workspaces == [alpha.workspace_id]
    assert member_workspaces == activity_workspaces == outbox_workspaces == {alpha.workspace_id}
    assert beta.workspace_id not in member_workspaces


async def test_the_app_role_cannot_write_into_another_workspace(gql: GraphQLClient, app_db: Database) -> None:
    alpha = await sign_up(gql, workspace="Alpha")
    beta = await sign_up(gql, workspace="Beta")

    with pytest.raises(Exception, match="row-level security"):
        async with app_db.transaction(workspace_id=alpha.workspace_id) as session:  # type: ignore[arg-type]
            await session.execute(
                text(
                    "INSERT INTO workspace_members (id, workspace_id, user_id, role)"
                    " VALUES (gen_random_uuid(), :ws, :user, 'OWNER')"
                ),
                {"ws": beta.workspace_id, "user": alpha.user_id},
            )


# Every root field that takes an id, with a call using another workspace's ids. A new field
# with an id argument fails `test_every_field_taking_an_id_is_covered` until it is listed here.
CROSS_WORKSPACE_CALLS: dict[str, tuple[str, str]] = {
    "switchWorkspace": ("mutation($id: UUID!) { switchWorkspace(workspaceId: $id) { accessToken } }", "workspace"),
    "updateMemberRole": ("mutation($id: UUID!) { updateMemberRole(memberId: $id, role: VIEWER) { id } }", "member"),
    "removeMember": ("mutation($id: UUID!) { removeMember(memberId: $id) }", "member"),
}


def test_every_field_taking_an_id_is_covered(servers: Servers) -> None:
    schema = build_schema(servers.settings())._schema
    taking_ids = {
        name
        for root in (schema.query_type, schema.mutation_type)
        for name, field in root.fields.items()
        if any("UUID" in str(arg.type) for arg in field.args.values())
    }
    assert taking_ids == set(CROSS_WORKSPACE_CALLS)


@pytest.mark.parametrize("field", sorted(CROSS_WORKSPACE_CALLS))
async def test_another_workspaces_ids_are_not_found_or_forbidden_and_change_nothing(
    gql: GraphQLClient, superuser_db: Database, field: str
) -> None:
    attacker = await sign_up(gql, name="Mallory Attacker", workspace="Attackers")
    victim = await sign_up(gql, name="Victor Victim", workspace="Victims")
    helper = await sign_up(gql, name="Helen Helper", workspace="Helpers")
    victim_member_id, _ = await join(gql, victim, helper, "ADMIN")
    query, kind = CROSS_WORKSPACE_CALLS[field]
    target = victim.workspace_id if kind == "workspace" else victim_member_id

    async def snapshot() -> list[Any]:
        async with superuser_db.transaction() as session:
            rows = await session.execute(
                text(
                    "SELECT m.id, m.role, (SELECT count(*) FROM activities a WHERE a.workspace_id = :ws),"
                    " (SELECT count(*) FROM outbox_events o WHERE o.workspace_id = :ws)"
                    " FROM workspace_members m WHERE m.workspace_id = :ws ORDER BY m.id"
                ),
                {"ws": victim.workspace_id},
            )
            return [tuple(row) for row in rows]

    before = await snapshot()
    body = await gql(query, {"id": target}, token=attacker.access_token)

    assert body["errors"][0]["extensions"]["code"] in ("NOT_FOUND", "FORBIDDEN"), body
    assert await snapshot() == before
