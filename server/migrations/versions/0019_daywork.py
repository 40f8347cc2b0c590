"""A rep's daily work: CALL and MEETING timeline entries (outcome, duration, time, attendees),
notes that are edited and mention members.

Revision ID: 0019_daywork
Revises: 0018_guard
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0019_daywork"
down_revision: str | None = "0018_guard"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    execute_script(
        """
ALTER TYPE activity_kind ADD VALUE IF NOT EXISTS 'CALL';
ALTER TYPE activity_kind ADD VALUE IF NOT EXISTS 'MEETING';

ALTER TABLE activities
  ADD COLUMN call_outcome varchar(20)
    CONSTRAINT ck_activities_call_outcome
    CHECK (call_outcome IN ('CONNECTED', 'LEFT_VOICEMAIL', 'NO_ANSWER', 'WRONG_NUMBER', 'BUSY')),
  ADD COLUMN duration_seconds integer CONSTRAINT ck_activities_duration_seconds CHECK (duration_seconds >= 0),
  ADD COLUMN title text,
  ADD COLUMN ends_at timestamptz,
  ADD COLUMN attendee_contact_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN attendee_member_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN mentioned_member_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN edited_at timestamptz;

-- A contact's timeline shows the meetings they attended; a member's agenda, the meetings they attend.
CREATE INDEX ix_activities_attendee_contacts ON activities USING gin (attendee_contact_ids);
CREATE INDEX ix_activities_attendee_members ON activities USING gin (attendee_member_ids);
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP INDEX ix_activities_attendee_members;
DROP INDEX ix_activities_attendee_contacts;
ALTER TABLE activities
  DROP COLUMN call_outcome, DROP COLUMN duration_seconds, DROP COLUMN title, DROP COLUMN ends_at,
  DROP COLUMN attendee_contact_ids, DROP COLUMN attendee_member_ids, DROP COLUMN mentioned_member_ids,
  DROP COLUMN edited_at;
-- activity_kind keeps 'CALL' and 'MEETING': PostgreSQL cannot drop an enum value.
"""
    )
