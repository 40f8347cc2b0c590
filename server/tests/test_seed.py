"""`rapport seed --demo`: a demo account whose workspace is full, made once however often it runs."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import httpx

from tests.conftest import Servers, free_port, wait_ready
from tests.factories import GraphQLClient
from tests.test_cli import up_env

SIGN_IN = """
mutation { signIn(input: {email: "demo@rapport.dev", password: "rapport-demo"}) {
  accessToken workspace { name } user { name } } }
"""
COUNTS = """
query {
  companies(first: 0) { totalCount }
  contacts(first: 0) { totalCount }
  deals(first: 0) { totalCount }
  fieldDefinitions { key objectType }
  emailThreads(first: 10) { totalCount edges { node { subject messageCount contacts { name } } } }
  tasks(first: 50, done: false) { totalCount edges { node { dueAt subjectName } } }
  dealStats {
    byStage { stage { name kind } count amount { amountMicros currency } }
    closedByMonth { month won lost }
  }
}
"""


def seed(servers: Servers) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "rapport", "seed", "--demo"],
        env=servers.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


async def test_seed_demo_fills_a_workspace_once_and_says_how_to_sign_in(servers: Servers, gql: GraphQLClient) -> None:
    first = seed(servers)
    signed_in = (await gql.data(SIGN_IN))["signIn"]
    token = signed_in["accessToken"]
    before = await gql.data(COUNTS, token=token)
    second = seed(servers)
    after = await gql.data(COUNTS, token=token)

    assert "created" in first
    assert "sign in as demo@rapport.dev with the password rapport-demo" in first
    assert "exists already; nothing added" in second
    assert "sign in as demo@rapport.dev" in second
    assert after == before, "a second run adds nothing"
    assert signed_in["workspace"]["name"] == "Demo Co"
    assert (before["companies"]["totalCount"], before["contacts"]["totalCount"], before["deals"]["totalCount"]) == (
        40,
        150,
        60,
    )
    assert sorted((f["objectType"], f["key"]) for f in before["fieldDefinitions"]) == [
        ("COMPANY", "tier"),
        ("CONTACT", "lead_source"),
        ("DEAL", "plan"),
    ]
    threads = before["emailThreads"]
    assert threads["totalCount"] == 5
    assert sum(t["node"]["messageCount"] for t in threads["edges"]) == 11
    assert all(len(t["node"]["contacts"]) == 1 for t in threads["edges"]), "each thread is linked to its contact"
    tasks = [edge["node"] for edge in before["tasks"]["edges"]]
    now = datetime.now(UTC)
    assert len(tasks) == 22
    assert sum(1 for t in tasks if t["dueAt"] and datetime.fromisoformat(t["dueAt"]) < now) >= 6, "some overdue"
    assert all(t["subjectName"] for t in tasks)
    by_kind: dict[str, int] = {}
    for stage in before["dealStats"]["byStage"]:
        by_kind[stage["stage"]["kind"]] = by_kind.get(stage["stage"]["kind"], 0) + stage["count"]
    assert by_kind == {"OPEN": 32, "WON": 19, "LOST": 9}
    months = before["dealStats"]["closedByMonth"]
    assert sum(m["won"] for m in months) == 19
    assert sum(m["lost"] for m in months) == 9
    assert all(m["won"] > 0 for m in months), "a year of history: every month has a win"


def test_up_with_demo_seeds_before_serving_and_says_how_to_sign_in(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = up_env(tmp_path, port)
    process = subprocess.Popen(
        [sys.executable, "-m", "rapport", "up", "--no-web", "--demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    lines: list[str] = []
    announced = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            lines.append(raw.decode().rstrip("\n"))
            if lines[-1].startswith("rapport: demo sign-in:"):
                announced.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        wait_ready(base, process, timeout=120)
        signed_in = httpx.post(f"{base}/graphql", json={"query": SIGN_IN}, timeout=30).json()
        was_announced = announced.wait(timeout=60)  # follows readiness within a poll or two
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        reader.join(timeout=10)

    assert was_announced, lines
    assert signed_in["data"]["signIn"]["workspace"]["name"] == "Demo Co", signed_in
    rapport_lines = [line for line in lines if line.startswith("rapport: ")]
    seeded = next(
        i for i, line in enumerate(rapport_lines) if line.startswith("rapport: demo workspace 'Demo Co' created")
    )
    up = next(i for i, line in enumerate(rapport_lines) if line.startswith("rapport: up in "))
    assert rapport_lines[seeded + 1] == "rapport: sign in as demo@rapport.dev with the password rapport-demo"
    assert seeded < up, "the demo is seeded before the api serves"
    assert rapport_lines[up].endswith(f"GraphQL at {base}/graphql, Ctrl-C to stop"), rapport_lines[up]
    assert rapport_lines[up + 1] == "rapport: demo sign-in: demo@rapport.dev / rapport-demo"
    assert rapport_lines[-1] == "rapport: stopped (restarts: none)"
