"""Email throughput: pushes the generated corpus through the raw MIME webhook of a running `rapport up`
at a fixed offered rate (or as fast as it goes) and measures what the pipeline makes of it.

    cd server && uv run python ../bench/email_run.py [--rate 10000|max] [--duration 300] [--quick]

Before the measured window it signs up a fresh workspace through GraphQL, creates the corpus's CRM
companies, contacts and open deals in it (so that linking finds real records), and reads the
workspace's inbound token. Then, for --duration seconds, one asyncio httpx client POSTs the
pre-generated messages (bench/email_generate.py) in order, each at its scheduled time; after the
window it waits until nothing is PENDING any more (or --drain-timeout), then checks every message.

Measured:
- accepted/min: 202 answers; processed/min: rows leaving PENDING (stored + duplicate + quarantined),
  counted every --sample seconds in `inbound_emails` over a direct SQL connection as the `postgres`
  superuser (GraphQL has no count of processed messages); the PENDING backlog over time.
- end-to-end latency, two ways: (1) GraphQL: 1 message in --probe-every is looked up through
  `emailThreads(filter: {subject: {in: [...]}}) { emails { messageId } }` every --poll seconds
  until it shows, from the moment its POST started (includes up to one poll interval);
  (2) SQL: `processed_at - received_at` of every message (stamped by the database at insert and by
  the worker before it writes the batch; so it leaves out the final INSERTs and the COMMIT).
- conservation: 202s = rows = stored + duplicate + quarantined, and each message's state is the one
  the corpus expects; duplicates and quarantined counts as generated; threads not split.
- CPU seconds per component (api, worker, parser processes, PostgreSQL, Valkey, this load
  generator, everything else) from /proc, per 1,000 messages.
- with --log (the output of `rapport up`): webhook request times from the api's request log and
  messages per `email.process` job from the worker's job log.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import mmap
import os
import platform
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from common import BENCH_DIR, DEFAULT_API, db_url, graphql_error, require_local

# httpcore asks `import sniffio` on every request; it is not installed, and a failed import searches
# the whole sys.path each time (~10 % of this process's CPU). A None entry makes it fail at once.
sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]

import httpx  # noqa: E402 - after the line above

RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_DATA_DIR = os.environ.get("RAPPORT_DATA_DIR", "/tmp/rapport-bench-email")  # noqa: S108 - as bench/README says
DEFAULT_CORPUS = "/tmp/rapport-bench-email-corpus"  # noqa: S108 - generated data, 1.4 GB: not in the repository
WEBHOOK = "/api/v1/webhooks/inbound/email"
PASSWORD = "bench-password-1"  # local benchmark accounts only
TARGET_PER_MINUTE = 10_000

SIGN_UP = """mutation($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } workspace { id } } }"""
CREATE_COMPANIES = """mutation($inputs: [CompanyInput!]!) { createCompanies(inputs: $inputs) {
  companies { id domain } errors { index message } } }"""
CREATE_CONTACTS = """mutation($inputs: [ContactInput!]!) { createContacts(inputs: $inputs) {
  contacts { id } errors { index message } } }"""
CREATE_DEAL = """mutation($input: DealInput!) { createDeal(input: $input) { id } }"""
AUTO_CREATE = """mutation($policy: AutoCreatePolicy!) { setContactAutoCreate(policy: $policy) }"""
INBOUND = """query { inboundEmail { token address } }"""
PROBE = """query Probe($subjects: [String!]!, $first: Int!) {
  emailThreads(first: $first, filter: {subject: {in: $subjects}})
  { edges { node { subject emails { messageId } } } } }"""
THREADS_COUNT = """query { emailThreads(first: 1) { totalCount } }"""


# ---------------------------------------------------------------- the corpus


class Corpus:
    def __init__(self, path: Path) -> None:
        if not (path / "index.jsonl").exists():
            raise SystemExit(f"{path}/index.jsonl not found: run bench/email_generate.py first")
        self.path = path
        self.index = [json.loads(line) for line in (path / "index.jsonl").open()]
        self.crm = json.loads((path / "crm.json").read_text())
        self.manifest = json.loads((path / "manifest.json").read_text())
        self._file = (path / "messages.bin").open("rb")
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)

    def raw(self, n: int) -> bytes:
        entry = self.index[n]
        return self._map[entry["offset"] : entry["offset"] + entry["size"]]


# ---------------------------------------------------------------- CPU accounting from /proc

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds so far) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _environ_has(pid: int, entry: bytes) -> bool:
    try:
        return entry in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return False


def system_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / TICKS, total / TICKS


class ProcessTable:
    """CPU seconds used by each part of `rapport up` (found through its data directory), PostgreSQL and us."""

    def __init__(self, data_dir: str) -> None:
        self.data_dir = str(Path(data_dir).resolve())
        self.first: dict[int, tuple[str, float]] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.first_sample_done = False

    def _classify(self) -> dict[int, str]:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = _stat(int(entry))
                if stat is not None:
                    parents[int(entry)] = stat[0]
        children: dict[int, list[int]] = {}
        for pid, ppid in parents.items():
            children.setdefault(ppid, []).append(pid)

        def descendants(root: int) -> list[int]:
            out, stack = [], [root]
            while stack:
                pid = stack.pop()
                out.append(pid)
                stack.extend(children.get(pid, []))
            return out

        kinds: dict[int, str] = {}
        postmaster_file = Path(self.data_dir) / "postgres" / "postmaster.pid"
        with contextlib.suppress(OSError, ValueError, IndexError):
            for pid in descendants(int(postmaster_file.read_text().split()[0])):
                kinds[pid] = "postgresql"
        wanted = f"RAPPORT_DATA_DIR={self.data_dir}".encode()
        ups = [
            pid
            for pid in parents
            if " up" in _cmdline(pid) and "rapport" in _cmdline(pid) and _environ_has(pid, wanted)
        ]
        for up in ups:
            for pid in descendants(up):
                command = _cmdline(pid)
                if pid in kinds:
                    continue
                if "-m rapport api" in command:
                    kinds[pid] = "api"
                elif "-m rapport worker" in command:
                    kinds[pid] = "worker"
                    for child in descendants(pid)[1:]:
                        kinds[child] = "parser processes"
                elif "-m rapport smtp" in command:
                    kinds[pid] = "smtp"
                elif "valkey" in command or "redis" in command:
                    kinds[pid] = "valkey"
                elif pid == up:
                    kinds[pid] = "rapport up (supervisor)"
        for pid in descendants(os.getpid()):
            kinds[pid] = "load generator (this runner)"
        return kinds

    def sample(self) -> None:
        for pid, kind in self._classify().items():
            stat = _stat(pid)
            if stat is None:
                continue
            self.first.setdefault(pid, (kind, stat[1] if not self.first_sample_done else 0.0))
            self.last[pid] = (kind, stat[1])
        self.first_sample_done = True

    def used(self) -> dict[str, float]:
        """CPU seconds per kind between the first sample and the last (a process born in between counts from 0)."""
        out: dict[str, float] = {}
        for pid, (kind, end) in self.last.items():
            start = self.first.get(pid, (kind, 0.0))[1]
            out[kind] = out.get(kind, 0.0) + max(0.0, end - start)
        return out

    def pids(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for pid, (kind, _) in self.last.items():
            out.setdefault(kind, []).append(pid)
        return out


# ---------------------------------------------------------------- workspace setup through GraphQL


async def gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    body = response.json()
    error = graphql_error(body)
    if error:
        raise SystemExit(f"GraphQL error: {error}\n{query[:200]}")
    return body["data"]


async def set_up_workspace(client: httpx.AsyncClient, corpus: Corpus, args: argparse.Namespace) -> dict[str, Any]:
    """A fresh workspace (its owner's address is at the corpus's own domain), with the corpus's CRM records."""
    started = time.perf_counter()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    owner = f"owner-{stamp}-{os.getpid()}@{corpus.crm['us']['domain']}"
    data = await gql(
        client,
        SIGN_UP,
        {
            "input": {
                "email": owner,
                "password": PASSWORD,
                "name": "Olivia Owner",
                "workspaceName": f"Email bench {stamp}",
            }
        },
    )
    token = data["signUp"]["accessToken"]
    workspace_id = data["signUp"]["workspace"]["id"]
    companies = corpus.crm["companies"]
    company_ids: dict[str, str] = {}
    for start in range(0, len(companies), 100):
        chunk = companies[start : start + 100]
        inputs = [{"name": c["name"], "domain": c["domain"], "industry": c["industry"]} for c in chunk]
        created = (await gql(client, CREATE_COMPANIES, {"inputs": inputs}, token))["createCompanies"]
        if created["errors"]:
            raise SystemExit(f"createCompanies refused some inputs: {created['errors'][:3]}")
        company_ids.update({c["domain"]: c["id"] for c in created["companies"]})
    contacts = [
        {
            "firstName": p["firstName"],
            "lastName": p["lastName"],
            "emails": [p["email"]],
            "jobTitle": p["jobTitle"],
            "companyId": company_ids[c["domain"]],
        }
        for c in companies
        for p in c["contacts"]
    ]
    for start in range(0, len(contacts), 100):
        created = (await gql(client, CREATE_CONTACTS, {"inputs": contacts[start : start + 100]}, token))[
            "createContacts"
        ]
        if created["errors"]:
            raise SystemExit(f"createContacts refused some inputs: {created['errors'][:3]}")
    deals = 0
    for c in companies:
        for name in c["deals"]:
            amount = {"amountMicros": str(25_000 * 1_000_000), "currency": "EUR"}
            await gql(
                client,
                CREATE_DEAL,
                {"input": {"name": name, "companyId": company_ids[c["domain"]], "amount": amount}},
                token,
            )
            deals += 1
    if args.auto_create != "OFF":
        await gql(client, AUTO_CREATE, {"policy": args.auto_create}, token)
    inbound = (await gql(client, INBOUND, token=token))["inboundEmail"]
    return {
        "owner": owner,
        "token": token,
        "workspace_id": workspace_id,
        "inbound_token": inbound["token"],
        "companies": len(company_ids),
        "contacts": len(contacts),
        "open_deals": deals,
        "auto_create": args.auto_create,
        "seconds": round(time.perf_counter() - started, 1),
    }


async def token_lookup_works(con: asyncpg.Connection, token: str, app_role: str) -> bool:
    """Whether the webhook's token lookup answers, called as the app role like the api calls it."""
    async with con.transaction():
        await con.execute(f"SET LOCAL ROLE {app_role}")
        found = await con.fetchval("SELECT rapport_workspace_by_inbound_token($1)", token)
    return found is not None


# ---------------------------------------------------------------- sending, probing, counting


@dataclass
class Sent:
    n: int
    started: float  # time.time() when the POST started
    seconds: float
    status: int
    inbound_id: str | None


@dataclass
class Probe:
    n: int
    subject: str
    message_id: str
    started: float
    seen: float | None = None


@dataclass
class State:
    sent: list[Sent] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    probes: dict[int, Probe] = field(default_factory=dict)
    probe_requests: int = 0
    probe_seconds: float = 0.0
    samples: list[dict[str, Any]] = field(default_factory=list)
    max_lag: float = 0.0
    unsent: int = 0
    sending: bool = True
    window_start: float = 0.0
    window_end: float = 0.0


async def send_all(corpus: Corpus, args: argparse.Namespace, setup: dict[str, Any], state: State) -> None:
    """Offers the messages in corpus order, each at its time (k / rate), over --concurrency lanes.

    Each lane is one httpx client with one keep-alive connection: httpx's pool walks all its
    connections on every request, so one pool of 64 costs the load generator more than the server.
    When every lane is busy the messages wait in the queue and the schedule slips (reported)."""
    headers = {"x-inbound-token": setup["inbound_token"], "content-type": "message/rfc822"}
    per_second = None if args.rate == "max" else float(args.rate) / 60.0
    queue: asyncio.Queue[tuple[int, float] | None] = asyncio.Queue(maxsize=0 if per_second else args.concurrency)
    loop = asyncio.get_running_loop()

    async def lane() -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=args.api, limits=limits, timeout=120) as client:
            while (item := await queue.get()) is not None:
                n, due = item
                state.max_lag = max(state.max_lag, loop.time() - due)
                body = corpus.raw(n)
                started_wall, started = time.time(), time.perf_counter()
                try:
                    response = await client.post(WEBHOOK, content=body, headers=headers)
                    status = response.status_code
                    inbound_id = response.json().get("id") if status == 202 else None
                    if status != 202:
                        state.errors[f"HTTP {status}"] += 1
                        if len(state.error_samples) < 5:
                            state.error_samples.append(f"#{n}: HTTP {status} {response.text[:200]}")
                except (httpx.HTTPError, ValueError) as error:
                    status, inbound_id = 0, None
                    state.errors[type(error).__name__] += 1
                    if len(state.error_samples) < 5:
                        state.error_samples.append(f"#{n}: {type(error).__name__}: {error}")
                state.sent.append(Sent(n, started_wall, time.perf_counter() - started, status, inbound_id))
                entry = corpus.index[n]
                if (
                    inbound_id
                    and args.probe_every
                    and entry["expect"] == "stored"
                    and entry["thread_subject"]
                    and entry["message_id"]
                    and n % args.probe_every == 0
                ):
                    state.probes[n] = Probe(n, entry["thread_subject"], entry["message_id"], started_wall)

    lanes = [asyncio.create_task(lane()) for _ in range(args.concurrency)]
    begin = loop.time()
    state.window_start = time.time()
    deadline = begin + args.duration
    for k in range(len(corpus.index)):
        now = loop.time()
        if now >= deadline:
            break
        due = now
        if per_second is not None:
            due = begin + k / per_second
            if due > deadline:
                break
            if due > now:
                await asyncio.sleep(due - now)
        await queue.put((k, due))
    else:
        print(f"the corpus ran out after {len(corpus.index)} messages: generate more (--messages)", flush=True)
    state.window_end = time.time()
    state.unsent = queue.qsize()
    if state.unsent:  # messages due in the window that no lane could take: offered, never sent
        while not queue.empty():
            queue.get_nowait()
    for _ in lanes:
        await queue.put(None)
    await asyncio.gather(*lanes)
    state.sending = False


async def probe_loop(args: argparse.Namespace, setup: dict[str, Any], state: State, stop: asyncio.Event) -> None:
    """Looks the sampled messages up through GraphQL until each shows in its thread."""
    headers = {"authorization": f"Bearer {setup['token']}"}
    async with httpx.AsyncClient(base_url=args.api, timeout=60) as client:
        while not stop.is_set():
            waiting = [p for p in state.probes.values() if p.seen is None]
            by_subject: dict[str, list[Probe]] = {}
            for p in waiting:
                by_subject.setdefault(p.subject, []).append(p)
            subjects = list(by_subject)
            for start in range(0, len(subjects), 100):
                chunk = subjects[start : start + 100]
                began = time.perf_counter()
                response = await client.post(
                    "/graphql",
                    json={"query": PROBE, "variables": {"subjects": chunk, "first": 200}},
                    headers=headers,
                )
                state.probe_requests += 1
                state.probe_seconds += time.perf_counter() - began
                now = time.time()
                body = response.json()
                if graphql_error(body):
                    state.errors[f"probe: {graphql_error(body)}"] += 1
                    continue
                for edge in body["data"]["emailThreads"]["edges"]:
                    ids = {e["messageId"] for e in edge["node"]["emails"]}
                    for p in by_subject.get(edge["node"]["subject"], []):
                        if p.seen is None and p.message_id in ids:
                            p.seen = now
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), args.poll)


LINKED = "SELECT count(DISTINCT email_id) FROM email_links WHERE workspace_id = $1 AND target_type = '%s'"
COUNTS = "SELECT state::text, count(*) FROM inbound_emails WHERE workspace_id = $1 GROUP BY 1"


async def monitor(
    con: asyncpg.Connection,
    workspace_id: str,
    state: State,
    table: ProcessTable,
    args: argparse.Namespace,
    stop: asyncio.Event,
) -> None:
    while not stop.is_set():
        rows = await con.fetch(COUNTS, workspace_id)
        counts = {state_name: n for state_name, n in rows}
        busy, total = system_busy()
        table.sample()
        sample = {
            "t": time.time(),
            "accepted": sum(1 for s in state.sent if s.status == 202),
            "pending": counts.get("PENDING", 0),
            "stored": counts.get("STORED", 0),
            "duplicate": counts.get("DUPLICATE", 0),
            "quarantined": counts.get("QUARANTINED", 0),
            "busy": busy,
            "total": total,
        }
        sample["processed"] = sample["stored"] + sample["duplicate"] + sample["quarantined"]
        state.samples.append(sample)
        elapsed = sample["t"] - state.window_start
        print(
            f"{elapsed:6.0f} s  accepted {sample['accepted']:6d}  processed {sample['processed']:6d}  "
            f"pending {sample['pending']:6d}  probes seen {sum(1 for p in state.probes.values() if p.seen)}"
            f"/{len(state.probes)}",
            flush=True,
        )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), args.sample)


async def drain(state: State, args: argparse.Namespace) -> str:
    """Waits until every accepted message left PENDING, or no progress for a minute, or --drain-timeout."""
    started = time.time()
    last_progress, last_processed = started, -1
    while time.time() - started < args.drain_timeout:
        await asyncio.sleep(args.sample)
        sample = state.samples[-1]
        if sample["processed"] >= sample["accepted"] and sample["pending"] == 0 and not state.sending:
            return "drained"
        if sample["processed"] != last_processed:
            last_processed, last_progress = sample["processed"], time.time()
        elif time.time() - last_progress > 60:
            return "stalled: no message processed for 60 s"
    return f"drain timeout ({args.drain_timeout:.0f} s)"


# ---------------------------------------------------------------- figures


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def at(samples: list[dict[str, Any]], moment: float) -> dict[str, Any]:
    """The first sample taken at or after `moment` (the last one if none)."""
    return next((s for s in samples if s["t"] >= moment), samples[-1])


def slope_per_minute(points: list[tuple[float, float]]) -> float | None:
    if len(points) < 3:
        return None
    mean_t = statistics.fmean(t for t, _ in points)
    mean_v = statistics.fmean(v for _, v in points)
    var = sum((t - mean_t) ** 2 for t, _ in points)
    return None if var == 0 else 60 * sum((t - mean_t) * (v - mean_v) for t, v in points) / var


async def final_check(con: asyncpg.Connection, corpus: Corpus, state: State, workspace_id: str) -> dict[str, Any]:
    rows = await con.fetch(
        "SELECT id::text, state::text, reason, email_id, received_at, processed_at FROM inbound_emails"
        " WHERE workspace_id = $1",
        workspace_id,
    )
    by_id = {r["id"]: r for r in rows}
    accepted = [s for s in state.sent if s.status == 202]
    mismatches: Counter[str] = Counter()
    examples: list[str] = []
    expected: Counter[str] = Counter()
    # A message and its repeats form a group: exactly one of them is stored, the others are duplicates.
    # Which one is stored is not fixed (two copies in flight at once may be processed in either order).
    groups: dict[int, list[tuple[Sent, str]]] = {}
    for s in accepted:
        entry = corpus.index[s.n]
        expected[entry["expect"]] += 1
        row = by_id.get(s.inbound_id or "")
        got = "missing" if row is None else row["state"].lower()
        if entry["expect"] in ("stored", "duplicate") and entry["kind"] != "malformed":
            groups.setdefault(entry["original"] if entry["expect"] == "duplicate" else s.n, []).append((s, got))
        elif got != entry["expect"]:
            mismatches[f"{entry['expect']} -> {got}"] += 1
            if len(examples) < 8:
                reason = f" ({row['reason'][:160]})" if row is not None and row["reason"] else ""
                examples.append(
                    f"#{s.n} {entry['kind']}/{entry['quirk']}: expected {entry['expect']}, got {got}{reason}"
                )
    for members in groups.values():
        got_states = Counter(got for _, got in members)
        if got_states.get("stored", 0) == 1 and got_states.get("duplicate", 0) == len(members) - 1:
            continue
        s = members[0][0]
        entry = corpus.index[s.n]
        label = "stored" if len(members) == 1 else f"stored once of {len(members)}"
        key = f"{label} -> " + "+".join(f"{n} {k}" for k, n in sorted(got_states.items()))
        mismatches[key] += 1
        if len(examples) < 8:
            row = by_id.get(s.inbound_id or "")
            reason = f" ({row['reason'][:160]})" if row is not None and row["reason"] else ""
            examples.append(
                f"#{s.n} {entry['kind']}/{entry['quirk']}: expected {label}, got {dict(got_states)}{reason}"
            )
    states = Counter(r["state"].lower() for r in rows)
    # threading: each corpus thread's stored messages should share one thread
    email_threads = {
        r["message_id"]: r["thread_id"]
        for r in await con.fetch(
            "SELECT message_id, thread_id FROM emails WHERE workspace_id = $1 AND message_id IS NOT NULL", workspace_id
        )
    }
    threads: dict[int, set[Any]] = {}
    for s in accepted:
        entry = corpus.index[s.n]
        if entry["expect"] == "stored" and entry["thread"] is not None and entry["kind"] in ("first", "reply"):
            thread_id = email_threads.get(entry["message_id"])
            if thread_id is not None:
                threads.setdefault(entry["thread"], set()).add(thread_id)
    split = sum(1 for ids in threads.values() if len(ids) > 1)
    latency = [
        (r["processed_at"] - r["received_at"]).total_seconds() for r in rows if r["processed_at"] and r["received_at"]
    ]
    facts = {}
    for name, query in {
        "emails": "SELECT count(*) FROM emails WHERE workspace_id = $1",
        "threads": "SELECT count(*) FROM email_threads WHERE workspace_id = $1",
        "participants": "SELECT count(*) FROM email_participants WHERE workspace_id = $1",
        "participants matched to a contact": "SELECT count(*) FROM email_participants WHERE workspace_id = $1"
        " AND contact_id IS NOT NULL",
        "emails linked to a contact": LINKED % "CONTACT",
        "emails linked to a company": LINKED % "COMPANY",
        "emails linked to an open deal": LINKED % "DEAL",
        "EMAIL timeline entries": "SELECT count(*) FROM activities WHERE workspace_id = $1 AND kind = 'EMAIL'",
        "attachments": "SELECT count(*) FROM attachments WHERE workspace_id = $1",
        "contacts (after)": "SELECT count(*) FROM contacts WHERE workspace_id = $1",
        "companies (after)": "SELECT count(*) FROM companies WHERE workspace_id = $1",
    }.items():
        try:
            facts[name] = await con.fetchval(query, workspace_id)
        except asyncpg.PostgresError as error:
            facts[name] = f"error: {error}"
    stored = states.get("stored", 0)
    return {
        "accepted": len(accepted),
        "rows": len(rows),
        "states": dict(states),
        "expected": dict(expected),
        "mismatches": dict(mismatches),
        "examples": examples,
        "conserved": len(rows) == len(accepted)
        and stored + states.get("duplicate", 0) + states.get("quarantined", 0) == len(accepted),
        "as_expected": not mismatches,
        "emails_equal_stored": facts.get("emails") == stored,
        "threads_checked": len(threads),
        "threads_split": split,
        "sql_latency": {
            "p50": pct(latency, 0.5),
            "p95": pct(latency, 0.95),
            "p99": pct(latency, 0.99),
            "max": max(latency, default=None),
            "n": len(latency),
        },
        "facts": facts,
    }


def read_log(path: str | None, start: float, end: float) -> dict[str, Any] | None:
    """From the output of `rapport up`: webhook request times and messages per email.process job."""
    if not path or not Path(path).exists():
        return None
    webhook: list[float] = []
    per_job: list[int] = []
    events: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    with open(path, errors="replace") as handle:
        for line in handle:
            if not line.startswith("{"):
                continue
            try:
                record = json.loads(line)
                moment = dt.datetime.fromisoformat(record["timestamp"].replace("Z", "+00:00")).timestamp()
            except (ValueError, KeyError):
                continue
            if not start <= moment <= end:
                continue
            event = record.get("event", "")
            if event == "http.request" and record.get("path") == WEBHOOK:
                webhook.append(float(record.get("duration_ms", 0)))
            elif event == "job.done" and record.get("job") == "email.process":
                result = record.get("result") or {}
                per_job.append(sum(int(result.get(k, 0)) for k in ("stored", "duplicates", "quarantined")))
            elif event in ("email.batch_failed", "email.message_failed", "job.failed", "email.submit_failed"):
                events[event] += 1
                failures[str(record.get("exception", ""))[-160:]] += 1
    return {
        "webhook_requests": len(webhook),
        "webhook_ms": {
            "p50": pct(webhook, 0.5),
            "p95": pct(webhook, 0.95),
            "p99": pct(webhook, 0.99),
            "mean": round(statistics.fmean(webhook), 2) if webhook else None,
        },
        "process_jobs": len(per_job),
        "messages_per_job": {
            "mean": round(statistics.fmean(per_job), 1) if per_job else None,
            "p50": pct([float(x) for x in per_job], 0.5),
            "max": max(per_job, default=None),
            "jobs_with_0": sum(1 for x in per_job if x == 0),
        },
        "failure_events": dict(events),
        "failure_examples": [f for f, _ in failures.most_common(3) if f],
    }


def queue_state(data_dir: str) -> dict[str, Any] | None:
    """Failed and waiting BullMQ jobs, straight from Valkey (the pipeline's own bookkeeping)."""
    try:
        import redis
    except ImportError:
        return None
    socket = Path(data_dir).resolve() / "valkey" / "valkey.sock"
    if not socket.exists():
        return None
    client = redis.Redis(unix_socket_path=str(socket))
    try:
        failed = client.zcard("bull:rapport:failed")
        reason = None
        last = client.zrevrange("bull:rapport:failed", 0, 0)
        if last:
            reason = (client.hget(f"bull:rapport:{last[0].decode()}", "failedReason") or b"").decode()[:300]
        return {
            "failed": failed,
            "waiting": client.llen("bull:rapport:wait"),
            "active": client.llen("bull:rapport:active"),
            "delayed (retries)": client.zcard("bull:rapport:delayed"),
            "last_failed_reason": reason,
        }
    except Exception as error:  # noqa: BLE001 - diagnostics only
        return {"error": str(error)}
    finally:
        client.close()


def summarize(
    args: argparse.Namespace,
    corpus: Corpus,
    setup: dict[str, Any],
    state: State,
    table: ProcessTable,
    check: dict[str, Any],
    log: dict[str, Any] | None,
    drained: str,
    load: dict[str, Any],
) -> dict[str, Any]:
    samples = state.samples
    window = state.window_end - state.window_start
    start_sample, end_sample = at(samples, state.window_start), at(samples, state.window_end)
    accepted_in_window = sum(1 for s in state.sent if s.status == 202 and s.started <= state.window_end)
    processed_in_window = end_sample["processed"] - start_sample["processed"]
    sample_span = max(1e-9, end_sample["t"] - start_sample["t"])
    pending_points = [(s["t"], s["pending"]) for s in samples if state.window_start <= s["t"] <= state.window_end]
    last = samples[-1]
    drain_seconds = last["t"] - state.window_end
    busy = (end_sample["busy"] - start_sample["busy"]) / max(1e-9, end_sample["total"] - start_sample["total"])
    minutes: list[dict[str, Any]] = []
    t = state.window_start
    while t < state.window_end - 1:
        a, b = at(samples, t), at(samples, min(t + 60, state.window_end))
        minutes.append({
            "minute": len(minutes) + 1,
            "accepted": sum(1 for s in state.sent if s.status == 202 and t <= s.started < t + 60),
            "processed": b["processed"] - a["processed"],
            "pending_at_end": b["pending"],
        })  # fmt: skip
        t += 60
    post_seconds = [s.seconds for s in state.sent if s.status == 202]
    probes = list(state.probes.values())
    seen = [p.seen - p.started for p in probes if p.seen is not None]
    cpu = table.used()
    processed_total = last["processed"]
    system_seconds = last["busy"] - samples[0]["busy"]
    ours = sum(cpu.values())
    cpu_rows = {k: round(v, 1) for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])}
    cpu_rows["everything else on the machine"] = round(max(0.0, system_seconds - ours), 1)
    sustained = 60 * processed_in_window / sample_span
    growth = slope_per_minute(pending_points)
    keeps_up = end_sample["pending"] <= max(200, 10 * accepted_in_window / max(window, 1e-9)) and (
        growth is None or growth < 0.02 * 60 * accepted_in_window / max(window, 1e-9)
    )
    return {
        "started": dt.datetime.fromtimestamp(state.window_start, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "load": load,
        "settings": {k: v for k, v in vars(args).items()},
        "corpus": {"path": str(corpus.path), "messages": len(corpus.index), "stats": corpus.manifest["stats"]},
        "setup": {k: v for k, v in setup.items() if k not in ("token", "inbound_token")},
        "window_seconds": round(window, 1),
        "offered_per_minute": None if args.rate == "max" else float(args.rate),
        "sent": len(state.sent),
        "offered_but_not_sent": state.unsent,
        "accepted": accepted_in_window,
        "accepted_per_minute": round(60 * accepted_in_window / max(window, 1e-9)),
        "errors": dict(state.errors),
        "error_samples": state.error_samples,
        "max_schedule_lag_s": round(state.max_lag, 2),
        "post_ms": {
            "p50": ms(pct(post_seconds, 0.5)),
            "p95": ms(pct(post_seconds, 0.95)),
            "p99": ms(pct(post_seconds, 0.99)),
        },
        "processed_in_window": processed_in_window,
        "sustained_processed_per_minute": round(sustained),
        "pending_at_window_end": end_sample["pending"],
        "pending_growth_per_minute": None if growth is None else round(growth),
        "keeps_up": keeps_up,
        "drain": drained,
        "drain_seconds": round(drain_seconds, 1),
        "processed_total": processed_total,
        "overall_processed_per_minute": round(60 * processed_total / max(1e-9, last["t"] - state.window_start)),
        "minutes": minutes,
        "probe": {
            "sampled": len(probes),
            "seen": len(seen),
            "p50_ms": ms(pct(seen, 0.5)),
            "p95_ms": ms(pct(seen, 0.95)),
            "p99_ms": ms(pct(seen, 0.99)),
            "requests": state.probe_requests,
            "mean_request_ms": round(1000 * state.probe_seconds / max(1, state.probe_requests), 1),
        },
        "check": check,
        "machine_busy_share_in_window": round(busy, 3),
        "cpu_seconds": cpu_rows,
        "cpu_ms_per_message": {k: round(1000 * v / max(1, processed_total), 2) for k, v in cpu_rows.items()},
        "pids": table.pids(),
        "log": log,
        "queue": queue_state(args.data_dir),
    }


def uptime() -> str:
    """What `uptime` prints: the time, how long the machine has been up, the load averages."""
    up = float(Path("/proc/uptime").read_text().split()[0])
    one, five, fifteen = os.getloadavg()
    now = dt.datetime.now(dt.UTC).strftime("%H:%M:%S")
    return f"{now} UTC up {up / 3600:.1f} h, load average: {one:.2f}, {five:.2f}, {fifteen:.2f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def triple(values: dict[str, Any]) -> str:
    return f"{fmt(values['p50'])} / {fmt(values['p95'])} / {fmt(values['p99'])}"


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def report(r: dict[str, Any]) -> str:
    c, p = r["check"], r["probe"]
    got, want = c["states"], c["expected"]
    lat = c["sql_latency"]
    offered = "max" if r["offered_per_minute"] is None else f"{r['offered_per_minute']:,.0f}/min"
    target_ok = (
        r["sustained_processed_per_minute"] >= TARGET_PER_MINUTE
        and r["keeps_up"]
        and c["conserved"]
        and c["as_expected"]
    )
    lines = [
        f"Email throughput {r['started']} — {r['machine']}; load average before {r['load']['before']}, "
        f"after {r['load']['after']}; machine busy {100 * r['machine_busy_share_in_window']:.0f} % during the window",
        f"corpus {r['corpus']['messages']:,} messages ({r['corpus']['stats']['size_bytes']['mean']:,} bytes mean); "
        f"workspace with {r['setup']['companies']} companies, {r['setup']['contacts']} contacts, "
        f"{r['setup']['open_deals']} open deals; auto-create {r['setup']['auto_create']}",
        "",
        "| figure | value |",
        "| --- | ---: |",
        f"| offered rate | {offered} for {r['window_seconds']:.0f} s |",
        f"| accepted (202) | {fmt(r['accepted'])} = {fmt(r['accepted_per_minute'])}/min |",
        f"| webhook POST p50 / p95 / p99 (client) | {triple(r['post_ms'])} ms |",
        f"| processed in the window (stored + duplicate + quarantined) | {fmt(r['processed_in_window'])} |",
        f"| **sustained processed/min over the window** | **{fmt(r['sustained_processed_per_minute'])}** |",
        f"| PENDING at the end of the window / growth | {fmt(r['pending_at_window_end'])} / "
        f"{fmt(r['pending_growth_per_minute'])} per min |",
        f"| keeps up (backlog not growing) | {'yes' if r['keeps_up'] else 'no'} |",
        f"| drain after the window | {r['drain']} in {r['drain_seconds']:.0f} s |",
        f"| latency POST → visible in GraphQL, p50 / p95 / p99 ({p['seen']:,} of {p['sampled']:,} sampled seen) | "
        f"{fmt(p['p50_ms'])} / {fmt(p['p95_ms'])} / {fmt(p['p99_ms'])} ms |",
        f"| latency received_at → processed_at (SQL, all {fmt(lat['n'])}), p50 / p95 / p99 | "
        f"{fmt(ms(lat['p50']))} / {fmt(ms(lat['p95']))} / {fmt(ms(lat['p99']))} ms |",
        f"| conservation: accepted = rows = stored + duplicate + quarantined | {verdict(c['conserved'])}: "
        f"{fmt(c['accepted'])} = {fmt(c['rows'])} = {fmt(got.get('stored', 0))} + {fmt(got.get('duplicate', 0))} + "
        f"{fmt(got.get('quarantined', 0))}"
        + (f" (+ {fmt(c['states'].get('pending', 0))} pending)" if c["states"].get("pending") else "")
        + " |",
        f"| each message as the corpus expects (expected {fmt(want.get('stored', 0))} / "
        f"{fmt(want.get('duplicate', 0))} / {fmt(want.get('quarantined', 0))}) | "
        f"{verdict(c['as_expected'])}{'' if c['as_expected'] else ' ' + json.dumps(c['mismatches'])} |",
        f"| threads split by the pipeline | {fmt(c['threads_split'])} of {fmt(c['threads_checked'])} |",
        f"| target: ≥ {TARGET_PER_MINUTE:,}/min sustained, nothing lost | {'PASS' if target_ok else 'FAIL'} |",
    ]
    lines += ["", "| minute | accepted | processed | PENDING at its end |", "| ---: | ---: | ---: | ---: |"]
    lines += [
        f"| {m['minute']} | {fmt(m['accepted'])} | {fmt(m['processed'])} | {fmt(m['pending_at_end'])} |"
        for m in r["minutes"]
    ]
    lines += [
        "",
        "CPU seconds from the start of the window to the end of the drain (2 cores = 120 CPU-s per minute):",
        "",
        "| component | CPU s | ms per processed message |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {k} | {v:,.1f} | {r['cpu_ms_per_message'][k]:,.2f} |" for k, v in r["cpu_seconds"].items()]
    lines += ["", "What the pipeline made of it:", ""] + [f"- {k}: {fmt(v)}" for k, v in c["facts"].items()]
    if r["log"]:
        log = r["log"]
        lines += [
            f"- webhook requests in the api's log: {fmt(log['webhook_requests'])}, server time p50 / p95 / p99 "
            f"{fmt(log['webhook_ms']['p50'])} / {fmt(log['webhook_ms']['p95'])} / {fmt(log['webhook_ms']['p99'])} ms",
            f"- email.process jobs: {fmt(log['process_jobs'])}, "
            f"messages per job mean {fmt(log['messages_per_job']['mean'])}, "
            f"p50 {fmt(log['messages_per_job']['p50'])}, max {fmt(log['messages_per_job']['max'])}",
        ]
        if log["failure_events"]:
            lines.append(f"- failures logged: {log['failure_events']} {log['failure_examples']}")
    if r["queue"]:
        lines.append(f"- BullMQ queue at the end: {r['queue']}")
    if c["examples"]:
        lines += ["", "Messages not as expected (first few):"] + [f"- {e}" for e in c["examples"]]
    if r["error_samples"]:
        lines += ["", "Webhook errors:"] + [f"- {e}" for e in r["error_samples"]]
    if r["max_schedule_lag_s"] > 1:
        lines.append(
            f"\nThe sender fell up to {r['max_schedule_lag_s']:.1f} s behind its schedule "
            f"(all {r['settings']['concurrency']} connections waiting for the api); "
            f"{fmt(r['offered_but_not_sent'])} messages due in the window were never sent."
        )
    return "\n".join(lines)


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    corpus = Corpus(Path(args.corpus))
    con = await asyncpg.connect(db_url(args.data_dir))
    table = ProcessTable(args.data_dir)
    try:
        async with httpx.AsyncClient(base_url=args.api, timeout=120) as client:
            setup = await set_up_workspace(client, corpus, args)
        print(f"workspace {setup['workspace_id']}: {setup['companies']} companies, {setup['contacts']} contacts, "
              f"{setup['open_deals']} open deals in {setup['seconds']} s", flush=True)  # fmt: skip
        if not await token_lookup_works(con, setup["inbound_token"], args.app_role):
            raise SystemExit(
                "the webhook cannot find the workspace by its inbound token: rapport_workspace_by_inbound_token "
                "answers NULL for the app role. A data directory migrated by an older 0003_email would do that: "
                "start `rapport up` on a fresh RAPPORT_DATA_DIR."
            )
        load = {
            "before": round(os.getloadavg()[0], 2),
            "uptime_before": uptime(),
        }
        state = State()
        stop = asyncio.Event()
        state.window_start = time.time()
        table.sample()
        watcher = asyncio.create_task(monitor(con, setup["workspace_id"], state, table, args, stop))
        prober = asyncio.create_task(probe_loop(args, setup, state, stop))
        await send_all(corpus, args, setup, state)
        print(
            f"sending done: {len(state.sent)} sent in {state.window_end - state.window_start:.1f} s; draining",
            flush=True,
        )
        drained = await drain(state, args)
        await asyncio.sleep(max(args.poll * 2, 0.5))
        stop.set()
        await asyncio.gather(watcher, prober)
        table.sample()
        check = await final_check(con, corpus, state, setup["workspace_id"])
        load["after"] = round(os.getloadavg()[0], 2)
        load["uptime_after"] = uptime()
        log = read_log(args.log, state.window_start, state.samples[-1]["t"])
        return summarize(args, corpus, setup, state, table, check, log, drained, load)
    finally:
        await con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", default=DEFAULT_API)
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="RAPPORT_DATA_DIR of the running `rapport up`")
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, help="the directory bench/email_generate.py wrote")
    parser.add_argument("--rate", default="10000", help="messages per minute offered, or 'max'")
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of sending (the measured window)")
    parser.add_argument("--concurrency", type=int, default=64, help="POSTs in flight at most")
    parser.add_argument("--probe-every", type=int, default=20, help="look 1 message in N up through GraphQL (0: none)")
    parser.add_argument("--poll", type=float, default=0.25, help="seconds between GraphQL probe rounds")
    parser.add_argument("--sample", type=float, default=5.0, help="seconds between counts")
    parser.add_argument("--drain-timeout", type=float, default=900.0)
    parser.add_argument("--auto-create", default="OFF", choices=["OFF", "SENT_AND_RECEIVED", "SENT_ONLY"])
    parser.add_argument("--log", help="the output of `rapport up` (for webhook times and messages per job)")
    parser.add_argument("--app-role", default="rapport", help="the api's login role, for the token lookup check")
    parser.add_argument("--quick", action="store_true", help="30 s at the default rate: a smoke check")
    args = parser.parse_args()
    if args.quick:
        args.duration = 30.0
    if args.rate != "max":
        float(args.rate)
    args.api = require_local(args.api)
    results = asyncio.run(bench(args))
    text = report(results) + "\n"
    RESULTS_DIR.mkdir(exist_ok=True)
    stem = RESULTS_DIR / f"email-run-{results['started'].replace(':', '')}{'-quick' if args.quick else ''}"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str))
    stem.with_suffix(".md").write_text(text)
    print("\n" + text)
    print(f"results: {stem}.json and .md")


if __name__ == "__main__":
    main()
