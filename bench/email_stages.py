"""Where the email worker's time goes: the body of the `email.process` job, stage by stage, by batch size.

Runs Rapport's own code — `rapport.email.jobs.process_ids`, exactly what one `email.process` job
runs, minus BullMQ — in this process against the database of a running `rapport up`, on the
corpus of bench/email_generate.py. For each batch size it signs up a fresh workspace with the
corpus's CRM records (through GraphQL, as email_run.py does), writes the same messages as PENDING
rows (`rapport.email.ingest.store_incoming`, as the webhook does), and processes them that many at a
time, one `process_ids` call per batch. Every coroutine of `rapport.email.pipeline` (each stage
module) and the parser pool's `parse_many` are wrapped with a timer (time spent in each, nested
calls subtracted), every SQL statement is counted and timed, and the CPU of this process, of its
parser processes and of its PostgreSQL backends is read from /proc. Nothing in server/ is changed:
the wrappers are set on the imported modules.

    cd server && uv run python ../bench/email_stages.py [--batches 1,2,5,20,100,200] [--messages 400]

The stack's worker keeps running and does not take these rows first: they are written without being
submitted (no `email.process` job is enqueued for them, where the webhook's InboundWriter submits
after its commit), so the worker would only see them through its `email.sweep`, which takes rows
PENDING for over 60 s, and each batch is processed here milliseconds after it is written. Stopping
the worker instead would change the machine being measured (no relay or notifier acting on what the
jobs write). A row taken by another process anyway shows as "not processed here".

Like the worker, this process opens the app's login and the system login (`rapport_sys`, a member
of `rapport_system`): `process_ids` finds the PENDING rows in a system transaction, and under
row-level security the app's login sees none of them there.

Before measuring, the tables the sign-up filled are analyzed as their owner, as autovacuum would
within a minute or so. Without it the planner takes the new workspace for an empty one, and the
job's `UPDATE contacts ... SET last_activity_at` (rapport.activity.repository._TOUCH), run under
row-level security, scans all of the workspace's contacts once for each of them: up to 0.7 s a
statement for 569 contacts, which then dominates every figure. `--no-analyze` measures that case.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import inspect
import json
import os
import re
import shutil
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx
from common import BENCH_DIR, DEFAULT_API, require_local
from email_run import DEFAULT_CORPUS, DEFAULT_DATA_DIR, Corpus, _stat, set_up_workspace
from sqlalchemy import event, text

from rapport.config import Settings
from rapport.db import Database, create_engine, open_database
from rapport.email import jobs, parse
from rapport.email.ingest import Incoming, store_incoming
from rapport.email.pipeline import batch, dedupe, linking, repository, store, threading
from rapport.embedded import APP_LOGIN_ROLE, DATABASE_NAME, OWNER_ROLE, SYSTEM_LOGIN_ROLE
from rapport.models import InboundSource
from rapport.worker.registry import JobContext

RESULTS_DIR = BENCH_DIR / "results"
APPLICATION_NAME = "email-stages"  # the system engine's connections are "email-stages-system"
JOB_PYTHON = "this process (the job's Python)"
UUID_LITERAL = re.compile(r"'[0-9a-f]{8}-[0-9a-f-]{27}'")
# What the sign-up fills and a batch reads by workspace (contacts, their addresses, companies, deals).
ANALYZED = ("contacts", "contact_emails", "companies", "deals", "deal_contacts")


class Timers:
    """Exclusive wall time per wrapped function: a call's time minus that of the wrapped calls inside it."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self._stack: list[list[float]] = []

    def wrap(self, name: str, function: Any) -> Any:
        @functools.wraps(function)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append([0.0])
            started = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = self._stack.pop()[0]
                self.seconds[name] += elapsed - inner
                self.calls[name] += 1
                if self._stack:
                    self._stack[-1][0] += elapsed

        return timed


def instrument(timers: Timers) -> None:
    for module in (batch, dedupe, threading, linking, store, repository):
        for name, function in list(vars(module).items()):
            if inspect.iscoroutinefunction(function) and getattr(function, "__module__", "") == module.__name__:
                setattr(module, name, timers.wrap(f"{module.__name__.rsplit('.', 1)[1]}.{name}", function))
    for name in ("process_ids", "_run", "_quarantine"):
        setattr(jobs, name, timers.wrap(f"jobs.{name}", getattr(jobs, name)))
    parse.Parser.parse_many = timers.wrap("parse_many (parser pool)", parse.Parser.parse_many)  # type: ignore[method-assign]


class Statements:
    """Counts and times every SQL statement the engines send (the app's and the system login's), by its first words."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.enabled = False  # on only while a job runs: the ingest and the bookkeeping are not counted

    def clear(self) -> None:
        self.count.clear()
        self.seconds.clear()

    def attach(self, db: Database) -> None:
        for engine in {db.engine.sync_engine, db.system_engine.sync_engine}:
            self._attach(engine)

    def _attach(self, engine: Any) -> None:
        @event.listens_for(engine, "before_cursor_execute")
        def before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
            conn.info["bench_started"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def after(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
            if not self.enabled:
                return
            key = UUID_LITERAL.sub("'…'", " ".join(statement.split()[:5]))[:70]  # one key for every workspace
            self.count[key] += 1
            self.seconds[key] += time.perf_counter() - conn.info.pop("bench_started", time.perf_counter())


def children_cpu() -> float:
    """CPU seconds of this process's descendants (the parser pool's processes)."""
    total, me = 0.0, os.getpid()
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None:
                parents[int(entry)] = stat[0]
    stack, seen = [me], set()
    while stack:
        pid = stack.pop()
        for child, parent in parents.items():
            if parent == pid and child not in seen:
                seen.add(child)
                stack.append(child)
                stat = _stat(child)
                total += stat[1] if stat else 0.0
    return total


async def backend_cpu(db: Database) -> float:
    """CPU seconds of the PostgreSQL backends this process's engines hold (the app's and the system login's)."""
    async with db.transaction(system=True) as session:
        pids = (
            await session.scalars(
                text("SELECT pid FROM pg_stat_activity WHERE application_name IN (:app, :system)"),
                {"app": APPLICATION_NAME, "system": f"{APPLICATION_NAME}-system"},
            )
        ).all()
    return sum((_stat(pid) or (0, 0.0))[1] for pid in pids)


async def run_batch_size(
    args: argparse.Namespace, corpus: Corpus, batch_size: int, context: JobContext, statements: Statements
) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=args.api, timeout=120) as client:
        setup = await set_up_workspace(client, corpus, argparse.Namespace(auto_create=args.auto_create))
    workspace_id = uuid.UUID(setup["workspace_id"])
    if args.analyze:
        await analyze(args.data_dir)
    db = context.db
    statements.clear()
    global_timers.seconds.clear()
    global_timers.calls.clear()
    messages = [corpus.raw(n) for n in range(args.skip, args.skip + args.messages)]
    ingest_seconds = 0.0
    wall = cpu = pg = parsers = 0.0
    outcome = Counter[str]()
    for start in range(0, len(messages), batch_size):
        chunk = messages[start : start + batch_size]
        began = time.perf_counter()
        async with db.transaction(workspace_id=workspace_id) as session:
            ids = await store_incoming(
                session, [Incoming(workspace_id=workspace_id, raw=raw, source=InboundSource.WEBHOOK) for raw in chunk]
            )
        ingest_seconds += time.perf_counter() - began
        pg_before, parsers_before, cpu_before = await backend_cpu(db), children_cpu(), time.process_time()
        began = time.perf_counter()
        statements.enabled = True
        result = await jobs.process_ids(context, ids)
        statements.enabled = False
        wall += time.perf_counter() - began
        cpu += time.process_time() - cpu_before
        parsers += children_cpu() - parsers_before
        pg += await backend_cpu(db) - pg_before
        outcome.update(stored=result.stored, duplicates=result.duplicates, quarantined=result.quarantined)
    n = len(messages)
    job_count = -(-n // batch_size)
    async with db.transaction(system=True) as session:
        states = dict(
            (
                await session.execute(
                    text("SELECT state::text, count(*) FROM inbound_emails WHERE workspace_id = :ws GROUP BY 1"),
                    {"ws": workspace_id},
                )
            ).all()
        )
    stages = {k: round(1000 * v / n, 3) for k, v in sorted(global_timers.seconds.items(), key=lambda kv: -kv[1])}
    return {
        "batch": batch_size,
        "messages": n,
        "jobs": job_count,
        "outcome": dict(outcome),
        "states": states,
        "not processed here": n - sum(outcome.values()),
        "wall_ms_per_message": round(1000 * wall / n, 2),
        "messages_per_second_one_job_at_a_time": round(n / wall, 1),
        "cpu_ms_per_message": {
            JOB_PYTHON: round(1000 * cpu / n, 2),
            "parser processes": round(1000 * parsers / n, 2),
            "postgresql backends": round(1000 * pg / n, 2),
        },
        "stages_ms_per_message": stages,
        "sql_statements_per_job": round(sum(statements.count.values()) / job_count, 1),
        "sql": {
            k: {
                "per_job": round(statements.count[k] / job_count, 2),
                "ms_per_message": round(1000 * statements.seconds[k] / n, 3),
            }
            for k, _ in statements.seconds.items()
        },
        "ingest_ms_per_message": round(1000 * ingest_seconds / n, 2),
    }


global_timers = Timers()


def report(results: list[dict[str, Any]]) -> str:
    lines = [
        "| batch | jobs | wall ms/msg | msgs/s (one job at a time) | job Python CPU ms/msg | parser CPU ms/msg"
        " | PostgreSQL CPU ms/msg | SQL statements/job |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        c = r["cpu_ms_per_message"]
        lines.append(
            f"| {r['batch']} | {r['jobs']} | {r['wall_ms_per_message']} | "
            f"{r['messages_per_second_one_job_at_a_time']} | "
            f"{c[JOB_PYTHON]} | {c['parser processes']} | {c['postgresql backends']} | {r['sql_statements_per_job']} |"
        )
    stages = sorted(
        {k for r in results for k in r["stages_ms_per_message"]},
        key=lambda k: -results[0]["stages_ms_per_message"].get(k, 0),
    )
    lines += [
        "",
        "Wall time per message in each function (nested calls subtracted), ms:",
        "",
        "| function | " + " | ".join(f"batch {r['batch']}" for r in results) + " |",
        "| --- | " + " | ".join("---:" for _ in results) + " |",
    ]
    for k in stages:
        lines.append(f"| {k} | " + " | ".join(str(r["stages_ms_per_message"].get(k, "—")) for r in results) + " |")
    keys = sorted(
        {k for r in results for k in r["sql"]}, key=lambda k: -results[0]["sql"].get(k, {}).get("ms_per_message", 0)
    )
    lines += [
        "",
        "SQL statements: per job, and wall ms per message (smallest batch / largest batch):",
        "",
        "| statement | per job (smallest) | ms/msg (smallest) | per job (largest) | ms/msg (largest) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    first, last = results[0]["sql"], results[-1]["sql"]
    for k in keys:
        a, b = first.get(k, {}), last.get(k, {})
        cells = [a.get("per_job"), a.get("ms_per_message"), b.get("per_job"), b.get("ms_per_message")]
        lines.append(f"| `{k}` | " + " | ".join("—" if v is None else str(v) for v in cells) + " |")
    return "\n".join(lines)


def database_url(data_dir: str, role: str) -> str:
    return f"postgresql+asyncpg://{role}@/{DATABASE_NAME}?host={Path(data_dir).resolve() / 'postgres'}"


async def analyze(data_dir: str) -> None:
    """Statistics that know the new workspace (ANALYZE needs the tables' owner)."""
    engine = create_engine(
        database_url(data_dir, OWNER_ROLE), pool_size=1, application_name=f"{APPLICATION_NAME}-owner"
    )
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f"ANALYZE {', '.join(ANALYZED)}"))
    finally:
        await engine.dispose()


def settings_for(data_dir: str) -> Settings:
    """The worker's settings for the `rapport up` on `data_dir`: its app and system logins, its Valkey; files aside."""
    base = Path(data_dir).resolve()
    return Settings(
        database_url=database_url(data_dir, APP_LOGIN_ROLE),
        database_system_url=database_url(data_dir, SYSTEM_LOGIN_ROLE),
        redis_url=f"unix://{base / 'valkey' / 'valkey.sock'}",
        files_dir=Path(tempfile.mkdtemp(prefix="rapport-email-stages-")),
    )


async def main_async(args: argparse.Namespace) -> list[dict[str, Any]]:
    corpus = Corpus(Path(args.corpus))
    settings = settings_for(args.data_dir)
    instrument(global_timers)
    # One pair of engines for the whole run, as a worker process keeps: its connections and its compiled
    # statements are warm after the first batch size, not paid again by each.
    db = open_database(
        settings.require_database_url(),
        settings.require_system_url(),
        pool_size=2,
        system_pool_size=2,
        application_name=APPLICATION_NAME,
    )
    statements = Statements()
    statements.attach(db)
    context = JobContext(settings=settings, db=db, redis=None)  # type: ignore[arg-type]  # process_ids needs no Redis
    results = []
    try:
        # Start every parser process before measuring.
        await jobs.parser_for(context).parse_many([corpus.raw(n) for n in range(args.skip, args.skip + 8)])
        for batch_size in [int(b) for b in args.batches.split(",")]:
            result = await run_batch_size(args, corpus, batch_size, context, statements)
            results.append(result)
            print(
                json.dumps(
                    {
                        k: result[k]
                        for k in ("batch", "wall_ms_per_message", "cpu_ms_per_message", "outcome", "not processed here")
                    }
                ),
                flush=True,
            )
    finally:
        await db.dispose()
        jobs.close_parser()
        shutil.rmtree(settings.files_path, ignore_errors=True)  # the attachments' files: nothing reads them
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", default=DEFAULT_API)
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--batches", default="1,2,5,20,100,200")
    parser.add_argument("--messages", type=int, default=400, help="messages per batch size (the same ones each time)")
    parser.add_argument("--skip", type=int, default=0, help="start this far into the corpus")
    parser.add_argument(
        "--no-analyze",
        dest="analyze",
        action="store_false",
        help="measure with the statistics the sign-up left (the planner knows nothing of the new workspace)",
    )
    parser.add_argument("--auto-create", default="OFF", choices=["OFF", "SENT_AND_RECEIVED", "SENT_ONLY"])
    args = parser.parse_args()
    args.api = require_local(args.api)
    started = time.strftime("%Y-%m-%dT%H%M%SZ", time.gmtime())
    results = asyncio.run(main_async(args))
    text_report = report(results)
    RESULTS_DIR.mkdir(exist_ok=True)
    stem = RESULTS_DIR / f"email-stages-{started}"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=1))
    stem.with_suffix(".md").write_text(text_report + "\n")
    print("\n" + text_report)
    print(f"results: {stem}.json and .md")


if __name__ == "__main__":
    main()
