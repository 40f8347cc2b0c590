"""Two measurements of the semantic index against a running `rapport up` (api, worker and ai):

    cd server && uv run python ../bench/search_load.py burst --api http://127.0.0.1:4000 --notes 2000 --rate 10000
    cd server && uv run python ../bench/search_load.py p95 --api http://127.0.0.1:4000 --concurrency 16 --seconds 30

burst: signs up a fresh workspace and adds `--notes` notes of about 250 tokens (mail-like texts from
    search_eval's documents, repeated with a counter) at `--rate` per minute (`addNote`, 8 at a time), while
    it reads `searchIndexStatus` every second: the backlog (pending) and its age (lagSeconds) during and
    after the burst, the time from the last write until pending is 0, and the texts embedded per second.
p95: asks `search` (hybrid, first 10) with search_eval's queries, `--concurrency` callers for `--seconds`,
    in a workspace with search_eval's set (`--state` from `search_eval/run.py --state`, or the burst's
    workspace when none), and prints p50/p95/p99 and requests per second. The api keeps the vectors of
    queries it has embedded (ai_client's embed_query), so the 59 queries asked in turn are embedded once:
    `--distinct` makes every request's text a new one (the query between a different number of spaces
    before and after: the same words and the same vector, but a text the api has not seen), so that every
    search pays for its embedding. `--api-pid`: count this process as the api (one started beside the
    stack's, e.g. another branch's code on another port); `--ai-pid`: the same for the AI service. `--full`:
    ask what the web's search page asks (each hit's node, snippet and why it matched: search_cpu.py's FULL)
    instead of the scores alone.
    Each caller keeps one keep-alive connection (common.Connection), and the CPU this process used is
    printed beside the stack's.

Both print the machine's load average before and after: on a shared machine the figures are what the
processes got of it, and should be measured again on a quiet one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "search_eval"))
from common import Connection, require_local  # noqa: E402
from run import PASSWORD, SIGN_IN, SIGN_UP, STATUS, Api  # noqa: E402  (search_eval/run.py)
from search_cpu import FULL  # noqa: E402  (what the web's search page asks; after search_eval's run)

CREATE_COMPANY = "mutation($input: CompanyInput!) { createCompany(input: $input) { id } }"
ADD_NOTE = "mutation($target: UUID!, $body: String!) { addNote(targetId: $target, body: $body) { id } }"
SEARCH = """query($q: String!, $retrievers: [SearchRetriever!]) {
  search(query: $q, first: 10, retrievers: $retrievers) { degraded edges { node { score } } }
}"""


def load_average() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


TICKS = os.sysconf("SC_CLK_TCK")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def cpu_by_process(data_dir: Path, api_pid: int | None = None, ai_pid: int | None = None) -> dict[str, dict[int, float]]:
    """CPU seconds so far of each process of a `rapport up` (from its supervisor.json) and its children, and of
    its PostgreSQL (the postmaster and its backends): what a run cost, whatever else the machine runs. A
    backend that exits between two readings takes its CPU with it (the api's pool keeps its connections), so the
    figures are per process id: `cpu_used` counts only what the processes alive at the end used since the start."""
    roots = {
        name: entry["pid"]
        for name, entry in json.loads((data_dir / "supervisor.json").read_text())["processes"].items()
        if entry.get("pid") and name not in ("postgres", "valkey")
    }
    if api_pid is not None:
        roots["api"] = api_pid
    if ai_pid is not None:
        roots["ai"] = ai_pid
    postmaster = data_dir / "postgres" / "postmaster.pid"
    if postmaster.exists():
        roots["postgres"] = int(postmaster.read_text().split()[0])
    tree = _children()
    totals: dict[str, dict[int, float]] = {}
    for name, root in roots.items():
        stack, seconds = [root], {}
        while stack:
            pid = stack.pop()
            seconds[pid] = _cpu_seconds(pid)
            stack.extend(tree.get(pid, []))
        totals[name] = seconds
    return totals


def cpu_used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
    """CPU seconds between two readings of cpu_by_process, per part (never negative: exited processes drop out)."""
    return {
        name: sum(seconds - before.get(name, {}).get(pid, 0.0) for pid, seconds in pids.items())
        for name, pids in after.items()
    }


async def sign_up(api: Api) -> None:
    email = f"load-{uuid.uuid4().hex[:8]}@example.com"
    signed = (await api(SIGN_UP, {"input": {"email": email, "password": PASSWORD, "name": "Load",
                                             "workspaceName": "Index load"}}))["signUp"]
    api.token = signed["accessToken"]


def texts() -> list[str]:
    documents = json.loads((HERE / "search_eval" / "documents.json").read_text())
    bodies = [d["body"] for d in documents if d["kind"] == "NOTE" and len(d["body"]) > 200]
    # ~250 tokens: a mail text and the start of another.
    return [f"{a} {b}"[:1100] for a, b in zip(bodies, bodies[1:] + bodies[:1], strict=True)]


async def burst(api: Api, notes: int, rate: float) -> None:
    await sign_up(api)
    holder = (await api(CREATE_COMPANY, {"input": {"name": "Burst"}}))["createCompany"]["id"]
    bodies = texts()
    samples: list[tuple[float, int, float]] = []
    done = asyncio.Event()

    async def watch() -> None:
        while not done.is_set() or not samples or samples[-1][1] > 0:
            status = (await api(STATUS))["searchIndexStatus"]
            samples.append((time.monotonic(), status["pending"], status["lagSeconds"]))
            await asyncio.sleep(1)

    started = time.monotonic()
    watcher = asyncio.create_task(watch())
    semaphore = asyncio.Semaphore(8)
    interval = 60.0 / rate

    async def one(index: int) -> None:
        async with semaphore:
            await api(ADD_NOTE, {"target": holder, "body": f"#{index} {bodies[index % len(bodies)]}"})

    tasks = []
    for index in range(notes):
        tasks.append(asyncio.create_task(one(index)))
        delay = started + (index + 1) * interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
    await asyncio.gather(*tasks)
    written = time.monotonic()
    done.set()
    await watcher
    caught_up = samples[-1][0]
    print(f"notes written: {notes} in {written - started:.1f} s ({notes / (written - started) * 60:.0f}/min asked {rate:.0f}/min)")
    print(f"most pending: {max(p for _, p, _ in samples)}; oldest change at most {max(lag for _, _, lag in samples):.1f} s behind")
    print(f"caught up {caught_up - written:.1f} s after the last write ({caught_up - started:.1f} s from the start)")
    print(f"embedded: {notes / (caught_up - started):.1f} notes/s over the whole run")
    print("pending every 5 s: " + ", ".join(str(p) for _, p, _ in samples[::5]))


async def p95(
    api: Api, concurrency: int, seconds: float, state: Path | None, data_dir: Path | None = None,
    retrievers: list[str] | None = None, distinct: bool = False, api_pid: int | None = None, full: bool = False,
    by_query: int = 0, ai_pid: int | None = None,
) -> None:
    if state and state.exists():
        saved = json.loads(state.read_text())  # search_eval/run.py's, or search_scale.py's (with its password)
        api.token = (await api(SIGN_IN, {"input": {"email": saved["email"], "password": saved.get("password", PASSWORD)}}))["signIn"]["accessToken"]
    else:
        raise SystemExit("--state: the workspace of search_eval/run.py --state or search_scale.py --state")
    queries = [q["query"] for q in json.loads((HERE / "search_eval" / "queries.json").read_text())]
    latencies: list[float] = []
    of_query: dict[str, list[float]] = {}
    refused: list[int] = []
    degraded = 0
    stop = time.monotonic() + seconds
    asked = 0
    # A new text for each request: spaces before (0-99) and after (0-99) the query, the pair from a counter
    # that starts where this process's clock is (a second run does not repeat the first's texts).
    first_variant = int(time.time() * 10) % 10_000

    def text_of(index: int) -> str:
        nonlocal asked
        query = queries[index % len(queries)]
        if not distinct:
            return query
        variant = (first_variant + asked) % 10_000
        asked += 1
        return " " * (variant % 100) + query + " " * (variant // 100)

    # Each caller on its own keep-alive connection with common.Connection: httpx cost this process ~3 CPU-ms a
    # request, CPU the api and PostgreSQL then did not get on a 2-core machine.
    headers = f"authorization: Bearer {api.token}\r\n".encode()

    async def caller(offset: int) -> None:
        nonlocal degraded
        index = offset
        connection = Connection(f"{api.http.base_url}/graphql")
        try:
            while time.monotonic() < stop:
                began = time.monotonic()
                query = queries[index % len(queries)]
                variables = {"q": text_of(index)} if full else {"q": text_of(index), "retrievers": retrievers}
                body = json.dumps({"query": FULL if full else SEARCH, "variables": variables})
                status, data = await connection.post(headers, body.encode())
                index += concurrency
                answer = json.loads(data) if status == 200 else {}
                if status != 200 or answer.get("errors"):
                    refused.append(status)  # rate limited or shed: not a latency
                    if len(refused) <= 3:
                        print(f"refused: {status} {data[:300]!r}", flush=True)
                    await asyncio.sleep(0.2)
                    continue
                latencies.append(time.monotonic() - began)
                of_query.setdefault(query, []).append(latencies[-1])
                degraded += bool(answer["data"]["search"]["degraded"])
        finally:
            await connection.close()

    before = cpu_by_process(data_dir, api_pid, ai_pid) if data_dir else {}
    began, own = time.monotonic(), time.process_time()
    await asyncio.gather(*(caller(i) for i in range(concurrency)))
    elapsed = time.monotonic() - began
    after = cpu_by_process(data_dir, api_pid, ai_pid) if data_dir else {}
    own = time.process_time() - own
    latencies.sort()
    if len(latencies) < 2:
        raise SystemExit(f"{len(latencies)} searches answered, {len(refused)} refused {sorted(set(refused))}")
    q = statistics.quantiles(latencies, n=100)
    mode = (",".join(retrievers) if retrievers else "hybrid") + (", every text new" if distinct else "")
    mode += ", the search page's document" if full else ""
    print(f"search, {mode}, c={concurrency}, {seconds:.0f} s: {len(latencies)} requests, {len(latencies) / seconds:.1f}/s, "
          f"p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, degraded {degraded}, refused {len(refused)} {sorted(set(refused))}")
    if by_query:
        slow_end = q[94]
        slowest = sum(1 for latency in latencies if latency > slow_end)
        print(f"the {by_query} queries with the most of the {slowest} searches slower than p95 "
              f"(of them / of the query's searches, its median):")
        ranked = sorted(of_query.items(), key=lambda item: -sum(1 for latency in item[1] if latency > slow_end))
        for query, times in ranked[:by_query]:
            above = sum(1 for latency in times if latency > slow_end)
            print(f"  {above:4d} / {len(times):4d}  {statistics.median(times) * 1000:5.0f} ms  {query}")
    if after:
        used = cpu_used(before, after) | {"this load generator": own}
        print(f"CPU over the {elapsed:.0f} s: " + ", ".join(f"{name} {value:.1f} s" for name, value in used.items())
              + "; per search: " + ", ".join(f"{name} {value / max(1, len(latencies)) * 1000:.1f} ms"
                                             for name, value in used.items()))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["burst", "p95"])
    parser.add_argument("--api", default="http://127.0.0.1:4000")
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=10000, help="notes per minute")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--state", type=Path)
    parser.add_argument("--retrievers", help="p95: e.g. SEMANTIC or KEYWORD (default: the product's hybrid)")
    parser.add_argument("--data-dir", type=Path, help="p95: RAPPORT_DATA_DIR of the `rapport up`, to count its CPU per search")
    parser.add_argument("--distinct", action="store_true", help="p95: every request a text the api has not embedded")
    parser.add_argument("--api-pid", type=int, help="p95: the api process to count (default: the stack's)")
    parser.add_argument("--ai-pid", type=int, help="p95: the AI service process to count (default: the stack's)")
    parser.add_argument("--full", action="store_true",
                        help="p95: ask what the web's search page asks (nodes, snippets; hybrid) instead of scores")
    parser.add_argument("--by-query", type=int, default=0, metavar="N",
                        help="p95: also name the N queries that make most of the searches slower than p95")
    args = parser.parse_args()
    print(f"load average before: {load_average()} ({os.cpu_count()} CPUs)")
    async with httpx.AsyncClient(base_url=require_local(args.api), timeout=120,
                                 limits=httpx.Limits(max_connections=64)) as http:
        api = Api(http)
        if args.what == "burst":
            await burst(api, args.notes, args.rate)
        else:
            await p95(api, args.concurrency, args.seconds, args.state, args.data_dir,
                      args.retrievers.split(",") if args.retrievers else None, args.distinct, args.api_pid, args.full,
                      args.by_query, args.ai_pid)
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    asyncio.run(main())
