from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.conftest import Servers, free_port, stop_process, wait_ready

# Small limits, so the tests reach them quickly.
REALTIME_ENV = {
    "RAPPORT_REALTIME_INIT_TIMEOUT_SECONDS": "1.5",
    "RAPPORT_REALTIME_BUFFER_MESSAGES": "20",
    "RAPPORT_REALTIME_MAX_SUBSCRIPTIONS": "30",
}


def start_api(servers: Servers, port: int, *extra: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "rapport", "api", *extra], env=servers.env(RAPPORT_API_PORT=str(port), **REALTIME_ENV)
    )
    wait_ready(f"http://127.0.0.1:{port}", process)
    return process


@pytest.fixture(scope="module")
def apis(servers: Servers) -> Iterator[list[str]]:
    """Two api processes (each its own Redis subscriptions), on two ports."""
    ports = [free_port(), free_port()]
    processes = [start_api(servers, port) for port in ports]
    try:
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            stop_process(process)
