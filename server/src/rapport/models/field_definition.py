from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Enum, Integer, String, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from rapport.kit.ids import new_id
from rapport.models.base import Base


class ObjectType(enum.StrEnum):
    CONTACT = "CONTACT"
    COMPANY = "COMPANY"
    DEAL = "DEAL"


class FieldType(enum.StrEnum):
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    BOOLEAN = "BOOLEAN"
    DATE = "DATE"
    SELECT = "SELECT"
    MULTI_SELECT = "MULTI_SELECT"
    URL = "URL"
    EMAIL = "EMAIL"
    CURRENCY = "CURRENCY"


class FieldDefinition(Base):
    __tablename__ = "field_definitions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    workspace_id: Mapped[uuid.UUID]
    object_type: Mapped[ObjectType] = mapped_column(Enum(ObjectType, name="object_type"))
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(100))
    type: Mapped[FieldType] = mapped_column(Enum(FieldType, name="field_type"))
    options: Mapped[list[str] | None] = mapped_column(ARRAY(String(100)))
    required: Mapped[bool] = mapped_column(Boolean, server_default="false")
    position: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
