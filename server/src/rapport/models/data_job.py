from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Enum, Integer, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin
from rapport.models.field_definition import ObjectType


class DataJobState(enum.StrEnum):
    QUEUED = "QUEUED"
    MAPPING = "MAPPING"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    UNDONE = "UNDONE"


class ImportJob(IdMixin, Base):
    """A CSV import: its mapping, its progress (committed batch by batch, so a rerun resumes) and counts."""

    __tablename__ = "import_jobs"

    workspace_id: Mapped[uuid.UUID]
    file_id: Mapped[uuid.UUID]
    object_type: Mapped[ObjectType] = mapped_column(Enum(ObjectType, name="object_type", create_type=False))
    state: Mapped[DataJobState] = mapped_column(Enum(DataJobState, name="data_job_state"))
    mapping: Mapped[dict[str, Any]] = mapped_column(JSONB)
    upsert_by: Mapped[str | None] = mapped_column(String(20))
    total_rows: Mapped[int | None] = mapped_column(Integer)
    processed_rows: Mapped[int] = mapped_column(Integer, server_default="0")
    created_count: Mapped[int] = mapped_column(Integer, server_default="0")
    updated_count: Mapped[int] = mapped_column(Integer, server_default="0")
    error_count: Mapped[int] = mapped_column(Integer, server_default="0")
    errors_file_id: Mapped[uuid.UUID | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID]  # the user who started it; the job acts as them (with their role now)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Every change of the row sets it: a RUNNING import whose updated_at is old has stopped moving.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ImportRecord(Base):
    """What one import did to one record, so that it can be undone: CREATED, or UPDATED with the
    values the record had before."""

    __tablename__ = "import_records"

    import_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    workspace_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(10))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class ImportRowError(Base):
    """A row an import refused, with the reason; the errors CSV is written from these."""

    __tablename__ = "import_row_errors"

    import_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    row_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[uuid.UUID]
    reason: Mapped[str] = mapped_column(Text)
    cells: Mapped[list[str]] = mapped_column(ARRAY(Text))


class ExportJob(IdMixin, Base):
    __tablename__ = "export_jobs"

    workspace_id: Mapped[uuid.UUID]
    object_type: Mapped[ObjectType] = mapped_column(Enum(ObjectType, name="object_type", create_type=False))
    state: Mapped[DataJobState] = mapped_column(Enum(DataJobState, name="data_job_state", create_type=False))
    filter: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    ids: Mapped[list[uuid.UUID] | None] = mapped_column(ARRAY(Uuid))  # only these records (a list's selection)
    row_count: Mapped[int | None] = mapped_column(Integer)
    file_id: Mapped[uuid.UUID | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
