"""BullMQ jobs of the email pipeline: `email.process` (a batch of inbound ids) and `email.sweep`; of sending:
`email.send` (one message written in Rapport) and `email.send_sweep`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from datetime import timedelta

import structlog
from sqlalchemy.exc import DBAPIError

from rapport.email import sending as send_service
from rapport.email.parse import Parser, ParserClosed
from rapport.email.pipeline import repository
from rapport.email.pipeline.batch import Outcome, process_workspace_batch
from rapport.file.storage import store_of
from rapport.kit.clock import utcnow
from rapport.observability import EMAIL_INGEST_DELAY, EMAILS
from rapport.worker.queue import shared_queue
from rapport.worker.registry import JobContext, job

log = structlog.get_logger("rapport.email")

# A row left PENDING this long was never sent on (its process died after ingest): the sweep takes it.
SWEEP_AFTER = timedelta(seconds=60)
SWEEP_LIMIT = 5000

_parser: Parser | None = None


def parser_for(context: JobContext) -> Parser:
    """One pool of parser processes per worker process, made on first use."""
    global _parser
    if _parser is None:
        _parser = Parser(
            timeout=context.settings.email_parse_timeout_seconds, max_bytes=context.settings.max_email_bytes
        )
    return _parser


def close_parser() -> None:
    global _parser
    if _parser is not None:
        _parser.close()
        _parser = None


@job("email.process")
async def process(context: JobContext, data: dict[str, object]) -> dict[str, int]:
    raw_ids = data.get("ids")
    if not isinstance(raw_ids, list):
        raise ValueError("email.process needs a list of inbound ids")
    outcome = await process_ids(context, [uuid.UUID(str(i)) for i in raw_ids])
    return {"stored": outcome.stored, "duplicates": outcome.duplicates, "quarantined": outcome.quarantined}


@job("email.sweep")
async def sweep(context: JobContext, data: dict[str, object]) -> dict[str, int]:
    """`{"older_than_seconds": 0}`: every PENDING row at once (the worker's start, see worker/main.py)."""
    older_than = data.get("older_than_seconds")
    after = timedelta(seconds=older_than) if isinstance(older_than, int | float) else SWEEP_AFTER
    async with context.db.transaction(system=True) as session:
        ids = await repository.stale_pending(session, older_than=after, limit=SWEEP_LIMIT)
    if ids:
        log.warning("email.sweep", pending=len(ids))
    outcome = Outcome()
    size = context.settings.email_batch_size
    for start in range(0, len(ids), size):
        outcome.add(await process_ids(context, ids[start : start + size]))
    return {"stored": outcome.stored, "duplicates": outcome.duplicates, "quarantined": outcome.quarantined}


async def process_ids(context: JobContext, ids: Sequence[uuid.UUID]) -> Outcome:
    """Processes the PENDING rows among `ids`, one transaction per workspace.

    Should a batch fail as a whole (a value the database refuses, say), its messages are retried
    one by one, and a message that fails alone is quarantined with the error: one bad message
    never holds up the others, and none is lost.
    """
    async with context.db.transaction(system=True) as session:
        groups = await repository.pending_by_workspace(session, ids)
    outcome = Outcome()
    for workspace_id, group in groups.items():
        try:
            outcome.add(await _run(context, workspace_id, group))
        except Exception:
            log.exception("email.batch_failed", workspace_id=str(workspace_id), size=len(group))
            for inbound_id in group:
                try:
                    outcome.add(await _run(context, workspace_id, [inbound_id]))
                except Exception as error:
                    if _outage(error):
                        raise  # the database or the parser pool is down: the job retries, the rows stay PENDING
                    log.exception("email.message_failed", inbound_id=str(inbound_id))
                    reason = error.orig if isinstance(error, DBAPIError) else error
                    await _quarantine(context, workspace_id, inbound_id, f"could not be stored: {reason!s:.300}")
                    outcome.quarantined += 1
    stored_at = utcnow()
    for received_at in outcome.received:
        EMAIL_INGEST_DELAY.observe(max((stored_at - received_at).total_seconds(), 0.0))
    EMAILS.labels("stored").inc(outcome.stored)
    EMAILS.labels("duplicate").inc(outcome.duplicates)
    EMAILS.labels("quarantined").inc(outcome.quarantined)
    return outcome


def _outage(error: Exception) -> bool:
    """A failure of the infrastructure rather than of this one message: it must not quarantine mail.

    The database refusing the message's data (a bad value, a constraint, a size limit: SQLSTATE
    classes 22, 23, 54) and errors in our own code for this message's shape are the message's: it is
    quarantined (with the reason), and the batch's other messages are stored. Were such an error taken for
    an outage, the message would stay PENDING and fail every retry and sweep, and with it the messages
    after it. The parser's own failures are the machine's: closed (the worker is stopping), or its pool
    broken twice in a row (a message that kills its process is a ParseError already).
    """
    if isinstance(error, DBAPIError):
        state = str(getattr(error.orig, "sqlstate", "") or getattr(error.orig, "pgcode", "") or "")
        return state[:2] not in ("22", "23", "54")
    return isinstance(error, OSError | TimeoutError | ParserClosed | BrokenProcessPool)


async def _run(context: JobContext, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> Outcome:
    async with context.db.transaction(workspace_id=workspace_id) as session:
        return await process_workspace_batch(
            session,
            parser_for(context),
            context.settings.files_path,
            workspace_id,
            ids,
            files=store_of(context.settings),
            trusted_authserv_ids=frozenset(context.settings.trusted_authserv_ids),
        )


async def _quarantine(context: JobContext, workspace_id: uuid.UUID, inbound_id: uuid.UUID, reason: str) -> None:
    async with context.db.transaction(workspace_id=workspace_id) as session:
        await repository.quarantine_if_pending(session, inbound_id, reason)


# Sending what members wrote (email/compose.py).

SEND_SWEEP_AFTER = timedelta(seconds=60)


@job("email.send")
async def send(context: JobContext, data: dict[str, object]) -> dict[str, str]:
    """Sends one QUEUED message and records SENT or FAILED with the server's answer.

    The row stays locked while the server is talked to, so two deliveries of the job never send it
    twice at once; a worker killed mid-send rolls back to QUEUED and the job (or the sweep) sends it
    again. A row not committed yet (the api enqueues right after its transaction) is retried."""
    workspace_id = uuid.UUID(str(data["workspace_id"]))
    email_id = uuid.UUID(str(data["email_id"]))
    async with context.db.transaction(workspace_id=workspace_id) as session:
        state = await send_service.send_queued(session, context.settings, workspace_id=workspace_id, email_id=email_id)
    if state is None:
        raise LookupError(f"outbound email {email_id} is not committed yet")
    return {"state": state}


@job("email.send_sweep")
async def send_sweep(context: JobContext, data: dict[str, object]) -> dict[str, int]:
    """Enqueues mail left QUEUED (its job was lost with Valkey, or every attempt found a dead worker)."""
    async with context.db.transaction(system=True) as session:
        stale = await send_service.stale_queued(session, older_than=SEND_SWEEP_AFTER)
    queue = shared_queue(context.settings.require_redis_url())
    for workspace_id, email_id in stale:
        await queue.enqueue("email.send", {"workspace_id": str(workspace_id), "email_id": str(email_id)})
    if stale:
        log.warning("email.send_sweep", queued=len(stale))
    return {"enqueued": len(stale)}
