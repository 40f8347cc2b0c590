"""Invitations with consent and password resets.

- `invitations`: workspace-owned, forced row-level security; only the SHA-256 of the token is kept. The
  token names its workspace, so accepting it scopes the transaction there before looking it up.
- `password_resets`: one-hour, single-use links, visible only to their user (the token names the user).

Revision ID: 0020_invites
Revises: 0019_daywork
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0020_invites"
down_revision: str | None = "0019_daywork"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
CREATE TABLE invitations (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  email varchar(254) NOT NULL,
  role member_role NOT NULL,
  token_hash bytea NOT NULL,
  invited_by_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  mailed_at timestamptz,
  accepted_at timestamptz,
  accepted_by_id uuid,
  revoked_at timestamptz,
  CONSTRAINT uq_invitations_token_hash UNIQUE (token_hash),
  CONSTRAINT fk_invitations_invited_by_id_workspace_members FOREIGN KEY (invited_by_id)
    REFERENCES workspace_members (id) ON DELETE SET NULL,
  CONSTRAINT fk_invitations_accepted_by_id_users FOREIGN KEY (accepted_by_id)
    REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX ix_invitations_workspace_id ON invitations (workspace_id, created_at);
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations
  USING (workspace_id = rapport_current_workspace())
  WITH CHECK (workspace_id = rapport_current_workspace());

CREATE TABLE password_resets (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CONSTRAINT uq_password_resets_token_hash UNIQUE (token_hash)
);
CREATE INDEX ix_password_resets_user_id ON password_resets (user_id);
ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON password_resets USING (user_id = rapport_current_user());

GRANT SELECT, INSERT, UPDATE, DELETE ON invitations, password_resets TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script("DROP TABLE password_resets; DROP TABLE invitations;")
