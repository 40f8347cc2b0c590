"""Imports: `contact_emails`, every live contact's addresses as rows, kept by triggers on contacts;
`import_jobs.updated_at`, when an import last moved (the sweeper fails those that stopped);
`attachments.file_id`, the file an email attachment is stored as.

Upserting by email needs "which live contacts have one of these thousand addresses" per batch.
`emails && ARRAY[...]` over the GIN index is planned as a scan of the workspace comparing every
contact with every address whenever the statistics are behind (a new workspace filling up: exactly
an import), so a 100,000-row import grew quadratically; a GIN probe per address reads the index's
pending list whole each time. A btree on (workspace_id, email) answers it with one index scan
whatever the statistics say. Statement-level triggers with transition tables keep it: a bulk insert
of a thousand contacts adds their addresses in one statement.

Revision ID: 0012_imports
Revises: 0011_oauth
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0012_imports"
down_revision: str | None = "0011_oauth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
CREATE TABLE contact_emails (
  workspace_id uuid NOT NULL,
  email varchar(254) NOT NULL,
  contact_id uuid NOT NULL,
  CONSTRAINT pk_contact_emails PRIMARY KEY (workspace_id, email, contact_id),
  CONSTRAINT fk_contact_emails_contact FOREIGN KEY (workspace_id, contact_id)
    REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX ix_contact_emails_contact_id ON contact_emails (workspace_id, contact_id);
ALTER TABLE contact_emails ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contact_emails
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system())
  WITH CHECK (workspace_id = rapport_current_workspace() OR rapport_is_system());
GRANT SELECT, INSERT, DELETE ON contact_emails TO {app_role};

CREATE FUNCTION rapport_contact_emails_inserted() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO contact_emails (workspace_id, email, contact_id)
  SELECT DISTINCT n.workspace_id, e.email, n.id FROM new_rows n, unnest(n.emails) AS e(email)
  WHERE n.deleted_at IS NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$;

CREATE FUNCTION rapport_contact_emails_updated() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  DELETE FROM contact_emails c USING old_rows o JOIN new_rows n ON n.id = o.id
  WHERE c.workspace_id = o.workspace_id AND c.contact_id = o.id
    AND (o.emails IS DISTINCT FROM n.emails OR (o.deleted_at IS NULL) <> (n.deleted_at IS NULL));
  INSERT INTO contact_emails (workspace_id, email, contact_id)
  SELECT DISTINCT n.workspace_id, e.email, n.id
  FROM old_rows o JOIN new_rows n ON n.id = o.id, unnest(n.emails) AS e(email)
  WHERE n.deleted_at IS NULL AND (o.emails IS DISTINCT FROM n.emails OR o.deleted_at IS NOT NULL)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $f$;

CREATE TRIGGER contact_emails_inserted AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rapport_contact_emails_inserted();
CREATE TRIGGER contact_emails_updated AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rapport_contact_emails_updated();

ALTER TABLE import_jobs ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- An email attachment is a file (the file domain's store, local disk or S3); older ones have none
-- and stay where they are (by content under the files directory).
ALTER TABLE attachments ADD COLUMN file_id uuid;
ALTER TABLE files DROP CONSTRAINT ck_files_purpose;
ALTER TABLE files ADD CONSTRAINT ck_files_purpose
  CHECK (purpose IN ('upload', 'import', 'import_errors', 'export', 'email'));
-- `importer.sweep` looks for stopped imports and unused uploads across workspaces (system scope).
DROP POLICY tenant_isolation ON import_jobs;
CREATE POLICY tenant_isolation ON import_jobs
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system())
  WITH CHECK (workspace_id = rapport_current_workspace() OR rapport_is_system());

INSERT INTO contact_emails (workspace_id, email, contact_id)
SELECT DISTINCT c.workspace_id, e.email, c.id FROM contacts c, unnest(c.emails) AS e(email)
WHERE c.deleted_at IS NULL;
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP TRIGGER contact_emails_updated ON contacts;
DROP TRIGGER contact_emails_inserted ON contacts;
DROP FUNCTION rapport_contact_emails_updated();
DROP FUNCTION rapport_contact_emails_inserted();
DROP TABLE contact_emails;
ALTER TABLE import_jobs DROP COLUMN updated_at;
ALTER TABLE attachments DROP COLUMN file_id;
DELETE FROM files WHERE purpose = 'email';
ALTER TABLE files DROP CONSTRAINT ck_files_purpose;
ALTER TABLE files ADD CONSTRAINT ck_files_purpose
  CHECK (purpose IN ('upload', 'import', 'import_errors', 'export'));
DROP POLICY tenant_isolation ON import_jobs;
CREATE POLICY tenant_isolation ON import_jobs
  USING (workspace_id = rapport_current_workspace()) WITH CHECK (workspace_id = rapport_current_workspace());
"""
    )
