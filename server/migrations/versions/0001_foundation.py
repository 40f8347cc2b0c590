"""Foundation: workspaces, users, members, refresh tokens, outbox, partitioned activities, RLS.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = ("workspace_members", "outbox_events", "activities")


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{app_role}') THEN
    CREATE ROLE {app_role} NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;

-- The scope of the current transaction, set by the app with set_config(..., true).
CREATE FUNCTION rapport_current_workspace() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
  $f$ SELECT NULLIF(current_setting('rapport.workspace_id', true), '')::uuid $f$;
CREATE FUNCTION rapport_current_user() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
  $f$ SELECT NULLIF(current_setting('rapport.user_id', true), '')::uuid $f$;
-- Only the outbox relay and partition upkeep open a system-scoped transaction.
CREATE FUNCTION rapport_is_system() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS
  $f$ SELECT coalesce(current_setting('rapport.system', true), '') = 'on' $f$;

CREATE TYPE member_role AS ENUM ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER');
CREATE TYPE activity_kind AS ENUM
  ('CREATED', 'UPDATED', 'DELETED', 'RESTORED', 'NOTE', 'TASK', 'EMAIL', 'STAGE_CHANGED', 'MEMBER');

CREATE TABLE workspaces (
  id uuid CONSTRAINT pk_workspaces PRIMARY KEY,
  name varchar(100) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid CONSTRAINT pk_users PRIMARY KEY,
  email varchar(254) NOT NULL CONSTRAINT uq_users_email UNIQUE,
  name varchar(100) NOT NULL,
  password_hash varchar(255),
  mfa_enabled boolean NOT NULL DEFAULT false,
  last_workspace_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ck_users_email_lower CHECK (email = lower(email))
);

CREATE TABLE workspace_members (
  id uuid CONSTRAINT pk_workspace_members PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_workspace_members_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL
    CONSTRAINT fk_workspace_members_user_id_users REFERENCES users (id) ON DELETE CASCADE,
  role member_role NOT NULL,
  joined_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_workspace_members_workspace_id_user_id UNIQUE (workspace_id, user_id)
);
CREATE INDEX ix_workspace_members_user_id ON workspace_members (user_id);

CREATE TABLE refresh_tokens (
  id uuid CONSTRAINT pk_refresh_tokens PRIMARY KEY,
  user_id uuid NOT NULL
    CONSTRAINT fk_refresh_tokens_user_id_users REFERENCES users (id) ON DELETE CASCADE,
  workspace_id uuid
    CONSTRAINT fk_refresh_tokens_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash bytea NOT NULL CONSTRAINT uq_refresh_tokens_token_hash UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);
CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id);

CREATE TABLE outbox_events (
  id uuid CONSTRAINT pk_outbox_events PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_outbox_events_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  type varchar(100) NOT NULL,
  payload jsonb NOT NULL,
  actor_user_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX ix_outbox_events_unpublished ON outbox_events (id) WHERE published_at IS NULL;
CREATE INDEX ix_outbox_events_published_at ON outbox_events (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay at commit (NOTIFY is transactional); the relay also polls, so nothing depends on it.
CREATE FUNCTION rapport_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS
  $f$ BEGIN PERFORM pg_notify('rapport_outbox', ''); RETURN NULL; END $f$;
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
  FOR EACH STATEMENT EXECUTE FUNCTION rapport_outbox_notify();

CREATE TABLE activities (
  id uuid NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  workspace_id uuid NOT NULL,
  kind activity_kind NOT NULL,
  actor_user_id uuid,
  subject_type varchar(40) NOT NULL,
  subject_id uuid NOT NULL,
  summary text NOT NULL,
  changes jsonb,
  body text,
  CONSTRAINT pk_activities PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX ix_activities_subject ON activities (workspace_id, subject_id, occurred_at DESC, id DESC);
CREATE TABLE activities_default PARTITION OF activities DEFAULT;

-- Creates the monthly partitions from this month to `months_ahead` months on. Rows that had
-- landed in the default partition for such a month are moved into it, so attaching never fails.
-- SECURITY DEFINER: the app role owns no table, so it cannot create partitions itself.
CREATE FUNCTION rapport_ensure_activity_partitions(months_ahead integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
  month_start date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
  lo date;
  hi date;
  part text;
  created integer := 0;
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
  RETURN created;
END $f$;
REVOKE ALL ON FUNCTION rapport_ensure_activity_partitions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rapport_ensure_activity_partitions(integer) TO {app_role};

-- Row-level security: enabled and forced (the owner too), on a transaction-local setting.
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON workspaces USING (
  id = rapport_current_workspace()
  OR EXISTS (SELECT 1 FROM workspace_members m
             WHERE m.workspace_id = workspaces.id AND m.user_id = rapport_current_user())
) WITH CHECK (id = rapport_current_workspace());

ALTER TABLE workspace_members ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
-- A user sees their own memberships in every workspace (to list and switch workspaces), and
-- all the members of the workspace in scope; writes only ever touch the workspace in scope.
CREATE POLICY tenant_isolation ON workspace_members
  USING (workspace_id = rapport_current_workspace() OR user_id = rapport_current_user())
  WITH CHECK (workspace_id = rapport_current_workspace());

ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON refresh_tokens USING (user_id = rapport_current_user());

ALTER TABLE outbox_events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox_events
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system())
  WITH CHECK (workspace_id = rapport_current_workspace() OR rapport_is_system());

ALTER TABLE activities ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON activities
  USING (workspace_id = rapport_current_workspace())
  WITH CHECK (workspace_id = rapport_current_workspace());
ALTER TABLE activities_default ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON activities_default
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system());

GRANT SELECT ON alembic_version TO {app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON workspaces, users, workspace_members, refresh_tokens,
  outbox_events, activities TO {app_role};
"""
    )
    execute_script("SELECT rapport_ensure_activity_partitions(3)")


def downgrade() -> None:
    execute_script(
        """
DROP TABLE activities CASCADE;
DROP FUNCTION rapport_ensure_activity_partitions(integer);
DROP TABLE outbox_events;
DROP FUNCTION rapport_outbox_notify();
DROP TABLE refresh_tokens;
DROP POLICY tenant_isolation ON workspaces;
DROP TABLE workspace_members;
DROP TABLE users;
DROP TABLE workspaces;
DROP TYPE activity_kind;
DROP TYPE member_role;
DROP FUNCTION rapport_is_system();
DROP FUNCTION rapport_current_user();
DROP FUNCTION rapport_current_workspace();
"""
    )
