"""A worker killed between commit and relay loses nothing: the next relay publishes the backlog.

In a module of its own: no other worker may run while it checks what is left unpublished."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

from sqlalchemy import text

from rapport.db import Database
from tests.conftest import Servers, start_worker, stop_process
from tests.factories import GraphQLClient, sign_up


async def unpublished(db: Database, workspace_id: str) -> int:
    async with db.transaction() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM outbox_events WHERE workspace_id = :ws AND published_at IS NULL"),
            {"ws": workspace_id},
        )
    return int(count or 0)


async def test_a_worker_killed_before_relaying_loses_nothing(
    gql: GraphQLClient, servers: Servers, superuser_db: Database
) -> None:
    """Events committed while no relay runs (it was killed) are all published by the next one."""
    process = subprocess.Popen([sys.executable, "-m", "rapport", "worker"], env=servers.env())
    await asyncio.sleep(1.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    accounts = [await sign_up(gql) for _ in range(3)]  # committed with no relay running
    pending = [await unpublished(superuser_db, account.workspace_id) for account in accounts]

    restarted = start_worker(servers)
    try:
        for _ in range(100):
            if all([await unpublished(superuser_db, a.workspace_id) == 0 for a in accounts]):
                break
            await asyncio.sleep(0.1)
    finally:
        stop_process(restarted)

    assert pending == [1, 1, 1]
    assert [await unpublished(superuser_db, a.workspace_id) for a in accounts] == [0, 0, 0]
