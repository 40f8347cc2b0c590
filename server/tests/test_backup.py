"""`rapport backup` and `rapport restore`: a backup of the running embedded servers, restored into a fresh
data directory, holds every row of a workspace (read back under row-level security as the app role too)
and every file byte for byte; a damaged archive is refused before anything is written."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy import text

from rapport import backup
from rapport.db import Database, create_engine
from rapport.embedded import EmbeddedPostgres
from tests.conftest import Servers
from tests.factories import GraphQLClient, seed_records, sign_up


@pytest.fixture
def fresh_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="rapport-restore-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def libpq(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def workspace_rows(superuser_url: str, workspace_id: str) -> dict[str, tuple[int, str]]:
    """Per table with a workspace_id: how many rows the workspace has and a digest of all their values."""
    connection = await asyncpg.connect(libpq(superuser_url))
    try:
        tables = [
            row["table_name"]
            for row in await connection.fetch(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_name = 'workspace_id' AND table_name IN "
                "(SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND NOT relispartition) ORDER BY 1"
            )
        ]
        found: dict[str, tuple[int, str]] = {}
        for table in tables:
            row = await connection.fetchrow(
                f"SELECT count(*) AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest "
                f'FROM "{table}" t WHERE workspace_id = $1',
                workspace_id,
            )
            found[table] = (row["n"], row["digest"])
        return found
    finally:
        await connection.close()


def tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


async def test_a_backup_restored_into_a_fresh_data_directory_has_every_row_and_file(
    servers: Servers, gql: GraphQLClient, http: httpx.AsyncClient, fresh_dir: Path, tmp_path: Path
) -> None:
    # Given a workspace with records and two files
    account = await sign_up(gql, workspace="Backed up")
    await seed_records(gql, account)
    auth = {"authorization": f"Bearer {account.access_token}"}
    for name, content in (("notes.txt", b"first file\n"), ("scan.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 64)):
        uploaded = await http.post("/api/v1/files/upload", files={"file": (name, content, "text/plain")}, headers=auth)
        assert uploaded.status_code == 201, uploaded.text
    before = await workspace_rows(servers.superuser_url, account.workspace_id)
    assert before["contacts"][0] == 1
    assert before["files"][0] == 2
    files_before = tree(servers.data_dir / "files")
    assert len(files_before) >= 2

    # When `rapport backup` runs against the embedded servers (`rapport up`'s data directory, running)
    archive = tmp_path / "rapport.tar"
    unset = ("RAPPORT_DATABASE_URL", "RAPPORT_DATABASE_OWNER_URL", "RAPPORT_DATABASE_SYSTEM_URL", "RAPPORT_REDIS_URL")
    env = {name: value for name, value in servers.env().items() if name not in unset}
    made = subprocess.run(
        [sys.executable, "-m", "rapport", "backup", str(archive)], env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"rapport: backed up to {archive}: database ")

    # Then the archive lists each member with its checksum
    with tarfile.open(archive) as tar:
        manifest = backup.read_manifest(tar)
        names = sorted(tar.getnames())
    assert manifest["format"] == 1
    assert manifest["storage"] == "local"
    assert {e["path"]: e["sha256"] for e in manifest["files"]} == {f"files/{k}": v for k, v in files_before.items()}
    assert names == sorted(["manifest.json", "database.dump", *(f"files/{k}" for k in files_before)])

    # When it is restored into a fresh data directory
    restored = subprocess.run(
        [sys.executable, "-m", "rapport", "restore", str(archive)],
        env={**env, "RAPPORT_DATA_DIR": str(fresh_dir)},
        capture_output=True,
        text=True,
    )
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout == (
        f"rapport: restored from {archive}: database {manifest['database']['bytes']} bytes "
        f"(migration {manifest['migration']}), {len(files_before)} files "
        f"({sum(e['bytes'] for e in manifest['files'])} bytes)\n"
    )

    # Then every file is there byte for byte, and every row of the workspace
    assert tree(fresh_dir / "files") == files_before
    postgres = EmbeddedPostgres(fresh_dir)
    urls = postgres.start()
    try:
        assert await workspace_rows(urls.superuser_url, account.workspace_id) == before
        # and the app role reads them under row-level security, as the api will
        db = Database(create_engine(urls.database_url, pool_size=1))
        try:
            async with db.transaction(workspace_id=uuid.UUID(account.workspace_id)) as session:
                names_seen = await session.scalars(text("SELECT filename FROM files ORDER BY filename"))
                assert list(names_seen) == ["notes.txt", "scan.pdf"]
        finally:
            await db.dispose()
    finally:
        postgres.stop()


def test_a_damaged_archive_is_refused_before_anything_is_written(
    servers: Servers, tmp_path: Path, fresh_dir: Path
) -> None:
    # Given an archive whose dump no longer matches its manifest
    archive = tmp_path / "damaged.tar"
    dump = b"PGDMP not really"
    manifest = {
        "format": 1,
        "migration": None,
        "storage": "local",
        "database": {"path": "database.dump", "bytes": len(dump), "sha256": hashlib.sha256(b"other").hexdigest()},
        "files": [],
    }
    with tarfile.open(archive, "w") as tar:
        for name, data in (("manifest.json", json.dumps(manifest).encode()), ("database.dump", dump)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

    # When it is restored
    settings = servers.settings(data_dir=fresh_dir, database_url=None, database_owner_url=None, redis_url=None)
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(settings, archive)

    # Then it is refused, and the fresh data directory is left empty
    assert str(refused.value) == "database.dump does not match its checksum in the manifest: the archive is damaged"
    assert list(fresh_dir.iterdir()) == []


async def test_the_embedded_postgresql_logs_slow_statements(servers: Servers) -> None:
    connection = await asyncpg.connect(libpq(servers.superuser_url))
    try:
        await connection.execute("SELECT pg_sleep(0.6) AS slow_statement_marker")
        await connection.execute("SELECT 1 AS fast_statement_marker")
    finally:
        await connection.close()
    log = (servers.data_dir / "postgres" / "log").read_text()
    slow = [line for line in log.splitlines() if "slow_statement_marker" in line]
    assert len(slow) == 1
    assert "LOG:  duration: " in slow[0]
    assert slow[0].endswith("statement: SELECT pg_sleep(0.6) AS slow_statement_marker")
    assert "fast_statement_marker" not in log
