"""Shared by the generator, the raw floor and the runner: paths, URLs and the local-only guard."""

from __future__ import annotations

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
