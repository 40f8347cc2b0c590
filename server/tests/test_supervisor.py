"""`rapport up` heals itself: under a steady load of webhook mail and GraphQL mutations, each of its
processes is killed with SIGKILL in turn (as the kernel's OOM killer would); each time Rapport serves
again within seconds and nothing it acknowledged is lost or done twice. A process that fails at every
start is given up on while the rest keeps serving."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from rapport.ai_client import AiClient, parse_url
from rapport.supervisor import ChildProcess, Supervisor
from tests.conftest import TEST_RATE_LIMITS, free_port
from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up

WEBHOOK = "/api/v1/webhooks/inbound/email"
# Stands in for the Next.js app (building it is not part of the server suite): answers 200 to anything.
FAKE_WEB = """
import http.server, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""
CRASH_LIMIT = 3


@dataclass
class Up:
    process: subprocess.Popen[bytes]
    data_dir: Path
    base: str
    web: str
    ai_port: int
    output: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the processes' log lines at level error or above

    def state(self) -> dict[str, Any]:
        return dict(json.loads((self.data_dir / "supervisor.json").read_text()))

    def pid(self, name: str) -> int:
        pid = self.state()["processes"][name]["pid"]
        assert isinstance(pid, int), self.state()
        return pid


@pytest.fixture
def up() -> Iterator[Up]:
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-sup-"))
    port, web_port, ai_port = free_port(), free_port(), free_port()
    (data_dir / "web.py").write_text(FAKE_WEB)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAPPORT_")}
    env |= {
        "RAPPORT_DATA_DIR": str(data_dir),
        "RAPPORT_API_PORT": str(port),
        "RAPPORT_WEB_PORT": str(web_port),
        "RAPPORT_SMTP_PORT": str(free_port()),
        "RAPPORT_AI_PORT": str(ai_port),
        "RAPPORT_LOG_LEVEL": "WARNING",
        "RAPPORT_OUTBOX_POLL_SECONDS": "0.2",
        "RAPPORT_RESTART_LIMIT": str(CRASH_LIMIT),
        # It sends mail as fast as it can through kills and restarts: the limits are not what it tests.
        **TEST_RATE_LIMITS,
        "RAPPORT_PROCESS_COMMANDS": json.dumps(
            {
                "web": f"{sys.executable} {data_dir / 'web.py'} {web_port}",
                # The SMTP listener stands for a process that fails at every start.
                "smtp": f"{sys.executable} -c 'import sys; sys.exit(3)'",
            }
        ),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "rapport", "up"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    running = Up(process, data_dir, f"http://127.0.0.1:{port}", f"http://127.0.0.1:{web_port}", ai_port)

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            text = line.decode(errors="replace").rstrip()
            if not text.startswith("{"):  # the supervisor's lines, not the processes' JSON logs
                running.output.append(text)
                print(text, file=sys.stderr)
            elif '"level": "error"' in text or '"level": "critical"' in text:
                running.errors.append(text)  # shown if the test fails

    threading.Thread(target=read, daemon=True).start()
    try:
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


@dataclass
class Load:
    """Mail and new contacts at a steady pace; remembers every id Rapport acknowledged."""

    http: httpx.AsyncClient
    inbound_token: str
    access_token: str
    emails: dict[str, str] = field(default_factory=dict)  # inbound id -> Message-ID
    contacts: set[str] = field(default_factory=set)
    refused: dict[str, int] = field(default_factory=dict)
    # The first answer of each refusal, and what was being killed then: what a failure prints.
    examples: dict[str, str] = field(default_factory=dict)
    killing: str = ""
    unavailable: int = 0  # answered 503 SERVICE_UNAVAILABLE
    slowest: float = 0.0
    running: bool = True

    def _refuse(self, why: str, answer: httpx.Response | None = None) -> None:
        self.refused[why] = self.refused.get(why, 0) + 1
        if why not in self.examples:
            text = answer.text[:500] if answer is not None else ""
            self.examples[why] = f"while killing {self.killing or 'nothing'}: {text}"

    async def send_mail(self) -> bool:
        mail = EmailMessage()
        mid = make_msgid(domain="supervisor.test")
        mail["From"] = "Grace Hopper <grace@initech.io>"
        mail["To"] = "ada@example.com"
        mail["Subject"] = f"Load {uuid.uuid4().hex[:8]}"
        mail["Message-ID"] = mid
        mail.set_content("Still there?")
        response = await self._post(
            WEBHOOK,
            content=mail.as_bytes(),
            headers={"x-inbound-token": self.inbound_token, "content-type": "message/rfc822"},
        )
        if response is not None and response.status_code == 202:
            self.emails[response.json()["id"]] = mid
            return True
        return False

    async def create_contact(self) -> bool:
        name = uuid.uuid4().hex[:10]
        response = await self._post(
            "/graphql",
            json={"query": CREATE_CONTACT, "variables": {"input": {"firstName": "Load", "lastName": name}}},
            headers={"authorization": f"Bearer {self.access_token}"},
        )
        if response is None:
            return False
        body = response.json()
        if response.status_code == 200 and body.get("data") and body["data"].get("createContact"):
            self.contacts.add(body["data"]["createContact"]["id"])
            return True
        codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or [{}]}
        if codes == {"SERVICE_UNAVAILABLE"} and response.status_code == 503:
            self.unavailable += 1
        else:
            self._refuse(f"graphql {response.status_code} {sorted(map(str, codes))}", response)
        return False

    async def read_contacts(self) -> bool:
        """A read the compiled path answers (one SQL statement), to see it fail as cleanly."""
        response = await self._post(
            "/graphql",
            json={"query": "query { contacts(first: 1) { totalCount } }"},
            headers={"authorization": f"Bearer {self.access_token}"},
        )
        if response is None:
            return False
        body = response.json()
        if response.status_code == 200 and "errors" not in body:
            return True
        codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or [{}]}
        if codes == {"SERVICE_UNAVAILABLE"} and response.status_code == 503:
            self.unavailable += 1
        else:
            self._refuse(f"graphql read {response.status_code} {sorted(map(str, codes))}", response)
        return False

    async def _post(self, path: str, **kwargs: Any) -> httpx.Response | None:
        started = time.monotonic()
        try:
            response = await self.http.post(path, **kwargs)
        except httpx.TimeoutException:
            self._refuse("timeout")
            return None
        except httpx.TransportError:
            return None  # the api is restarting: the connection is refused or reset
        finally:
            self.slowest = max(self.slowest, time.monotonic() - started)
        if response.status_code not in (200, 202) and path != "/graphql":  # create_contact reads GraphQL errors
            code = (
                response.json().get("error", {}).get("code")
                if "json" in response.headers.get("content-type", "")
                else None
            )
            if response.status_code == 503 and code == "SERVICE_UNAVAILABLE":
                self.unavailable += 1
            else:
                self._refuse(f"{path} {response.status_code} {code}", response)
        return response

    async def run(self, every: float = 0.1) -> None:
        while self.running:
            await asyncio.gather(self.send_mail(), self.create_contact(), self.read_contacts(), asyncio.sleep(every))


async def serving(load: Load, within: float = 90) -> float:
    """Seconds until a webhook message and a mutation are acknowledged again."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        if await load.send_mail() and await load.create_contact():
            return time.monotonic() - started
        await asyncio.sleep(0.1)
    raise AssertionError(f"not serving again within {within}s")


async def wait_until(predicate: Any, within: float, what: str) -> None:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > within:
            raise AssertionError(f"{what} did not happen within {within}s")
        await asyncio.sleep(0.1)


async def test_up_heals_every_killed_process_and_loses_nothing_it_acknowledged(up: Up) -> None:
    ready_by = time.monotonic() + 120
    # A request that found no answer in 15 s hung: Load counts it as refused, and the test fails.
    async with httpx.AsyncClient(base_url=up.base, timeout=15) as http:
        while True:
            try:
                if (await http.get("/readyz")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert up.process.poll() is None, "\n".join(up.output)
            assert time.monotonic() < ready_by, "\n".join(up.output)
            await asyncio.sleep(0.2)
        account = await sign_up(GraphQLClient(http), workspace="Healing")
        token = (await GraphQLClient(http).data("query { inboundEmail { token } }", token=account.access_token))[
            "inboundEmail"
        ]["token"]
        load = Load(http, token, account.access_token)
        pump = asyncio.create_task(load.run())
        recovery: dict[str, float] = {}
        try:
            await wait_until(lambda: len(load.emails) >= 10 and len(load.contacts) >= 10, 30, "a steady load")
            for name in ("worker", "api", "web", "ai", "postgres", "valkey"):
                pid = up.pid(name)
                load.killing = name
                restarts = up.state()["processes"][name]["restarts"]
                unavailable = load.unavailable
                os.kill(pid, signal.SIGKILL)
                killed = time.monotonic()
                await wait_until(
                    lambda n=name, r=restarts: (
                        up.state()["processes"][n]["restarts"] == r + 1
                        and up.state()["processes"][n]["state"] == "running"
                    ),
                    60,
                    f"{name} restarted",
                )
                if name == "ai":
                    await wait_until_async(lambda: _ai_serving(up), 60, "the AI service serving again")
                elif name == "web":
                    async with httpx.AsyncClient(timeout=2) as web:
                        await wait_until_async(lambda: _answers(web, up.web), 30, "the web app answering")
                else:
                    await serving(load)
                recovery[name] = round(time.monotonic() - killed, 1)
                if name == "postgres":
                    # In the gap, requests were answered at once with a coded 503 (none hung: see `slowest`).
                    assert load.unavailable > unavailable
                acknowledged = len(load.emails) + len(load.contacts)
                await wait_until(lambda a=acknowledged: len(load.emails) + len(load.contacts) >= a + 10, 30, "load")
        finally:
            load.running = False
            await pump
        print(f"recovery after SIGKILL, seconds: {recovery}", file=sys.stderr)

        # The process that fails at every start was given up on after CRASH_LIMIT failures; the rest serves.
        smtp = up.state()["processes"]["smtp"]
        assert smtp["state"] == "given_up"
        assert smtp["restarts"] == CRASH_LIMIT - 1
        assert smtp["lastExit"] == "code 3"
        ready = (await http.get("/readyz")).json()
        assert ready["status"] == "degraded"
        assert ready["checks"] == {"database": "ok", "migrations": "ok", "redis": "ok"}
        assert {name: p["state"] for name, p in ready["processes"].items()} == {
            "postgres": "running",
            "valkey": "running",
            "api": "running",
            "worker": "running",
            "smtp": "given_up",
            "web": "running",
            "ai": "running",
        }
        assert {name: p["restarts"] for name, p in ready["processes"].items()} == {
            "postgres": 1,
            "valkey": 1,
            "api": 1,
            "worker": 1,
            "smtp": CRASH_LIMIT - 1,
            "web": 1,
            "ai": 1,
        }
        metrics = (await http.get("/metrics")).text
        assert 'rapport_process_restarts_total{process="worker"} 1.0' in metrics
        assert 'rapport_process_given_up{process="smtp"} 1.0' in metrics
        assert any("giving up on it" in line and "smtp" in line for line in up.output), up.output

    # Nothing acknowledged is lost, nothing is done twice: every mail answered 202 is stored once,
    # every contact that answered with an id exists.
    assert load.refused == {}, (load.refused, load.examples, up.errors[-20:])
    socket_dir = up.data_dir / "postgres"
    connection = await asyncpg.connect(host=str(socket_dir), user="postgres", database="rapport")
    try:

        async def settled() -> int:
            return int(
                await connection.fetchval(
                    "SELECT count(*) FROM inbound_emails WHERE id = ANY($1::uuid[]) AND state <> 'PENDING'",
                    list(load.emails),
                )
            )

        for _ in range(120):  # the last messages are still in the worker
            if await settled() == len(load.emails):
                break
            await asyncio.sleep(0.5)
        states = dict(
            await connection.fetch(
                "SELECT state::text, count(*) FROM inbound_emails WHERE id = ANY($1::uuid[]) GROUP BY 1",
                list(load.emails),
            )
        )
        stored = await connection.fetch(
            "SELECT message_id, count(*) AS copies FROM emails WHERE message_id = ANY($1::text[]) GROUP BY 1",
            [mid.strip("<>") for mid in load.emails.values()] + list(load.emails.values()),
        )
        contacts = await connection.fetchval(
            "SELECT count(*) FROM contacts WHERE id = ANY($1::uuid[])", list(load.contacts)
        )
    finally:
        await connection.close()
    print(
        f"acknowledged: {len(load.emails)} emails, {len(load.contacts)} contacts; "
        f"{load.unavailable} answered 503 SERVICE_UNAVAILABLE; slowest answer {load.slowest:.1f}s",
        file=sys.stderr,
    )
    assert states == {"STORED": len(load.emails)}
    assert len(stored) == len(load.emails)
    assert {row["copies"] for row in stored} == {1}
    assert contacts == len(load.contacts)


async def wait_until_async(check: Any, within: float, what: str) -> None:
    started = time.monotonic()
    while not await check():
        if time.monotonic() - started > within:
            raise AssertionError(f"{what} did not happen within {within}s")
        await asyncio.sleep(0.1)


async def _ai_serving(up: Up) -> bool:
    async with AiClient(parse_url(None, port=up.ai_port), timeout=2) as client:
        if not await client.ready():
            return False
        return len((await client.embed(["still here"])).vectors[0]) == 384


async def _answers(client: httpx.AsyncClient, base: str) -> bool:
    try:
        return (await client.get(f"{base}/sign-in")).status_code == 200
    except httpx.TransportError:
        return False


def test_restarts_back_off_and_a_crash_loop_is_given_up(tmp_path: Path) -> None:
    """The supervisor alone, on a process that exits at once: restarted after 0.5 s, 1 s, 2 s, then
    given up at the limit, with its state in the file the api reads."""
    said: list[str] = []
    supervisor = Supervisor(state_file=tmp_path / "state.json", limit=4, window=60, say=said.append)
    supervisor.launch(ChildProcess("flaky", [sys.executable, "-c", "import sys; sys.exit(7)"], env=dict(os.environ)))
    deadline = time.monotonic() + 30
    while supervisor.entries["flaky"].state != "given_up" and time.monotonic() < deadline:
        supervisor.tick()
        time.sleep(0.02)

    state = json.loads((tmp_path / "state.json").read_text())["processes"]["flaky"]
    assert state == {**state, "state": "given_up", "restarts": 3, "lastExit": "code 7", "pid": None}
    ended = [line for line in said if line.startswith("flaky ended")]
    assert ended == [f"flaky ended (code 7); restarting it in {delay}s" for delay in ("0.5", "1.0", "2.0")]
    assert said[-1].startswith("!!! flaky failed 4 times in 60s (last: code 7); giving up on it.")
