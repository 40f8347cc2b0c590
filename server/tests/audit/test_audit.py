"""The audit log: security events recorded with who, from where and when; read by owners and admins
only; append-only for every role; hash-chained so that an edited or deleted row is found by
`rapport audit verify`."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from rapport.audit import service as audit_service
from rapport.audit.service import AuditAction
from rapport.auth.actor import Actor
from rapport.db import Database, set_scope
from rapport.models import Role
from tests.auth.support import SIGN_IN, code_at, codes, enrol
from tests.conftest import Servers
from tests.factories import GraphQLClient, join, sign_up, unique_email

EVENTS = """
query Events($first: Int, $after: String) {
  auditEvents(first: $first, after: $after) {
    edges { node { id action ip userAgent seq details actor { role user { email } } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
SET_ROLE = "mutation SetRole($id: UUID!, $role: Role!) { updateMemberRole(memberId: $id, role: $role) { role } }"
REMOVE = "mutation Remove($id: UUID!) { removeMember(memberId: $id) }"
CREATE_KEY = 'mutation { createApiKey(name: "Zapier", role: MEMBER) { apiKey { id } } }'
REVOKE_KEY = "mutation Revoke($id: UUID!) { revokeApiKey(id: $id) }"
EXPORT = "mutation { startExport(objectType: CONTACT) { id } }"
CHANGE_PASSWORD = "mutation Change($current: String!, $new: String!) { changePassword(current: $current, new: $new) }"
SIGN_OUT_EVERYWHERE = "mutation { signOutEverywhere }"
DISABLE = "mutation Disable($password: String!, $code: String!) { disableMfa(password: $password, code: $code) }"


async def events(gql: GraphQLClient, token: str, first: int = 100) -> list[dict[str, Any]]:
    data = await gql.data(EVENTS, {"first": first}, token=token)
    return [edge["node"] for edge in data["auditEvents"]["edges"]]


async def chain_of(superuser_db: Database, workspace_id: str | None) -> list[tuple[int, str]]:
    async with superuser_db.sessionmaker() as session:
        rows = await session.execute(
            text("SELECT seq, action FROM audit_events WHERE workspace_id IS NOT DISTINCT FROM :ws ORDER BY seq"),
            {"ws": workspace_id},
        )
        return [(row.seq, row.action) for row in rows]


async def test_sign_ins_and_failures_are_recorded_with_address_and_agent(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    wrong = await gql(
        SIGN_IN, {"input": {"email": owner.email, "password": "not the password"}}, **{"user-agent": "T/1"}
    )
    assert codes(wrong) == ["UNAUTHENTICATED"]
    right = await gql(SIGN_IN, {"input": {"email": owner.email, "password": owner.password}}, **{"user-agent": "T/2"})
    token = right["data"]["signIn"]["accessToken"]

    listed = await events(gql, token)

    assert [(e["action"], e["details"], e["userAgent"], e["ip"]) for e in listed] == [
        ("auth.sign_in", {"email": owner.email, "method": "password"}, "T/2", "127.0.0.1"),
        ("auth.sign_in_failed", {"email": owner.email, "reason": "password"}, "T/1", "127.0.0.1"),
    ]
    assert listed[0]["actor"] == {"role": "OWNER", "user": {"email": owner.email}}
    assert listed[1]["actor"] == {"role": "OWNER", "user": {"email": owner.email}}
    assert [e["seq"] for e in listed] == [2, 1]


async def test_a_failed_sign_in_for_an_unknown_email_goes_to_no_workspace(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    email = unique_email("nobody")
    owner = await sign_up(gql)

    refused = await gql(SIGN_IN, {"input": {"email": email, "password": "whatever123"}})

    assert codes(refused) == ["UNAUTHENTICATED"]
    async with superuser_db.sessionmaker() as session:
        rows = (
            await session.execute(
                text("SELECT workspace_id, action, actor_user_id FROM audit_events WHERE details->>'email' = :e"),
                {"e": email},
            )
        ).all()
    assert [(row.workspace_id, row.action, row.actor_user_id) for row in rows] == [(None, "auth.sign_in_failed", None)]
    assert all(e["details"].get("email") != email for e in await events(gql, owner.access_token))


async def test_members_and_viewers_may_not_read_the_log_and_pages_are_bounded(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    _, admin_token = await join(gql, owner, await sign_up(gql, name="Ann Admin"), "ADMIN")
    _, member_token = await join(gql, owner, await sign_up(gql, name="Mel Member"), "MEMBER")
    _, viewer_token = await join(gql, owner, await sign_up(gql, name="Vic Viewer"), "VIEWER")

    assert codes(await gql(EVENTS, {"first": 10}, token=member_token)) == ["FORBIDDEN"]
    assert codes(await gql(EVENTS, {"first": 10}, token=viewer_token)) == ["FORBIDDEN"]
    assert codes(await gql(EVENTS, {"first": 101}, token=owner.access_token)) == ["BAD_USER_INPUT"]
    assert codes(await gql(EVENTS, {"first": 10})) == ["UNAUTHENTICATED"]
    await gql.data(CREATE_KEY, token=owner.access_token)
    assert [e["action"] for e in await events(gql, admin_token, first=1)] == ["auth.api_key_created"]


async def test_security_events_of_a_workspace_are_recorded(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    person = await sign_up(gql, name="Bob Member")
    member_id, person_token = await join(gql, owner, person, "MEMBER")
    key = (await gql.data(CREATE_KEY, token=owner.access_token))["createApiKey"]["apiKey"]["id"]
    await gql.data(REVOKE_KEY, {"id": key}, token=owner.access_token)
    await gql.data(SET_ROLE, {"id": member_id, "role": "ADMIN"}, token=owner.access_token)
    await gql.data(EXPORT, token=owner.access_token)
    secret, recovery = await enrol(gql, owner)
    await gql.data(DISABLE, {"password": owner.password, "code": recovery[0]}, token=owner.access_token)
    await gql.data(
        CHANGE_PASSWORD, {"current": owner.password, "new": "another good passphrase"}, token=owner.access_token
    )
    await gql.data(SIGN_OUT_EVERYWHERE, token=person_token)
    again = await sign_in_token(gql, owner.email, "another good passphrase")
    await gql.data(REMOVE, {"id": member_id}, token=again)

    listed = await events(gql, again)

    actions = [e["action"] for e in reversed(listed)]
    assert actions == [
        "workspace.invitation_created",
        "workspace.invitation_accepted",
        "auth.api_key_created",
        "auth.api_key_revoked",
        "workspace.member_role_changed",
        "data.export_started",
        "auth.mfa_enabled",
        "auth.mfa_recovery_code_used",
        "auth.mfa_disabled",
        "auth.password_changed",
        "auth.signed_out_everywhere",
        "auth.sign_in",
        "workspace.member_removed",
    ]
    by_action = {e["action"]: e for e in listed}
    assert by_action["workspace.member_role_changed"]["details"] == {
        "memberId": member_id,
        "email": person.email,
        "from": "MEMBER",
        "to": "ADMIN",
    }
    assert by_action["auth.signed_out_everywhere"]["details"] == {"email": person.email}
    assert by_action["workspace.invitation_created"]["details"] == {"email": person.email, "role": "MEMBER"}
    assert by_action["workspace.invitation_accepted"]["details"] == {"email": person.email, "role": "MEMBER"}
    assert by_action["auth.signed_out_everywhere"]["actor"] is None  # removed since
    assert secret


async def sign_in_token(gql: GraphQLClient, email: str, password: str) -> str:
    data = await gql.data(SIGN_IN, {"input": {"email": email, "password": password}})
    token: str = data["signIn"]["accessToken"]
    return token


async def test_no_role_may_update_or_delete_an_event(
    gql: GraphQLClient, app_db: Database, owner_db: Database, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    await gql.data(CREATE_KEY, token=owner.access_token)
    before = await chain_of(superuser_db, owner.workspace_id)

    refusals = []
    for db, statement in (
        (app_db, "UPDATE audit_events SET action = 'x' WHERE workspace_id = :ws"),
        (app_db, "DELETE FROM audit_events WHERE workspace_id = :ws"),
        (app_db, "UPDATE audit_chain_heads SET seq = 0 WHERE chain = :ws"),
        (owner_db, "UPDATE audit_events SET action = 'x' WHERE workspace_id = :ws"),
        (owner_db, "DELETE FROM audit_events WHERE workspace_id = :ws"),
        (owner_db, "TRUNCATE audit_events"),
    ):
        async with db.sessionmaker() as session:
            await set_scope(session, workspace_id=uuid.UUID(owner.workspace_id), user_id=uuid.UUID(owner.user_id))
            try:
                await session.execute(text(statement), {"ws": owner.workspace_id})
                await session.commit()
                refusals.append("allowed")
            except DBAPIError as error:
                said = str(error)
                refusals.append(
                    "append-only"
                    if "append-only" in said
                    else "permission denied"
                    if "permission denied" in said
                    else said
                )
                await session.rollback()

    assert refusals == ["permission denied"] * 3 + ["append-only"] * 3
    assert await chain_of(superuser_db, owner.workspace_id) == before == [(1, "auth.api_key_created")]


async def test_concurrent_events_do_not_fork_the_chain(
    gql: GraphQLClient, app_db: Database, owner_db: Database
) -> None:
    owner = await sign_up(gql)
    members = (await gql.data("query { members { id user { id } } }", token=owner.access_token))["members"]
    actor = Actor(
        user_id=uuid.UUID(owner.user_id),
        workspace_id=uuid.UUID(owner.workspace_id),
        member_id=uuid.UUID(members[0]["id"]),
        role=Role.OWNER,
    )

    async def one(index: int) -> None:
        async with app_db.sessionmaker() as session, session.begin():
            await set_scope(session, workspace_id=actor.workspace_id, user_id=actor.user_id)
            await audit_service.record(session, actor, kind=AuditAction.EXPORT_STARTED, details={"n": index})

    await asyncio.gather(*(one(index) for index in range(12)))

    async with owner_db.sessionmaker() as session, session.begin():
        result = await audit_service.verify(session)
        seqs = (
            (
                await session.execute(
                    text("SELECT seq FROM audit_events WHERE workspace_id = :ws ORDER BY seq"),
                    {"ws": owner.workspace_id},
                )
            )
            .scalars()
            .all()
        )
    assert list(seqs) == list(range(1, 13))
    assert [p for p in result.problems if p.workspace_id == actor.workspace_id] == []


async def tamper(owner_db: Database, statement: str, **values: object) -> None:
    """What someone holding the owner's credentials could do: lift the guards, change rows, restore them."""
    async with owner_db.sessionmaker() as session, session.begin():
        await session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
        await session.execute(text("ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY"))
        await session.execute(text(statement), values)
        await session.execute(text("ALTER TABLE audit_events FORCE ROW LEVEL SECURITY"))
        await session.execute(text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only"))


async def problems_of(owner_db: Database, workspace_id: str) -> list[audit_service.ChainProblem]:
    async with owner_db.sessionmaker() as session, session.begin():
        result = await audit_service.verify(session)
    return [p for p in result.problems if str(p.workspace_id) == workspace_id]


async def three_events(gql: GraphQLClient) -> tuple[str, list[str]]:
    owner = await sign_up(gql)
    for _ in range(3):
        await gql.data(EXPORT, token=owner.access_token)
    ids = [e["id"] for e in reversed(await events(gql, owner.access_token))]
    assert len(ids) == 3
    return owner.workspace_id, ids


def verify_cli(servers: Servers) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rapport", "audit", "verify"],
        env=servers.env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_verify_finds_an_edited_row_and_names_it(
    gql: GraphQLClient, owner_db: Database, servers: Servers
) -> None:
    workspace_id, ids = await three_events(gql)
    intact = await asyncio.to_thread(verify_cli, servers)
    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.startswith("audit log intact: ")

    await tamper(owner_db, "UPDATE audit_events SET details = '{\"n\": 1}' WHERE id = :id", id=ids[1])

    assert [(p.event_id, p.seq, p.reason) for p in await problems_of(owner_db, workspace_id)] == [
        (uuid.UUID(ids[1]), 2, "its content does not match its hash (edited)")
    ]
    broken = await asyncio.to_thread(verify_cli, servers)
    assert broken.returncode == 1
    assert f"chain of {workspace_id}: event {ids[1]} (seq 2): its content does not match its hash" in broken.stderr


async def test_verify_finds_a_deleted_row_in_the_middle_and_at_the_end(gql: GraphQLClient, owner_db: Database) -> None:
    middle_ws, middle_ids = await three_events(gql)
    end_ws, end_ids = await three_events(gql)

    await tamper(owner_db, "DELETE FROM audit_events WHERE id = :id", id=middle_ids[1])
    await tamper(owner_db, "DELETE FROM audit_events WHERE id = :id", id=end_ids[2])

    assert [(p.event_id, p.seq, p.reason) for p in await problems_of(owner_db, middle_ws)] == [
        (uuid.UUID(middle_ids[2]), 3, "expected seq 2: 1 event(s) before it were deleted")
    ]
    assert [(p.event_id, p.seq, p.reason) for p in await problems_of(owner_db, end_ws)] == [
        (None, 3, "the chain ends at seq 2 but 3 were written (deleted)")
    ]


async def test_a_recovery_code_sign_in_is_recorded(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    secret, recovery = await enrol(gql, owner)
    challenge = (await gql.data(SIGN_IN, {"input": {"email": owner.email, "password": owner.password}}))["signIn"]
    wrong = await gql(
        "mutation V($t: String!, $c: String!) { verifyMfa(mfaToken: $t, code: $c) { accessToken } }",
        {"t": challenge["mfaToken"], "c": "000000" if code_at(secret) != "000000" else "111111"},
    )
    assert codes(wrong) == ["UNAUTHENTICATED"]
    passed = await gql.data(
        "mutation V($t: String!, $c: String!) { verifyMfa(mfaToken: $t, code: $c) { accessToken } }",
        {"t": challenge["mfaToken"], "c": recovery[3]},
    )

    listed = await events(gql, passed["verifyMfa"]["accessToken"], first=3)

    assert [(e["action"], e["details"]) for e in listed] == [
        ("auth.sign_in", {"email": owner.email, "method": "mfa:recovery_code"}),
        ("auth.mfa_recovery_code_used", {"email": owner.email}),
        ("auth.sign_in_failed", {"email": owner.email, "reason": "mfa_code"}),
    ]
