"""Files kept by content: a file's path is its SHA-256, under one directory per workspace.

Attachments use it today, uploads will. Writing is idempotent: a file that exists has these bytes."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

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
