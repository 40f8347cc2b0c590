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

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit.ids import new_id
from rapport.models import InboundEmail, InboundSource
from rapport.worker.queue import JobQueue

PROCESS_JOB = "email.process"


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
