"""Real-time: the relay numbers each event as it publishes it (`outbox_events.sequence`), so a
subscriber resumes with `after: <eventId>` in publish order; `outbox_retention` remembers the last
sequence pruned, so a resume point older than retention is answered with REFETCH_REQUIRED.

Revision ID: 0005_realtime
Revises: 0004_ai
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0005_realtime"
down_revision: str | None = "0004_ai"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
CREATE SEQUENCE outbox_sequence AS bigint;
GRANT USAGE, SELECT ON SEQUENCE outbox_sequence TO {app_role};
ALTER TABLE outbox_events ADD COLUMN sequence bigint;
-- Events published before this migration keep no number: they cannot be resumed from.
CREATE UNIQUE INDEX ix_outbox_events_workspace_sequence ON outbox_events (workspace_id, sequence)
  WHERE sequence IS NOT NULL;

-- One row, no workspace data: the highest sequence the prune job has deleted.
CREATE TABLE outbox_retention (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  pruned_through bigint NOT NULL DEFAULT 0
);
INSERT INTO outbox_retention DEFAULT VALUES;
GRANT SELECT, UPDATE ON outbox_retention TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP TABLE outbox_retention;
DROP INDEX ix_outbox_events_workspace_sequence;
ALTER TABLE outbox_events DROP COLUMN sequence;
DROP SEQUENCE outbox_sequence;
"""
    )
