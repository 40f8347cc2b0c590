"""Fan-out in one api process: ONE Redis subscription per workspace that has local sockets (not one
per socket). Each workspace's events are handled in arrival order (the relay's commit order) by one
task, which hands each to `dispatch` together with the workspace's local connections."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import uuid
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from typing import Protocol

import structlog
from redis.asyncio import Redis
from redis.asyncio.client import PubSub

from rapport.events.relay import workspace_channel
from rapport.realtime.service import Event

log = structlog.get_logger("rapport.realtime")

# Close codes sent when the workspace's own events end a member's access (see docs/design.md).
CLOSE_MEMBER_REMOVED = 4403
CLOSE_ROLE_CHANGED = 4441
RECENT_IDS = 4096


class Listener(Protocol):
    """A local connection, as the hub sees it."""

    workspace_id: uuid.UUID
    user_id: uuid.UUID

    def close_soon(self, code: int, reason: str) -> None: ...


Dispatch = Callable[[Event, Collection[Listener]], Awaitable[None]]


_FEED_SERIALS = itertools.count(1)


@dataclass(eq=False)
class Feed:
    """One workspace's subscription in this process."""

    channel: str
    listeners: set[Listener] = field(default_factory=set)
    # None: the feed was dropped; its pump ends after what is queued before it.
    events: asyncio.Queue[Event | None] = field(default_factory=asyncio.Queue)
    subscribed: asyncio.Future[None] = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    last_sequence: int = 0
    # Outbox ids recently handled: a relay that died after publishing re-sends its events with new numbers.
    recent_ids: dict[uuid.UUID, None] = field(default_factory=dict)
    pump: asyncio.Task[None] | None = None
    # Tells this feed from an earlier one of the same workspace (marks of the two never compare equal).
    serial: int = field(default_factory=lambda: next(_FEED_SERIALS))


class Hub:
    def __init__(self, redis_url: str, dispatch: Dispatch) -> None:
        self._redis_url = redis_url
        self._dispatch = dispatch
        self._feeds: dict[uuid.UUID, Feed] = {}
        self._by_channel: dict[str, Feed] = {}
        self._lock = asyncio.Lock()
        self._redis: Redis | None = None
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._redis = Redis.from_url(self._redis_url, decode_responses=True, health_check_interval=30)
        self._pubsub = self._redis.pubsub()
        # A channel of its own, so the connection is in subscribed mode from the start and `listen` has
        # something to wait on.
        await self._pubsub.subscribe(f"rapport:api:{os.getpid()}:{uuid.uuid4().hex}")
        self._reader = asyncio.create_task(self._read())

    async def stop(self) -> None:
        for feed in self._feeds.values():
            if feed.pump is not None:
                feed.pump.cancel()
        if self._reader is not None:
            self._reader.cancel()
        if self._pubsub is not None:
            await self._pubsub.aclose()  # type: ignore[no-untyped-call]
        if self._redis is not None:
            await self._redis.aclose()

    @property
    def workspace_count(self) -> int:
        return len(self._feeds)

    async def join(self, listener: Listener) -> None:
        """Adds a connection; returns once the workspace's channel is subscribed (events published
        from then on reach it)."""
        assert self._pubsub is not None
        async with self._lock:
            feed = self._feeds.get(listener.workspace_id)
            if feed is None:
                channel = workspace_channel(listener.workspace_id)
                feed = Feed(channel)
                self._feeds[listener.workspace_id] = feed
                self._by_channel[channel] = feed
                feed.pump = asyncio.create_task(self._pump(feed))
                await self._pubsub.subscribe(channel)
            feed.listeners.add(listener)
        await asyncio.wait_for(asyncio.shield(feed.subscribed), timeout=10)

    def mark(self, workspace_id: uuid.UUID) -> tuple[int, int]:
        """How far this process has handed out the workspace's events: at two moments with the same mark,
        no event was handed to the workspace's listeners in between."""
        feed = self._feeds.get(workspace_id)
        return (feed.serial, feed.last_sequence) if feed is not None else (0, 0)

    def leave(self, listener: Listener) -> None:
        feed = self._feeds.get(listener.workspace_id)
        if feed is None:
            return
        feed.listeners.discard(listener)
        if not feed.listeners:
            asyncio.get_running_loop().create_task(self._drop(listener.workspace_id, feed))

    async def _drop(self, workspace_id: uuid.UUID, feed: Feed) -> None:
        assert self._pubsub is not None
        async with self._lock:
            if feed.listeners or self._feeds.get(workspace_id) is not feed:
                return
            del self._feeds[workspace_id]
            del self._by_channel[feed.channel]
            # Not cancelled: a cancel in the middle of an event's run lands in its database statement,
            # whose connection then cannot roll back ("another operation is in progress").
            feed.events.put_nowait(None)
            try:
                await self._pubsub.unsubscribe(feed.channel)
            except Exception:  # noqa: BLE001 - the reader notices a broken connection and logs it
                log.warning("realtime.unsubscribe_failed", channel=feed.channel)

    async def _read(self) -> None:
        assert self._pubsub is not None
        while True:
            try:
                async for message in self._pubsub.listen():
                    self._receive(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                # Redis went away: redis-py reconnects and subscribes again on the next read.
                log.exception("realtime.redis_read_failed")
                await asyncio.sleep(1)

    def _receive(self, message: dict[str, object]) -> None:
        channel = str(message.get("channel"))
        feed = self._by_channel.get(channel)
        if feed is None:
            return
        if message["type"] == "subscribe":
            if not feed.subscribed.done():
                feed.subscribed.set_result(None)
            return
        if message["type"] != "message":
            return
        try:
            event = Event.of_message(json.loads(str(message["data"])))
        except (ValueError, KeyError, TypeError):
            log.warning("realtime.bad_event", channel=channel)
            return
        feed.events.put_nowait(event)

    async def _pump(self, feed: Feed) -> None:
        while True:
            event = await feed.events.get()
            if event is None:
                return
            if event.sequence <= feed.last_sequence or event.id in feed.recent_ids:
                continue  # published twice (a relay died before marking it): delivered already
            feed.last_sequence = event.sequence
            feed.recent_ids[event.id] = None
            if len(feed.recent_ids) > RECENT_IDS:
                del feed.recent_ids[next(iter(feed.recent_ids))]
            self._end_access(event, feed.listeners)
            if not feed.listeners:
                continue
            try:
                await self._dispatch(event, list(feed.listeners))
            except Exception:
                log.exception("realtime.dispatch_failed", event_type=event.type, sequence=event.sequence)

    @staticmethod
    def _end_access(event: Event, listeners: Collection[Listener]) -> None:
        if event.type not in ("member.removed", "member.role_changed"):
            return
        user_id = str(event.payload.get("userId"))
        for listener in list(listeners):
            if str(listener.user_id) != user_id:
                continue
            if event.type == "member.removed":
                listener.close_soon(CLOSE_MEMBER_REMOVED, "You are no longer a member of this workspace.")
            else:
                listener.close_soon(CLOSE_ROLE_CHANGED, "Your role changed: reconnect.")
