"""Meeting reminders: the MEETING_SOON notification, and when a meeting's reminder went out (for its
current start; a meeting moved to another time is reminded again).

Revision ID: 0023_gaps
Revises: 0022_scope
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0023_gaps"
down_revision: str | None = "0022_scope"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    execute_script(
        """
ALTER TYPE notification_kind ADD VALUE IF NOT EXISTS 'MEETING_SOON';
ALTER TABLE activities ADD COLUMN reminded_at timestamptz;
-- The reminders' schedule: meetings starting soon that no reminder went out for yet.
CREATE INDEX ix_activities_meetings_to_remind ON activities (occurred_at)
  WHERE kind = 'MEETING' AND reminded_at IS NULL;
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP INDEX ix_activities_meetings_to_remind;
ALTER TABLE activities DROP COLUMN reminded_at;
DELETE FROM notifications WHERE kind = 'MEETING_SOON';
-- notification_kind keeps 'MEETING_SOON': PostgreSQL cannot drop an enum value.
"""
    )
