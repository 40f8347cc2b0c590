"""Jobs by name. A job takes ids, reloads state and is safe to run twice (delivery is at least once)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from redis.asyncio import Redis

from rapport.config import Settings
from rapport.db import Database


@dataclass(frozen=True)
class JobContext:
    settings: Settings
    db: Database
    redis: Redis


Handler = Callable[[JobContext, dict[str, object]], Awaitable[object]]
JOBS: dict[str, Handler] = {}


def job(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if name in JOBS:
            raise ValueError(f"job {name!r} is registered twice")
        JOBS[name] = handler
        return handler

    return register
