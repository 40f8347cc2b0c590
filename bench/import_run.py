"""How long a CSV import of N contacts takes end to end: upload to /api/v1/imports, startImport,
then poll importJob until it has finished. Self-contained: it starts embedded PostgreSQL and
Valkey in a temporary directory, migrates, and runs `rapport api` and `rapport worker` on them.

    cd server && uv run python ../bench/import_run.py --rows 100000
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from rapport import migrate
from rapport.embedded import EmbeddedPostgres, EmbeddedValkey

SECRET = "bench-secret-key-that-is-long-enough-0123456789"
FIRST = ("Ada", "Grace", "Alan", "Linus", "Barbara", "Edsger", "Donald", "Margaret", "Ken", "Radia")
LAST = ("Lovelace", "Hopper", "Turing", "Torvalds", "Liskov", "Dijkstra", "Knuth", "Hamilton", "Thompson", "Perlman")
TITLES = ("Engineer", "Head of Sales", "CTO", "Buyer", "Account Executive")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("First Name,Last Name,Email,Phone,Job Title\n")
        for index in range(rows):
            first, last = FIRST[index % 10], LAST[(index // 10) % 10]
            handle.write(
                f"{first},{last},{first.lower()}.{last.lower()}.{index}@bench.example.com,"
                f"+1 555 {index:07d},{TITLES[index % 5]}\n"
            )


TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the state on (the name may hold spaces)


def cpu_seconds(pid: int, *, with_children: bool = False) -> float:
    """User + system CPU of a process (and, for the postmaster, of its live children and the ones that
    ended): CPU time, whatever else the machine was running meanwhile."""
    fields = _stat(pid)
    if fields is None:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if with_children:
        ticks += int(fields[13]) + int(fields[14])
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                child = _stat(int(entry.name))
                if child is not None and int(child[1]) == pid:
                    ticks += int(child[11]) + int(child[12])
    return ticks / TICK


class DatabaseSampler:
    """What PostgreSQL is busy with, sampled from pg_stat_activity (the database's py-spy)."""

    def __init__(self, superuser_url: str) -> None:
        self.counts: collections.Counter[str] = collections.Counter()
        self.samples = 0
        self.stop = threading.Event()
        self.url = superuser_url.replace("postgresql+asyncpg", "postgresql")
        self.thread = threading.Thread(target=lambda: asyncio.run(self.run()), daemon=True)
        self.thread.start()

    async def run(self) -> None:
        import asyncpg

        parsed = urlsplit(self.url)
        host = parse_qs(parsed.query)["host"][0]
        connection = await asyncpg.connect(host=host, user="postgres", database=parsed.path.lstrip("/"))
        query = (
            "SELECT state, coalesce(wait_event, 'cpu'), left(regexp_replace(query, '\\s+', ' ', 'g'), 90)"
            " FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            " AND state <> 'idle'"
        )
        while not self.stop.is_set():
            self.samples += 1
            for state, wait, text in await connection.fetch(query):
                self.counts[f"{state:20} {wait:14} {text}"] += 1
            await asyncio.sleep(0.02)
        await connection.close()

    def report(self) -> None:
        self.stop.set()
        self.thread.join()
        print(f"pg_stat_activity, {self.samples} samples (share of samples with a backend doing it):")
        for key, count in self.counts.most_common(15):
            print(f"  {count / self.samples:6.1%}  {key}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--profile", type=Path, default=None, help="run the worker under py-spy and write its flame graph here (.svg)"
    )
    parser.add_argument(
        "--sample-db", action="store_true", help="sample pg_stat_activity every 20 ms and print the busiest statements"
    )
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-import-bench-"))
    postgres, valkey = EmbeddedPostgres(data_dir), EmbeddedValkey(data_dir)
    urls = postgres.start()
    redis_url = valkey.start()
    processes: list[subprocess.Popen[bytes]] = []
    try:
        migrate.upgrade(urls.database_owner_url)
        port = free_port()
        env = {
            **os.environ,
            "RAPPORT_ENV": "test",
            "RAPPORT_DATA_DIR": str(data_dir),
            "RAPPORT_DATABASE_URL": urls.database_url,
            "RAPPORT_DATABASE_OWNER_URL": urls.database_owner_url,
            "RAPPORT_DATABASE_SYSTEM_URL": urls.database_system_url,
            "RAPPORT_REDIS_URL": redis_url,
            "RAPPORT_SECRET_KEY": SECRET,
            "RAPPORT_LOG_LEVEL": "WARNING",
            "RAPPORT_API_PORT": str(port),
        }
        processes.append(subprocess.Popen([sys.executable, "-m", "rapport", "api"], env=env))
        worker = [sys.executable, "-m", "rapport", "worker"]
        if args.profile is not None:
            # py-spy (PyPI) samples the worker; it writes the graph when the worker ends (SIGINT below).
            fmt = ["--format", "raw"] if args.profile.suffix == ".txt" else []
            worker = ["py-spy", "record", "--rate", "50", *fmt, "-o", str(args.profile), "--", *worker]
        processes.append(subprocess.Popen(worker, env=env))
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=120) as http:
            ready_by = time.monotonic() + 300  # a loaded machine starts the api slowly
            while True:
                try:
                    if http.get("/readyz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > ready_by:
                    raise SystemExit("the api did not get ready in 300 s")
                time.sleep(0.1)
            signed = http.post(
                "/graphql",
                json={
                    "query": "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }",
                    "variables": {"i": {"email": f"bench-{uuid.uuid4().hex[:8]}@example.com", "password": "bench-password-1",
                                        "name": "Bench", "workspaceName": "Bench"}},
                },
            ).json()
            headers = {"authorization": f"Bearer {signed['data']['signUp']['accessToken']}"}
            csv_path = data_dir / "contacts.csv"
            write_csv(csv_path, args.rows)
            size = csv_path.stat().st_size
            sampler = DatabaseSampler(urls.superuser_url) if args.sample_db else None
            postmaster = postgres.pid
            assert postmaster is not None
            measured = {"api": processes[0].pid, "worker": processes[1].pid}
            cpu_before = {name: cpu_seconds(pid) for name, pid in measured.items()}
            cpu_before["postgres"] = cpu_seconds(postmaster, with_children=True)
            load_before = os.getloadavg()
            started = time.perf_counter()
            with csv_path.open("rb") as handle:
                uploaded = http.post("/api/v1/imports", files={"file": ("contacts.csv", handle, "text/csv")}, headers=headers)
            uploaded.raise_for_status()
            body = uploaded.json()
            uploaded_at = time.perf_counter()
            job = http.post(
                "/graphql",
                json={
                    "query": "mutation($f: UUID!, $m: JSON!) { startImport(fileId: $f, objectType: CONTACT, mapping: $m,"
                    " upsertBy: \"email\") { id } }",
                    "variables": {"f": body["id"], "m": body["suggestedMapping"]},
                },
                headers=headers,
            ).json()["data"]["startImport"]
            query = "query($id: UUID!) { importJob(id: $id) { state processedRows createdCount errorCount } }"
            reported = time.perf_counter()
            while True:
                state = http.post("/graphql", json={"query": query, "variables": {"id": job["id"]}}, headers=headers).json()
                current = state["data"]["importJob"]
                if current["state"] in ("SUCCEEDED", "FAILED"):
                    break
                if time.perf_counter() - reported > 5:
                    reported = time.perf_counter()
                    print(f"  {reported - uploaded_at:5.1f} s: {current}", flush=True)
                time.sleep(0.25)
            finished = time.perf_counter()
            cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in measured.items()}
            cpu["postgres"] = cpu_seconds(postmaster, with_children=True) - cpu_before["postgres"]
            load_after = os.getloadavg()
            if sampler is not None:
                sampler.report()
        total = finished - started
        print(f"rows: {args.rows}  csv: {size / 1e6:.1f} MB  mapping: {body['suggestedMapping']}")
        print(f"state: {current['state']}  created: {current['createdCount']}  errors: {current['errorCount']}")
        print(f"upload + inspect: {uploaded_at - started:.1f} s   import job: {finished - uploaded_at:.1f} s")
        print(f"total: {total:.1f} s   ({args.rows / total:,.0f} rows/s)")
        print(
            "CPU seconds during the import: "
            + ", ".join(f"{name} {seconds:.1f}" for name, seconds in cpu.items())
            + f" (all {sum(cpu.values()):.1f}; the worker {1000 * cpu['worker'] / args.rows:.2f} ms a row)"
        )
        print(f"load average (1 min) before / after: {load_before[0]:.1f} / {load_after[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT if args.profile is not None else signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        valkey.stop()
        postgres.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
