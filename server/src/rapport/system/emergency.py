"""Emergency mode: one switch in Redis that every api and worker process follows within seconds.

`rapport emergency on` writes the state under KEY and announces it on CHANNEL; each process keeps an
EmergencyWatch that takes the announcement at once and also re-reads KEY every few seconds (a process
that missed the message, or started later, still follows). While it is on, the api is read-only
(mutations and REST writes answer SERVICE_UNAVAILABLE with Retry-After), its limits are tighter, and
the worker runs only the critical jobs (CRITICAL_JOBS): the others wait. A Redis that cannot be read
keeps each process in the last state it saw.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
from dataclasses import dataclass

import structlog
from prometheus_client import Counter, Gauge
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = structlog.get_logger("rapport.emergency")

KEY = "rapport:emergency"
CHANNEL = "rapport:emergency"  # then ":<database number>" (see channel_of)
DEFAULT_MESSAGE = "Rapport is in emergency mode: you can read everything, changes are paused for a while."

EMERGENCY_MODE = Gauge(
    "rapport_emergency_mode", "1 while this process sees emergency mode on, else 0", multiprocess_mode="livemax"
)
SHED = Counter(
    "rapport_requests_shed_total",
    "Requests answered 503 at once: writes in emergency mode, the database pool or the search slots waited too long",
    ["reason"],
)


@dataclass(frozen=True)
class EmergencyState:
    active: bool
    message: str | None = None
    since: datetime.datetime | None = None

    def to_json(self) -> str:
        return json.dumps(
            {"active": self.active, "message": self.message, "since": self.since.isoformat() if self.since else None}
        )

    @classmethod
    def from_json(cls, raw: str | bytes | None) -> EmergencyState:
        if raw is None:
            return OFF
        try:
            value = json.loads(raw)
            since = datetime.datetime.fromisoformat(value["since"]) if value.get("since") else None
            return cls(bool(value["active"]), value.get("message") or None, since)
        except (ValueError, KeyError, TypeError, AttributeError):
            # A value we cannot read is not a reason to stop writes everywhere.
            log.warning("emergency.unreadable_state", raw=str(raw)[:200])
            return OFF


OFF = EmergencyState(False)


def channel_of(redis: Redis) -> str:
    """Pub/sub ignores Redis's database numbers: the channel names the database that holds KEY, so
    deployments sharing one Redis through different databases keep separate switches."""
    return f"{CHANNEL}:{redis.connection_pool.connection_kwargs.get('db', 0)}"


async def read(redis: Redis) -> EmergencyState:
    return EmergencyState.from_json(await redis.get(KEY))


async def switch_on(redis: Redis, *, message: str | None = None) -> EmergencyState:
    current = await read(redis)
    since = current.since if current.active and current.since else datetime.datetime.now(datetime.UTC)
    state = EmergencyState(True, message or DEFAULT_MESSAGE, since)
    await redis.set(KEY, state.to_json())
    await redis.publish(channel_of(redis), state.to_json())
    return state


async def switch_off(redis: Redis) -> EmergencyState:
    await redis.delete(KEY)
    await redis.publish(channel_of(redis), OFF.to_json())
    return OFF


class EmergencyWatch:
    """The switch as one process sees it: `active` is a plain attribute read, never a Redis call."""

    def __init__(self, redis_url: str, *, check_seconds: float = 5.0) -> None:
        self._redis = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=max(check_seconds, 2) + 2)
        self.check_seconds = check_seconds
        self.state = OFF
        self._task: asyncio.Task[None] | None = None

    @property
    def active(self) -> bool:
        return self.state.active

    async def start(self) -> None:
        with contextlib.suppress(RedisError, OSError):
            self._apply(await read(self._redis))
        self._task = asyncio.create_task(self._follow())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._redis.aclose()

    def _apply(self, state: EmergencyState) -> None:
        if state != self.state:
            log.warning("emergency.on" if state.active else "emergency.off", message=state.message)
            self.state = state
        EMERGENCY_MODE.set(1 if state.active else 0)

    async def _follow(self) -> None:
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(channel_of(self._redis))
                    while True:
                        # A message or `check_seconds` of silence: either way KEY says what holds.
                        await pubsub.get_message(ignore_subscribe_messages=True, timeout=self.check_seconds)
                        self._apply(await read(self._redis))
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - keep the last state; try again shortly
                log.warning("emergency.watch_unavailable", error=repr(error))
                await asyncio.sleep(self.check_seconds)


_current: EmergencyWatch | None = None


def install(watch: EmergencyWatch | None) -> None:
    """The process's watch, for the code that only needs to read it (systemStatus, the job runner)."""
    global _current
    _current = watch


def current() -> EmergencyState:
    return _current.state if _current is not None else OFF
