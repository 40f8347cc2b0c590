"""connectMailbox may not be turned against the server's own network (finding 2 of the security review).

The fake IMAP server here listens on loopback and records every connection it gets; with the
production policy (no private network allowed), it must get none, whatever spelling of the address.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from rapport.db import Database
from tests.conftest import Servers, free_port, running_api
from tests.factories import GraphQLClient, sign_up
from tests.mailbox.test_graphql import CONNECT, field_errors, mailbox_rows

ME = "query { me { email } }"


class Listener:
    """A TCP server on loopback that greets nobody: it counts connections and holds them open."""

    def __init__(self) -> None:
        self.connections: list[asyncio.StreamWriter] = []
        self.received = b""
        self.server: asyncio.Server | None = None
        self.port = 0
        self._arrived = asyncio.Condition()

    async def __aenter__(self) -> Listener:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async with self._arrived:
            self.connections.append(writer)
            self._arrived.notify_all()
        self.received += await reader.read(1024)

    async def wait_for(self, count: int) -> None:
        async with self._arrived:
            await self._arrived.wait_for(lambda: len(self.connections) >= count)

    def hang_up(self) -> None:
        for writer in self.connections:
            writer.close()

    async def __aexit__(self, *_: object) -> None:
        self.hang_up()
        assert self.server is not None
        self.server.close()


@pytest.fixture(scope="module")
def strict_api_url(servers: Servers) -> Iterator[str]:
    """An api with production's policy: no private network allowed."""
    with running_api(servers, RAPPORT_OUTBOUND_ALLOWED_NETWORKS="[]") as base_url:
        yield base_url


@pytest.fixture
async def strict_gql(strict_api_url: str) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=strict_api_url, timeout=30) as client:
        yield GraphQLClient(client)


def mailbox_at(host: str, port: int) -> dict[str, Any]:
    return {
        "address": "ada@example.com",
        "host": host,
        "port": port,
        "tls": False,
        "username": "ada",
        "password": "the-real-password",
    }


@pytest.mark.parametrize(
    ("host", "shown", "reason"),
    [
        ("127.0.0.1", "127.0.0.1", "a loopback address"),
        ("localhost", "localhost", "a loopback address"),
        ("2130706433", "2130706433", "a loopback address"),
        ("0177.0.0.1", "0177.0.0.1", "a loopback address"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1", "a loopback address"),
        ("0.0.0.0", "0.0.0.0", "an unspecified address"),
    ],
)
async def test_loopback_in_any_spelling_is_refused_and_never_connected_to(
    strict_gql: GraphQLClient, superuser_db: Database, host: str, shown: str, reason: str
) -> None:
    account = await sign_up(strict_gql)
    async with Listener() as listener:
        body = await strict_gql(CONNECT, {"input": mailbox_at(host, listener.port)}, token=account.access_token)
        connections = len(listener.connections)

    assert field_errors(body) == {"input.host": f"{shown} is {reason}; only servers on the internet can be reached"}
    assert connections == 0
    assert listener.received == b""  # the credentials went nowhere
    assert await mailbox_rows(superuser_db, account.workspace_id) == []


async def test_the_metadata_service_and_private_networks_are_refused(
    strict_gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(strict_gql)

    metadata = await strict_gql(CONNECT, {"input": mailbox_at("169.254.169.254", 80)}, token=account.access_token)
    private = await strict_gql(CONNECT, {"input": mailbox_at("10.0.0.7", 143)}, token=account.access_token)
    cgnat = await strict_gql(CONNECT, {"input": mailbox_at("100.64.1.1", 143)}, token=account.access_token)

    suffix = "; only servers on the internet can be reached"
    assert field_errors(metadata) == {"input.host": f"169.254.169.254 is a cloud metadata address{suffix}"}
    assert field_errors(private) == {"input.host": f"10.0.0.7 is a private network address{suffix}"}
    assert field_errors(cgnat) == {"input.host": f"100.64.1.1 is a carrier-grade NAT address{suffix}"}
    assert await mailbox_rows(superuser_db, account.workspace_id) == []


async def test_every_network_failure_gives_the_same_answer(gql: GraphQLClient) -> None:
    """No such host, a closed port and a port that accepts but never greets read alike: the answer
    does not tell which ports are open."""
    account = await sign_up(gql)
    closed_port = free_port()
    async with Listener() as listener:
        silent = asyncio.ensure_future(
            gql(CONNECT, {"input": mailbox_at("127.0.0.1", listener.port)}, token=account.access_token)
        )
        await listener.wait_for(1)
        listener.hang_up()
        hung_up = await silent
    closed = await gql(CONNECT, {"input": mailbox_at("127.0.0.1", closed_port)}, token=account.access_token)
    no_host = await gql(CONNECT, {"input": mailbox_at("no-such-host.invalid", 993)}, token=account.access_token)

    assert field_errors(hung_up) == {"input.host": f"cannot reach 127.0.0.1:{listener.port}"}
    assert field_errors(closed) == {"input.host": f"cannot reach 127.0.0.1:{closed_port}"}
    assert field_errors(no_host) == {"input.host": "cannot reach no-such-host.invalid:993"}


async def test_the_connection_test_holds_no_database_connection(gql: GraphQLClient, superuser_db: Database) -> None:
    """24 tests stalled on a silent server hold no transaction open, so other requests get connections."""
    stalled_by, other = await sign_up(gql), await sign_up(gql)
    async with Listener() as listener:
        stalled = [
            asyncio.ensure_future(
                gql(CONNECT, {"input": mailbox_at("127.0.0.1", listener.port)}, token=stalled_by.access_token)
            )
            for _ in range(24)
        ]
        await listener.wait_for(24)
        async with superuser_db.transaction() as session:
            in_transaction = await session.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rapport'"
                    " AND state LIKE 'idle in transaction%'"
                )
            )
        me = await gql.data(ME, token=other.access_token)
        listener.hang_up()
        answers = await asyncio.gather(*stalled)

    assert in_transaction == 0
    assert me == {"me": {"email": other.email}}
    assert {field_errors(answer)["input.host"] for answer in answers} == {f"cannot reach 127.0.0.1:{listener.port}"}


async def test_connect_mailbox_must_be_alone_in_its_mutation(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    document = """
    mutation($input: MailboxInput!) {
      connectMailbox(input: $input) { id }
      createContact(input: {firstName: "Ada"}) { id }
    }
    """

    body = await gql(document, {"input": mailbox_at("8.8.8.8", 993)}, token=account.access_token)

    assert body["errors"][0]["message"] == "connectMailbox must be the only field of its mutation."
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["data"] is None
