"""Custom field indexes are no longer built by requests (finding 3 of the security review): the worker
builds them CONCURRENTLY as the table owner, named so that long keys never collide after PostgreSQL's
63-character truncation; the app role may no longer call the index function, and the worker may
list the field keys of every workspace (system scope, read only).

Revision ID: 0007_security
Revises: 0006_files
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0007_security"
down_revision: str | None = "0006_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
-- ix_<table>_cf_<first 30 characters of the key>_<8 hex of its md5>: at most 55 characters, one per key.
CREATE FUNCTION rapport_custom_field_index_name(target text, field_key text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $f$ SELECT format('ix_%s_cf_%s_%s', target, left(field_key, 30), left(md5(field_key), 8)) $f$;

CREATE OR REPLACE FUNCTION rapport_index_custom_field(target text, field_key text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
  index_name text := rapport_custom_field_index_name(target, field_key);
BEGIN
  IF target NOT IN ('contacts', 'companies', 'deals') OR field_key !~ '^[a-z][a-z0-9_]{{0,63}}$' THEN
    RAISE EXCEPTION 'invalid custom field index target % %', target, field_key;
  END IF;
  IF to_regclass(index_name) IS NULL THEN
    EXECUTE format(
      'CREATE INDEX %I ON %I (workspace_id, (custom_fields -> %L), id) WHERE deleted_at IS NULL',
      index_name, target, field_key);
  END IF;
END $f$;
REVOKE ALL ON FUNCTION rapport_index_custom_field(text, text) FROM {app_role};

-- The old names (ix_<table>_cf_<key>, truncated): dropped, the worker builds them again under the new ones.
DO $d$
DECLARE
  old record;
BEGIN
  FOR old IN
    SELECT indexname FROM pg_indexes
    WHERE schemaname = 'public' AND tablename IN ('contacts', 'companies', 'deals')
      AND indexname ~ '^ix_(contacts|companies|deals)_cf_'
      AND indexname <> rapport_custom_field_index_name(tablename, substring(indexname FROM '^ix_[a-z]+_cf_(.*)$'))
  LOOP
    EXECUTE format('DROP INDEX %I', old.indexname);
  END LOOP;
END $d$;

CREATE POLICY system_read ON field_definitions FOR SELECT USING (rapport_is_system());
"""
    )


def downgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
DROP POLICY system_read ON field_definitions;
GRANT EXECUTE ON FUNCTION rapport_index_custom_field(text, text) TO {app_role};
CREATE OR REPLACE FUNCTION rapport_index_custom_field(target text, field_key text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
  index_name text := format('ix_%s_cf_%s', target, field_key);
BEGIN
  IF target NOT IN ('contacts', 'companies', 'deals') OR field_key !~ '^[a-z][a-z0-9_]{{0,63}}$' THEN
    RAISE EXCEPTION 'invalid custom field index target % %', target, field_key;
  END IF;
  IF to_regclass(index_name) IS NULL THEN
    EXECUTE format(
      'CREATE INDEX %I ON %I (workspace_id, (custom_fields -> %L), id) WHERE deleted_at IS NULL',
      index_name, target, field_key);
  END IF;
END $f$;
DROP FUNCTION rapport_custom_field_index_name(text, text);
"""
    )
