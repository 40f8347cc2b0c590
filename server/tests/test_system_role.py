"""System work is a database role, not a setting (security review, issue 12 finding 5).

The app's login may set `rapport.system` to 'on' itself (any SQL can); it then still sees nothing of
another workspace. Only the system login, a member of rapport_system, reads across workspaces."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from rapport.db import Database, create_engine, unsafe_role
from tests.conftest import Servers
from tests.factories import GraphQLClient, sign_up

# Every table the review named, each counted for workspace B only.
COUNTS = {
    "outbox_events": "SELECT count(*) FROM outbox_events WHERE workspace_id = :b",
    "inbound_tokens": "SELECT count(*) FROM workspaces WHERE id = :b AND inbound_token IS NOT NULL",
    "mailboxes": "SELECT count(*) FROM mailboxes WHERE workspace_id = :b",
    "raw_mail": "SELECT count(*) FROM inbound_emails WHERE workspace_id = :b",
}


async def plant(superuser_db: Database, workspace_id: str) -> None:
    """One row of each in workspace B, as stored (the relay skips a published event)."""
    async with superuser_db.transaction() as session:
        member = await session.scalar(
            text("SELECT id FROM workspace_members WHERE workspace_id = :b"), {"b": workspace_id}
        )
        mailbox = uuid.uuid4()
        await session.execute(
            text(
                "INSERT INTO outbox_events (id, workspace_id, type, payload, published_at)"
                " VALUES (:id, :b, 'test.secret', '{}', now())"
            ),
            {"id": uuid.uuid4(), "b": workspace_id},
        )
        await session.execute(
            text(
                "INSERT INTO mailboxes (id, workspace_id, member_id, address, host, port, tls, username,"
                " password_encrypted, state) VALUES (:id, :b, :m, 'b@example.com', 'imap.example.com', 993, true,"
                " 'b', '\\x00', 'DISCONNECTED')"
            ),
            {"id": mailbox, "b": workspace_id, "m": member},
        )
        await session.execute(
            text(
                "INSERT INTO inbound_emails (id, workspace_id, source, mailbox_id, raw, size, state)"
                " VALUES (:id, :b, 'IMAP', :mailbox, 'Subject: secret', 15, 'STORED')"
            ),
            {"id": uuid.uuid4(), "b": workspace_id, "mailbox": mailbox},
        )


async def counts(db: Database, *, workspace_id: str | None, system: bool, b: str, set_on: bool) -> dict[str, int]:
    scope = uuid.UUID(workspace_id) if workspace_id else None
    async with db.transaction(workspace_id=scope, system=system) as session:
        if set_on:
            await session.execute(text("SELECT set_config('rapport.system', 'on', true)"))
            assert await session.scalar(text("SELECT rapport_is_system()")) is False
        return {name: int(await session.scalar(text(sql), {"b": b}) or 0) for name, sql in COUNTS.items()}


async def test_the_app_role_turning_the_system_setting_on_reads_nothing_of_another_workspace(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    a = await sign_up(gql)
    b = await sign_up(gql)
    await plant(superuser_db, b.workspace_id)
    nothing = dict.fromkeys(COUNTS, 0)

    for scope in (a.workspace_id, None):
        assert await counts(app_db, workspace_id=scope, system=False, b=b.workspace_id, set_on=True) == nothing
    # B itself sees its rows (sign-up wrote outbox events of its own besides the planted one) ...
    own = await counts(app_db, workspace_id=b.workspace_id, system=False, b=b.workspace_id, set_on=False)
    assert own["outbox_events"] >= 1
    assert own == {**own, "inbound_tokens": 1, "mailboxes": 1, "raw_mail": 1}
    # ... and the system login reads all of them from A's scope or none.
    for scope in (a.workspace_id, None):
        assert await counts(app_db, workspace_id=scope, system=True, b=b.workspace_id, set_on=False) == own


async def test_the_app_role_cannot_become_the_system_role(app_db: Database) -> None:
    async with app_db.sessionmaker() as session, session.begin():
        try:
            await session.execute(text("SET LOCAL ROLE rapport_system"))
            refused = ""
        except DBAPIError as error:
            refused = str(error.orig)
        await session.rollback()
    assert 'permission denied to set role "rapport_system"' in refused


async def test_the_forward_in_token_still_finds_its_workspace(gql: GraphQLClient, app_db: Database) -> None:
    """rapport_workspace_by_inbound_token runs as the owner, a member of rapport_system: it looks across
    workspaces without any setting, and leaves the caller's scope as it was."""
    a = await sign_up(gql)
    b = await sign_up(gql)
    async with app_db.transaction(workspace_id=uuid.UUID(a.workspace_id)) as session:
        token = await session.scalar(text("SELECT inbound_token FROM workspaces WHERE id = :a"), {"a": a.workspace_id})
    async with app_db.transaction(workspace_id=uuid.UUID(b.workspace_id)) as session:
        found = await session.scalar(text("SELECT rapport_workspace_by_inbound_token(:t)"), {"t": token})
        assert await session.scalar(text("SELECT rapport_workspace_by_inbound_token('nope')")) is None
        seen = list((await session.scalars(text("SELECT id::text FROM workspaces"))).all())
    assert str(found) == a.workspace_id
    assert seen == [b.workspace_id]


async def test_a_system_url_that_is_the_app_login_is_refused(servers: Servers) -> None:
    """Started with the app's own login for system work, the relay would see nothing: refused."""
    db = Database(create_engine(servers.database_url, pool_size=1), create_engine(servers.database_url, pool_size=1))
    try:
        privileged, refused = await unsafe_role(db)
    finally:
        await db.dispose()
    assert privileged is None
    assert refused is not None
    assert refused.startswith("the system database role rapport is not a member of rapport_system")


async def test_users_shows_a_user_themself_and_the_members_of_the_workspace_in_scope(
    gql: GraphQLClient, app_db: Database
) -> None:
    a = await sign_up(gql)
    b = await sign_up(gql)
    both = {a.email, b.email}

    async def emails(workspace: str | None, user: str | None, *, system: bool = False) -> set[str]:
        async with app_db.transaction(
            workspace_id=uuid.UUID(workspace) if workspace else None,
            user_id=uuid.UUID(user) if user else None,
            system=system,
        ) as session:
            rows = await session.execute(text("SELECT * FROM users WHERE email = ANY(:e)"), {"e": list(both)})
            return {row.email for row in rows}

    assert await emails(a.workspace_id, a.user_id) == {a.email}
    assert await emails(a.workspace_id, None) == {a.email}  # a member of the workspace in scope
    assert await emails(None, a.user_id) == {a.email}  # themself
    assert await emails(None, None) == set()
    assert await emails(b.workspace_id, b.user_id) == {b.email}
    assert await emails(None, None, system=True) == both
    # A's scope writes no other user's row, and makes none in another's name.
    async with app_db.transaction(workspace_id=uuid.UUID(a.workspace_id), user_id=uuid.UUID(a.user_id)) as session:
        renamed = await session.execute(text("UPDATE users SET name = 'x' WHERE id = :b"), {"b": b.user_id})
        assert renamed.rowcount == 0  # type: ignore[attr-defined]
    async with app_db.sessionmaker() as session, session.begin():
        try:
            await session.execute(
                text("INSERT INTO users (id, email, name) VALUES (:id, 'z@example.com', 'Z')"), {"id": uuid.uuid4()}
            )
            refused = ""
        except DBAPIError as error:
            refused = str(error.orig)
        await session.rollback()
    assert "new row violates row-level security policy" in refused


async def test_the_lookup_by_email_tells_the_id_alone(gql: GraphQLClient, app_db: Database) -> None:
    b = await sign_up(gql)
    async with app_db.transaction() as session:
        found = await session.scalar(text("SELECT rapport_user_id_by_email(:e)"), {"e": b.email.upper()})
        unknown = await session.scalar(text("SELECT rapport_user_id_by_email('nobody@example.com')"))
        # and finding it reads nothing of the row
        seen = await session.scalar(text("SELECT count(*) FROM users WHERE id = :id"), {"id": found})
    assert (str(found), unknown, seen) == (b.user_id, None, 0)
