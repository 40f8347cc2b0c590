"""A real HTTP receiver for webhook tests: uvicorn on 127.0.0.1 in a thread, recording every request
and answering from a plan (status, delay, headers) or 200.

Its URL has a path of its own (`prefix`): a request to another path, such as a late retry of an earlier
test's endpoint whose receiver had the same port, is answered 404 and neither recorded nor given a
planned answer."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn


@dataclass
class Answer:
    status: int = 200
    delay: float = 0.0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b"ok"


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    answer: Answer = field(default_factory=Answer)  # what the plan gave it
    at: float = 0.0  # time.monotonic() when it arrived

    def __repr__(self) -> str:
        return (
            f"<{self.headers.get('webhook-id')} at {self.at:.2f}: {self.answer.status} after {self.answer.delay:g} s>"
        )


class Receiver:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.plan: list[Answer] = []
        self.port = 0
        self.prefix = f"/r-{uuid.uuid4().hex[:12]}"
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        assert scope["type"] == "http"
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        path = str(scope["path"])
        if path != self.prefix and not path.startswith(f"{self.prefix}/"):
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b"not this test's receiver"})
            return
        headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
        with self.lock:
            answer = self.plan.pop(0) if self.plan else Answer()
            self.received.append(
                Received(path.removeprefix(self.prefix) or "/", headers, body, answer, time.monotonic())
            )
        if answer.delay:
            await asyncio.sleep(answer.delay)
        await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers})
        await send({"type": "http.response.body", "body": answer.body})

    def wait_for(self, count: int, timeout: float = 30) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.received) >= count:
                return list(self.received)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} requests, got {len(self.received)}")


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        receiver.port = sock.getsockname()[1]
    config = uvicorn.Config(
        receiver, host="127.0.0.1", port=receiver.port, log_level="warning", lifespan="off", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the receiver did not start"
        time.sleep(0.02)
    try:
        yield receiver
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def spec_signatures(secret: str, message_id: str, timestamp: str, body: bytes) -> str:
    """The spec's algorithm written out (not the library Rapport signs with): base64 of HMAC-SHA256,
    keyed with the base64-decoded part of the `whsec_` secret, over `id.timestamp.body`."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verifies(secret: str, request: Received) -> bool:
    expected = spec_signatures(
        secret, request.headers["webhook-id"], request.headers["webhook-timestamp"], request.body
    )
    return any(hmac.compare_digest(expected, given) for given in request.headers["webhook-signature"].split(" "))
