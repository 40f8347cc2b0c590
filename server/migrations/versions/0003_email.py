"""Email: mailboxes and their IMAP checkpoints, the inbound queue (raw messages and quarantine),
threads, emails, participants, links to contacts/companies/deals, attachments; the workspace's
forward-in token and contact auto-create policy; EMAIL timeline entries point at their email.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = ("email_threads", "emails", "email_participants", "email_links", "email_mailboxes", "attachments")
# The worker's sweeper and the IMAP scheduler look across workspaces in a system-scoped transaction.
SYSTEM_READABLE = ("mailboxes", "mailbox_folders", "inbound_emails")


def upgrade() -> None:
    app_role = get_settings().database_app_role
    tenant = "\n".join(
        f"""ALTER TABLE {table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON {table}
  USING (workspace_id = rapport_current_workspace()) WITH CHECK (workspace_id = rapport_current_workspace());"""
        for table in TENANT_TABLES
    )
    system = "\n".join(
        f"""ALTER TABLE {table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON {table}
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system())
  WITH CHECK (workspace_id = rapport_current_workspace() OR rapport_is_system());"""
        for table in SYSTEM_READABLE
    )
    execute_script(
        f"""
CREATE TYPE email_direction AS ENUM ('INBOUND', 'OUTBOUND', 'INTERNAL');
CREATE TYPE participant_role AS ENUM ('FROM', 'TO', 'CC', 'BCC', 'REPLY_TO');
CREATE TYPE mailbox_state AS ENUM ('CONNECTING', 'SYNCING', 'IDLE', 'ERROR', 'DISCONNECTED');
CREATE TYPE auto_create_policy AS ENUM ('OFF', 'SENT_AND_RECEIVED', 'SENT_ONLY');
CREATE TYPE inbound_source AS ENUM ('IMAP', 'SMTP', 'WEBHOOK');
CREATE TYPE inbound_state AS ENUM ('PENDING', 'STORED', 'DUPLICATE', 'QUARANTINED');

-- The forward-in address is <inbound_token>@<inbound domain>; the same token authenticates the
-- raw MIME webhook. 122 random bits from gen_random_uuid.
ALTER TABLE workspaces
  ADD COLUMN inbound_token varchar(64) NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
  ADD COLUMN contact_auto_create auto_create_policy NOT NULL DEFAULT 'OFF',
  ADD CONSTRAINT uq_workspaces_inbound_token UNIQUE (inbound_token);

-- The webhook and the SMTP listener know a token, not a workspace: this answers that one question.
-- The system scope it needs to see every workspace is set for the one SELECT and put back.
CREATE POLICY system_read ON workspaces FOR SELECT USING (rapport_is_system());
CREATE FUNCTION rapport_workspace_by_inbound_token(token text) RETURNS uuid
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
REVOKE ALL ON FUNCTION rapport_workspace_by_inbound_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rapport_workspace_by_inbound_token(text) TO {app_role};

ALTER TABLE activities ADD COLUMN email_id uuid;

CREATE TABLE mailboxes (
  id uuid CONSTRAINT pk_mailboxes PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_mailboxes_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  member_id uuid NOT NULL,
  address varchar(254) NOT NULL,
  host varchar(253) NOT NULL,
  port integer NOT NULL CONSTRAINT ck_mailboxes_port CHECK (port BETWEEN 1 AND 65535),
  tls boolean NOT NULL,
  username varchar(254) NOT NULL,
  password_encrypted bytea NOT NULL,
  folders varchar(200)[] NOT NULL DEFAULT '{{INBOX}}',
  state mailbox_state NOT NULL DEFAULT 'CONNECTING',
  last_sync_at timestamptz,
  last_error text,
  message_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_mailboxes_workspace_id_id UNIQUE (workspace_id, id),
  CONSTRAINT fk_mailboxes_member_id_workspace_members FOREIGN KEY (workspace_id, member_id)
    REFERENCES workspace_members (workspace_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX uq_mailboxes_address ON mailboxes (workspace_id, lower(address)) WHERE state <> 'DISCONNECTED';

-- IMAP checkpoints: a folder is synced up to last_uid while its UIDVALIDITY stays the same.
CREATE TABLE mailbox_folders (
  mailbox_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  name varchar(200) NOT NULL,
  uidvalidity bigint,
  last_uid bigint NOT NULL DEFAULT 0,
  synced_at timestamptz,
  CONSTRAINT pk_mailbox_folders PRIMARY KEY (mailbox_id, name),
  CONSTRAINT fk_mailbox_folders_mailbox_id_mailboxes FOREIGN KEY (workspace_id, mailbox_id)
    REFERENCES mailboxes (workspace_id, id) ON DELETE CASCADE
);

-- Every message that arrives, from any source, lands here first (durable before it is
-- acknowledged), then the worker parses it in batches. Quarantined messages stay here with a reason.
CREATE TABLE inbound_emails (
  id uuid CONSTRAINT pk_inbound_emails PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_inbound_emails_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  source inbound_source NOT NULL,
  mailbox_id uuid,
  folder varchar(200),
  uidvalidity bigint,
  uid bigint,
  raw bytea NOT NULL,
  size integer NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  state inbound_state NOT NULL DEFAULT 'PENDING',
  reason text,
  email_id uuid,
  processed_at timestamptz,
  CONSTRAINT fk_inbound_emails_mailbox_id_mailboxes FOREIGN KEY (workspace_id, mailbox_id)
    REFERENCES mailboxes (workspace_id, id) ON DELETE SET NULL (mailbox_id)
);
CREATE INDEX ix_inbound_emails_pending ON inbound_emails (received_at) WHERE state = 'PENDING';
CREATE INDEX ix_inbound_emails_quarantined ON inbound_emails (workspace_id, received_at DESC, id DESC)
  WHERE state = 'QUARANTINED';
CREATE UNIQUE INDEX uq_inbound_emails_imap_uid ON inbound_emails (mailbox_id, folder, uidvalidity, uid)
  WHERE uid IS NOT NULL;

CREATE TABLE email_threads (
  id uuid CONSTRAINT pk_email_threads PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_email_threads_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  subject text,
  normalized_subject text NOT NULL,
  message_count integer NOT NULL DEFAULT 0,
  first_message_at timestamptz NOT NULL,
  last_message_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_email_threads_workspace_id_id UNIQUE (workspace_id, id)
);
CREATE INDEX ix_email_threads_last_message_at ON email_threads (workspace_id, last_message_at DESC, id DESC);
CREATE INDEX ix_email_threads_subject ON email_threads (workspace_id, normalized_subject, last_message_at)
  WHERE normalized_subject <> '';

CREATE TABLE emails (
  id uuid CONSTRAINT pk_emails PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_emails_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  thread_id uuid NOT NULL,
  message_id text,
  content_hash bytea NOT NULL,
  in_reply_to text,
  "references" text[] NOT NULL DEFAULT '{{}}',
  subject text,
  sent_at timestamptz,
  received_at timestamptz NOT NULL,
  direction email_direction NOT NULL,
  snippet text NOT NULL,
  body_text text,
  body_html text,
  size integer NOT NULL,
  inbound_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_emails_workspace_id_id UNIQUE (workspace_id, id),
  CONSTRAINT fk_emails_thread_id_email_threads FOREIGN KEY (workspace_id, thread_id)
    REFERENCES email_threads (workspace_id, id) ON DELETE CASCADE
);
-- Dedupe: one row per Message-ID per workspace, or per content hash when there is none.
CREATE UNIQUE INDEX uq_emails_message_id ON emails (workspace_id, message_id) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX uq_emails_content_hash ON emails (workspace_id, content_hash) WHERE message_id IS NULL;
CREATE INDEX ix_emails_thread_id ON emails (workspace_id, thread_id, received_at);
-- A late original finds the replies that arrived before it (see email/process.py, _adopt_replies).
CREATE INDEX ix_emails_in_reply_to ON emails (workspace_id, in_reply_to) WHERE in_reply_to IS NOT NULL;

CREATE TABLE email_participants (
  workspace_id uuid NOT NULL,
  email_id uuid NOT NULL,
  position smallint NOT NULL,
  role participant_role NOT NULL,
  address varchar(320) NOT NULL,
  name text,
  contact_id uuid,
  CONSTRAINT pk_email_participants PRIMARY KEY (email_id, position),
  CONSTRAINT fk_email_participants_email_id_emails FOREIGN KEY (workspace_id, email_id)
    REFERENCES emails (workspace_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_email_participants_contact_id_contacts FOREIGN KEY (workspace_id, contact_id)
    REFERENCES contacts (workspace_id, id) ON DELETE SET NULL (contact_id)
);
CREATE INDEX ix_email_participants_address ON email_participants (workspace_id, address);
CREATE INDEX ix_email_participants_contact_id ON email_participants (workspace_id, contact_id)
  WHERE contact_id IS NOT NULL;

-- What an email is about: each linked contact, company and open deal (the thread filters use it).
CREATE TABLE email_links (
  workspace_id uuid NOT NULL,
  email_id uuid NOT NULL,
  thread_id uuid NOT NULL,
  target_type object_type NOT NULL,
  target_id uuid NOT NULL,
  CONSTRAINT pk_email_links PRIMARY KEY (email_id, target_id),
  CONSTRAINT fk_email_links_email_id_emails FOREIGN KEY (workspace_id, email_id)
    REFERENCES emails (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX ix_email_links_target_id ON email_links (workspace_id, target_id, thread_id);
CREATE INDEX ix_email_links_thread_id ON email_links (workspace_id, thread_id);

-- The same message from two mailboxes is one email linked to both.
CREATE TABLE email_mailboxes (
  workspace_id uuid NOT NULL,
  email_id uuid NOT NULL,
  mailbox_id uuid NOT NULL,
  CONSTRAINT pk_email_mailboxes PRIMARY KEY (email_id, mailbox_id),
  CONSTRAINT fk_email_mailboxes_email_id_emails FOREIGN KEY (workspace_id, email_id)
    REFERENCES emails (workspace_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_email_mailboxes_mailbox_id_mailboxes FOREIGN KEY (workspace_id, mailbox_id)
    REFERENCES mailboxes (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX ix_email_mailboxes_mailbox_id ON email_mailboxes (mailbox_id);

-- Attachment bytes are files named by their SHA-256 under the files directory; this is their metadata.
CREATE TABLE attachments (
  id uuid CONSTRAINT pk_attachments PRIMARY KEY,
  workspace_id uuid NOT NULL,
  email_id uuid NOT NULL,
  filename varchar(255) NOT NULL,
  content_type varchar(255) NOT NULL,
  size bigint NOT NULL,
  sha256 bytea NOT NULL,
  content_id varchar(255),
  inline boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fk_attachments_email_id_emails FOREIGN KEY (workspace_id, email_id)
    REFERENCES emails (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX ix_attachments_email_id ON attachments (workspace_id, email_id);

{tenant}
{system}

GRANT SELECT, INSERT, UPDATE, DELETE ON {", ".join(TENANT_TABLES + SYSTEM_READABLE)} TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP TABLE attachments;
DROP TABLE email_mailboxes;
DROP TABLE email_links;
DROP TABLE email_participants;
DROP TABLE emails;
DROP TABLE email_threads;
DROP TABLE inbound_emails;
DROP TABLE mailbox_folders;
DROP TABLE mailboxes;
ALTER TABLE activities DROP COLUMN email_id;
DROP FUNCTION rapport_workspace_by_inbound_token(text);
DROP POLICY system_read ON workspaces;
ALTER TABLE workspaces DROP CONSTRAINT uq_workspaces_inbound_token,
  DROP COLUMN inbound_token, DROP COLUMN contact_auto_create;
DROP TYPE inbound_state;
DROP TYPE inbound_source;
DROP TYPE auto_create_policy;
DROP TYPE mailbox_state;
DROP TYPE participant_role;
DROP TYPE email_direction;
"""
    )
