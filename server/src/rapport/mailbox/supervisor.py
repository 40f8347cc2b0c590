"""Runs one sync task per connected mailbox, in the worker process.

Every few seconds, and at once when a mailbox is connected or disconnected (NOTIFY
`rapport_mailboxes`), it reads the mailboxes table (system scope), starts a task for each active
mailbox it can lock, stops the tasks of mailboxes disconnected or removed, and restarts those whose
settings changed (a password entered again).

With several workers, one only syncs a given mailbox: the task holds a PostgreSQL advisory lock
on the supervisor's own connection. Locks die with that connection, so a worker that crashes
frees its mailboxes at once (no lease to expire), and a supervisor that loses its connection stops
all its tasks, since another worker may have taken them over.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass

import asyncpg
import structlog

from rapport.config import Settings
from rapport.db import Database
from rapport.email.ingest import EmailSubmitter
from rapport.kit.clock import idle
from rapport.mailbox import repository
from rapport.mailbox.sync import MailboxSync, MailboxTarget, SyncOptions
from rapport.worker.queue import JobQueue

log = structlog.get_logger("rapport.imap")

# The first key of the two-key advisory locks, so they cannot clash with other uses.
LOCK_NAMESPACE = 0x4D41494C  # "MAIL"
_TRY_LOCK = "SELECT pg_try_advisory_lock($1, hashtext($2))"
_UNLOCK = "SELECT pg_advisory_unlock($1, hashtext($2))"


@dataclass
class _Running:
    target: MailboxTarget
    task: asyncio.Task[None]


class MailboxSupervisor:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        submitter: EmailSubmitter,
        *,
        lock_dsn: str,
        options: SyncOptions,
        poll_seconds: float = 5.0,
        max_concurrent_fetches: int = 4,
    ) -> None:
        self.db = db
        self.settings = settings
        self.submitter = submitter
        self.lock_dsn = lock_dsn
        self.options = options
        self.poll_seconds = poll_seconds
        self._fetch_slots = asyncio.Semaphore(max_concurrent_fetches)
        self._connection: asyncpg.Connection | None = None
        self._running: dict[uuid.UUID, _Running] = {}
        self._wake = asyncio.Event()

    @property
    def syncing(self) -> set[uuid.UUID]:
        """The mailboxes this supervisor holds and syncs now."""
        return {mailbox_id for mailbox_id, running in self._running.items() if not running.task.done()}

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                try:
                    await self.reconcile()
                except Exception:  # the database may be down; try again at the next poll
                    log.warning("imap.supervisor_failed", exc_info=True)
                self._wake.clear()
                await idle(stop, self._wake, seconds=self.poll_seconds)
        finally:
            await self.close()

    async def reconcile(self) -> None:
        connection = await self._lock_connection()
        async with self.db.transaction(system=True) as session:
            rows = await repository.list_active(session)
        wanted = {row.id: MailboxTarget.of(row) for row in rows}
        for mailbox_id, running in list(self._running.items()):
            if wanted.get(mailbox_id) != running.target or running.task.done():
                await self._stop(mailbox_id)
        for mailbox_id, target in wanted.items():
            if mailbox_id in self._running:
                continue
            if not await connection.fetchval(_TRY_LOCK, LOCK_NAMESPACE, str(mailbox_id)):
                continue  # another worker syncs it
            sync = MailboxSync(
                target=target,
                settings=self.settings,
                db=self.db,
                submitter=self.submitter,
                options=self.options,
                fetch_slots=self._fetch_slots,
            )
            task = asyncio.create_task(sync.run(), name=f"imap-{mailbox_id}")
            task.add_done_callback(self._on_task_done)
            self._running[mailbox_id] = _Running(target, task)
            log.info("imap.sync_started", mailbox_id=str(mailbox_id))

    async def close(self) -> None:
        await self._cancel_all()
        await self._drop_connection()

    async def _stop(self, mailbox_id: uuid.UUID) -> None:
        running = self._running.pop(mailbox_id)
        running.task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await running.task
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.fetchval(_UNLOCK, LOCK_NAMESPACE, str(mailbox_id))
        log.info("imap.sync_stopped", mailbox_id=str(mailbox_id))

    async def _cancel_all(self) -> None:
        running, self._running = list(self._running.values()), {}
        for item in running:
            item.task.cancel()
        await asyncio.gather(*(item.task for item in running), return_exceptions=True)

    async def _lock_connection(self) -> asyncpg.Connection:
        if self._connection is not None and not self._connection.is_closed():
            try:
                await self._connection.fetchval("SELECT 1")
                return self._connection
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                log.warning("imap.lock_connection_lost")
        await self._drop_connection()
        connection = await asyncpg.connect(self.lock_dsn, server_settings={"application_name": "rapport-imap-locks"})
        await connection.add_listener(repository.NOTIFY_CHANNEL, lambda *_: self._wake.set())
        connection.add_termination_listener(lambda _: self._on_connection_lost())
        self._connection = connection
        return connection

    def _on_connection_lost(self) -> None:
        # The locks went with the connection: another worker may start syncing these mailboxes.
        for running in self._running.values():
            running.task.cancel()
        self._wake.set()

    async def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        await self._cancel_all()
        if connection is not None and not connection.is_closed():
            with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                await connection.close(timeout=5)

    def _on_task_done(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("imap.sync_crashed", task=task.get_name(), exc_info=task.exception())
            self._wake.set()


async def run_mailbox_sync(
    settings: Settings, db: Database, queue: JobQueue, *, lock_dsn: str, stop: asyncio.Event
) -> None:
    """The worker's IMAP side: syncs every connected mailbox until `stop` is set."""
    options = SyncOptions(catch_up_seconds=settings.imap_catch_up_seconds, max_email_bytes=settings.max_email_bytes)
    submitter = EmailSubmitter(queue)
    supervisor = MailboxSupervisor(db, settings, submitter, lock_dsn=lock_dsn, options=options)
    try:
        await supervisor.run(stop)
    finally:
        await submitter.close()
