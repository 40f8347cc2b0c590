"""Stored files. Email attachments are kept by content (a file's path is its SHA-256, under one
directory per workspace; writing is idempotent). Uploads, imports and exports go through `Store`:
the local disk under the files directory, or an S3-compatible store, chosen by configuration."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from rapport.kit.ids import new_id


def workspace_directory(files_dir: Path, workspace_id: uuid.UUID) -> Path:
    return files_dir / str(workspace_id)


def content_path(directory: Path, digest: str) -> Path:
    return directory / digest[:2] / digest


def path_of(files_dir: Path, workspace_id: uuid.UUID, sha256: bytes) -> Path:
    """Where the workspace's file with this SHA-256 lives."""
    return content_path(workspace_directory(files_dir, workspace_id), sha256.hex())


def write_files(directory: Path, files: dict[str, bytes]) -> None:
    """Writes each file (by hex digest) that is not there yet, to a temporary name and renamed, so a
    reader never sees half a file. Blocking: run it in a thread."""
    for digest, content in files.items():
        path = content_path(directory, digest)
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{digest}.{os.getpid()}.{new_id().hex}")
        temporary.write_bytes(content)
        temporary.replace(path)


# ---------- one interface for every stored object: the local disk or an S3-compatible store ----------

CHUNK = 1024 * 1024


class Store(Protocol):
    """Where uploaded, imported and exported files live, by key (`<workspace id>/<kind>/<file id>`)."""

    async def put_file(self, key: str, source: Path) -> None:
        """Stores the file at `source` under `key`, streamed (never read whole into memory)."""

    async def get_to_file(self, key: str, target: Path) -> None:
        """Copies the object to a local file (for jobs that read it line by line)."""

    async def delete(self, key: str) -> None:
        """Removes the object; removing one that is gone is not an error (jobs run twice)."""

    async def exists(self, key: str) -> bool: ...

    def local_path(self, key: str) -> Path | None:
        """The object's path when the store is the local disk, else None."""

    def presigned_url(self, key: str, *, filename: str, content_type: str, inline: bool) -> str | None:
        """A short-lived URL the browser downloads from directly, when the store has them."""


def check_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in key:
        raise ValueError(f"not a storage key: {key!r}")
    return key


class LocalStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def local_path(self, key: str) -> Path:
        return self.root / check_key(key)

    def presigned_url(self, key: str, *, filename: str, content_type: str, inline: bool) -> str | None:
        return None

    async def put_file(self, key: str, source: Path) -> None:
        await asyncio.to_thread(self._put_file, self.local_path(key), source)

    @staticmethod
    def _put_file(path: Path, source: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{new_id().hex}")
        shutil.copyfile(source, temporary)
        temporary.replace(path)

    async def get_to_file(self, key: str, target: Path) -> None:
        await asyncio.to_thread(shutil.copyfile, self.local_path(key), target)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.local_path(key).unlink, missing_ok=True)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self.local_path(key).is_file)


class S3Store:
    """Any S3-compatible store (AWS, MinIO, SeaweedFS, R2, ...), path-style, signature v4."""

    def __init__(
        self,
        *,
        endpoint_url: str | None,
        bucket: str,
        region: str,
        access_key_id: str | None,
        secret_access_key: str | None,
        presign_seconds: int,
    ) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.presign_seconds = presign_seconds
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
        )

    def local_path(self, key: str) -> Path | None:
        return None

    def presigned_url(self, key: str, *, filename: str, content_type: str, inline: bool) -> str:
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": check_key(key),
                "ResponseContentType": content_type,
                "ResponseContentDisposition": content_disposition(filename, inline=inline),
            },
            ExpiresIn=self.presign_seconds,
        )
        return url

    async def put_file(self, key: str, source: Path) -> None:
        # upload_file streams in parts (multipart upload past 8 MB), never the whole file in memory.
        await asyncio.to_thread(self.client.upload_file, str(source), self.bucket, check_key(key))

    async def get_to_file(self, key: str, target: Path) -> None:
        await asyncio.to_thread(self.client.download_file, self.bucket, check_key(key), str(target))

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=check_key(key))

    async def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            await asyncio.to_thread(self.client.head_object, Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True


def content_disposition(filename: str, *, inline: bool) -> str:
    """RFC 6266: an ASCII fallback and the UTF-8 name."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;' else "_" for c in filename) or "file"
    return f"{'inline' if inline else 'attachment'}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def open_store(
    *,
    backend: str,
    files_path: Path,
    endpoint_url: str | None = None,
    bucket: str = "rapport",
    region: str = "us-east-1",
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
    presign_seconds: int = 60,
) -> Store:
    if backend == "s3":
        return S3Store(
            endpoint_url=endpoint_url,
            bucket=bucket,
            region=region,
            access_key_id=access_key_id,
            secret_access_key=secret_access_key,
            presign_seconds=presign_seconds,
        )
    return LocalStore(files_path)
