"""Syncs one IMAP mailbox: backfill of its folders, then IDLE on the first one, with a periodic
catch-up of all of them, reconnecting with backoff after any failure.

Exactly once, across crashes of Rapport or of the mail server: each batch of messages and the
folder's checkpoint (UIDVALIDITY, last UID) are written in one transaction. A crash before the
commit fetches the batch again; a crash after it starts past it. A UIDVALIDITY change resyncs the
folder from UID 1 (new inbound rows; processing dedupes them by Message-ID).

The task runs until cancelled; the supervisor (imap_supervisor.py) cancels it when the mailbox is
disconnected or its settings change.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import structlog
from aiolimiter import AsyncLimiter

from rapport.config import Settings
from rapport.db import Database
from rapport.email.ingest import EmailSubmitter, Incoming, store_incoming
from rapport.kit.sealing import SecretUnreadable
from rapport.mailbox import repository
from rapport.mailbox.imap import ImapSession, Listed, LoginRefused, MailboxConnectionError
from rapport.mailbox.secrets import MAILBOX_PASSWORDS
from rapport.models import InboundSource, Mailbox, MailboxState
from rapport.observability import EMAILS_RECEIVED

log = structlog.get_logger("rapport.imap")


@dataclass(frozen=True, slots=True)
class MailboxTarget:
    """What a sync task needs from the mailboxes row; a change of it restarts the task."""

    id: uuid.UUID
    workspace_id: uuid.UUID
    host: str
    port: int
    tls: bool
    username: str
    password_encrypted: bytes
    folders: tuple[str, ...]

    @classmethod
    def of(cls, row: Mailbox) -> MailboxTarget:
        return cls(
            id=row.id,
            workspace_id=row.workspace_id,
            host=row.host,
            port=row.port,
            tls=row.tls,
            username=row.username,
            password_encrypted=bytes(row.password_encrypted),
            folders=tuple(row.folders) or ("INBOX",),
        )


@dataclass(frozen=True, slots=True)
class SyncOptions:
    catch_up_seconds: float = 300.0
    max_email_bytes: int = 25 * 1024 * 1024
    batch_size: int = 100
    batch_bytes: int = 16 * 1024 * 1024
    # Per mailbox: a backfill of 100,000 messages takes its time instead of everyone's.
    messages_per_second: float = 100.0
    retry_seconds: float = 1.0
    max_retry_seconds: float = 300.0
    # A refused password is retried slowly: providers lock accounts after repeated failures.
    login_retry_seconds: float = 300.0
    timeout: float = 30.0


def message_limiter(messages_per_second: float, batch_size: int) -> AsyncLimiter:
    """A mailbox's fetch budget: `messages_per_second` on average, with a burst of one batch (or one
    second's worth, if larger) after an idle spell. Acquire `min(len(batch), limiter.max_rate)`."""
    capacity = max(messages_per_second, batch_size)
    return AsyncLimiter(capacity, time_period=capacity / messages_per_second)


@dataclass
class MailboxSync:
    target: MailboxTarget
    settings: Settings
    db: Database
    submitter: EmailSubmitter
    options: SyncOptions
    # Shared by every mailbox of the process: how many fetch a batch at the same time.
    fetch_slots: asyncio.Semaphore
    _limiter: AsyncLimiter | None = field(default=None, init=False)

    async def run(self) -> None:
        delay = self.options.retry_seconds
        while True:
            healthy = False
            try:
                healthy = await self._connected_session()
            except MailboxConnectionError as error:
                log.info("imap.error", mailbox_id=str(self.target.id), reason=error.reason)
                await self._record_error(error.reason)
                if isinstance(error, LoginRefused):
                    delay = max(delay, self.options.login_retry_seconds)
            except SecretUnreadable as error:
                await self._record_error(str(error))
                delay = self.options.max_retry_seconds
            except Exception as error:  # a sync must outlive any one failure
                log.exception("imap.failed", mailbox_id=str(self.target.id))
                await self._record_error(f"unexpected error while syncing ({type(error).__name__}); retrying")
            if healthy:
                delay = self.options.retry_seconds
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not security
            delay = min(delay * 2, self.options.max_retry_seconds)

    async def _connected_session(self) -> bool:
        """Syncs, then idles and catches up, until the connection fails.

        A failure before the first full sync raises; one after it (a server restart, a dropped
        IDLE) answers True: the next attempt, soon, is the one to report should it fail too.
        """
        target = self.target
        password = MAILBOX_PASSWORDS.decrypt(self.settings, target.password_encrypted)
        healthy = False
        try:
            async with ImapSession(
                target.host,
                target.port,
                tls=target.tls,
                policy=self.settings.outbound_policy,
                timeout=self.options.timeout,
            ) as imap:
                await imap.login(target.username, password)
                # The first folder is synced last so that it stays selected for IDLE.
                order = [*target.folders[1:], target.folders[0]]
                while True:
                    for folder in order:
                        await self._sync_folder(imap, folder)
                    await self._set_state(MailboxState.IDLE, synced=True)
                    healthy = True
                    await self._idle_until_catch_up(imap, target.folders[0])
        except MailboxConnectionError as error:
            if not healthy:
                raise
            log.info("imap.reconnecting", mailbox_id=str(target.id), reason=error.reason)
            return True

    async def _idle_until_catch_up(self, imap: ImapSession, folder: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.options.catch_up_seconds
        while (remaining := deadline - loop.time()) > 0:
            if await imap.idle(min(remaining, 25 * 60)):
                await self._sync_folder(imap, folder)
                await self._set_state(MailboxState.IDLE, synced=True)

    async def _sync_folder(self, imap: ImapSession, folder: str) -> None:
        status = await imap.select(folder)
        async with self.db.transaction(workspace_id=self.target.workspace_id, system=True) as session:
            last_uid, reset = await repository.open_checkpoint(
                session,
                mailbox_id=self.target.id,
                workspace_id=self.target.workspace_id,
                folder=folder,
                uidvalidity=status.uidvalidity,
            )
        if reset:
            log.warning("imap.uidvalidity_changed", mailbox_id=str(self.target.id), folder=folder)
        announced = looked_again = False
        while True:
            imap.forget_new_mail()
            listed = await imap.list_since(last_uid)
            if not listed:
                if imap.saw_new_mail and not looked_again:  # mail came in while we listed: look once more
                    looked_again = True
                    continue
                return
            if not announced:
                await self._set_state(MailboxState.SYNCING)
                announced = True
            for batch in self._batches(listed):
                await self._fetch_and_store(imap, folder, status.uidvalidity, batch)
                last_uid = batch[-1].uid

    def _batches(self, listed: Sequence[Listed]) -> Iterator[list[Listed]]:
        batch: list[Listed] = []
        size = 0
        for message in listed:
            if batch and (len(batch) >= self.options.batch_size or size + message.size > self.options.batch_bytes):
                yield batch
                batch, size = [], 0
            batch.append(message)
            size += min(message.size, self.options.max_email_bytes)
        if batch:
            yield batch

    async def _fetch_and_store(self, imap: ImapSession, folder: str, uidvalidity: int, batch: list[Listed]) -> None:
        if self._limiter is None:
            self._limiter = message_limiter(self.options.messages_per_second, self.options.batch_size)
        await self._limiter.acquire(min(len(batch), self._limiter.max_rate))
        limit = self.options.max_email_bytes
        async with self.fetch_slots:
            bodies = await imap.fetch([m.uid for m in batch if m.size <= limit])
            oversized = [m for m in batch if m.size > limit]
            if oversized:
                # Too large to take whole: the headers still thread and link the message.
                headers = await imap.fetch([m.uid for m in oversized], headers_only=True)
                for message in oversized:
                    if message.uid in headers:
                        note = f"X-Rapport-Truncated: {message.size} bytes; only the headers were kept\r\n"
                        bodies[message.uid] = note.encode() + headers[message.uid]
        incoming = [
            Incoming(
                workspace_id=self.target.workspace_id,
                raw=bodies[message.uid],
                source=InboundSource.IMAP,
                mailbox_id=self.target.id,
                folder=folder,
                uidvalidity=uidvalidity,
                uid=message.uid,
            )
            for message in batch
            if message.uid in bodies
        ]
        async with self.db.transaction(workspace_id=self.target.workspace_id, system=True) as session:
            ids = await store_incoming(session, incoming)
            await repository.advance_checkpoint(
                session, mailbox_id=self.target.id, folder=folder, uidvalidity=uidvalidity, last_uid=batch[-1].uid
            )
            await repository.add_to_message_count(session, self.target.id, len(ids))
        EMAILS_RECEIVED.labels("imap").inc(len(ids))
        try:
            await self.submitter.submit(ids)
        except Exception:  # the rows are stored; the email.sweep schedule sends them on
            log.warning("imap.submit_failed", mailbox_id=str(self.target.id), count=len(ids), exc_info=True)

    async def _set_state(self, state: MailboxState, *, synced: bool = False) -> None:
        async with self.db.transaction(workspace_id=self.target.workspace_id, system=True) as session:
            await repository.set_state(session, self.target.id, state, synced_at=datetime.now(UTC) if synced else None)

    async def _record_error(self, reason: str) -> None:
        try:
            async with self.db.transaction(workspace_id=self.target.workspace_id, system=True) as session:
                await repository.set_state(session, self.target.id, MailboxState.ERROR, error=reason)
        except Exception:  # the database may be what failed; the next attempt says it again
            log.warning("imap.state_unsaved", mailbox_id=str(self.target.id), exc_info=True)
