"""Many subscribed WebSockets against a running api: connect rate, memory per connection, targeted
delivery latency, broadcast time, and what survives a hold. Clients run in several processes.

    # the server (its own data directory and port; no per-address connect limit for loopback clients)
    cd server && RAPPORT_DATA_DIR=/tmp/rapport-rt RAPPORT_API_PORT=4100 RAPPORT_WEB_PORT=3100 \\
      RAPPORT_RATE_LIMIT_WEBSOCKET_PER_IP= uv run rapport up --no-web
    # the clients
    cd server && uv run python ../bench/realtime.py --api http://127.0.0.1:4100 --connections 10000 --hold 60

Each connection sends connection_init with a bearer token and subscribes to
`recordChanged(objectType: COMPANY)` (the broadcast: every socket gets every company change); the
first `--targeted` connections also subscribe to `recordChanged(id: <one contact>)` (the targeted
delivery). Latency is measured from the mutation's HTTP response (the commit happened before it)
to the client's receipt, on the same clock (one machine).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from common import require_local
from websockets.asyncio.client import connect

BROADCAST = "subscription { recordChanged(objectType: COMPANY) { eventId id kind } }"
TARGETED = "subscription($id: UUID!) { recordChanged(id: $id) { eventId id kind changedFields } }"
SIGN_UP = """mutation($input: SignUpInput!) { signUp(input: $input) { accessToken workspace { id } } }"""
CREATE_CONTACT = 'mutation { createContact(input: {firstName: "Target"}) { id } }'
UPDATE_CONTACT = "mutation($id: UUID!, $t: String!) { updateContact(id: $id, input: {jobTitle: $t}) { id } }"
CREATE_COMPANY = "mutation($n: String!) { createCompany(input: {name: $n}) { id } }"


async def client_main(
    index: int, url: str, token: str, count: int, targeted: int, contact_id: str, hold: float, results: Any
) -> None:
    """One client process: `count` sockets; reports connect times, then (time, kind) of each receipt."""
    ws_url = url.replace("http://", "ws://") + "/graphql"
    received: list[tuple[float, str]] = []
    opened = 0
    failed = 0  # never opened (refused, timed out)
    dropped = 0  # opened, then closed before the end
    ready = asyncio.Event()
    # Connects ramp: at most this many handshakes in flight per process (a storm of thousands at once
    # on a 2-core machine only measures the listen backlog and the clients' timeouts).
    in_flight = asyncio.Semaphore(64)

    async def one(number: int, source: str) -> None:
        nonlocal opened, failed, dropped
        holding = False
        try:
            await in_flight.acquire()
            holding = True
            async with connect(
                ws_url,
                subprotocols=["graphql-transport-ws"],
                open_timeout=120,
                ping_interval=None,  # type: ignore[list-item]
                local_addr=(source, 0),
                max_queue=None,
                compression=None,
            ) as ws:
                await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
                await asyncio.wait_for(ws.recv(), 120)
                await ws.send(json.dumps({"id": "b", "type": "subscribe", "payload": {"query": BROADCAST}}))
                if number < targeted:
                    payload = {"query": TARGETED, "variables": {"id": contact_id}}
                    await ws.send(json.dumps({"id": "t", "type": "subscribe", "payload": payload}))
                opened += 1
                in_flight.release()
                holding = False
                # Every socket has its answer (opened or refused): the last one may be an open one
                # after an earlier refusal, so count both here too.
                if opened + failed >= count:
                    ready.set()
                async for message in ws:
                    now = time.time()
                    if isinstance(message, bytes):
                        continue
                    if '"ping"' in message[:40]:
                        await ws.send('{"type":"pong"}')
                        continue
                    if '"next"' in message[:40]:
                        received.append((now, message[6:9]))  # the operation id: "b" or "t"
        except Exception:  # noqa: BLE001 - counted: a dropped or refused connection
            if holding:
                in_flight.release()
                failed += 1
            else:
                dropped += 1
            if opened + failed >= count:
                ready.set()

    started = time.time()
    # Spread source addresses over 127.0.0.x so ephemeral ports never run short.
    tasks = [asyncio.create_task(one(n, f"127.0.{index % 250}.{(n // 20000) + 2}")) for n in range(count)]
    while not ready.is_set():
        try:
            await asyncio.wait_for(ready.wait(), 10)
        except TimeoutError:
            print(f"client {index}: {opened} opened, {failed} failed, {dropped} dropped of {count}", flush=True)
    results.put(("connected", index, started, time.time(), opened, failed))
    await asyncio.sleep(hold)
    results.put(("received", index, received, dropped))
    for task in tasks:
        task.cancel()


def run_client(*args: Any) -> None:
    asyncio.run(client_main(*args))


def rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def api_pids(port: int) -> list[int]:
    """The api processes serving `port` (uvicorn's workers and their parent), found by environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        command = b" ".join(cmdline)
        is_api = (b"rapport" in command and b"api" in cmdline) or b"multiprocessing.spawn" in command
        if is_api and f"RAPPORT_API_PORT={port}".encode() in environ and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", default="http://127.0.0.1:4100")
    parser.add_argument("--connections", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--targeted", type=int, default=100, help="sockets also subscribed to the one contact")
    parser.add_argument("--updates", type=int, default=50, help="targeted updates while all are connected")
    parser.add_argument("--broadcasts", type=int, default=5)
    parser.add_argument("--hold", type=float, default=60.0, help="seconds all sockets stay open")
    args = parser.parse_args()
    url = require_local(args.api)
    port = int(url.rsplit(":", 1)[1])

    http = httpx.Client(base_url=url, timeout=60)
    email = f"rt-{uuid.uuid4().hex[:8]}@bench.example.com"
    signed = http.post(
        "/graphql",
        json={
            "query": SIGN_UP,
            "variables": {
                "input": {
                    "email": email,
                    "password": "bench-password-1",
                    "name": "Bench",
                    "workspaceName": "Realtime bench",
                }
            },
        },
    ).json()
    token = signed["data"]["signUp"]["accessToken"]
    headers = {"authorization": f"Bearer {token}"}

    def gql(query: str, variables: dict[str, Any] | None = None) -> tuple[dict[str, Any], float]:
        body = http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers).json()
        assert "errors" not in body, body
        return body["data"], time.time()

    contact_id = gql(CREATE_CONTACT)[0]["createContact"]["id"]
    pids = api_pids(port)
    rss_before = rss_kib(pids)

    context = multiprocessing.get_context("spawn")
    results: Any = context.Queue()
    share = args.connections // args.processes
    hold = args.hold + 30 + args.updates * 0.2 + args.broadcasts * 2
    processes = [
        context.Process(
            target=run_client,
            args=(i, url, token, share, args.targeted // args.processes, contact_id, hold, results),
        )
        for i in range(args.processes)
    ]
    started = time.time()
    for process in processes:
        process.start()
    pending: list[Any] = []
    connected = []
    while len(connected) < len(processes):
        message = results.get()
        (connected if message[0] == "connected" else pending).append(message)
        print(f"client {message[1]}: {message[0]} {message[4:] if message[0] == 'connected' else ''}", flush=True)
    all_connected = max(c[3] for c in connected)
    opened = sum(c[4] for c in connected)
    refused = sum(c[5] for c in connected)
    time.sleep(2)  # let the subscribes land
    rss_after = rss_kib(pids)

    update_times: list[float] = []
    for n in range(args.updates):
        _, at = gql(UPDATE_CONTACT, {"id": contact_id, "t": f"title {n}"})
        update_times.append(at)
        time.sleep(0.2)
    broadcast_times: list[float] = []
    for n in range(args.broadcasts):
        _, at = gql(CREATE_COMPANY, {"n": f"Broadcast {n}"})
        broadcast_times.append(at)
        time.sleep(2)
    print(f"holding {args.hold:.0f} s ...", flush=True)
    received = pending + [results.get() for _ in range(len(processes) - len(pending))]
    for process in processes:
        process.join(timeout=30)

    targeted_latencies: list[float] = []
    broadcast_last = [float("nan")] * args.broadcasts
    broadcast_counts = [0] * args.broadcasts
    for _, _, receipts, _ in received:
        targeted = sorted(t for t, kind in receipts if kind.startswith('"t'))
        broadcasts = sorted(t for t, kind in receipts if kind.startswith('"b'))
        # The k-th receipt of a socket's kind matches the k-th mutation: order is kept per workspace.
        per_socket = max(1, args.targeted // args.processes)
        for k, at in enumerate(targeted):
            targeted_latencies.append((at - update_times[min(k // per_socket, len(update_times) - 1)]) * 1000)
        for n, sent in enumerate(broadcast_times):
            window = [t for t in broadcasts if sent - 0.5 <= t < sent + 1.9]
            broadcast_counts[n] += len(window)
            if window:
                last = (max(window) - sent) * 1000
                broadcast_last[n] = last if broadcast_last[n] != broadcast_last[n] else max(broadcast_last[n], last)
    dropped = sum(r[3] for r in received)
    report = {
        "connections": args.connections,
        "opened": opened,
        "refused_or_dropped_while_connecting": refused,
        "dropped_total": dropped,
        "connect_seconds": round(all_connected - started, 1),
        "connects_per_second": round(opened / (all_connected - started), 1),
        "api_processes": len(pids),
        "server_rss_mib_before": round(rss_before / 1024, 1),
        "server_rss_mib_after": round(rss_after / 1024, 1),
        "server_kib_per_connection": round((rss_after - rss_before) / max(opened, 1), 1),
        "targeted_receipts": len(targeted_latencies),
        "targeted_expected": args.updates * (args.targeted // args.processes) * args.processes,
        "targeted_ms_p50": round(percentile(targeted_latencies, 50), 1),
        "targeted_ms_p95": round(percentile(targeted_latencies, 95), 1),
        "targeted_ms_p99": round(percentile(targeted_latencies, 99), 1),
        "broadcast_receipts_per_event": broadcast_counts,
        "broadcast_ms_to_last_each": [round(x) for x in broadcast_last],
        "hold_seconds": args.hold,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
