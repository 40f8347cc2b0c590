"""Writing email from Rapport: a mailbox's SMTP server (the IMAP credentials unless its own are given),
`outbound_emails` (one row per email sent from Rapport: its envelope, its bytes, and where its
sending stands), `email_templates` a workspace shares, and COMPOSE as the source of the inbound row
through which a written email enters the pipeline like any other.

Revision ID: 0017_compose
Revises: 0016_views
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0017_compose"
down_revision: str | None = "0016_views"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
ALTER TYPE inbound_source ADD VALUE IF NOT EXISTS 'COMPOSE';

CREATE TYPE smtp_security AS ENUM ('TLS', 'STARTTLS', 'NONE');
ALTER TABLE mailboxes
  ADD COLUMN smtp_host varchar(253),
  ADD COLUMN smtp_port integer,
  ADD COLUMN smtp_security smtp_security,
  ADD COLUMN smtp_username varchar(254),
  ADD COLUMN smtp_password_encrypted bytea;

CREATE TYPE outbound_state AS ENUM ('QUEUED', 'SENT', 'FAILED');
CREATE TABLE outbound_emails (
  email_id uuid CONSTRAINT pk_outbound_emails PRIMARY KEY
    CONSTRAINT fk_outbound_emails_email_id_emails REFERENCES emails (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_outbound_emails_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  mailbox_id uuid NOT NULL
    CONSTRAINT fk_outbound_emails_mailbox_id_mailboxes REFERENCES mailboxes (id) ON DELETE CASCADE,
  member_id uuid
    CONSTRAINT fk_outbound_emails_member_id_workspace_members REFERENCES workspace_members (id) ON DELETE SET NULL,
  state outbound_state NOT NULL DEFAULT 'QUEUED',
  error text,
  sender varchar(320) NOT NULL,
  recipients varchar(320)[] NOT NULL,
  raw bytea NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  queued_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX ix_outbound_emails_queued ON outbound_emails (queued_at) WHERE state = 'QUEUED';
ALTER TABLE outbound_emails ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
-- The sweep looks for queued mail across workspaces in a system-scoped transaction.
CREATE POLICY tenant_isolation ON outbound_emails
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system())
  WITH CHECK (workspace_id = rapport_current_workspace() OR rapport_is_system());
GRANT SELECT, INSERT, UPDATE, DELETE ON outbound_emails TO {app_role};

CREATE TABLE email_templates (
  id uuid CONSTRAINT pk_email_templates PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_email_templates_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  name varchar(200) NOT NULL,
  subject varchar(998) NOT NULL,
  body text NOT NULL,
  shared boolean NOT NULL DEFAULT true,
  created_by uuid
    CONSTRAINT fk_email_templates_created_by_workspace_members REFERENCES workspace_members (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_email_templates_workspace_id_name ON email_templates (workspace_id, name);
ALTER TABLE email_templates ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON email_templates
  USING (workspace_id = rapport_current_workspace())
  WITH CHECK (workspace_id = rapport_current_workspace());
GRANT SELECT, INSERT, UPDATE, DELETE ON email_templates TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP TABLE email_templates;
DROP TABLE outbound_emails;
DROP TYPE outbound_state;
ALTER TABLE mailboxes
  DROP COLUMN smtp_host, DROP COLUMN smtp_port, DROP COLUMN smtp_security,
  DROP COLUMN smtp_username, DROP COLUMN smtp_password_encrypted;
DROP TYPE smtp_security;
-- inbound_source keeps COMPOSE: PostgreSQL cannot drop an enum value.
"""
    )
