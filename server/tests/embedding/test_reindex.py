"""`rapport reindex`: queues what has no vector (or, with --all, every record and email) for the worker,
and follows the queue until it is empty."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys

from sqlalchemy import text

from rapport.db import Database
from rapport.embedding import jobs
from rapport.worker.registry import JobContext
from tests.conftest import Servers
from tests.embedding.test_pipeline import contact, index_all, queued, stored
from tests.factories import GraphQLClient, sign_up


async def reindex(servers: Servers, ai_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "rapport", "reindex", *args],
        env=servers.env(RAPPORT_AI_URL=ai_url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_reindex_queues_what_has_no_vector_and_all_queues_everything_the_unchanged_skipped(
    gql: GraphQLClient, servers: Servers, ai_url: str, context: JobContext, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    grace = await contact(gql, owner.access_token, firstName="Grace", lastName="Brewster")
    alan = await contact(gql, owner.access_token, firstName="Alan", lastName="Turing")
    await index_all(context)
    before = await stored(superuser_db, owner.workspace_id)
    async with superuser_db.transaction() as session:  # as after a restore from an older backup
        await session.execute(text("DELETE FROM embeddings WHERE object_id = :id"), {"id": alan})

    missing = await reindex(servers, ai_url, "--no-wait")

    assert missing.returncode == 0, missing.stderr
    said = re.fullmatch(r"reindex: (\d+) queued; (\d+) waiting to be embedded in all\n", missing.stdout)
    assert said is not None, missing.stdout
    assert 1 <= int(said[1]) <= int(said[2])  # other tests' workspaces may have records without vectors too
    assert await queued(superuser_db, owner.workspace_id) == {("CONTACT", alan)}
    await jobs.index(context, {})
    assert set(await stored(superuser_db, owner.workspace_id)) == {grace, alan}

    every = await reindex(servers, ai_url, "--all", "--no-wait")

    assert every.returncode == 0, every.stderr
    assert await queued(superuser_db, owner.workspace_id) == {("CONTACT", grace), ("CONTACT", alan)}
    counts = await jobs.index(context, {})
    assert counts["current"] >= 2  # the same texts: not embedded again
    assert (await stored(superuser_db, owner.workspace_id))[grace] == before[grace]


async def test_reindex_follows_the_queue_until_it_is_empty(
    gql: GraphQLClient, servers: Servers, ai_url: str, context: JobContext, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    ada = await contact(gql, owner.access_token, firstName="Ada", lastName="Palmer")
    await index_all(context)
    async with superuser_db.transaction() as session:
        await session.execute(text("DELETE FROM embeddings WHERE object_id = :id"), {"id": ada})

    following = asyncio.create_task(reindex(servers, ai_url))
    for _ in range(300):  # the command has queued it: the worker's part, done here
        if ("CONTACT", ada) in await queued(superuser_db, owner.workspace_id):
            break
        await asyncio.sleep(0.1)
    await index_all(context)
    done = await following

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"reindex: [1-9]\d* queued; [1-9]\d* waiting to be embedded in all", lines[0]), lines
    assert lines[-1].startswith("reindex: done in ")
    assert ada in await stored(superuser_db, owner.workspace_id)
