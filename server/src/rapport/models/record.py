from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.kit.ids import new_id


class RecordMixin:
    """What contacts, companies and deals share: tenancy, custom fields, timestamps, soft delete and
    the time of the last activity."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    workspace_id: Mapped[uuid.UUID]
    custom_fields: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The newest email, note, call, meeting or task on its timeline; kept by the activity repository
    # in the transaction that writes the entry (0026_lastactivity), never moved backwards.
    last_activity_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
