from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from rapport.file import service
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanRead, CanWrite
from rapport.graphql.types import RowType, of_row
from rapport.models import File as FileRow
from rapport.workspace.graphql_types import Member, member_of


@strawberry.type(description="A stored file: an upload on a record, an import's CSV or an export.")
class File(RowType[FileRow]):
    id = of_row(uuid.UUID, "The file's id.")
    filename = of_row(str, "The name, sanitised (no path, no control characters).")
    content_type = of_row(str, "The type read from the file's bytes (never the client's word).")
    size = of_row(int, "Size in bytes.")

    @strawberry.field(description="SHA-256 of the bytes, hex.")
    def sha256(self) -> str:
        return self.row.sha256.hex()

    created_at = of_row(datetime, "When it was uploaded or written.")
    target_id = of_row(uuid.UUID | None, "The record it is attached to, if any.")

    @strawberry.field(description="The member who uploaded it (none for files Rapport wrote).")
    async def uploaded_by(self, info: Info) -> Member | None:
        return await member_of(info, self.row.uploaded_by)

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
        return File.of_all(await as_actor(info, service.list_for_target, target_id=target_id))


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
