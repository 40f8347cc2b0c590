"""Keyword search and merges: a maintained, weighted `search_vector` on contacts, companies, deals
and emails, each with a GIN index, and the same as an expression index on notes (NOTE timeline
entries); the MERGED timeline kind.

The vectors are stored generated columns, so every writer (the services, imports, email ingestion,
a hand-written UPDATE) keeps them current without a trigger or a job. Names, email addresses,
domains and phones use the `simple` configuration (no stemming: prefix matching on what was typed),
prose (job titles, industries, deal names, notes, subjects, bodies) `english`. Text is folded to
lower-case ASCII for the common Latin accents first: the embedded PostgreSQL has no `unaccent`.

Revision ID: 0008_search
Revises: 0007_security
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0008_search"
down_revision: str | None = "0007_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOLD_FROM = "áàâäãåāăąçćčďéèêëēėęěíìîïīįłñńňóòôöõøōőŕřśšşťúùûüūůűųýÿźżžæœß"
FOLD_TO = "aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorrssstuuuuuuuuyyzzzaos"


def upgrade() -> None:
    assert len(FOLD_FROM) == len(FOLD_TO)
    execute_script(
        f"""
ALTER TYPE activity_kind ADD VALUE IF NOT EXISTS 'MERGED';

-- Lower-case, common Latin accents folded (Müller -> muller); the query side folds the same way.
CREATE FUNCTION rapport_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN translate(lower(coalesce(value, '')), '{FOLD_FROM}', '{FOLD_TO}');

-- Addresses as whole words and as their parts: "anna.berg@acme.io" is found by anna, berg, acme.
-- (array_to_string is STABLE for any array type; for text[] it is immutable.)
CREATE FUNCTION rapport_address_words(value text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN array_to_string(value, ' ') || ' ' || regexp_replace(array_to_string(value, ' '), '[@._+-]+', ' ', 'g');

-- Phone numbers as their digits, whole and as typed groups.
CREATE FUNCTION rapport_phone_words(value text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN regexp_replace(array_to_string(value, ' '), '[^0-9 ]+', '', 'g') || ' '
  || regexp_replace(array_to_string(value, ' '), '[^0-9]+', '', 'g');

ALTER TABLE contacts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', rapport_fold(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))), 'A')
  || setweight(to_tsvector('simple', rapport_fold(rapport_address_words(emails))), 'A')
  || setweight(to_tsvector('english', rapport_fold(job_title)), 'B')
  || setweight(to_tsvector('simple', rapport_phone_words(phones)), 'C')
  || setweight(jsonb_to_tsvector('english', custom_fields, '["string"]'), 'D')
) STORED;
CREATE INDEX ix_contacts_search_vector ON contacts USING gin (search_vector);

ALTER TABLE companies ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', rapport_fold(name)), 'A')
  || setweight(to_tsvector('simple', rapport_fold(rapport_address_words(ARRAY[coalesce(domain, '')]))), 'A')
  || setweight(to_tsvector('english', rapport_fold(industry)), 'B')
  || setweight(jsonb_to_tsvector('english', custom_fields, '["string"]'), 'D')
) STORED;
CREATE INDEX ix_companies_search_vector ON companies USING gin (search_vector);

ALTER TABLE deals ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', rapport_fold(name)), 'A')
  || setweight(to_tsvector('english', rapport_fold(name)), 'A')
  || setweight(jsonb_to_tsvector('english', custom_fields, '["string"]'), 'D')
) STORED;
CREATE INDEX ix_deals_search_vector ON deals USING gin (search_vector);

-- Only notes are searched among timeline entries: the others repeat what the records say. The
-- partitioned timeline gets an expression index, not a generated column: the monthly partitions
-- are created LIKE the parent (rapport_ensure_activity_partitions), without its generated columns,
-- and an index on the parent reaches every partition, present and future.
CREATE INDEX ix_activities_search_vector ON activities
  USING gin ((setweight(to_tsvector('english', rapport_fold(left(body, 100000))), 'B'))) WHERE kind = 'NOTE';

-- A tsvector holds at most 1 MB: the first 100,000 characters of a body are indexed.
ALTER TABLE emails ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', rapport_fold(subject)), 'A')
  || setweight(to_tsvector('simple', rapport_fold(subject)), 'A')
  || setweight(to_tsvector('english', rapport_fold(left(body_text, 100000))), 'C')
) STORED;
CREATE INDEX ix_emails_search_vector ON emails USING gin (search_vector);
"""
    )


def downgrade() -> None:
    # A value cannot leave an enum: MERGED stays in activity_kind (0001's downgrade drops the type).
    execute_script(
        """
DROP INDEX ix_emails_search_vector;
ALTER TABLE emails DROP COLUMN search_vector;
DROP INDEX ix_activities_search_vector;
DROP INDEX ix_deals_search_vector;
ALTER TABLE deals DROP COLUMN search_vector;
DROP INDEX ix_companies_search_vector;
ALTER TABLE companies DROP COLUMN search_vector;
DROP INDEX ix_contacts_search_vector;
ALTER TABLE contacts DROP COLUMN search_vector;
DROP FUNCTION rapport_phone_words(text[]);
DROP FUNCTION rapport_address_words(text[]);
DROP FUNCTION rapport_fold(text);
"""
    )
