"""The forward-in SMTP listener (`rapport smtp`): mail forwarded or BCC'd to
`<inbound token>@<inbound domain>` lands in that workspace.

Recipients are checked at RCPT time: another domain is relaying (554 5.7.1), an unknown token is
550 5.1.1. SIZE is advertised and a larger message is refused with 552. A message is answered
250 only once it is committed to `inbound_emails` (one row per distinct workspace among its
recipients); its processing is then queued, and the `email.sweep` schedule catches up should the
queue be unreachable.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import uuid
from collections.abc import Iterable

import structlog
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import text

from rapport.config import Settings
from rapport.db import Database, open_database
from rapport.email.ingest import EmailSubmitter, Incoming, store_incoming
from rapport.models import InboundSource
from rapport.observability import EMAILS_RECEIVED
from rapport.worker.queue import JobQueue

log = structlog.get_logger("rapport.smtp")

MAX_RECIPIENTS = 50
_TOKEN = re.compile(r"^[a-z0-9]{8,64}$")
_LOOKUP = text("SELECT rapport_workspace_by_inbound_token(:token)")


class _Server(SMTP):
    # RFC 5321 caps lines at 1,000 octets, yet real mail breaks it; refusing such mail helps no one.
    line_length_limit = 64 * 1024


class ForwardInHandler:
    """aiosmtpd hooks: `handle_RCPT` chooses who may receive, `handle_DATA` stores."""

    def __init__(self, settings: Settings, db: Database, submitter: EmailSubmitter) -> None:
        self.domain = settings.inbound_domain.lower()
        self.db = db
        self.submitter = submitter

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        domain = address.rpartition("@")[2]
        if domain.lower() != self.domain:
            return "554 5.7.1 Relay access denied"
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        try:
            workspaces = await self._workspaces([address])
        except Exception:  # the sender retries a 4xx later
            log.warning("smtp.lookup_failed", exc_info=True)
            return "451 4.3.0 Temporary failure, try again later"
        if not workspaces:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        try:
            workspaces = await self._workspaces(envelope.rcpt_tos)
            if not workspaces:  # every token was rotated since RCPT
                return "550 5.1.1 No such mailbox"
            async with self.db.transaction(system=True) as db_session:
                ids = await store_incoming(
                    db_session, [Incoming(workspace_id=w, raw=raw, source=InboundSource.SMTP) for w in workspaces]
                )
        except Exception:  # not stored: the sender must keep it and retry
            log.warning("smtp.store_failed", exc_info=True)
            return "451 4.3.0 Temporary failure, try again later"
        EMAILS_RECEIVED.labels("smtp").inc(len(ids))
        try:
            await self.submitter.submit(ids)
        except Exception:  # stored already; the email.sweep schedule sends it on
            log.warning("smtp.submit_failed", count=len(ids), exc_info=True)
        log.info("smtp.accepted", peer=str(session.peer), size=len(raw), workspaces=len(workspaces))
        return "250 2.0.0 OK: queued"

    async def _workspaces(self, addresses: Iterable[str]) -> list[uuid.UUID]:
        """The distinct workspaces the addresses name (plus-addressing allowed: token+anything@)."""
        tokens = {address.rpartition("@")[0].split("+", 1)[0].lower() for address in addresses}
        found: list[uuid.UUID] = []
        async with self.db.transaction() as session:
            for token in sorted(tokens):
                if not _TOKEN.match(token):
                    continue
                workspace_id = await session.scalar(_LOOKUP, {"token": token})
                if workspace_id is not None and workspace_id not in found:
                    found.append(workspace_id)
        return found


async def start_smtp_server(
    settings: Settings, db: Database, submitter: EmailSubmitter, *, host: str | None = None, port: int | None = None
) -> asyncio.Server:
    handler = ForwardInHandler(settings, db, submitter)
    loop = asyncio.get_running_loop()

    def factory() -> SMTP:
        return _Server(
            handler,
            data_size_limit=settings.max_email_bytes,
            enable_SMTPUTF8=True,
            hostname=settings.inbound_domain,
            ident="Rapport forward-in",
            loop=loop,
        )

    return await loop.create_server(factory, host or settings.smtp_host, settings.smtp_port if port is None else port)


async def run_smtp(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """`rapport smtp`: listens until SIGTERM or SIGINT."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    db = open_database(
        settings.require_database_url(),
        settings.require_system_url(),
        pool_size=5,
        system_pool_size=5,  # each message is stored by system work
        application_name="rapport-smtp",
    )
    queue = JobQueue(settings.require_redis_url())
    submitter = EmailSubmitter(queue)
    server = await start_smtp_server(settings, db, submitter)
    log.info("smtp.started", host=settings.smtp_host, port=settings.smtp_port, domain=settings.inbound_domain)
    try:
        await stop.wait()
    finally:
        server.close()
        # Sessions still open get a few seconds; a message not answered 250 is retried by its sender.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.wait_closed(), 10)
        await submitter.close()
        await queue.close()
        await db.dispose()
        log.info("smtp.stopped")
