"""Shared by the generator, the raw floor and the runners: paths, URLs, the local-only guard and a cheap
HTTP client."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
STATE_DIR = BENCH_DIR / ".state"
FIXTURES = STATE_DIR / "fixtures.json"
PASSWORD = "bench-password-1"  # every generated account's password (local benchmark data only)
EMAIL_DOMAIN = "bench.example.com"

DEFAULT_DATA_DIR = os.environ.get("RAPPORT_DATA_DIR", "/tmp/rapport-bench")
DEFAULT_API = "http://127.0.0.1:4000"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def require_local(url: str) -> str:
    """Refuses any URL that is not on this machine: the benchmark never sends traffic elsewhere."""
    host = urlsplit(url).hostname
    if host not in LOCAL_HOSTS:
        raise SystemExit(f"refusing {url!r}: the benchmark only talks to 127.0.0.1")
    return url.rstrip("/")


def db_url(data_dir: str, role: str = "postgres") -> str:
    """The embedded PostgreSQL of `rapport up`, over its Unix socket."""
    return f"postgresql://{role}@/rapport?host={Path(data_dir).resolve() / 'postgres'}"


def load_fixtures(path: Path = FIXTURES) -> dict[str, Any]:
    if not path.exists():
        raise SystemExit(f"{path} not found: run bench/generate.py first")
    return json.loads(path.read_text())


def graphql_error(body: dict[str, Any]) -> str | None:
    errors = body.get("errors")
    if not errors:
        return None
    first = errors[0]
    code = (first.get("extensions") or {}).get("code")
    return f"{first.get('message')} [{code}]" if code else str(first.get("message"))


# ---------- a minimal HTTP/1.1 keep-alive client (cheaper per request than httpx) ----------


class Connection:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = (parts.path or "/").encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
            self.writer = None

    async def post(self, headers: bytes, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            await self.open()
        assert self.reader is not None
        assert self.writer is not None
        self.writer.write(
            b"POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n%s"
            % (self.path, self.host.encode(), len(body), headers, body)
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lower = head.lower()
        at = lower.find(b"content-length:")
        if at >= 0:
            length = int(lower[at + 15 : lower.index(b"\r\n", at)])
            data = await self.reader.readexactly(length)
        elif b"transfer-encoding: chunked" in lower:
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            data = b"".join(chunks)
        else:
            data = await self.reader.read()
            await self.close()
        if b"connection: close" in lower:
            await self.close()
        return status, data
