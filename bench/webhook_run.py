"""Webhook delivery throughput to a local receiver: N `contact.created` events (made by a CSV import of
N contacts, which writes them in bulk) delivered to E endpoints, each subscribed to them, all on one
receiver on 127.0.0.1. Self-contained like import_run.py: embedded PostgreSQL and Valkey in a temporary
directory, `rapport api` and `rapport worker` (loopback allowed for the receiver).

    cd server && uv run python ../bench/webhook_run.py --events 5000 --endpoints 1
    cd server && uv run python ../bench/webhook_run.py --events 5000 --endpoints 4

Deliveries to one endpoint go one at a time in event order (the lease), so one endpoint's rate is one
round trip plus the delivery's own transactions; endpoints are delivered to side by side (the worker
runs jobs concurrently). Reported: deliveries per second from the first to the last received, and the
receiver's count of distinct webhook-ids (every event once at least).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_run import SECRET, cpu_seconds, free_port, write_csv  # noqa: E402

from rapport import migrate  # noqa: E402
from rapport.embedded import EmbeddedPostgres, EmbeddedValkey  # noqa: E402


class Receiver:
    """Answers 200 at once and notes when each webhook-id first arrived."""

    def __init__(self) -> None:
        self.first_seen: dict[str, float] = {}
        self.requests = 0
        self.lock = threading.Lock()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if not message.get("more_body"):
                break
        message_id = dict(scope["headers"]).get(b"webhook-id", b"").decode()
        with self.lock:
            self.requests += 1
            self.first_seen.setdefault(f"{scope['path']} {message_id}", time.perf_counter())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--endpoints", type=int, default=1)
    parser.add_argument("--profile", type=Path, default=None, help="py-spy the worker into this file (raw stacks)")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-webhook-bench-"))
    postgres, valkey = EmbeddedPostgres(data_dir), EmbeddedValkey(data_dir)
    urls = postgres.start()
    redis_url = valkey.start()
    processes: list[subprocess.Popen[bytes]] = []
    receiver = Receiver()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        receiver_port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(receiver, host="127.0.0.1", port=receiver_port, log_level="warning", lifespan="off")
    )
    threading.Thread(target=server.run, daemon=True).start()
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
            "RAPPORT_OUTBOUND_ALLOWED_NETWORKS": '["127.0.0.0/8"]',
        }
        processes.append(subprocess.Popen([sys.executable, "-m", "rapport", "api"], env=env))
        worker = [sys.executable, "-m", "rapport", "worker"]
        if args.profile is not None:
            worker = ["py-spy", "record", "--rate", "50", "--format", "raw", "-o", str(args.profile), "--", *worker]
        processes.append(subprocess.Popen(worker, env=env))
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
            ready_by = time.monotonic() + 300
            while True:
                try:
                    if http.get("/readyz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > ready_by:
                    raise SystemExit("the api did not get ready in 300 s")
                time.sleep(0.1)

            def gql(query: str, variables: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
                answer = http.post("/graphql", json={"query": query, "variables": variables}, headers=headers).json()
                assert "errors" not in answer, answer
                return answer["data"]

            signed = gql(
                "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }",
                {"i": {"email": f"bench-{uuid.uuid4().hex[:8]}@example.com", "password": "bench-password-1",
                       "name": "Bench", "workspaceName": "Bench"}},
            )  # fmt: skip
            headers = {"authorization": f"Bearer {signed['signUp']['accessToken']}"}
            for n in range(args.endpoints):
                gql(
                    "mutation($u: String!) { createWebhookEndpoint(url: $u, events: [\"contact.created\"]) { secret } }",
                    {"u": f"http://127.0.0.1:{receiver_port}/endpoint-{n}"},
                    headers,
                )
            csv_path = data_dir / "contacts.csv"
            write_csv(csv_path, args.events)
            with csv_path.open("rb") as handle:
                uploaded = http.post("/api/v1/imports", files={"file": ("c.csv", handle, "text/csv")}, headers=headers)
            uploaded.raise_for_status()
            body = uploaded.json()
            load_before = os.getloadavg()
            started = time.perf_counter()
            gql(
                "mutation($f: UUID!, $m: JSON!) { startImport(fileId: $f, objectType: CONTACT, mapping: $m) { id } }",
                {"f": body["id"], "m": body["suggestedMapping"]},
                headers,
            )
            expected = args.events * args.endpoints
            reported = started
            while not receiver.first_seen:  # the worker's start-up (imports) is not counted
                time.sleep(0.05)
            worker_cpu = cpu_seconds(processes[1].pid)
            postgres_cpu = cpu_seconds(postgres.pid or 0, with_children=True)
            counted_from = len(receiver.first_seen)
            while len(receiver.first_seen) < expected:
                time.sleep(0.2)
                if time.perf_counter() - reported > 5:
                    reported = time.perf_counter()
                    print(f"  {reported - started:5.1f} s: {len(receiver.first_seen)} of {expected} delivered", flush=True)
                if time.perf_counter() - started > 1800:
                    raise SystemExit(f"only {len(receiver.first_seen)} of {expected} deliveries in 30 minutes")
            worker_cpu = cpu_seconds(processes[1].pid) - worker_cpu
            postgres_cpu = cpu_seconds(postgres.pid or 0, with_children=True) - postgres_cpu
            load_after = os.getloadavg()
        times = sorted(receiver.first_seen.values())
        span = times[-1] - times[0]
        print(f"events: {args.events}  endpoints: {args.endpoints}  deliveries: {expected}"
              f"  requests received: {receiver.requests} (distinct webhook-ids per endpoint: {len(receiver.first_seen)})")
        print(f"from startImport to the last delivery: {times[-1] - started:.1f} s")
        print(f"first to last delivery: {span:.1f} s = {(expected - 1) / span:,.0f} deliveries/s")
        counted = expected - counted_from
        print(f"CPU seconds from the first delivery to the last: worker {worker_cpu:.1f}, postgres {postgres_cpu:.1f}"
              f" ({1000 * worker_cpu / counted:.2f} ms of worker CPU per delivery; the import's end overlaps)")
        print(f"load average (1 min) before / after: {load_before[0]:.1f} / {load_after[0]:.1f} on {os.cpu_count()} CPUs")
        print(json.dumps({"events": args.events, "endpoints": args.endpoints, "seconds": round(span, 2)}))
    finally:
        server.should_exit = True
        for process in processes:
            process.send_signal(signal.SIGINT if args.profile is not None else signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        valkey.stop()
        postgres.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
