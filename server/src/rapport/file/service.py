"""Files: uploads attached to records, and the CSVs imports read and exports write. The bytes live
in the configured store (local disk or S3); a row here says what they are and who may read them."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.auth.actor import Actor
from rapport.errors import BadUserInput, found
from rapport.file import repository
from rapport.kit import sniff
from rapport.kit.clock import utcnow
from rapport.kit.filestore import Store
from rapport.kit.ids import new_id
from rapport.kit.multipart import PayloadTooLarge
from rapport.models import File, Role

PURPOSES = ("upload", "import", "import_errors", "export", "email")


@dataclass(frozen=True)
class Incoming:
    """Bytes already on local disk (a received upload, a CSV a job wrote) with what was counted."""

    path: Path
    filename: str
    size: int
    sha256: bytes
    head: bytes


def storage_key(workspace_id: uuid.UUID, purpose: str, file_id: uuid.UUID) -> str:
    return f"{workspace_id}/{purpose}/{file_id}"


def is_inline_safe(file: File) -> bool:
    """Raster images may show in the page; anything that can carry script (SVG, HTML) never does."""
    return file.content_type in sniff.RASTER_IMAGES


async def store(
    session: AsyncSession,
    actor: Actor,
    *,
    store: Store,
    incoming: Incoming,
    purpose: str,
    quota_bytes: int,
    target_id: uuid.UUID | None = None,
    content_type: str | None = None,
) -> File:
    """Keeps a file: checks its type and the workspace's quota, stores the bytes, writes the row
    (and the FILE timeline entry when it goes on a record). `content_type` is for files Rapport
    writes itself (errors CSVs, exports); uploads are typed by their bytes."""
    actor.require(Role.MEMBER)
    assert purpose in PURPOSES
    filename = sniff.sanitize_filename(incoming.filename)
    if content_type is None:
        if sniff.is_executable(incoming.head):
            raise BadUserInput(
                "Executable files and scripts cannot be uploaded.", field_errors={("file",): "executable"}
            )
        content_type = sniff.sniff(incoming.head, filename)
        claimed = sniff.claimed_image_mismatch(filename, content_type)
        if claimed is not None:
            raise BadUserInput(
                f"The file is named as {claimed} but its bytes are {content_type}.",
                field_errors={("file",): "the content does not match the name"},
            )
    target_type = None
    if target_id is not None:
        target_type = await activity_service.subject_type_of(session, actor, target_id=target_id)
    await repository.lock_quota(session, actor.workspace_id)
    used = await repository.used_bytes(session, actor.workspace_id)
    if used + incoming.size > quota_bytes:
        raise PayloadTooLarge(f"The workspace's storage quota of {quota_bytes} bytes is used up ({used} bytes stored).")
    file_id = new_id()
    key = storage_key(actor.workspace_id, purpose, file_id)
    await store.put_file(key, incoming.path)
    file = await repository.insert_file(
        session,
        {
            "id": file_id,
            "workspace_id": actor.workspace_id,
            "filename": filename,
            "content_type": content_type,
            "size": incoming.size,
            "sha256": incoming.sha256,
            "storage_key": key,
            "purpose": purpose,
            "target_type": target_type,
            "target_id": target_id,
            "uploaded_by": actor.member_id,
        },
    )
    if target_id is not None:
        await activity_service.add_file_entry(
            session, actor, target_id=target_id, file_id=file.id, filename=file.filename
        )
    return file


async def store_email_attachment(
    session: AsyncSession,
    *,
    store: Store,
    workspace_id: uuid.UUID,
    email_id: uuid.UUID,
    filename: str,
    content: bytes,
    spool: Path,
) -> File:
    """Keeps an attachment of an email being ingested (a workspace-scoped transaction, no member acting)
    as a file of the email: on the same store as uploads, typed by its bytes, its name sanitised.
    Mail is never refused for it: no quota check (its size counts towards the quota from then on)."""
    file_id = new_id()
    key = storage_key(workspace_id, "email", file_id)
    path = spool / f"attachment-{file_id}"
    try:
        await asyncio.to_thread(spool.mkdir, parents=True, exist_ok=True)
        await asyncio.to_thread(path.write_bytes, content)
        await store.put_file(key, path)
    finally:
        path.unlink(missing_ok=True)
    name = sniff.sanitize_filename(filename)
    return await repository.insert_file(
        session,
        {
            "id": file_id,
            "workspace_id": workspace_id,
            "filename": name,
            "content_type": sniff.sniff(content[:8192], name),
            "size": len(content),
            "sha256": hashlib.sha256(content).digest(),
            "storage_key": key,
            "purpose": "email",
            "target_type": "email",
            "target_id": email_id,
            "uploaded_by": None,
        },
    )


async def get(session: AsyncSession, actor: Actor, *, file_id: uuid.UUID) -> File:
    """A live file of the actor's workspace; another workspace's id is NOT_FOUND like a missing one."""
    actor.require(Role.VIEWER)
    return found(await repository.get_live(session, actor.workspace_id, file_id), "No file with this id.")


async def list_for_target(session: AsyncSession, actor: Actor, *, target_id: uuid.UUID) -> Sequence[File]:
    actor.require(Role.VIEWER)
    return await repository.list_for_target(session, actor.workspace_id, target_id)


async def attach(session: AsyncSession, actor: Actor, *, file_id: uuid.UUID, target_id: uuid.UUID) -> File:
    actor.require(Role.MEMBER)
    file = await get(session, actor, file_id=file_id)
    if file.purpose != "upload":
        raise BadUserInput("Only uploaded files can be attached.", field_errors={("fileId",): "not an upload"})
    if file.target_id == target_id:
        return file
    target_type = await activity_service.subject_type_of(session, actor, target_id=target_id)
    file = await repository.set_target(session, file, target_type=target_type, target_id=target_id)
    await activity_service.add_file_entry(session, actor, target_id=target_id, file_id=file.id, filename=file.filename)
    return file


async def delete(session: AsyncSession, actor: Actor, *, file_id: uuid.UUID) -> bool:
    """Soft delete: the file disappears at once; `file.purge` removes the stored bytes later."""
    actor.require(Role.MEMBER)
    file = await get(session, actor, file_id=file_id)
    await repository.mark_deleted(session, actor.workspace_id, file.id, utcnow())
    return True


async def unclaimed_files(
    session: AsyncSession, *, purpose: str, older_than_seconds: int, limit: int
) -> Sequence[File]:
    """For sweepers (a system-scoped transaction): live files of `purpose` older than the given age,
    oldest first, locked until the transaction ends."""
    return await repository.live_of_purpose(session, purpose, utcnow() - timedelta(seconds=older_than_seconds), limit)


async def discard(session: AsyncSession, *, file: File) -> None:
    """A sweeper's delete (system scope): like `delete`, `file.purge` removes the bytes later."""
    await repository.mark_deleted(session, file.workspace_id, file.id, utcnow())


async def files_to_purge(session: AsyncSession, *, delay_seconds: int, limit: int) -> Sequence[File]:
    """For `file.purge` (a system-scoped transaction): deleted files past the delay, locked."""
    return await repository.to_purge(session, utcnow() - timedelta(seconds=delay_seconds), limit)


async def mark_purged(session: AsyncSession, *, file_id: uuid.UUID) -> None:
    await repository.mark_purged(session, file_id, utcnow())
