"""`rapport up`'s process supervisor: what dies is started again, as systemd's `Restart=on-failure` or
Kubernetes' restart policy would do in production.

A process that exits while Rapport is not stopping is restarted after a delay that doubles from
0.5 s up to 30 s (back to 0.5 s once it has run 30 s). One that fails `limit` times within `window`
seconds is given up on: the supervisor says so loudly and leaves it stopped, the others keep serving.

The supervisor's state (per process: running, restarting or given up, its pid, its restarts and how
it last ended) is written as JSON to a file in the data directory after every change; the api reads
it for `/readyz` and `/metrics` (a file, because the api is another process and must show the state
even when Redis is the process that is down).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

FIRST_DELAY = 0.5
MAX_DELAY = 30.0
# A process that ran this long before it ended is healthy again: its next restart waits FIRST_DELAY.
HEALTHY_AFTER = 30.0

State = Literal["running", "restarting", "given_up", "stopped"]


class Service(Protocol):
    name: str

    def start(self) -> None:
        """Starts (or starts again) the service; raises when it cannot."""

    def exit_status(self) -> str | None:
        """None while the service runs; how it ended once it has ("code 1", "signal SIGKILL")."""

    @property
    def pid(self) -> int | None: ...

    def terminate(self) -> None:
        """Asks the service to stop, without waiting."""

    def wait(self, timeout: float) -> None:
        """Waits until the service stopped, forcing it after `timeout` seconds."""


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"code {code}"


class ChildProcess:
    """A child process of the supervisor (the api, the worker, the SMTP listener, the web app)."""

    def __init__(self, name: str, command: list[str], *, env: dict[str, str], cwd: Path | None = None) -> None:
        self.name = name
        self.command = command
        self.env = env
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        # Its own process group, so that what it started (uvicorn's workers, Next.js's server) can be
        # found and ended with it: a worker left behind by a killed `rapport api --workers N` would hold
        # the port and fail every restart.
        self.process = subprocess.Popen(  # noqa: S603 - our own commands
            self.command, env=self.env, cwd=self.cwd, process_group=0
        )

    def exit_status(self) -> str | None:
        if self.process is None:
            return "not started"
        code = self.process.poll()
        if code is None:
            return None
        self._signal_group(signal.SIGKILL)  # what it leaves behind goes with it
        return describe_exit(code)

    def _signal_group(self, signum: signal.Signals) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signum)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._signal_group(signal.SIGKILL)


@dataclass
class Supervised:
    service: Service
    state: State = "running"
    restarts: int = 0
    consecutive_failures: int = 0
    failures: deque[float] = field(default_factory=deque)
    started_at: float = field(default_factory=time.monotonic)
    retry_at: float = 0.0
    last_exit: str | None = None
    changed_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())


class Supervisor:
    def __init__(
        self,
        *,
        state_file: Path | None,
        limit: int = 5,
        window: float = 120.0,
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.state_file = state_file
        self.limit = limit
        self.window = window
        self.say = say or (lambda line: print(f"rapport: {line}", file=sys.stderr, flush=True))
        self.entries: dict[str, Supervised] = {}
        self.stopping = False

    def adopt(self, service: Service) -> None:
        """Supervises a service that already runs (the embedded servers, started before migrations)."""
        self.entries[service.name] = Supervised(service)
        self.write_state()

    def launch(self, service: Service) -> None:
        """Starts a service and supervises it."""
        entry = Supervised(service)
        self.entries[service.name] = entry
        self._start(entry, time.monotonic())

    def tick(self) -> None:
        """Notices what ended and starts what is due; call it a few times a second."""
        for entry in list(self.entries.values()):
            if self.stopping:
                return
            now = time.monotonic()
            if entry.state == "running":
                ended = entry.service.exit_status()
                if ended is not None:
                    self._failed(entry, ended, now)
            elif entry.state == "restarting" and now >= entry.retry_at:
                entry.restarts += 1
                if self._start(entry, now):
                    self.say(f"{entry.service.name} restarted (pid {entry.service.pid}); restarts: {self.restarts()}")

    def restarts(self) -> str:
        """The processes restarted so far, with their counts ("" when none was)."""
        return ", ".join(f"{name} {entry.restarts}" for name, entry in self.entries.items() if entry.restarts)

    def stop_all(self, timeout: float = 20.0) -> None:
        """Stops every service, the last started first (the embedded servers, adopted first, last)."""
        self.stopping = True
        entries = list(reversed(self.entries.values()))
        for entry in entries:
            entry.service.terminate()
        for entry in entries:
            entry.service.wait(timeout)
            entry.state = "stopped"
        self.write_state()

    def _start(self, entry: Supervised, now: float) -> bool:
        try:
            entry.service.start()
        except Exception as error:  # noqa: BLE001 - a start that fails counts as a failure, like an exit
            self._failed(entry, f"could not start: {error}", now)
            return False
        entry.state = "running"
        entry.started_at = now
        self._changed(entry)
        return True

    def _failed(self, entry: Supervised, how: str, now: float) -> None:
        name = entry.service.name
        entry.last_exit = how
        if now - entry.started_at >= HEALTHY_AFTER:
            entry.consecutive_failures = 0
        entry.consecutive_failures += 1
        entry.failures.append(now)
        while entry.failures and now - entry.failures[0] > self.window:
            entry.failures.popleft()
        if len(entry.failures) >= self.limit:
            entry.state = "given_up"
            self._changed(entry)
            self.say(
                f"!!! {name} failed {len(entry.failures)} times in {self.window:.0f}s (last: {how}); "
                f"giving up on it. Everything else keeps running; /readyz lists it. "
                f"Fix the cause (see its output above) and restart `rapport up`."
            )
            return
        delay = min(FIRST_DELAY * 2 ** (entry.consecutive_failures - 1), MAX_DELAY)
        entry.state = "restarting"
        entry.retry_at = now + delay
        self._changed(entry)
        self.say(f"{name} ended ({how}); restarting it in {delay:.1f}s")

    def _changed(self, entry: Supervised) -> None:
        entry.changed_at = datetime.now(UTC).isoformat()
        self.write_state()

    def snapshot(self) -> dict[str, object]:
        return {
            "supervisorPid": os.getpid(),
            "restartLimit": {"failures": self.limit, "windowSeconds": self.window},
            "processes": {
                name: {
                    "state": entry.state,
                    "pid": entry.service.pid if entry.state == "running" else None,
                    "restarts": entry.restarts,
                    "lastExit": entry.last_exit,
                    "since": entry.changed_at,
                }
                for name, entry in self.entries.items()
            },
        }

    def write_state(self) -> None:
        if self.state_file is None:
            return
        partial = self.state_file.with_suffix(".tmp")
        partial.write_text(json.dumps(self.snapshot(), indent=1))
        partial.replace(self.state_file)  # atomic: a reader sees the old state or the new one


def read_state(state_file: Path | None) -> dict[str, object] | None:
    """The supervisor's last state, or None when there is no supervisor (production) or no file yet."""
    if state_file is None:
        return None
    try:
        state = json.loads(state_file.read_text())
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None
