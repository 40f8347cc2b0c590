"""System work runs under its own database role (security review, issue 12 finding 5).

The system scope was the transaction-local setting `rapport.system`, which the app role could set
itself (`set_config`), so SQL injected into any statement could read every workspace. It is now
membership of the group role `rapport_system`: `rapport_is_system()` asks
`pg_has_role('rapport_system', 'USAGE')` (for current_user; the two-argument form costs no more
per row than the setting did, the one naming current_user a third more), and every policy that let the system scope
through (`tenant_isolation ... OR rapport_is_system()`, the `system_read` policies, the partitions'
policies) follows without being rewritten. The app's login is not a member and cannot become one;
system work (`Database.transaction(system=True)`) connects as a second login that is
(RAPPORT_DATABASE_SYSTEM_URL; the embedded bootstrap creates it).

The table owner (who runs this) is made a member too: it could turn row-level security off anyway,
and the SECURITY DEFINER functions that run as it (`rapport_workspace_by_inbound_token`,
`rapport_ensure_activity_partitions`) see across workspaces without setting anything now.

`users` gets row-level security: a user sees themself and the members of the workspace in scope
(system work sees everyone); a user writes only their own row. Sign-in, sign-up, invitations,
password reset and OAuth find an account by email before any scope exists: through the SECURITY
DEFINER function `rapport_user_id_by_email`, which returns the id alone (the caller then scopes its
transaction to that user to read the row).

The role is created here when it does not exist (the owner needs CREATEROLE for that; otherwise a
database administrator creates it first: `CREATE ROLE rapport_system NOLOGIN; GRANT rapport_system
TO <owner>;`).

Revision ID: 0024_sysrole
Revises: 0023_gaps
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script, owner_member_role_sql

revision: str = "0024_sysrole"
down_revision: str | None = "0023_gaps"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SYSTEM_ROLE = "rapport_system"

ROLE = owner_member_role_sql(SYSTEM_ROLE)

IS_SYSTEM = f"""
CREATE OR REPLACE FUNCTION rapport_is_system() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS
  $f$ SELECT pg_has_role('{SYSTEM_ROLE}', 'USAGE') $f$;
"""
WAS_SETTING = """
CREATE OR REPLACE FUNCTION rapport_is_system() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS
  $f$ SELECT coalesce(current_setting('rapport.system', true), '') = 'on' $f$;
"""

# The two SECURITY DEFINER functions that turned the setting on for their own work: they run as the
# owner, a member of rapport_system, so their reads see every workspace without it.
BY_TOKEN = """
CREATE OR REPLACE FUNCTION rapport_workspace_by_inbound_token(token text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
  SELECT id FROM workspaces WHERE inbound_token = token
$f$;
"""
BY_TOKEN_BEFORE = """
CREATE OR REPLACE FUNCTION rapport_workspace_by_inbound_token(token text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
  previous text := coalesce(current_setting('rapport.system', true), '');
  found uuid;
BEGIN
  PERFORM set_config('rapport.system', 'on', true);
  SELECT id INTO found FROM workspaces WHERE inbound_token = token;
  PERFORM set_config('rapport.system', previous, true);
  RETURN found;
END $f$;
"""

PARTITIONS = """
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
# 0022's function less the three lines about the setting.
SETTING_LINES = (
    "  previous text := coalesce(current_setting('rapport.system', true), '');\n",
    "  PERFORM set_config('rapport.system', 'on', true);\n",
    "  PERFORM set_config('rapport.system', previous, true);\n",
)
PARTITIONS_NOW = PARTITIONS
for _line in SETTING_LINES:
    assert _line in PARTITIONS
    PARTITIONS_NOW = PARTITIONS_NOW.replace(_line, "")


USERS = """
ALTER TABLE users ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY self_and_members ON users FOR SELECT USING (
  id = rapport_current_user()
  OR rapport_is_system()
  OR EXISTS (SELECT 1 FROM workspace_members m
             WHERE m.user_id = users.id AND m.workspace_id = rapport_current_workspace())
);
CREATE POLICY self_insert ON users FOR INSERT WITH CHECK (id = rapport_current_user());
CREATE POLICY self_update ON users FOR UPDATE
  USING (id = rapport_current_user() OR rapport_is_system())
  WITH CHECK (id = rapport_current_user() OR rapport_is_system());

-- The account with this email (lower-cased, as stored), or NULL: its id and nothing else.
CREATE FUNCTION rapport_user_id_by_email(address text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
  SELECT id FROM users WHERE email = lower(address)
$f$;
REVOKE ALL ON FUNCTION rapport_user_id_by_email(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rapport_user_id_by_email(text) TO {app_role};
"""
USERS_BEFORE = """
DROP FUNCTION rapport_user_id_by_email(text);
DROP POLICY self_update ON users;
DROP POLICY self_insert ON users;
DROP POLICY self_and_members ON users;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
"""


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(ROLE + IS_SYSTEM + BY_TOKEN + PARTITIONS_NOW + USERS.format(app_role=app_role))


def downgrade() -> None:
    execute_script(USERS_BEFORE + WAS_SETTING + BY_TOKEN_BEFORE + PARTITIONS)
