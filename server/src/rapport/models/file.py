from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin


class File(IdMixin, Base):
    """An uploaded file (or an import's CSV, its errors CSV, an export). The bytes live in the store
    under `storage_key`; a deleted file keeps its row until `file.purge` removes the object."""

    __tablename__ = "files"

    workspace_id: Mapped[uuid.UUID]
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[bytes] = mapped_column(LargeBinary)
    storage_key: Mapped[str] = mapped_column(String(400))
    # "upload" (a person's file, counted in the quota), "import", "import_errors", "export".
    purpose: Mapped[str] = mapped_column(String(20))
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[uuid.UUID | None]
    uploaded_by: Mapped[uuid.UUID | None]  # a workspace member
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
