"""Bulk changes can be undone, and an export can be of chosen records.

`bulk_changes` keeps what one bulk update or bulk delete did, in the change's transaction, so that
`undoBulk(id)` can restore it: the records' type, the action (UPDATE or DELETE), the role the change
needed, who made it, and per record (`items`, at most 500) the fields it changed with their values
before and after (an UPDATE) or the record's id (a DELETE). A change can be undone once, until
`expires_at` (24 hours after it); expired rows are removed when the workspace makes its next bulk
change. `export_jobs.ids` limits an export to those records (a list's selection).

Revision ID: 0027_bulkundo
Revises: 0026_lastactivity
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0027_bulkundo"
down_revision: str | None = "0026_lastactivity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
CREATE TABLE bulk_changes (
  id uuid CONSTRAINT pk_bulk_changes PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_bulk_changes_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  object_type object_type NOT NULL,
  action varchar(10) NOT NULL,
  role varchar(20) NOT NULL,
  created_by uuid NOT NULL,
  items jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  undone_at timestamptz
);
CREATE INDEX ix_bulk_changes_workspace_id_expires_at ON bulk_changes (workspace_id, expires_at);
ALTER TABLE bulk_changes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON bulk_changes
  USING (workspace_id = rapport_current_workspace())
  WITH CHECK (workspace_id = rapport_current_workspace());
GRANT SELECT, INSERT, UPDATE, DELETE ON bulk_changes TO {app_role};

ALTER TABLE export_jobs ADD COLUMN ids uuid[];
"""
    )


def downgrade() -> None:
    execute_script(
        """
ALTER TABLE export_jobs DROP COLUMN ids;
DROP TABLE bulk_changes;
"""
    )
