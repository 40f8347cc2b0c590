"""Prometheus metrics of the AI service, and the small HTTP server that serves /metrics on a port of its
own (the AI service and Rapport's worker use it: neither serves HTTP otherwise).

The port is for the scraper only: with a token set (RAPPORT_METRICS_TOKEN) it answers 401 without
`Authorization: Bearer <token>`; a production deployment either sets one or keeps the port off the
public network (the Kubernetes NetworkPolicies let only the monitoring namespace reach it).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
from collections.abc import Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram

BATCH_SIZE = Histogram(
    "rapport_ai_batch_size",
    "Texts per model run (calls waiting together are run as one batch), by lane (DOCUMENT or QUERY)",
    ["lane"],
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)
BATCH_DURATION = Histogram(
    "rapport_ai_batch_duration_seconds",
    "Time of one model run, by lane (DOCUMENT or QUERY)",
    ["lane"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
REQUESTS = Counter("rapport_ai_requests_total", "gRPC calls answered, by method and status code", ["method", "code"])
# Series from the start: before the first call rates read 0, not "no data".
REQUESTS.labels("Embed", "OK")
REQUEST_DURATION = Histogram(
    "rapport_ai_request_duration_seconds",
    "gRPC call latency (queueing included), by method",
    ["method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

REQUEST_DURATION.labels("Embed")
for _lane in ("DOCUMENT", "QUERY"):
    BATCH_SIZE.labels(_lane)
    BATCH_DURATION.labels(_lane)

MAX_REQUEST_BYTES = 8192
Payload = Callable[[], Awaitable[bytes]]


async def serve_metrics(host: str, port: int, payload: Payload, *, token: str | None = None) -> asyncio.Server:
    """Serves GET /metrics (and GET /healthz: 200) on host:port until the returned server is closed.
    `payload` is awaited per scrape, so values read at scrape time (queue depth) are fresh."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(10):
                head = await reader.readuntil(b"\r\n\r\n")
            status, body, content_type = await _answer(head, payload, token)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError):
            writer.close()
            return
        headers = (
            f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            + ("WWW-Authenticate: Bearer\r\n" if status.startswith("401") else "")
            + "Connection: close\r\n\r\n"
        )
        with contextlib.suppress(ConnectionError):
            writer.write(headers.encode() + body)
            await writer.drain()
        writer.close()

    return await asyncio.start_server(handle, host, port, limit=MAX_REQUEST_BYTES)


async def _answer(head: bytes, payload: Payload, token: str | None) -> tuple[str, bytes, str]:
    lines = head.decode("latin-1").split("\r\n")
    method, _, rest = lines[0].partition(" ")
    path = rest.partition(" ")[0].partition("?")[0]
    if method != "GET":
        return "405 Method Not Allowed", b"GET only\n", "text/plain"
    if path == "/healthz":
        return "200 OK", b'{"status":"ok"}', "application/json"
    if path != "/metrics":
        return "404 Not Found", b"not found\n", "text/plain"
    if token is not None:
        sent = next(
            (line.partition(":")[2].strip() for line in lines[1:] if line.lower().startswith("authorization:")), ""
        )
        if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            return "401 Unauthorized", b"send the metrics token as a Bearer token\n", "text/plain"
    return "200 OK", await payload(), CONTENT_TYPE_LATEST
