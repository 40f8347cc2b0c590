"""Two-factor sign-in (TOTP), API keys and revocable sessions.

- `users` gains the TOTP secret (encrypted, like mailbox passwords), the enrolment in progress, the
  last time step accepted (a code works once) and the failed-code backoff.
- `mfa_recovery_codes`: ten one-time codes per user, stored as SHA-256 digests.
- `auth_sessions`: one row per sign-in (the id is the refresh-token family and the access token's
  `sid`); signing out revokes it, and the membership check refuses access tokens of a revoked one.
- `workspaces.mfa_required`: every member must use two-factor sign-in.
- `api_keys`: workspace-owned, forced row-level security; only the SHA-256 of the secret is kept.

Revision ID: 0014_mfakeys
Revises: 0013_notify
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0014_mfakeys"
down_revision: str | None = "0013_notify"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
ALTER TABLE users
  ADD COLUMN mfa_secret_encrypted bytea,
  ADD COLUMN mfa_pending_secret_encrypted bytea,
  ADD COLUMN mfa_last_step bigint,
  ADD COLUMN mfa_failed_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN mfa_blocked_until timestamptz;

ALTER TABLE workspaces ADD COLUMN mfa_required boolean NOT NULL DEFAULT false;

CREATE TABLE auth_sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX ix_auth_sessions_user_id ON auth_sessions (user_id);
ALTER TABLE auth_sessions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON auth_sessions USING (user_id = rapport_current_user());

CREATE TABLE mfa_recovery_codes (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz,
  CONSTRAINT uq_mfa_recovery_codes_user_id_code_hash UNIQUE (user_id, code_hash)
);
ALTER TABLE mfa_recovery_codes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON mfa_recovery_codes USING (user_id = rapport_current_user());

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name varchar(100) NOT NULL,
  prefix varchar(16) NOT NULL,
  secret_hash bytea NOT NULL,
  role member_role NOT NULL,
  created_by_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  CONSTRAINT uq_api_keys_secret_hash UNIQUE (secret_hash),
  CONSTRAINT fk_api_keys_created_by_id_workspace_members FOREIGN KEY (workspace_id, created_by_id)
    REFERENCES workspace_members (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX ix_api_keys_workspace_id ON api_keys (workspace_id, created_at);
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
  USING (workspace_id = rapport_current_workspace())
  WITH CHECK (workspace_id = rapport_current_workspace());

GRANT SELECT, INSERT, UPDATE, DELETE ON auth_sessions, mfa_recovery_codes, api_keys TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP TABLE api_keys;
DROP TABLE mfa_recovery_codes;
DROP TABLE auth_sessions;
ALTER TABLE workspaces DROP COLUMN mfa_required;
ALTER TABLE users
  DROP COLUMN mfa_secret_encrypted,
  DROP COLUMN mfa_pending_secret_encrypted,
  DROP COLUMN mfa_last_step,
  DROP COLUMN mfa_failed_attempts,
  DROP COLUMN mfa_blocked_until;
"""
    )
