"""connectMailbox, disconnectMailbox and mailboxes over the real API, against a real Dovecot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text

from rapport.db import Database
from rapport.mailbox.secrets import MAILBOX_PASSWORDS
from tests.conftest import Servers, free_port
from tests.factories import Account, GraphQLClient, join, sign_up
from tests.mailbox.dovecot import PASSWORD, Dovecot, disconnect_mailboxes, running_dovecot

CONNECT = """
mutation($input: MailboxInput!) {
  connectMailbox(input: $input) {
    id address state lastSyncAt messageCount lastError host port tls username folders
  }
}
"""
DISCONNECT = "mutation($id: UUID!) { disconnectMailbox(id: $id) }"
MAILBOXES = "query { mailboxes { id address state } }"


@pytest.fixture
async def dovecot(superuser_db: Database) -> AsyncIterator[Dovecot]:
    with running_dovecot() as server:
        yield server
        await disconnect_mailboxes(superuser_db, server)


def settings_of(dovecot: Dovecot, user: str, **overrides: Any) -> dict[str, Any]:
    return {
        "address": f"{user}@example.com",
        "host": "127.0.0.1",
        "port": dovecot.port,
        "tls": False,
        "username": user,
        "password": PASSWORD,
        **overrides,
    }


async def mailbox_rows(db: Database, workspace_id: str) -> list[Any]:
    async with db.transaction() as session:
        result = await session.execute(
            text("SELECT * FROM mailboxes WHERE workspace_id = :ws ORDER BY created_at"), {"ws": workspace_id}
        )
        return list(result.all())


def field_errors(body: dict[str, Any]) -> dict[str, str]:
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return {".".join(map(str, item["path"])): item["message"] for item in error["extensions"]["fieldErrors"]}


async def test_connect_saves_the_tested_settings_with_the_password_encrypted(
    gql: GraphQLClient, superuser_db: Database, servers: Servers, dovecot: Dovecot
) -> None:
    account = await sign_up(gql)
    password = "s3cret with spaces "  # sent as is, trailing space included
    user = dovecot.add_user("ada", password)
    dovecot.create_folder(user, "Clients")

    data = await gql.data(
        CONNECT,
        {"input": settings_of(dovecot, user, password=password, folders=["inbox", "Clients", "Clients"])},
        token=account.access_token,
    )
    listed = await gql.data(MAILBOXES, token=account.access_token)

    mailbox = data["connectMailbox"]
    assert mailbox | {"id": None} == {
        "id": None,
        "address": "ada@example.com",
        "state": "CONNECTING",
        "lastSyncAt": None,
        "messageCount": 0,
        "lastError": None,
        "host": "127.0.0.1",
        "port": dovecot.port,
        "tls": False,
        "username": "ada",
        "folders": ["INBOX", "Clients"],
    }
    assert listed["mailboxes"] == [{"id": mailbox["id"], "address": "ada@example.com", "state": "CONNECTING"}]
    [row] = await mailbox_rows(superuser_db, account.workspace_id)
    stored = bytes(row.password_encrypted)
    assert password.encode() not in stored
    assert password.strip().encode() not in stored
    assert MAILBOX_PASSWORDS.decrypt(servers.settings(), stored) == password


async def test_connect_answers_what_the_server_refused_and_saves_nothing(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot
) -> None:
    account = await sign_up(gql)
    user = dovecot.add_user("grace")
    closed_port = free_port()

    wrong_password = await gql(
        CONNECT, {"input": settings_of(dovecot, user, password="nope")}, token=account.access_token
    )
    unreachable = await gql(
        CONNECT, {"input": settings_of(dovecot, user, port=closed_port)}, token=account.access_token
    )
    no_folder = await gql(
        CONNECT, {"input": settings_of(dovecot, user, folders=["INBOX", "Ghosts"])}, token=account.access_token
    )
    plain_as_tls = await gql(CONNECT, {"input": settings_of(dovecot, user, tls=True)}, token=account.access_token)

    assert field_errors(wrong_password) == {"input.password": "wrong user name or password"}
    assert field_errors(unreachable) == {"input.host": f"cannot reach 127.0.0.1:{closed_port}"}
    assert field_errors(no_folder) == {"input.folders": "the folder 'Ghosts' does not exist on 127.0.0.1"}
    assert list(field_errors(plain_as_tls)) == ["input.tls"]
    assert wrong_password["errors"][0]["message"] == "Could not connect to the mailbox: wrong user name or password."
    assert await mailbox_rows(superuser_db, account.workspace_id) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"port": 0}, "input.port"),
        ({"port": 70000}, "input.port"),
        ({"host": "imap example com"}, "input.host"),
        ({"host": ""}, "input.host"),
        ({"address": "not an address"}, "input.address"),
        ({"folders": []}, "input.folders"),
        ({"folders": ["INBOX", " "]}, "input.folders"),
        ({"password": ""}, "input.password"),
        ({"username": "ada\r\nA1 DELETE INBOX"}, "input.username"),
    ],
)
async def test_connect_validates_its_input_before_reaching_out(
    gql: GraphQLClient, superuser_db: Database, overrides: dict[str, Any], field: str
) -> None:
    account = await sign_up(gql)
    mailbox_input = {
        "address": "ada@example.com",
        "host": "imap.example.com",
        "port": 993,
        "tls": True,
        "username": "ada",
        "password": PASSWORD,
        **overrides,
    }

    body = await gql(CONNECT, {"input": mailbox_input}, token=account.access_token)

    assert list(field_errors(body)) == [field]
    assert await mailbox_rows(superuser_db, account.workspace_id) == []


async def test_members_see_their_own_mailboxes_admins_all_and_viewers_connect_none(
    gql: GraphQLClient, dovecot: Dovecot
) -> None:
    owner = await sign_up(gql, name="Olive Owner")
    _, member_token = await join(gql, owner, await sign_up(gql, name="Max Member"), "MEMBER")
    _, viewer_token = await join(gql, owner, await sign_up(gql, name="Vera Viewer"), "VIEWER")
    owners_user, members_user = dovecot.add_user("olive"), dovecot.add_user("max")

    owners = (await gql.data(CONNECT, {"input": settings_of(dovecot, owners_user)}, token=owner.access_token))[
        "connectMailbox"
    ]
    members = (await gql.data(CONNECT, {"input": settings_of(dovecot, members_user)}, token=member_token))[
        "connectMailbox"
    ]
    by_viewer = await gql(CONNECT, {"input": settings_of(dovecot, "vera")}, token=viewer_token)
    member_sees = (await gql.data(MAILBOXES, token=member_token))["mailboxes"]
    owner_sees = (await gql.data(MAILBOXES, token=owner.access_token))["mailboxes"]
    viewer_sees = (await gql.data(MAILBOXES, token=viewer_token))["mailboxes"]
    member_disconnects_owners = await gql(DISCONNECT, {"id": owners["id"]}, token=member_token)
    taken_address = await gql(CONNECT, {"input": settings_of(dovecot, owners_user)}, token=member_token)
    owner_disconnects_members = await gql.data(DISCONNECT, {"id": members["id"]}, token=owner.access_token)

    assert by_viewer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert [m["id"] for m in member_sees] == [members["id"]]
    assert [m["id"] for m in owner_sees] == [owners["id"], members["id"]]
    assert viewer_sees == []
    assert member_disconnects_owners["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert taken_address["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert owner_disconnects_members == {"disconnectMailbox": True}
    owner_sees_after = (await gql.data(MAILBOXES, token=owner.access_token))["mailboxes"]
    assert [(m["id"], m["state"]) for m in owner_sees_after] == [
        (owners["id"], "CONNECTING"),
        (members["id"], "DISCONNECTED"),
    ], "the owner's mailbox untouched by the member's attempt"


async def test_a_disconnected_mailbox_connected_again_is_the_same_mailbox(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot
) -> None:
    account: Account = await sign_up(gql)
    user = dovecot.add_user("barbara")
    first = (await gql.data(CONNECT, {"input": settings_of(dovecot, user)}, token=account.access_token))[
        "connectMailbox"
    ]
    async with superuser_db.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO mailbox_folders (mailbox_id, workspace_id, name, uidvalidity, last_uid)"
                " VALUES (:id, :ws, 'INBOX', 7, 42)"
            ),
            {"id": first["id"], "ws": account.workspace_id},
        )

    disconnected = await gql.data(DISCONNECT, {"id": first["id"]}, token=account.access_token)
    twice = await gql.data(DISCONNECT, {"id": first["id"]}, token=account.access_token)
    again = (await gql.data(CONNECT, {"input": settings_of(dovecot, user)}, token=account.access_token))[
        "connectMailbox"
    ]

    assert disconnected == twice == {"disconnectMailbox": True}
    assert (again["id"], again["state"]) == (first["id"], "CONNECTING")
    assert len(await mailbox_rows(superuser_db, account.workspace_id)) == 1
    async with superuser_db.transaction() as session:
        checkpoint = (
            await session.execute(
                text("SELECT uidvalidity, last_uid FROM mailbox_folders WHERE mailbox_id = :id"), {"id": first["id"]}
            )
        ).one()
    assert tuple(checkpoint) == (7, 42), "the same account resumes where it stopped"


async def test_another_workspaces_mailbox_is_not_found_and_stays_connected(
    gql: GraphQLClient, superuser_db: Database, dovecot: Dovecot
) -> None:
    victim, attacker = await sign_up(gql, workspace="Victims"), await sign_up(gql, workspace="Attackers")
    user = dovecot.add_user("victor")
    mailbox = (await gql.data(CONNECT, {"input": settings_of(dovecot, user)}, token=victim.access_token))[
        "connectMailbox"
    ]

    attempt = await gql(DISCONNECT, {"id": mailbox["id"]}, token=attacker.access_token)
    attackers_list = (await gql.data(MAILBOXES, token=attacker.access_token))["mailboxes"]

    assert attempt["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert attackers_list == []
    assert [row.state for row in await mailbox_rows(superuser_db, victim.workspace_id)] == ["CONNECTING"]
