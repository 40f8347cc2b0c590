"""Notifications: one row per member and cause (`dedupe_key`: the outbox event or the task and due
time), so a redelivered cause notifies once; `notification_cursor` is how far the worker has read
the outbox for them, and until when it has looked for tasks falling due.

Revision ID: 0013_notify
Revises: 0012_imports
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0013_notify"
down_revision: str | None = "0012_imports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
CREATE TYPE notification_kind AS ENUM
  ('TASK_ASSIGNED', 'TASK_DUE', 'MENTIONED', 'DEAL_WON', 'DEAL_LOST', 'EMAIL_FROM_CONTACT', 'IMPORT_FINISHED');

CREATE TABLE notifications (
  id uuid CONSTRAINT pk_notifications PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_notifications_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  recipient_member_id uuid NOT NULL
    CONSTRAINT fk_notifications_recipient_member_id_workspace_members REFERENCES workspace_members (id)
    ON DELETE CASCADE,
  kind notification_kind NOT NULL,
  title varchar(300) NOT NULL,
  target_type varchar(20),
  target_id uuid,
  dedupe_key varchar(200) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  CONSTRAINT uq_notifications_recipient_member_id_dedupe_key UNIQUE (recipient_member_id, dedupe_key)
);
CREATE INDEX ix_notifications_workspace_id_recipient_member_id_id
  ON notifications (workspace_id, recipient_member_id, id DESC);
CREATE INDEX ix_notifications_unread ON notifications (workspace_id, recipient_member_id) WHERE read_at IS NULL;
CREATE INDEX ix_notifications_created_at ON notifications (created_at);

-- The worker writes notifications for every workspace in one system-scoped transaction.
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notifications
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system())
  WITH CHECK (workspace_id = rapport_current_workspace() OR rapport_is_system());
GRANT SELECT, INSERT, UPDATE, DELETE ON notifications TO {app_role};

-- The tasks-due schedule looks for open tasks across workspaces in a system-scoped transaction.
CREATE POLICY system_read ON activities FOR SELECT USING (rapport_is_system());

-- The notifier reads the outbox by sequence across workspaces.
CREATE INDEX ix_outbox_events_sequence ON outbox_events (sequence) WHERE sequence IS NOT NULL;

-- One row, no workspace data.
CREATE TABLE notification_cursor (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  through_sequence bigint NOT NULL DEFAULT 0,
  tasks_due_through timestamptz NOT NULL DEFAULT now()
);
INSERT INTO notification_cursor (through_sequence)
  SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM outbox_sequence;
GRANT SELECT, UPDATE ON notification_cursor TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP TABLE notification_cursor;
DROP POLICY system_read ON activities;
DROP INDEX ix_outbox_events_sequence;
DROP TABLE notifications;
DROP TYPE notification_kind;
"""
    )
