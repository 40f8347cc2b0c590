"""The forward-in listener: the real `rapport smtp` process, spoken to with smtplib."""

from __future__ import annotations

import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from rapport.db import Database
from tests.conftest import Servers, free_port, stop_process
from tests.factories import sign_up
from tests.mailbox.dovecot import message

DOMAIN = "inbound.localhost"  # the default, as the api announces it
MAX_BYTES = 20_000


@pytest.fixture(scope="module")
def smtp_port(servers: Servers) -> Iterator[int]:
    port = free_port()
    env = servers.env(
        RAPPORT_SMTP_PORT=str(port), RAPPORT_MAX_EMAIL_BYTES=str(MAX_BYTES), RAPPORT_INBOUND_DOMAIN=DOMAIN
    )
    process = subprocess.Popen([sys.executable, "-m", "rapport", "smtp"], env=env)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"rapport smtp exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"220"):
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.05)
        yield port
    finally:
        stop_process(process)


async def inbound_token(db: Database, workspace_id: str) -> str:
    async with db.transaction() as session:
        token = await session.scalar(text("SELECT inbound_token FROM workspaces WHERE id = :id"), {"id": workspace_id})
    assert isinstance(token, str)
    return token


async def inbound_rows(db: Database, *workspace_ids: str) -> list[Any]:
    async with db.transaction() as session:
        result = await session.execute(
            text(
                "SELECT workspace_id::text AS workspace_id, source, state, raw, mailbox_id FROM inbound_emails"
                " WHERE workspace_id = ANY(CAST(:ids AS uuid[])) ORDER BY received_at, workspace_id"
            ),
            {"ids": list(workspace_ids)},
        )
        return list(result.all())


def client(port: int) -> smtplib.SMTP:
    smtp = smtplib.SMTP("127.0.0.1", port, timeout=10)
    smtp.ehlo("mx.example.org")
    return smtp


async def test_mail_to_a_workspace_address_lands_in_that_workspace(
    gql: Any, superuser_db: Database, smtp_port: int
) -> None:
    alpha, beta = await sign_up(gql, workspace="Alpha"), await sign_up(gql, workspace="Beta")
    alpha_address = f"{await inbound_token(superuser_db, alpha.workspace_id)}@{DOMAIN}"
    beta_address = f"{await inbound_token(superuser_db, beta.workspace_id)}+crm@{DOMAIN.upper()}"
    only_alpha, both = message(1), message(2)

    with client(smtp_port) as smtp:
        refused_one = smtp.sendmail("grace@example.org", [alpha_address], only_alpha)
        refused_two = smtp.sendmail("grace@example.org", [alpha_address, beta_address, alpha_address], both)

    rows = await inbound_rows(superuser_db, alpha.workspace_id, beta.workspace_id)
    assert refused_one == refused_two == {}
    assert sorted((row.workspace_id, bytes(row.raw)) for row in rows) == sorted(
        [(alpha.workspace_id, only_alpha), (alpha.workspace_id, both), (beta.workspace_id, both)]
    ), "one row per workspace among the recipients, the bytes as sent"
    assert {(row.source, row.mailbox_id) for row in rows} == {("SMTP", None)}
    assert [row.state for row in rows] == ["PENDING"] * 3, "written before the 250; no worker runs in this module"


async def test_unknown_addresses_and_other_domains_are_refused_at_rcpt(
    gql: Any, superuser_db: Database, smtp_port: int
) -> None:
    account = await sign_up(gql)

    with client(smtp_port) as smtp:
        smtp.mail("grace@example.org")
        unknown = smtp.rcpt(f"{'0' * 32}@{DOMAIN}")
        malformed = smtp.rcpt(f"not-a-token!@{DOMAIN}")
        relaying = smtp.rcpt("ada@example.com")
        no_recipient = smtp.docmd("DATA")

    assert unknown[0] == malformed[0] == 550
    assert b"No such mailbox" in unknown[1]
    assert relaying[0] == 554
    assert b"Relay access denied" in relaying[1]
    assert no_recipient[0] == 503
    assert await inbound_rows(superuser_db, account.workspace_id) == []


async def test_a_message_over_the_size_limit_is_refused_with_552(
    gql: Any, superuser_db: Database, smtp_port: int
) -> None:
    account = await sign_up(gql)
    address = f"{await inbound_token(superuser_db, account.workspace_id)}@{DOMAIN}"
    big, small = message(1, size=MAX_BYTES + 1000), message(2)

    with client(smtp_port) as smtp:
        advertised = smtp.esmtp_features.get("size")
        with pytest.raises(smtplib.SMTPSenderRefused) as declared:  # MAIL FROM ... SIZE=n, refused up front
            smtp.sendmail("grace@example.org", [address], big)
        smtp.rset()
        smtp.mail("grace@example.org")  # no SIZE: the DATA itself is measured
        smtp.rcpt(address)
        undeclared = smtp.data(big)
        fits = smtp.sendmail("grace@example.org", [address], small)

    assert advertised == str(MAX_BYTES)
    assert declared.value.smtp_code == 552
    assert undeclared[0] == 552
    assert fits == {}
    assert [bytes(row.raw) for row in await inbound_rows(superuser_db, account.workspace_id)] == [small]
