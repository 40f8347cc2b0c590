"""`rapport api --workers N` (balancer.py): the parent hands each connection to the next worker, a
subscription's socket works on either, a killed worker is replaced while the others answer, SIGTERM
ends them all, and a parent killed outright leaves no worker behind."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import Servers, free_port, stop_process, wait_ready
from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up
from tests.realtime.client import signed_in


@contextmanager
def balanced_api(servers: Servers, workers: int = 2) -> Iterator[tuple[subprocess.Popen[bytes], str, int]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "rapport", "api", "--workers", str(workers)],
        env=servers.env(RAPPORT_API_PORT=str(port)),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process)
        yield process, base, port
    finally:
        stop_process(process)


def workers_of(pid: int) -> list[int]:
    try:
        return sorted(int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except FileNotFoundError:
        return []


def alive(pid: int) -> bool:
    """Running (not gone, and not a zombie waiting for its parent to reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False


def serving(pid: int, port: int) -> int:
    """How many established TCP connections to `port` process `pid` holds (from /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rpartition(":")[2], 16)
            if local_port == port and fields[3] == "01" and fields[9] in inodes:
                count += 1
    return count


def wait_for(predicate: Callable[[], bool], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        assert time.monotonic() < deadline, f"{what} did not happen within {within} s"
        time.sleep(0.1)


def keep_alive(base: str, count: int, stack: ExitStack) -> list[httpx.Client]:
    """`count` clients, each with one connection kept open after a request on it."""
    clients = []
    for _ in range(count):
        client = stack.enter_context(httpx.Client(base_url=base, timeout=30))
        assert client.get("/healthz").status_code == 200
        clients.append(client)
    return clients


def both_ready(base: str, pid: int, port: int) -> bool:
    """Two connections opened one after the other are served by two processes (each worker is
    handed connections only once it said it is ready)."""
    with ExitStack() as stack:
        keep_alive(base, 2, stack)
        return sorted(serving(worker, port) for worker in workers_of(pid)) == [1, 1]


def test_the_workers_are_handed_the_connections_in_turn(servers: Servers) -> None:
    with balanced_api(servers) as (process, base, port):
        workers = workers_of(process.pid)
        assert len(workers) == 2
        wait_for(lambda: both_ready(base, process.pid, port), 60, "both workers serving")
        with ExitStack() as stack:
            keep_alive(base, 8, stack)
            # Opened together, as a proxy's pool or a load generator opens them: four each, not 8/0.
            assert [serving(worker, port) for worker in workers] == [4, 4]
        # The parent holds the listening socket, never a connection.
        assert serving(process.pid, port) == 0
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=45) == 0
        assert not any(alive(worker) for worker in workers)


async def test_a_subscription_on_either_worker_hears_a_change_made_through_the_other(
    servers: Servers, worker: subprocess.Popen[bytes]
) -> None:
    with balanced_api(servers) as (process, base, port):
        wait_for(lambda: both_ready(base, process.pid, port), 60, "both workers serving")
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            account = await sign_up(GraphQLClient(http))
        subscription = "subscription { recordChanged(objectType: CONTACT) { kind record { ... on Contact { name } } } }"
        async with signed_in(base, account.access_token) as first, signed_in(base, account.access_token) as second:
            # Two sockets opened one after the other: one on each worker.
            assert sorted(serving(each, port) for each in workers_of(process.pid)) == [1, 1]
            for socket_ in (first, second):
                await socket_.subscribe(subscription)
            await asyncio.sleep(0.5)  # the subscriptions are listening
            async with httpx.AsyncClient(base_url=base, timeout=30) as http:
                await GraphQLClient(http).data(
                    CREATE_CONTACT, {"input": {"firstName": "Grace"}}, token=account.access_token
                )
            for socket_ in (first, second):
                message = await socket_.receive(wait=30)
                assert message["type"] == "next", message
                assert message["payload"]["data"]["recordChanged"]["record"] == {"name": "Grace"}


def test_a_killed_worker_is_replaced_while_the_other_answers(servers: Servers) -> None:
    with balanced_api(servers) as (process, base, port):
        wait_for(lambda: both_ready(base, process.pid, port), 60, "both workers serving")
        killed, kept = workers_of(process.pid)
        os.kill(killed, signal.SIGKILL)
        wait_for(lambda: not alive(killed), 10, "the worker's end")
        # Every new connection in the meantime goes to the one left: none is lost.
        for _ in range(20):
            assert httpx.get(f"{base}/healthz", timeout=30).status_code == 200
        wait_for(lambda: len(workers_of(process.pid)) == 2 and killed not in workers_of(process.pid), 30, "a new one")
        assert kept in workers_of(process.pid)
        wait_for(lambda: both_ready(base, process.pid, port), 90, "the new worker serving")


def test_a_parent_killed_outright_leaves_no_worker_holding_on(servers: Servers) -> None:
    with balanced_api(servers) as (process, _base, port):
        workers = workers_of(process.pid)
        process.kill()
        process.wait()
        # Each worker's channel to the parent closed: it finishes and ends by itself.
        wait_for(lambda: not any(alive(worker) for worker in workers), 30, "the workers' end")
        # The workers never held the listening socket: the port is free at once.
        with socket.create_server(("127.0.0.1", port)):
            pass


def _slow_worker(ready_file: Path) -> str:
    """A worker that writes `ready_file`, says READY a second after it started, then only holds on (what
    it is handed is not served)."""
    return (
        "import os, pathlib, socket, time; time.sleep(1.0); "
        f"pathlib.Path({str(ready_file)!r}).touch(); "
        "socket.socket(fileno=int(os.environ['RAPPORT_API_CHANNEL_FD'])).send(b'R'); time.sleep(60)"
    )


def test_the_port_refuses_connections_until_a_worker_is_ready(tmp_path: Path) -> None:
    """A restarted api does not keep its clients waiting through the workers' start-up: until one is
    ready, connecting is refused at once (the supervisor's heal test saw requests hang there for 15 s)."""
    port = free_port()
    ready_file = tmp_path / "ready"
    worker = [sys.executable, "-c", _slow_worker(ready_file)]
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; from rapport.balancer import balance; sys.exit(balance('127.0.0.1', {port}, 1, {worker!r}, {{}}))",
        ]
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert time.monotonic() < deadline, "the port never listened"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5):
                    break
            except ConnectionRefusedError:
                time.sleep(0.02)
        # The first connection taken came after the worker said READY, never into a backlog before it.
        assert ready_file.exists()
        # And the port is the parent's: nothing else can bind it.
        with pytest.raises(OSError, match="in use"):
            socket.create_server(("127.0.0.1", port))
    finally:
        stop_process(parent)
