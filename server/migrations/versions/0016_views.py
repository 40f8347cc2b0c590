"""Saved views (a list's search, filters, sort and columns under a name, personal or shared with the
workspace), a deal's lost reason, and the workspace's list of lost reasons to choose from.

Revision ID: 0016_views
Revises: 0015_observe
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0016_views"
down_revision: str | None = "0015_observe"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
CREATE TABLE saved_views (
  id uuid CONSTRAINT pk_saved_views PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_saved_views_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  owner_member_id uuid NOT NULL
    CONSTRAINT fk_saved_views_owner_member_id_workspace_members REFERENCES workspace_members (id)
    ON DELETE CASCADE,
  object_type object_type NOT NULL,
  name varchar(100) NOT NULL,
  state jsonb NOT NULL,
  shared boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_saved_views_owner_member_id_object_type_name UNIQUE (owner_member_id, object_type, name)
);
CREATE INDEX ix_saved_views_workspace_id_object_type ON saved_views (workspace_id, object_type);
ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saved_views
  USING (workspace_id = rapport_current_workspace())
  WITH CHECK (workspace_id = rapport_current_workspace());
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_views TO {app_role};

CREATE TABLE lost_reasons (
  workspace_id uuid NOT NULL
    CONSTRAINT fk_lost_reasons_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  position integer NOT NULL,
  reason varchar(100) NOT NULL,
  CONSTRAINT pk_lost_reasons PRIMARY KEY (workspace_id, position),
  CONSTRAINT uq_lost_reasons_workspace_id_reason UNIQUE (workspace_id, reason)
);
ALTER TABLE lost_reasons ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lost_reasons
  USING (workspace_id = rapport_current_workspace())
  WITH CHECK (workspace_id = rapport_current_workspace());
GRANT SELECT, INSERT, UPDATE, DELETE ON lost_reasons TO {app_role};

ALTER TABLE deals ADD COLUMN lost_reason varchar(300);
"""
    )


def downgrade() -> None:
    execute_script(
        """
ALTER TABLE deals DROP COLUMN lost_reason;
DROP TABLE lost_reasons;
DROP TABLE saved_views;
"""
    )
