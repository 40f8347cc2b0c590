"""The partition upkeep function puts the caller's scope back (security review, issue 12 finding 5).

`rapport_ensure_activity_partitions` turned the system scope on for the rest of the caller's
transaction: whatever the caller read after it saw every workspace. It now restores the scope it
found, like `rapport_workspace_by_inbound_token` does. (An error inside it aborts the transaction,
which undoes the setting too.) CREATE OR REPLACE keeps its owner and grants.

Revision ID: 0022_scope
Revises: 0021_realtime
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0022_scope"
down_revision: str | None = "0021_realtime"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RESTORING = """
CREATE OR REPLACE FUNCTION rapport_ensure_activity_partitions(months_ahead integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
  month_start date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
  lo date;
  hi date;
  part text;
  created integer := 0;
  previous text := coalesce(current_setting('rapport.system', true), '');
BEGIN
  PERFORM set_config('rapport.system', 'on', true);
  FOR i IN 0..months_ahead LOOP
    lo := (month_start + make_interval(months => i))::date;
    hi := (lo + interval '1 month')::date;
    part := format('activities_y%sm%s', to_char(lo, 'YYYY'), to_char(lo, 'MM'));
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    EXECUTE format('CREATE TABLE %I (LIKE activities INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
    EXECUTE format(
      'WITH moved AS (DELETE FROM activities_default WHERE occurred_at >= %L AND occurred_at < %L RETURNING *)'
      ' INSERT INTO %I SELECT * FROM moved', lo, hi, part);
    EXECUTE format('ALTER TABLE activities ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', part);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (workspace_id = rapport_current_workspace() OR rapport_is_system())',
      part);
    created := created + 1;
  END LOOP;
  PERFORM set_config('rapport.system', previous, true);
  RETURN created;
END $f$;
"""

# The two lines that put the scope back are all that 0022 adds to 0001's function.
SAVE_SCOPE = "  previous text := coalesce(current_setting('rapport.system', true), '');\n"
RESTORE_SCOPE = "  PERFORM set_config('rapport.system', previous, true);\n"
LEAVING_IT_ON = RESTORING.replace(SAVE_SCOPE, "").replace(RESTORE_SCOPE, "")
assert SAVE_SCOPE in RESTORING
assert RESTORE_SCOPE in RESTORING


def upgrade() -> None:
    execute_script(RESTORING)


def downgrade() -> None:
    execute_script(LEAVING_IT_ON)
