"""The audit log: an append-only, hash-chained record of security events.

- `audit_events`: one row per event. `workspace_id` is NULL for events that belong to no workspace
  (a failed sign-in for an unknown email, an account with no workspace); those rows are visible to no
  app session, only to `rapport audit verify` (the owner role).
- Each workspace (and the NULL "no workspace" chain) is its own chain: `seq` counts 1, 2, 3, … and
  `hash = sha256(prev_hash || canonical(row))`, computed by a BEFORE INSERT trigger that runs as the
  owner and locks the chain's head row in `audit_chain_heads` until the transaction ends, so two
  concurrent inserts never fork a chain. What the app sends for seq, prev_hash and hash is ignored.
- Append-only: the app role may INSERT and SELECT only, and a trigger refuses UPDATE, DELETE and
  TRUNCATE for every role. An edited row no longer matches its hash; a deleted one leaves a gap in
  `seq` (or, at the end, a head that is ahead of the last row).

Revision ID: 0018_guard
Revises: 0017_compose
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0018_guard"
down_revision: str | None = "0017_compose"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
CREATE TABLE audit_events (
  id uuid PRIMARY KEY,
  workspace_id uuid,
  seq bigint NOT NULL DEFAULT 0,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  action varchar(64) NOT NULL,
  actor_user_id uuid,
  actor_member_id uuid,
  api_key_id uuid,
  ip varchar(64),
  user_agent varchar(512),
  details jsonb NOT NULL DEFAULT '{{}}'::jsonb,
  prev_hash bytea NOT NULL DEFAULT '\\x'::bytea,
  hash bytea NOT NULL DEFAULT '\\x'::bytea
);
CREATE UNIQUE INDEX uq_audit_events_chain_seq
  ON audit_events (coalesce(workspace_id, '00000000-0000-0000-0000-000000000000'::uuid), seq);
CREATE INDEX ix_audit_events_workspace_id ON audit_events (workspace_id, occurred_at DESC, id DESC);

-- The head of each chain: the last seq and hash. Only the owner (through the trigger) reads it.
CREATE TABLE audit_chain_heads (
  chain uuid PRIMARY KEY,
  seq bigint NOT NULL,
  hash bytea NOT NULL
);
REVOKE ALL ON audit_chain_heads FROM PUBLIC;

-- The canonical encoding of a row that its hash covers: every column but the hashes, as a JSON array.
CREATE FUNCTION rapport_audit_canonical(e audit_events) RETURNS text LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_array(
    e.id, e.workspace_id, e.seq,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.action, e.actor_user_id, e.actor_member_id, e.api_key_id, e.ip, e.user_agent, e.details
  )::text
$f$;

CREATE FUNCTION rapport_audit_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $f$
DECLARE
  chain_id uuid := coalesce(NEW.workspace_id, '00000000-0000-0000-0000-000000000000'::uuid);
  head audit_chain_heads%ROWTYPE;
BEGIN
  INSERT INTO audit_chain_heads (chain, seq, hash) VALUES (chain_id, 0, '\\x'::bytea)
    ON CONFLICT (chain) DO NOTHING;
  -- Held until the transaction ends: the chain's inserts happen one after the other.
  SELECT * INTO head FROM audit_chain_heads WHERE chain = chain_id FOR UPDATE;
  NEW.seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := sha256(head.hash || convert_to(rapport_audit_canonical(NEW), 'UTF8'));
  UPDATE audit_chain_heads SET seq = NEW.seq, hash = NEW.hash WHERE chain = chain_id;
  RETURN NEW;
END
$f$;
REVOKE ALL ON FUNCTION rapport_audit_chain() FROM PUBLIC;

CREATE FUNCTION rapport_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$f$;

CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION rapport_audit_chain();
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION rapport_audit_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION rapport_audit_append_only();

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
-- A session reads its own workspace's events; rows without a workspace are read by no app session.
CREATE POLICY audit_read ON audit_events FOR SELECT
  USING (workspace_id = rapport_current_workspace());
-- A session writes events of its workspace, of a workspace its user is a member of (a sign-in, before
-- the session is scoped), or of no workspace.
CREATE POLICY audit_append ON audit_events FOR INSERT
  WITH CHECK (
    workspace_id IS NULL
    OR workspace_id = rapport_current_workspace()
    OR EXISTS (
      SELECT 1 FROM workspace_members m
      WHERE m.workspace_id = audit_events.workspace_id AND m.user_id = rapport_current_user()
    )
  );
-- The owner (migrations, `rapport audit verify`) reads every chain; its updates and deletes reach the
-- append-only trigger, which refuses them.
CREATE POLICY audit_owner ON audit_events TO CURRENT_USER USING (true) WITH CHECK (true);

GRANT SELECT, INSERT ON audit_events TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP TABLE audit_events CASCADE;
DROP TABLE audit_chain_heads;
DROP FUNCTION rapport_audit_chain();
DROP FUNCTION rapport_audit_append_only();
"""
    )
