"""Texts embedded per second by the AI service, over real gRPC, for short cards and ~250-token emails.

    cd server && uv run python ../bench/ai_throughput.py [--seconds 20] [--concurrency 8] [--per-call 16]
    cd server && uv run python ../bench/ai_throughput.py --queries [--url HOST:PORT --pid PID]

Starts `python -m rapport_ai` on a free port (its own process, all the CPUs it may use unless
--threads), waits for its health check, then for each kind of text keeps `concurrency` callers busy
for `seconds`, each sending `per-call` texts per call through the api's client (rapport.ai_client),
and prints texts/s, calls/s, mean tokens per text and the p50/p95 call latency.

`--queries`: search queries instead (kind QUERY, one text a call, every text new, as the api sends a
search's text): one caller, then eight, with the service's CPU a query; then one caller, a query every
10 ms, while `concurrency` callers embed emails 32 to a call (the indexing), with the queries' latency
and the emails embedded a second. `--url` measures a running service; `--pid` is its process, for its CPU.
`--index-only`: only the `concurrency` callers embedding emails 32 a call, for `seconds` (load to run a
search benchmark against: the indexing of a burst of mail).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time

from rapport.ai_client import AiClient, EmbedKind, parse_url

FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Tim", "Zoë", "José"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Núñez"]
TITLES = ["VP Engineering", "Head of Procurement", "CFO", "Account Executive", "Office Manager", "CTO"]
COMPANIES = ["Analytical Engines Ltd", "Cobol Systems", "Enigma Works", "Semaphore GmbH", "Compiler & Co"]
CITIES = ["London", "Berlin", "Lisbon", "Toronto", "Osaka", "Austin"]
SENTENCES = [
    "Thanks for the call on Tuesday, it was good to finally meet the whole team.",
    "As discussed, procurement needs a revised quote for the renewal before the end of the quarter.",
    "We would like 120 seats on the enterprise plan with the volume discount we talked about.",
    "Finance flagged that last month's invoice was charged twice and asked for a credit note.",
    "Could you send the updated contract by Friday so legal can review it over the weekend?",
    "Our security team has a few questions about single sign-on and data retention.",
    "The pilot went well: the support team closed tickets about thirty percent faster.",
    "I am out of the office next week; please copy my colleague on anything urgent.",
    "We are also evaluating two other vendors, so pricing will matter in the final decision.",
    "Let me know if a short demo for our regional managers would be possible in March.",
]


def card(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return (
        f"{first} {last}, {rng.choice(TITLES)} at {rng.choice(COMPANIES)}, {rng.choice(CITIES)}; "
        f"{first.lower()}.{last.lower()}@example.com"
    )


def email(rng: random.Random) -> str:
    body = " ".join(rng.choice(SENTENCES) for _ in range(14))
    return f"Subject: Renewal and invoice questions\n\nHi {rng.choice(FIRST)},\n\n{body}\n\nBest,\n{rng.choice(FIRST)}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (from /proc), to tell the work from the waiting for a core."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115, PTH123
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(client: AiClient, make: object, args: argparse.Namespace, label: str, pid: int | None) -> None:
    rng = random.Random(7)
    texts_done = 0
    tokens: list[int] = []
    latencies: list[float] = []
    stop_at = time.monotonic() + args.seconds

    async def caller() -> None:
        nonlocal texts_done
        while time.monotonic() < stop_at:
            batch = [make(rng) for _ in range(args.per_call)]  # type: ignore[operator]
            started = time.monotonic()
            result = await client.embed(batch, within=120)
            latencies.append(time.monotonic() - started)
            texts_done += len(result.vectors)
            tokens.extend(result.tokens)

    started = time.monotonic()
    cpu_before = cpu_seconds(pid) if pid else 0.0
    await asyncio.gather(*(caller() for _ in range(args.concurrency)))
    elapsed = time.monotonic() - started
    cpu = (cpu_seconds(pid) - cpu_before) if pid else 0.0
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(
        f"{label:<7} {texts_done / elapsed:8.1f} texts/s  {len(latencies) / elapsed:6.1f} calls/s  "
        f"{statistics.mean(tokens):5.0f} tokens/text  p50 {statistics.median(latencies) * 1000:6.0f} ms  "
        f"p95 {p95 * 1000:6.0f} ms  ({texts_done} texts in {elapsed:.1f} s, c={args.concurrency}, "
        f"{args.per_call}/call)",
        flush=True,
    )
    if pid:
        # What 2 idle cores would do: texts per CPU-second of the service, times 2.
        print(
            f"{'':<7} {texts_done / cpu:8.1f} texts per CPU-second of the service ({cpu:.1f} CPU-s): "
            f"{2 * texts_done / cpu:.0f} texts/s on 2 idle cores",
            flush=True,
        )


QUERY = "the customer who complained about the invoice"


def _quantiles(latencies: list[float]) -> str:
    q = statistics.quantiles(latencies, n=100)
    return f"p50 {q[49] * 1000:6.1f} ms  p95 {q[94] * 1000:6.1f} ms  max {max(latencies) * 1000:6.0f} ms"


async def embed_emails(client: AiClient, callers: int, until: float) -> int:
    """`callers` embedding generated emails 32 a call until `until` (time.monotonic()), as indexing does;
    how many were embedded."""
    rng = random.Random(7)
    emails = 0

    async def caller() -> None:
        nonlocal emails
        while time.monotonic() < until:
            emails += len((await client.embed([email(rng) for _ in range(32)], within=120)).vectors)

    await asyncio.gather(*(caller() for _ in range(callers)))
    return emails


async def measure_queries(client: AiClient, args: argparse.Namespace, pid: int | None) -> None:
    asked = 0

    async def query() -> float:
        nonlocal asked
        asked += 1
        started = time.monotonic()
        await client.embed([f"{QUERY} {asked}"], kind=EmbedKind.QUERY, within=60)
        return time.monotonic() - started

    async def searching(into: list[float], until: float, pause: float = 0.0) -> None:
        while time.monotonic() < until:
            into.append(await query())
            await asyncio.sleep(pause)

    for callers in (1, 8):
        latencies: list[float] = []
        stop_at = time.monotonic() + args.seconds
        cpu_before = cpu_seconds(pid) if pid else 0.0
        started = time.monotonic()
        await asyncio.gather(*(searching(latencies, stop_at) for _ in range(callers)))
        elapsed = time.monotonic() - started
        cpu = ""
        if pid:
            cpu = f", the service's CPU {(cpu_seconds(pid) - cpu_before) / len(latencies) * 1000:.2f} ms a query"
        print(f"queries, c={callers}: {len(latencies) / elapsed:6.1f}/s  {_quantiles(latencies)}{cpu}", flush=True)

    latencies = []
    stop_at = time.monotonic() + args.seconds
    started = time.monotonic()
    emails, _ = await asyncio.gather(
        embed_emails(client, args.concurrency, stop_at), searching(latencies, stop_at, pause=0.01)
    )
    elapsed = time.monotonic() - started
    print(
        f"queries while {args.concurrency} callers embed emails 32 a call: {len(latencies)} queries  "
        f"{_quantiles(latencies)}; {emails / elapsed:.1f} emails/s",
        flush=True,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--per-call", type=int, default=16)
    parser.add_argument("--threads", type=int, default=None, help="onnxruntime threads (default: all CPUs)")
    parser.add_argument("--url", help="measure a running service instead of starting one")
    parser.add_argument("--pid", type=int, help="the running service's process (with --url), for its CPU")
    parser.add_argument("--queries", action="store_true", help="search queries, and queries during indexing")
    parser.add_argument("--index-only", action="store_true", help="only embed emails, as indexing does")
    args = parser.parse_args()
    process = None
    url = args.url
    if url is None:
        port = free_port()
        command = [sys.executable, "-m", "rapport_ai", "--port", str(port)]
        if args.threads:
            command += ["--threads", str(args.threads)]
        process = subprocess.Popen(command, env=os.environ.copy(), stdout=subprocess.DEVNULL)  # noqa: S603
        url = f"127.0.0.1:{port}"
    try:
        async with AiClient(parse_url(url), timeout=120) as client:
            deadline = time.monotonic() + 180
            while not await client.ready():
                if time.monotonic() > deadline:
                    raise SystemExit("the AI service did not become ready")
                await asyncio.sleep(0.2)
            info = await client.model_info()
            print(f"model {info.name} {info.version} on {info.runtime}, {os.cpu_count()} CPUs", flush=True)
            await client.embed([card(random.Random(1)) for _ in range(32)])  # warm up
            pid = process.pid if process is not None else args.pid
            if args.index_only:
                started = time.monotonic()
                emails = await embed_emails(client, args.concurrency, started + args.seconds)
                print(f"{emails} emails embedded in {time.monotonic() - started:.1f} s", flush=True)
                return
            if args.queries:
                await measure_queries(client, args, pid)
                return
            await measure(client, card, args, "cards", pid)
            await measure(client, email, args, "emails", pid)
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


if __name__ == "__main__":
    asyncio.run(main())
