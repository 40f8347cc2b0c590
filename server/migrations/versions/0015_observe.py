"""Traces through the outbox: each event keeps the W3C traceparent of the transaction that wrote it, so
the relay and the work the event causes (webhook deliveries, jobs) join the trace of the change.

Revision ID: 0015_observe
Revises: 0014_mfakeys
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0015_observe"
down_revision: str | None = "0014_mfakeys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    execute_script("ALTER TABLE outbox_events ADD COLUMN trace_parent text")


def downgrade() -> None:
    execute_script("ALTER TABLE outbox_events DROP COLUMN trace_parent")
