from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rapport.models.base import Base


class LostReason(Base):
    """One of the workspace's reasons a deal is lost, in the order the list shows them."""

    __tablename__ = "lost_reasons"
    __table_args__ = (UniqueConstraint("workspace_id", "reason"),)

    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(String(100))
