"""The outbox event as the relay publishes it: what webhooks deliver and real-time subscribers receive."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class PublishedEvent:
    """One published outbox event: its place in the workspace's sequence, its type and payload."""

    id: uuid.UUID
    sequence: int
    workspace_id: uuid.UUID
    type: str
    actor_user_id: uuid.UUID | None
    occurred_at: datetime
    payload: Mapping[str, Any]
