"""Jobs by name. A job takes ids, reloads state and is safe to run twice (delivery is at least once)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from redis.asyncio import Redis

from rapport.config import Settings
from rapport.db import Database


@dataclass(frozen=True)
class JobContext:
    settings: Settings
    db: Database
    redis: Redis
    # Set when the worker is asked to stop: a long job (indexing) ends at its next step, leaving a follow-up
    # job for the rest, instead of holding the worker's shutdown (and being killed with its work leased).
    stopping: asyncio.Event = field(default_factory=asyncio.Event)


Handler = Callable[[JobContext, dict[str, object]], Awaitable[object]]
JOBS: dict[str, Handler] = {}


def job(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if name in JOBS:
            raise ValueError(f"job {name!r} is registered twice")
        JOBS[name] = handler
        return handler

    return register
