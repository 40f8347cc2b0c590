"""Every test runs on real servers: the embedded PostgreSQL and Valkey that `rapport up` starts,
and the real api process over HTTP. Each pytest-xdist worker gets servers of its own."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from rapport import migrate
from rapport.config import Settings
from rapport.db import Database, create_engine
from rapport.embedded import EmbeddedPostgres, EmbeddedValkey
from tests.factories import GraphQLClient

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Under CI=true a skipped test is a test that did not run: it fails the run instead."""
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which counts as a failure: {reason}"


TEST_RATE_LIMITS = {
    "RAPPORT_RATE_LIMIT_AUTH_PER_IP": "100000/minute",
    "RAPPORT_RATE_LIMIT_AUTH_PER_ACCOUNT": "100000/minute",
    "RAPPORT_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT_IP": "1000/minute",
    "RAPPORT_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT": "100000/hour",
    "RAPPORT_RATE_LIMIT_INBOUND_PER_IP": "100000/minute",
    "RAPPORT_RATE_LIMIT_API_PER_PRINCIPAL": "1000000/minute",
    "RAPPORT_RATE_LIMIT_WEBSOCKET_PER_IP": "100000/minute",
}


@dataclass(frozen=True)
class Servers:
    data_dir: Path
    database_url: str
    owner_url: str
    superuser_url: str
    redis_url: str
    system_url: str

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "RAPPORT_ENV": "test",
            "RAPPORT_DATA_DIR": str(self.data_dir),
            "RAPPORT_DATABASE_URL": self.database_url,
            "RAPPORT_DATABASE_OWNER_URL": self.owner_url,
            "RAPPORT_DATABASE_SYSTEM_URL": self.system_url,
            "RAPPORT_REDIS_URL": self.redis_url,
            "RAPPORT_SECRET_KEY": TEST_SECRET,
            "RAPPORT_LOG_LEVEL": "WARNING",
            "RAPPORT_OUTBOX_POLL_SECONDS": "0.2",
            # The shared test machine may queue for the pool longer than production's shedding threshold
            # (5 s) under load; tests/system/test_load_shedding.py sets a small one of its own.
            "RAPPORT_DATABASE_POOL_TIMEOUT_SECONDS": "30",
            # Tests run many workers and AI services at once: no metrics ports unless a test asks.
            "RAPPORT_WORKER_METRICS_PORT": "0",
            "RAPPORT_AI_METRICS_PORT": "0",
            # The test mail servers (Dovecot, fakes) listen on loopback, which production refuses.
            "RAPPORT_OUTBOUND_ALLOWED_NETWORKS": '["127.0.0.0/8"]',
            # No AI service unless a test starts one (`ai_url`): never another engineer's on 50051.
            "RAPPORT_AI_URL": "127.0.0.1:1",
            # Tests sign up and in many times from 127.0.0.1: limits far above what they do
            # (tests/test_ratelimit.py starts an api with small ones).
            **TEST_RATE_LIMITS,
            **extra,
        }

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "env": "test",
            "data_dir": self.data_dir,
            "database_url": self.database_url,
            "database_owner_url": self.owner_url,
            "database_system_url": self.system_url,
            "redis_url": self.redis_url,
            "secret_key": TEST_SECRET,
            "outbound_allowed_networks": ["127.0.0.0/8"],
            "worker_metrics_port": 0,
            "ai_metrics_port": 0,
        }
        return Settings(**{**values, **overrides})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-test-"))
    postgres = EmbeddedPostgres(data_dir)
    valkey = EmbeddedValkey(data_dir)
    urls = postgres.start()
    redis_url = valkey.start()
    migrate.upgrade(urls.database_owner_url)
    try:
        yield Servers(
            data_dir,
            urls.database_url,
            urls.database_owner_url,
            urls.superuser_url,
            redis_url,
            urls.database_system_url,
        )
    finally:
        valkey.stop()
        postgres.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def wait_ready(base_url: str, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{base_url} was not ready in {timeout}s")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_api(servers: Servers, **env: str) -> Iterator[str]:
    """Another `rapport api` on the test servers, with settings of its own (production, strict limits)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "rapport", "api"], env=servers.env(RAPPORT_API_PORT=str(port), **env)
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base_url, process)
        yield base_url
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def ai_url() -> Iterator[str]:
    """A real AI service (`rapport ai`) for this test process, as host:port."""
    from tests.ai.test_service import start_ai

    server = start_ai()
    try:
        yield f"127.0.0.1:{server.port}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def api_url(servers: Servers, ai_url: str) -> Iterator[str]:
    with running_api(servers, RAPPORT_AI_URL=ai_url) as base_url:
        yield base_url


def start_worker(
    servers: Servers, timeout: float = 90, *, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """A `rapport worker` (with settings of its own in `env`), returned once it consumes jobs (it logs
    `worker.started`). Its warnings and errors still reach the test output; its info lines are dropped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "rapport", "worker"],
        env=servers.env(RAPPORT_LOG_LEVEL="INFO", **(env or {})),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    started = threading.Event()

    def forward() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if b'"worker.started"' in line:
                started.set()
            elif b'"level": "info"' not in line:
                sys.stderr.buffer.write(line)
                sys.stderr.flush()
        started.set()

    threading.Thread(target=forward, daemon=True).start()
    if not started.wait(timeout) or process.poll() is not None:
        stop_process(process)
        raise RuntimeError(f"the worker did not start in {timeout}s (exit code {process.returncode})")
    return process


@pytest.fixture(scope="module")
def worker(servers: Servers, ai_url: str) -> Iterator[subprocess.Popen[bytes]]:
    process = start_worker(servers, env={"RAPPORT_AI_URL": ai_url})
    try:
        yield process
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
async def http(api_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def gql(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


@pytest.fixture(scope="session")
async def app_db(servers: Servers) -> AsyncIterator[Database]:
    """The database as the api sees it: the app role, under row-level security (and the system login for
    `transaction(system=True)`)."""
    db = Database(create_engine(servers.database_url, pool_size=5), create_engine(servers.system_url, pool_size=2))
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
async def owner_db(servers: Servers) -> AsyncIterator[Database]:
    """The table owner (migrations); row-level security is forced on it too."""
    db = Database(create_engine(servers.owner_url, pool_size=2))
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
async def superuser_db(servers: Servers) -> AsyncIterator[Database]:
    """Sees everything: only for asserting what is really stored."""
    db = Database(create_engine(servers.superuser_url, pool_size=2))
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
async def redis(servers: Servers) -> AsyncIterator[Redis]:
    client = Redis.from_url(servers.redis_url, decode_responses=True)
    yield client
    await client.aclose()
