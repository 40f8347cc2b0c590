"""Where every message enters, whatever its source (IMAP, SMTP forward-in, the raw MIME webhook).

A message is first written to `inbound_emails` as PENDING, durably, before its sender hears back.
Then its id goes to the `email.process` BullMQ job, batched: ids submitted within a few
milliseconds of each other travel in one job, so a burst of mail costs few jobs. Should a process
die between the two steps, the `email.sweep` schedule finds the rows still PENDING and sends them
on. Processing is idempotent, so a message sent twice is still stored once.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import structlog
from sqlalchemy import insert, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.db import Database
from rapport.kit.ids import new_id
from rapport.models import InboundEmail, InboundSource
from rapport.worker.queue import JobQueue

PROCESS_JOB = "email.process"

log = structlog.get_logger("rapport.email")


@dataclass(frozen=True, slots=True)
class Incoming:
    workspace_id: uuid.UUID
    raw: bytes
    source: InboundSource
    mailbox_id: uuid.UUID | None = None
    folder: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None


async def store_incoming(session: AsyncSession, messages: Sequence[Incoming]) -> list[uuid.UUID]:
    """Writes the messages as PENDING and returns the ids of the new rows.

    An IMAP message already stored under the same mailbox, folder, UIDVALIDITY and UID is skipped,
    so fetching a range twice (after a crash before the checkpoint moved) adds nothing. The caller
    submits the ids to an `EmailSubmitter` after its transaction commits.
    """
    if not messages:
        return []
    ids = [new_id() for _ in messages]
    rows: list[dict[str, object]] = [
        {
            "id": inbound_id,
            "workspace_id": m.workspace_id,
            "source": m.source,
            "mailbox_id": m.mailbox_id,
            "folder": m.folder,
            "uidvalidity": m.uidvalidity,
            "uid": m.uid,
            "raw": m.raw,
            "size": len(m.raw),
        }
        for inbound_id, m in zip(ids, messages, strict=True)
    ]
    if all(m.uid is None for m in messages):
        await session.execute(insert(InboundEmail).execution_options(render_nulls=True), rows)
        return ids
    statement = (
        pg_insert(InboundEmail)
        .on_conflict_do_nothing(
            index_elements=["mailbox_id", "folder", "uidvalidity", "uid"], index_where=InboundEmail.uid.is_not(None)
        )
        .returning(InboundEmail.id)
    )
    result = await session.execute(statement, rows)
    return list(result.scalars().all())


class EmailSubmitter:
    """Sends inbound ids to the `email.process` job, many per job.

    Ids submitted within `linger` seconds of each other (or until `batch_size` of them wait) travel
    in one job: a job's fixed cost (about 14 ms of CPU between the worker and PostgreSQL) is then
    shared by many messages instead of paid by each. `submit` returns once its ids are in Redis.
    """

    def __init__(self, queue: JobQueue, *, batch_size: int = 200, linger: float = 0.05) -> None:
        self._queue = queue
        self._batch_size = batch_size
        self._linger = linger
        self._pending: list[str] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._full = asyncio.Event()
        self._flushing: asyncio.Task[None] | None = None

    async def submit(self, ids: Sequence[uuid.UUID]) -> None:
        if not ids:
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.extend(str(i) for i in ids)
        self._waiters.append(done)
        if len(self._pending) >= self._batch_size:
            self._full.set()
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        await done

    async def close(self) -> None:
        """Sends the ids still lingering at once (call before the queue closes): ids left behind would
        wait for the sweep, a minute later."""
        self._linger = 0
        self._full.set()
        if self._flushing is not None and not self._flushing.done():
            await self._flushing

    async def _flush(self) -> None:
        while self._pending:
            with contextlib.suppress(TimeoutError):  # lingered long enough: send what is there
                await asyncio.wait_for(self._full.wait(), self._linger)
            self._full.clear()
            ids, self._pending = self._pending, []
            waiters, self._waiters = self._waiters, []
            try:
                for start in range(0, len(ids), self._batch_size):
                    await self._queue.enqueue(PROCESS_JOB, {"ids": ids[start : start + self._batch_size]})
            except Exception as error:  # noqa: BLE001 - every caller hears of it; the sweep retries the rows
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_exception(error)
            else:
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_result(None)


@dataclass(slots=True)
class _Arrival:
    token: str
    raw: bytes
    done: asyncio.Future[uuid.UUID | None]


class InboundWriter:
    """Stores webhook messages in groups: those arriving within `linger` seconds of each other share
    one transaction (one token lookup, one multi-row INSERT, one commit) instead of paying for one
    each. Every caller still hears back only after the commit, so a 202 always means stored."""

    def __init__(
        self, db: Database, submitter: EmailSubmitter, *, batch_size: int = 100, linger: float = 0.005
    ) -> None:
        self._db = db
        self._submitter = submitter
        self._batch_size = batch_size
        self._linger = linger
        self._arrivals: list[_Arrival] = []
        self._full = asyncio.Event()
        self._writing: asyncio.Task[None] | None = None
        self._submitting: set[asyncio.Task[None]] = set()

    async def store(self, token: str, raw: bytes) -> uuid.UUID | None:
        """The new row's id, or None when no workspace has this token."""
        done: asyncio.Future[uuid.UUID | None] = asyncio.get_running_loop().create_future()
        self._arrivals.append(_Arrival(token, raw, done))
        if len(self._arrivals) >= self._batch_size:
            self._full.set()
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write())
        return await done

    async def _write(self) -> None:
        while self._arrivals:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._full.wait(), self._linger)
            self._full.clear()
            arrivals, self._arrivals = self._arrivals[: self._batch_size], self._arrivals[self._batch_size :]
            try:
                ids = await self._insert(arrivals)
            except Exception as error:  # noqa: BLE001 - nothing was stored: every caller hears of it
                for arrival in arrivals:
                    if not arrival.done.done():
                        arrival.done.set_exception(error)
                continue
            for arrival, inbound_id in zip(arrivals, ids, strict=True):
                if not arrival.done.done():
                    arrival.done.set_result(inbound_id)
            stored = [i for i in ids if i is not None]
            if stored:
                task = asyncio.create_task(self._submit(stored))
                self._submitting.add(task)
                task.add_done_callback(self._submitting.discard)

    async def _insert(self, arrivals: list[_Arrival]) -> list[uuid.UUID | None]:
        tokens = sorted({a.token for a in arrivals})
        # System scope: one transaction writes rows of several workspaces (inbound_emails allows it).
        async with self._db.transaction(system=True) as session:
            rows = await session.execute(
                text("SELECT t, rapport_workspace_by_inbound_token(t) FROM unnest(CAST(:tokens AS text[])) AS t"),
                {"tokens": tokens},
            )
            workspaces = {token: workspace_id for token, workspace_id in rows if workspace_id is not None}
            known = [a for a in arrivals if a.token in workspaces]
            ids = await store_incoming(
                session,
                [Incoming(workspace_id=workspaces[a.token], raw=a.raw, source=InboundSource.WEBHOOK) for a in known],
            )
        by_arrival = {id(a): inbound_id for a, inbound_id in zip(known, ids, strict=True)}
        return [by_arrival.get(id(a)) for a in arrivals]

    async def _submit(self, ids: list[uuid.UUID]) -> None:
        try:
            await self._submitter.submit(ids)
        except Exception:  # stored: the worker's sweep sends them on
            log.warning("email.submit_failed", count=len(ids), exc_info=True)
