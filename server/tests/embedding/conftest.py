"""The embedding tests' job context: the test servers and the session's real AI service."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from rapport.db import Database
from rapport.worker.registry import JobContext
from tests.conftest import Servers


@pytest.fixture
def context(servers: Servers, app_db: Database, redis: Redis, ai_url: str) -> JobContext:
    """What the worker gives a job, in this process: `jobs.index(context, {})` indexes here and now."""
    return JobContext(settings=servers.settings(ai_url=ai_url), db=app_db, redis=redis)
