"""A note's search vector is stored, not computed for every candidate of every search.

Until now notes were searched through a GIN index on an expression (0008_search): the partitioned
timeline's monthly partitions are created LIKE the parent, without generated columns, so 0008 kept
no column. The index found the matching notes, but ranking them, counting the words and the any-word
match computed `to_tsvector(rapport_fold(body))` again for every candidate: in a workspace with
150,000 notes a search ran past the statement timeout. Now `activities.search_vector` is a plain
column that a BEFORE trigger on the partitioned parent keeps (PostgreSQL clones it onto every
partition, present and attached later; LIKE copies the column, and moving rows copies their values),
filled for the notes there are, with a GIN index on it for notes.

Revision ID: 0028_notevector
Revises: 0027_bulkundo
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0028_notevector"
down_revision: str | None = "0027_bulkundo"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOTE_VECTOR = "setweight(to_tsvector('english', rapport_fold(left({body}, 100000))), 'B')"


def upgrade() -> None:
    execute_script(
        f"""
ALTER TABLE activities ADD COLUMN search_vector tsvector;

CREATE FUNCTION rapport_activity_search_vector() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $f$
BEGIN
  NEW.search_vector := CASE WHEN NEW.kind = 'NOTE' THEN {NOTE_VECTOR.format(body="NEW.body")} END;
  RETURN NEW;
END $f$;
REVOKE ALL ON FUNCTION rapport_activity_search_vector() FROM PUBLIC;

CREATE TRIGGER activities_search_vector BEFORE INSERT OR UPDATE OF kind, body ON activities
  FOR EACH ROW EXECUTE FUNCTION rapport_activity_search_vector();

-- The notes there are, in every workspace: as the table's owner, past row-level security for this
-- transaction only (forced again below, before anything commits).
ALTER TABLE activities NO FORCE ROW LEVEL SECURITY;
UPDATE activities SET search_vector = {NOTE_VECTOR.format(body="body")} WHERE kind = 'NOTE';
ALTER TABLE activities FORCE ROW LEVEL SECURITY;

CREATE INDEX ix_activities_note_search ON activities USING gin (search_vector) WHERE kind = 'NOTE';
DROP INDEX ix_activities_search_vector;
"""
    )


def downgrade() -> None:
    execute_script(
        f"""
CREATE INDEX ix_activities_search_vector ON activities
  USING gin (({NOTE_VECTOR.format(body="body")})) WHERE kind = 'NOTE';
DROP INDEX ix_activities_note_search;
DROP TRIGGER activities_search_vector ON activities;
DROP FUNCTION rapport_activity_search_vector();
ALTER TABLE activities DROP COLUMN search_vector;
"""
    )
