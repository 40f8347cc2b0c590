from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, LargeBinary, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base, IdMixin


class DeliveryState(enum.StrEnum):
    PENDING = "PENDING"  # not attempted yet
    SUCCEEDED = "SUCCEEDED"  # the endpoint answered 2xx
    FAILED = "FAILED"  # the last attempt failed; another is scheduled at next_attempt_at
    DEAD = "DEAD"  # every attempt failed: no more are made (a manual retry starts over)


class WebhookEndpoint(IdMixin, Base):
    """Where a workspace wants its events POSTed, signed by the Standard Webhooks scheme. The secrets
    are encrypted at rest (they must be read back to sign); the previous one still signs until
    `previous_secret_expires_at` after a rotation."""

    __tablename__ = "webhook_endpoints"

    workspace_id: Mapped[uuid.UUID]
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]] = mapped_column(ARRAY(Text))
    description: Mapped[str | None] = mapped_column(String(500))
    enabled: Mapped[bool] = mapped_column(Boolean, server_default="true")
    secret: Mapped[bytes] = mapped_column(LargeBinary)
    previous_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    # The delivery job that holds the lease sends this endpoint's deliveries, one at a time, in order.
    lease_token: Mapped[uuid.UUID | None]
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class WebhookDelivery(IdMixin, Base):
    """One event for one endpoint (its id is the `webhook-id` header, the same on every attempt),
    with what its last attempt got: the delivery log."""

    __tablename__ = "webhook_deliveries"

    workspace_id: Mapped[uuid.UUID]
    endpoint_id: Mapped[uuid.UUID]
    position: Mapped[int] = mapped_column(BigInteger, server_default=func.nextval("webhook_delivery_position"))
    event_id: Mapped[uuid.UUID | None]
    event_type: Mapped[str] = mapped_column(String(100))
    body: Mapped[dict[str, Any]] = mapped_column(JSONB)
    state: Mapped[DeliveryState] = mapped_column(String(10), server_default="PENDING")
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_response: Mapped[str | None] = mapped_column(Text)
    last_duration_ms: Mapped[int | None]
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
