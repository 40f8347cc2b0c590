"""The notifier (a loop of the worker, beside the outbox relay) and the notification schedules (tasks due,
meetings about to start, pruning)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import timedelta

import structlog
from redis.asyncio import Redis

from rapport.db import Database
from rapport.events.relay import PASSES_CHANNEL
from rapport.kit.clock import idle, utcnow
from rapport.models import Activity
from rapport.notification import service
from rapport.worker.registry import JobContext, job

log = structlog.get_logger("rapport.notification")

BATCH_SIZE = 500
TASKS_DUE_BATCH = 1000
MEETINGS_SOON_BATCH = 1000


async def notify_once(db: Database, *, limit: int = BATCH_SIZE) -> int:
    """One pass over the events published since the last: how many events were read. The read (under
    the relay's lock, taken shared) is its own transaction, so relays never wait for the writes; each
    workspace's notifications are written in a transaction scoped to it, then the cursor moves on. A
    pass that dies in between is repeated, and its notifications are not made twice."""
    async with db.transaction(system=True) as session:
        events, _, reached = await service.read_events(session, limit=limit)
    by_workspace: dict[uuid.UUID, list[service.OutboxEvent]] = {}
    for event in events:
        by_workspace.setdefault(event.workspace_id, []).append(event)
    created = 0
    for workspace_id, of_workspace in by_workspace.items():
        async with db.transaction(workspace_id=workspace_id) as session:
            created += await service.notify_of_events(session, events=of_workspace)
    async with db.transaction(system=True) as session:
        await service.advance(session, reached=reached)
    if created:
        log.info("notification.created", count=created)
    return len(events)


async def run_notifier(db: Database, redis: Redis, *, poll_seconds: float, stop: asyncio.Event) -> None:
    """Notifies until `stop` is set: woken by the relay's publications, and polling in case one is missed."""
    wake = asyncio.Event()
    listener = asyncio.create_task(_listen(redis, wake, stop))
    try:
        while not stop.is_set():
            wake.clear()
            try:
                read = await notify_once(db)
            except Exception:
                log.exception("notification.pass_failed")
                read = 0
            if read >= BATCH_SIZE:
                continue
            await idle(stop, wake, seconds=poll_seconds)
    finally:
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listener


async def _listen(redis: Redis, wake: asyncio.Event, stop: asyncio.Event) -> None:
    while not stop.is_set():
        pubsub = redis.pubsub()
        try:
            # Each relay pass that published events says so once; the notifier also polls on its own.
            await pubsub.subscribe(PASSES_CHANNEL)
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    wake.set()
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - Redis away: the notifier polls meanwhile
            log.warning("notification.listen_unavailable")
            await asyncio.sleep(1)
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()  # type: ignore[no-untyped-call]


@job("notification.tasks_due")
async def notify_tasks_due(context: JobContext, data: dict[str, object]) -> int:
    """TASK_DUE for tasks that fell due since the last run (scheduled every few seconds)."""
    async with context.db.transaction(system=True) as session:
        return await service.notify_tasks_due(session, now=utcnow(), limit=TASKS_DUE_BATCH)


@job("notification.meetings_soon")
async def notify_meetings_soon(context: JobContext, data: dict[str, object]) -> int:
    """MEETING_SOON for meetings starting within `meeting_reminder_minutes` (scheduled every few seconds):
    found across workspaces, then each workspace's reminders written, and its meetings marked reminded, in
    a transaction scoped to it (its members are read there). A run that dies in between is repeated, and
    its reminders are not made twice."""
    now = utcnow()
    lead = timedelta(minutes=context.settings.meeting_reminder_minutes)
    async with context.db.transaction(system=True) as session:
        meetings = await service.meetings_soon(session, now=now, lead=lead, limit=MEETINGS_SOON_BATCH)
    by_workspace: dict[uuid.UUID, list[Activity]] = {}
    for meeting in meetings:
        by_workspace.setdefault(meeting.workspace_id, []).append(meeting)
    created = 0
    for workspace_id, of_workspace in by_workspace.items():
        async with context.db.transaction(workspace_id=workspace_id) as session:
            created += await service.remind_of_meetings(
                session, workspace_id=workspace_id, meetings=of_workspace, now=now
            )
    return created


@job("notification.prune")
async def prune_notifications(context: JobContext, data: dict[str, object]) -> int:
    async with context.db.transaction(system=True) as session:
        return await service.prune(session, now=utcnow())
