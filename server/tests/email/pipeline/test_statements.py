"""Statements per email batch: the pipeline writes with a few multi-row statements, whatever the batch size.

The figures are the pipeline's cost per batch (issue 9: no more than before the split into stages,
20 and 23). A change that adds a statement per batch, or one per message, changes them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from rapport.db import Database, StatementCounter
from rapport.email.ingest import Incoming, store_incoming
from rapport.email.parse import Parser
from rapport.email.pipeline.batch import process_workspace_batch
from rapport.models import InboundSource
from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up

AUTO_CREATE = "mutation($p: AutoCreatePolicy!) { setContactAutoCreate(policy: $p) }"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def corpus(count: int) -> list[bytes]:
    """`count` messages: 20 external domains, every third one a reply (by In-Reply-To) to the one before."""
    raws: list[bytes] = []
    previous: str | None = None
    for index in range(count):
        mail = EmailMessage()
        mail["From"] = f"Person {index} <person{index}@company{index % 20}.io>"
        mail["To"] = "ada@example.com"
        mail["Subject"] = f"Re: Offer {index // 3}" if index % 3 == 2 else f"Offer {index // 3}"
        mail["Date"] = format_datetime(START + timedelta(minutes=index))
        message_id = make_msgid(domain=f"company{index % 20}.io")
        mail["Message-ID"] = message_id
        if index % 3 == 2 and previous:
            mail["In-Reply-To"] = previous
            mail["References"] = previous
        mail.set_content(f"Message number {index}.")
        raws.append(mail.as_bytes())
        previous = message_id
    return raws


async def statements_for(app_db: Database, workspace_id: uuid.UUID, raws: list[bytes], files: Path) -> tuple[int, int]:
    async with app_db.transaction(workspace_id=workspace_id) as session:
        ids = await store_incoming(session, [Incoming(workspace_id, raw, InboundSource.WEBHOOK) for raw in raws])
    parser = Parser(workers=1)
    try:
        async with app_db.transaction(workspace_id=workspace_id) as session:
            counter = StatementCounter()
            await counter.attach(session)
            outcome = await process_workspace_batch(session, parser, files, workspace_id, ids)
            counter.detach()
    finally:
        parser.close()
    return outcome.stored, counter.count


async def test_a_batch_of_200_takes_17_statements_and_25_when_it_creates_contacts_and_companies(
    gql: GraphQLClient, app_db: Database, tmp_path: Path
) -> None:
    quiet = await sign_up(gql)
    await gql.data(CREATE_CONTACT, {"input": {"emails": ["person1@company1.io"]}}, token=quiet.access_token)
    stored, plain = await statements_for(app_db, uuid.UUID(quiet.workspace_id), corpus(200), tmp_path)
    assert stored == 200
    creating = await sign_up(gql)
    await gql.data(AUTO_CREATE, {"p": "SENT_AND_RECEIVED"}, token=creating.access_token)
    stored, auto = await statements_for(app_db, uuid.UUID(creating.workspace_id), corpus(200), tmp_path)
    assert stored == 200
    # The last activity of the records the batch's emails are on: one statement for the contacts, and
    # one for the companies when the batch links companies (issue 14: 16 and 23 before).
    assert (plain, auto) == (17, 25)
