"""`rapport up` as a newcomer runs it: embedded servers, migrations, api and worker; data survives."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rapport import web
from tests.conftest import free_port, wait_ready
from tests.factories import SIGN_UP, unique_email


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="rapport-up-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def up_env(data_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAPPORT_")}
    return {
        **env,
        "RAPPORT_DATA_DIR": str(data_dir),
        "RAPPORT_API_PORT": str(port),
        "RAPPORT_AI_PORT": "0",  # no AI service: these tests do not use it (tests/test_supervisor.py does)
        # A port of its own: two stacks of tests running side by side both took the default (2525), and the
        # second's SMTP listener failed to bind and was restarted ("restarts: smtp 1").
        "RAPPORT_SMTP_PORT": str(free_port()),
        "RAPPORT_LOG_LEVEL": "WARNING",
    }


def start(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "rapport", "up", "--no-web"],
        env=up_env(data_dir, port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    return process.returncode, output.decode()


def graphql(base: str, query: str, variables: dict[str, object]) -> dict[str, object]:
    response = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, timeout=30)
    return dict(response.json())


def test_up_serves_and_keeps_data_across_restarts(data_dir: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    email = unique_email("restart")
    first = start(data_dir, port)
    try:
        wait_ready(base, first, timeout=90)
        signed_up = graphql(
            base,
            SIGN_UP,
            {"input": {"email": email, "password": "long enough pw", "name": "Rita Restart", "workspaceName": "Kept"}},
        )
        ready = httpx.get(f"{base}/readyz").json()
    finally:
        code, output = stop(first)
    assert "errors" not in signed_up, signed_up
    assert ready["checks"] == {"database": "ok", "migrations": "ok", "redis": "ok"}
    assert code == 0, output
    assert "rapport: stopped" in output
    assert (data_dir / "postgres" / "PG_VERSION").exists()
    assert (data_dir / "valkey" / "appendonlydir").exists()

    second = start(data_dir, port)
    try:
        wait_ready(base, second, timeout=90)
        signed_in = graphql(
            base,
            "mutation($i: SignInInput!) { signIn(input: $i) { workspace { name } } }",
            {"i": {"email": email, "password": "long enough pw"}},
        )
    finally:
        code, output = stop(second)
    assert signed_in == {"data": {"signIn": {"workspace": {"name": "Kept"}}}}
    assert code == 0, output


def test_up_refuses_a_taken_port_at_once(data_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "rapport", "up", "--no-web"],
            env=up_env(data_dir, port),
            capture_output=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"port {port}" in result.stderr.decode()
    assert "is taken" in result.stderr.decode()


def test_up_reports_a_database_that_cannot_start(data_dir: Path) -> None:
    (data_dir / "postgres").mkdir()
    (data_dir / "postgres" / "PG_VERSION").write_text("9\n")  # a data directory of another major version

    result = subprocess.run(
        [sys.executable, "-m", "rapport", "up", "--no-web"],
        env=up_env(data_dir, free_port()),
        capture_output=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "embedded PostgreSQL did not start" in result.stderr.decode()


def test_up_refuses_a_taken_web_port_at_once(data_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        web_port = taken.getsockname()[1]
        env = {**up_env(data_dir, free_port()), "RAPPORT_WEB_PORT": str(web_port)}
        result = subprocess.run([sys.executable, "-m", "rapport", "up"], env=env, capture_output=True, timeout=60)
    assert result.returncode == 1
    assert f"port {web_port}" in result.stderr.decode()
    assert "RAPPORT_WEB_PORT" in result.stderr.decode()


def test_the_web_build_is_stale_until_stamped_and_again_after_a_source_change(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "page.tsx").write_text("export default 1;\n")
    (tmp_path / "package.json").write_text("{}\n")
    (tmp_path / ".next").mkdir()
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "ignored.js").write_text("1")

    stale_before = web.is_build_stale(tmp_path)
    (tmp_path / web.BUILD_STAMP).write_text(web.inputs_hash(tmp_path) + "\n")
    stale_after_build = web.is_build_stale(tmp_path)
    (tmp_path / "node_modules" / "ignored.js").write_text("2")
    stale_after_dependency_output = web.is_build_stale(tmp_path)
    (tmp_path / "src" / "page.tsx").write_text("export default 2;\n")
    stale_after_edit = web.is_build_stale(tmp_path)

    assert (stale_before, stale_after_build, stale_after_dependency_output, stale_after_edit) == (
        True,
        False,
        False,
        True,
    )
