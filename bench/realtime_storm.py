"""The reconnect storm: every subscribed socket dropped at once, events made while all are down, then every
client reconnecting at the same moment with `after: <the last eventId it saw>`. Measures the time until all
are subscribed again and until every socket has the missed events, and counts what was missed or
received twice (each socket must get each missed event exactly once).

    # the server, as for realtime.py (no per-address connect limit for loopback clients)
    cd server && RAPPORT_DATA_DIR=/tmp/rapport-rt RAPPORT_API_PORT=4100 RAPPORT_WEB_PORT=3100 RAPPORT_SMTP_PORT=0 \\
      RAPPORT_RATE_LIMIT_WEBSOCKET_PER_IP= RAPPORT_API_WORKERS=2 uv run rapport up --no-web
    cd server && uv run python ../bench/realtime_storm.py --api http://127.0.0.1:4100 --connections 4000 --missed 5
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import threading
import time
import uuid
from typing import Any

import httpx
from common import require_local
from websockets.asyncio.client import connect

from realtime import CREATE_COMPANY, SIGN_UP, percentile

RESUMING = "subscription($after: String) { recordChanged(objectType: COMPANY, after: $after) { eventId id kind } }"


def event_id(message: str) -> str | None:
    body = json.loads(message)
    if body.get("type") != "next":
        return None
    change = (body.get("payload", {}).get("data") or {}).get("recordChanged") or {}
    return change.get("eventId")


async def client_main(index: int, url: str, token: str, count: int, control: Any, results: Any) -> None:
    """One client process: `count` sockets through the storm; reports to `results`."""
    ws_url = url.replace("http://", "ws://") + "/graphql"
    loop = asyncio.get_running_loop()
    drop, reconnect = asyncio.Event(), asyncio.Event()
    # The driver's multiprocessing events, seen from this loop.
    threading.Thread(target=lambda: (control["drop"].wait(), loop.call_soon_threadsafe(drop.set)), daemon=True).start()
    threading.Thread(
        target=lambda: (control["reconnect"].wait(), loop.call_soon_threadsafe(reconnect.set)), daemon=True
    ).start()
    in_flight = asyncio.Semaphore(256)
    subscribed = asyncio.Event()
    state = {"subscribed": 0, "failed": 0}
    last: list[str | None] = [None] * count
    seen: list[list[str]] = [[] for _ in range(count)]
    resubscribed_at: list[float | None] = [None] * count
    caught_up_at: list[float | None] = [None] * count

    async def session(number: int, after: str | None, until: asyncio.Event, second: bool) -> None:
        source = f"127.1.{index % 250}.{(number // 20000) + 2}"
        async with in_flight:
            ws = await connect(
                ws_url,
                subprotocols=["graphql-transport-ws"],
                open_timeout=300,
                ping_interval=None,  # type: ignore[list-item]
                local_addr=(source, 0),
                max_queue=None,
                compression=None,
            )
            await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
            await asyncio.wait_for(ws.recv(), 300)
            payload = {"query": RESUMING, "variables": {"after": after}}
            await ws.send(json.dumps({"id": "b", "type": "subscribe", "payload": payload}))
        if second:
            resubscribed_at[number] = time.time()
        else:
            state["subscribed"] += 1
            if state["subscribed"] + state["failed"] == count:
                subscribed.set()
        expected = control["missed"].value

        async def read() -> None:
            async for message in ws:
                if isinstance(message, bytes):
                    continue
                if '"ping"' in message[:40]:
                    await ws.send('{"type":"pong"}')
                    continue
                found = event_id(message)
                if found is None:
                    continue
                last[number] = found
                if second:
                    seen[number].append(found)
                    if len(seen[number]) >= expected and caught_up_at[number] is None:
                        caught_up_at[number] = time.time()

        reader = asyncio.create_task(read())
        await until.wait()
        reader.cancel()
        await ws.close()

    async def one(number: int) -> None:
        try:
            await session(number, None, drop, False)
        except Exception:  # noqa: BLE001 - counted
            state["failed"] += 1
            if state["subscribed"] + state["failed"] == count:
                subscribed.set()
            return
        await reconnect.wait()
        # A socket that fails now is counted below: never resubscribed, its events missing.
        with contextlib.suppress(Exception):
            await session(number, last[number], done, True)

    done = asyncio.Event()
    tasks = [asyncio.create_task(one(n)) for n in range(count)]
    await subscribed.wait()
    results.put(("subscribed", index, state["subscribed"], state["failed"]))
    # Armed once every socket has an eventId to resume from (the driver's first company), or after a minute.
    armed_by = time.time() + 60
    while time.time() < armed_by and any(found is None for found in last[: state["subscribed"]]):  # noqa: ASYNC110
        await asyncio.sleep(0.2)
    results.put(("armed", index, sum(1 for found in last if found is None)))
    await drop.wait()
    await asyncio.sleep(2)  # every socket closed
    results.put(("dropped", index))
    await reconnect.wait()
    deadline = time.time() + control["timeout"].value
    while time.time() < deadline and any(at is None for at in caught_up_at):  # noqa: ASYNC110 - polls many
        await asyncio.sleep(0.5)
    await asyncio.sleep(3)  # anything arriving twice, late
    done.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    duplicates = sum(len(ids) - len(set(ids)) for ids in seen)
    results.put(("storm", index, resubscribed_at, caught_up_at, [len(set(ids)) for ids in seen], duplicates))


def run_client(*args: Any) -> None:
    asyncio.run(client_main(*args))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", default="http://127.0.0.1:4100")
    parser.add_argument("--connections", type=int, default=4000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--missed", type=int, default=5, help="companies created while every socket is down")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for every socket to catch up")
    args = parser.parse_args()
    url = require_local(args.api)

    http = httpx.Client(base_url=url, timeout=60)
    variables = {
        "input": {
            "email": f"storm-{uuid.uuid4().hex[:8]}@bench.example.com",
            "password": "bench-password-1",
            "name": "Bench",
            "workspaceName": "Storm bench",
        }
    }
    signed = http.post("/graphql", json={"query": SIGN_UP, "variables": variables}).json()
    token = signed["data"]["signUp"]["accessToken"]
    headers = {"authorization": f"Bearer {token}"}

    def create_company(name: str) -> None:
        body = http.post("/graphql", json={"query": CREATE_COMPANY, "variables": {"n": name}}, headers=headers).json()
        assert "errors" not in body, body

    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    control = {
        "drop": manager.Event(),
        "reconnect": manager.Event(),
        "missed": manager.Value("i", args.missed),
        "timeout": manager.Value("d", args.timeout),
    }
    results: Any = context.Queue()
    share = args.connections // args.processes
    processes = [
        context.Process(target=run_client, args=(i, url, token, share, control, results)) for i in range(args.processes)
    ]
    started = time.time()
    for process in processes:
        process.start()
    subscribed = [results.get() for _ in processes]
    print(
        f"subscribed: {sum(s[2] for s in subscribed)}, failed {sum(s[3] for s in subscribed)}"
        f" in {time.time() - started:.1f} s",
        flush=True,
    )
    create_company("Before the storm")  # every socket has an eventId to resume from
    armed = [results.get() for _ in processes]
    without_resume_point = sum(a[2] for a in armed)
    control["drop"].set()
    for _ in processes:
        results.get()
    print("all dropped", flush=True)
    for n in range(args.missed):
        create_company(f"While down {n}")
    storm = time.time()
    control["reconnect"].set()
    reports = [results.get() for _ in processes]
    for process in processes:
        process.join(timeout=30)

    resubscribed = [at for r in reports for at in r[2] if at is not None]
    caught_up = [at for r in reports for at in r[3] if at is not None]
    counts = [c for r in reports for c in r[4]]
    sockets = sum(len(r[2]) for r in reports)
    report = {
        "connections": args.connections,
        "subscribed_before_the_storm": sum(s[2] for s in subscribed),
        "missed_events_per_socket": args.missed,
        "resubscribed": len(resubscribed),
        "seconds_until_all_resubscribed": round(max(resubscribed) - storm, 1) if resubscribed else None,
        "resubscribe_s_p50_p95": [round(percentile([t - storm for t in resubscribed], p), 2) for p in (50, 95)],
        "caught_up": len(caught_up),
        "seconds_until_all_caught_up": round(max(caught_up) - storm, 1) if caught_up else None,
        "sockets_without_a_resume_point": without_resume_point,
        "sockets_missing_events": sum(1 for c in counts if c < args.missed) + (sockets - len(counts)),
        "events_received_twice": sum(r[5] for r in reports),
        "reconnects_per_second": round(len(resubscribed) / max(max(resubscribed) - storm, 0.001), 1)
        if resubscribed
        else None,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
