from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Enum, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.orm import Mapped, mapped_column

from rapport.kit.ids import new_id
from rapport.models.base import Base


class ActivityKind(enum.StrEnum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    DELETED = "DELETED"
    RESTORED = "RESTORED"
    NOTE = "NOTE"
    TASK = "TASK"
    EMAIL = "EMAIL"
    STAGE_CHANGED = "STAGE_CHANGED"
    MEMBER = "MEMBER"
    FILE = "FILE"
    MERGED = "MERGED"
    CALL = "CALL"
    MEETING = "MEETING"


class CallOutcome(enum.StrEnum):
    CONNECTED = "CONNECTED"
    LEFT_VOICEMAIL = "LEFT_VOICEMAIL"
    NO_ANSWER = "NO_ANSWER"
    WRONG_NUMBER = "WRONG_NUMBER"
    BUSY = "BUSY"


class Activity(Base):
    """One timeline entry. The table is range-partitioned by month on `occurred_at`."""

    __tablename__ = "activities"
    __table_args__ = {"postgresql_partition_by": "RANGE (occurred_at)"}

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True, server_default=func.now())
    workspace_id: Mapped[uuid.UUID]
    kind: Mapped[ActivityKind] = mapped_column(Enum(ActivityKind, name="activity_kind"))
    actor_user_id: Mapped[uuid.UUID | None]
    subject_type: Mapped[str] = mapped_column(String(40))  # "workspace", "contact", "deal", ...
    subject_id: Mapped[uuid.UUID]
    summary: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    body: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assignee_id: Mapped[uuid.UUID | None]  # a workspace member
    email_id: Mapped[uuid.UUID | None]  # EMAIL entries
    file_id: Mapped[uuid.UUID | None]  # FILE entries
    # CALL entries
    call_outcome: Mapped[str | None] = mapped_column(String(20))
    duration_seconds: Mapped[int | None]
    # MEETING entries (occurred_at is when the meeting starts)
    title: Mapped[str | None] = mapped_column(Text)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attendee_contact_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(PG_UUID(as_uuid=True)), server_default="{}", default=list
    )
    attendee_member_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(PG_UUID(as_uuid=True)), server_default="{}", default=list
    )
    # When its reminder (MEETING_SOON) went out, for the start it has; cleared when it moves.
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # NOTE entries: the members the body mentions, and when it was last edited
    mentioned_member_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(PG_UUID(as_uuid=True)), server_default="{}", default=list
    )
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A note's search vector, kept by a trigger (0028_notevector), NULL for other kinds; never loaded with the row.
    search_vector: Mapped[str | None] = mapped_column(TSVECTOR, deferred=True, deferred_raiseload=True)
