"""How long a CSV import of N contacts takes end to end: upload to /api/v1/imports, startImport,
then poll importJob until it has finished. Self-contained: it starts embedded PostgreSQL and
Valkey in a temporary directory, migrates, and runs `rapport api` and `rapport worker` on them.

    cd server && uv run python ../bench/import_run.py --rows 100000
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
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
            "RAPPORT_REDIS_URL": redis_url,
            "RAPPORT_SECRET_KEY": SECRET,
            "RAPPORT_LOG_LEVEL": "WARNING",
            "RAPPORT_API_PORT": str(port),
        }
        for command in ("api", "worker"):
            processes.append(subprocess.Popen([sys.executable, "-m", "rapport", command], env=env))
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=120) as http:
            for _ in range(600):
                try:
                    if http.get("/readyz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
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
        total = finished - started
        print(f"rows: {args.rows}  csv: {size / 1e6:.1f} MB  mapping: {body['suggestedMapping']}")
        print(f"state: {current['state']}  created: {current['createdCount']}  errors: {current['errorCount']}")
        print(f"upload + inspect: {uploaded_at - started:.1f} s   import job: {finished - uploaded_at:.1f} s")
        print(f"total: {total:.1f} s   ({args.rows / total:,.0f} rows/s)")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        valkey.stop()
        postgres.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
