"""Last activity: `last_activity_at` on contacts, companies and deals (issue 14, item 4).

The newest email, note, call, meeting or task on a record's timeline (field edits and the CREATED,
UPDATED, STAGE_CHANGED... system entries do not count). The activity repository keeps it in the
transaction that writes the entry, with `greatest()` so that it never moves backwards; a company's
counts its contacts' notes, calls and meetings as its timeline rolls them up (docs/design.md,
"Last activity"). This revision adds the columns, fills them from the timeline as it stands and
indexes them for the lists sorted by them (keyset pages: the time, then the id, nulls last either way).

An entry's time is when it happened, but never after it was written (its UUIDv7 id says when): a
meeting planned ahead counts from when it was logged, an email with a Date in the future from when it
arrived. A completed task counts when it was completed too.

Revision ID: 0026_lastactivity
Revises: 0025_forwardauth
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0026_lastactivity"
down_revision: str | None = "0025_forwardauth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    execute_script(
        """
ALTER TABLE contacts ADD COLUMN last_activity_at timestamptz;
ALTER TABLE companies ADD COLUMN last_activity_at timestamptz;
ALTER TABLE deals ADD COLUMN last_activity_at timestamptz;

-- The backfill reads and writes every workspace's records: as their owner, past row-level security
-- for this transaction only (forced again below, before anything commits).
ALTER TABLE contacts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE companies NO FORCE ROW LEVEL SECURITY;
ALTER TABLE deals NO FORCE ROW LEVEL SECURITY;

-- What counts, and when: each counted entry's time, capped at when it was written.
CREATE TEMPORARY TABLE counted_activity AS
SELECT workspace_id, kind, subject_type, subject_id, attendee_contact_ids,
       greatest(least(occurred_at, uuid_extract_timestamp(id)),
                CASE WHEN kind = 'TASK' THEN done_at END) AS at
FROM activities
WHERE kind IN ('EMAIL', 'NOTE', 'CALL', 'MEETING', 'TASK');

-- A contact's: its own entries and the meetings it attended.
CREATE TEMPORARY TABLE contact_activity AS
SELECT workspace_id, subject_id AS id, kind, at FROM counted_activity WHERE subject_type = 'contact'
UNION ALL
SELECT a.workspace_id, attendee.id, a.kind, a.at
FROM counted_activity a, unnest(a.attendee_contact_ids) AS attendee(id)
WHERE a.kind = 'MEETING';

UPDATE contacts c SET last_activity_at = x.at
FROM (SELECT workspace_id, id, max(at) AS at FROM contact_activity GROUP BY workspace_id, id) x
WHERE c.workspace_id = x.workspace_id AND c.id = x.id;

-- A company's: its own entries, and its live contacts' notes, calls and meetings (its timeline's roll-up).
UPDATE companies c SET last_activity_at = x.at
FROM (
  SELECT workspace_id, id, max(at) AS at FROM (
    SELECT workspace_id, subject_id AS id, at FROM counted_activity WHERE subject_type = 'company'
    UNION ALL
    SELECT p.workspace_id, p.company_id, a.at
    FROM contact_activity a JOIN contacts p ON p.workspace_id = a.workspace_id AND p.id = a.id
    WHERE a.kind IN ('NOTE', 'CALL', 'MEETING') AND p.company_id IS NOT NULL AND p.deleted_at IS NULL
  ) hits GROUP BY workspace_id, id
) x
WHERE c.workspace_id = x.workspace_id AND c.id = x.id;

UPDATE deals d SET last_activity_at = x.at
FROM (
  SELECT workspace_id, subject_id AS id, max(at) AS at FROM counted_activity WHERE subject_type = 'deal'
  GROUP BY workspace_id, subject_id
) x
WHERE d.workspace_id = x.workspace_id AND d.id = x.id;

DROP TABLE contact_activity, counted_activity;
ALTER TABLE contacts FORCE ROW LEVEL SECURITY;
ALTER TABLE companies FORCE ROW LEVEL SECURITY;
ALTER TABLE deals FORCE ROW LEVEL SECURITY;

-- The lists sorted by it, as the web asks (ASC_NULLS_LAST, DESC_NULLS_LAST; each index read backwards
-- serves the other null placement), with the id as the keyset's tie-break in the key's direction.
CREATE INDEX ix_contacts_last_activity_at ON contacts (workspace_id, last_activity_at, id)
  WHERE deleted_at IS NULL;
CREATE INDEX ix_contacts_last_activity_at_desc ON contacts (workspace_id, last_activity_at DESC NULLS LAST, id DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX ix_companies_last_activity_at ON companies (workspace_id, last_activity_at, id)
  WHERE deleted_at IS NULL;
CREATE INDEX ix_companies_last_activity_at_desc
  ON companies (workspace_id, last_activity_at DESC NULLS LAST, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX ix_deals_last_activity_at ON deals (workspace_id, last_activity_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_deals_last_activity_at_desc ON deals (workspace_id, last_activity_at DESC NULLS LAST, id DESC)
  WHERE deleted_at IS NULL;
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP INDEX ix_deals_last_activity_at_desc;
DROP INDEX ix_deals_last_activity_at;
DROP INDEX ix_companies_last_activity_at_desc;
DROP INDEX ix_companies_last_activity_at;
DROP INDEX ix_contacts_last_activity_at_desc;
DROP INDEX ix_contacts_last_activity_at;
ALTER TABLE deals DROP COLUMN last_activity_at;
ALTER TABLE companies DROP COLUMN last_activity_at;
ALTER TABLE contacts DROP COLUMN last_activity_at;
"""
    )
