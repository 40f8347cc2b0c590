from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from rapport.file import service
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanRead, CanWrite
from rapport.models import File as FileRow
from rapport.workspace.graphql_types import Member


@strawberry.type(description="A stored file: an upload on a record, an import's CSV or an export.")
class File:
    row: strawberry.Private[FileRow]

    @strawberry.field(description="The file's id.")
    def id(self) -> uuid.UUID:
        return self.row.id

    @strawberry.field(description="The name, sanitised (no path, no control characters).")
    def filename(self) -> str:
        return self.row.filename

    @strawberry.field(description="The type read from the file's bytes (never the client's word).")
    def content_type(self) -> str:
        return self.row.content_type

    @strawberry.field(description="Size in bytes.")
    def size(self) -> int:
        return self.row.size

    @strawberry.field(description="SHA-256 of the bytes, hex.")
    def sha256(self) -> str:
        return self.row.sha256.hex()

    @strawberry.field(description="When it was uploaded or written.")
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="The record it is attached to, if any.")
    def target_id(self) -> uuid.UUID | None:
        return self.row.target_id

    @strawberry.field(description="The member who uploaded it (none for files Rapport wrote).")
    async def uploaded_by(self, info: Info) -> Member | None:
        if self.row.uploaded_by is None:
            return None
        member = await info.context.loaders.member.load(self.row.uploaded_by)
        return Member(row=member) if member else None

    @strawberry.field(
        description="Where to download it (GET with the access token or the web session; from S3 it "
        "redirects to a short-lived presigned URL)."
    )
    def download_url(self) -> str:
        return f"/api/v1/files/{self.row.id}"


@strawberry.type
class FileQuery:
    @strawberry.field(description="The files attached to a record, newest first.", permission_classes=[CanRead])
    async def files(self, info: Info, target_id: uuid.UUID) -> list[File]:
        return [File(row=row) for row in await as_actor(info, service.list_for_target, target_id=target_id)]


@strawberry.type
class FileMutation:
    @strawberry.mutation(
        description="Attaches an uploaded file to a contact, company or deal (a FILE entry on its timeline).",
        permission_classes=[CanWrite],
    )
    async def attach_file(self, info: Info, file_id: uuid.UUID, target_id: uuid.UUID) -> File:
        return File(row=await as_actor(info, service.attach, file_id=file_id, target_id=target_id))

    @strawberry.mutation(
        description="Deletes a file: it is gone at once, its stored bytes are removed by a job later.",
        permission_classes=[CanWrite],
    )
    async def delete_file(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete, file_id=id)
