"""Files (uploads to the local disk or S3, soft-deleted, purged by a job), CSV import and export
jobs, what each import did to each record (for undo); FILE timeline entries point at their file.

Revision ID: 0006_files
Revises: 0005_realtime
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0006_files"
down_revision: str | None = "0005_realtime"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = ("import_jobs", "import_records", "import_row_errors", "export_jobs")
# `file.purge` looks for deleted files across workspaces in a system-scoped transaction.
SYSTEM_READABLE = ("files",)


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
ALTER TYPE activity_kind ADD VALUE IF NOT EXISTS 'FILE';
CREATE TYPE data_job_state AS ENUM ('QUEUED', 'MAPPING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'UNDONE');

ALTER TABLE activities ADD COLUMN file_id uuid;

CREATE TABLE files (
  id uuid CONSTRAINT pk_files PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_files_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  filename varchar(255) NOT NULL,
  content_type varchar(127) NOT NULL,
  size bigint NOT NULL CONSTRAINT ck_files_size CHECK (size >= 0),
  sha256 bytea NOT NULL CONSTRAINT ck_files_sha256 CHECK (length(sha256) = 32),
  storage_key varchar(400) NOT NULL,
  purpose varchar(20) NOT NULL
    CONSTRAINT ck_files_purpose CHECK (purpose IN ('upload', 'import', 'import_errors', 'export')),
  target_type varchar(40),
  target_id uuid,
  uploaded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  purged_at timestamptz,
  CONSTRAINT uq_files_workspace_id_id UNIQUE (workspace_id, id),
  CONSTRAINT fk_files_uploaded_by_workspace_members FOREIGN KEY (workspace_id, uploaded_by)
    REFERENCES workspace_members (workspace_id, id) ON DELETE SET NULL (uploaded_by)
);
CREATE INDEX ix_files_target ON files (workspace_id, target_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX ix_files_to_purge ON files (deleted_at) WHERE deleted_at IS NOT NULL AND purged_at IS NULL;

CREATE TABLE import_jobs (
  id uuid CONSTRAINT pk_import_jobs PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_import_jobs_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  file_id uuid NOT NULL,
  object_type object_type NOT NULL,
  state data_job_state NOT NULL,
  mapping jsonb NOT NULL,
  upsert_by varchar(20),
  total_rows integer,
  processed_rows integer NOT NULL DEFAULT 0,
  created_count integer NOT NULL DEFAULT 0,
  updated_count integer NOT NULL DEFAULT 0,
  error_count integer NOT NULL DEFAULT 0,
  errors_file_id uuid,
  error text,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CONSTRAINT uq_import_jobs_workspace_id_id UNIQUE (workspace_id, id),
  CONSTRAINT fk_import_jobs_file_id_files FOREIGN KEY (workspace_id, file_id)
    REFERENCES files (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE import_records (
  import_id uuid NOT NULL,
  record_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  action varchar(10) NOT NULL CONSTRAINT ck_import_records_action CHECK (action IN ('CREATED', 'UPDATED')),
  before jsonb,
  CONSTRAINT pk_import_records PRIMARY KEY (import_id, record_id),
  CONSTRAINT fk_import_records_import_id_import_jobs FOREIGN KEY (workspace_id, import_id)
    REFERENCES import_jobs (workspace_id, id) ON DELETE CASCADE
);

-- Rows that failed, with why: the errors CSV is written from here when the import ends.
CREATE TABLE import_row_errors (
  import_id uuid NOT NULL,
  row_number integer NOT NULL,
  workspace_id uuid NOT NULL,
  reason text NOT NULL,
  cells text[] NOT NULL,
  CONSTRAINT pk_import_row_errors PRIMARY KEY (import_id, row_number),
  CONSTRAINT fk_import_row_errors_import_id_import_jobs FOREIGN KEY (workspace_id, import_id)
    REFERENCES import_jobs (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE export_jobs (
  id uuid CONSTRAINT pk_export_jobs PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_export_jobs_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  object_type object_type NOT NULL,
  state data_job_state NOT NULL,
  filter jsonb,
  row_count integer,
  file_id uuid,
  error text,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

{tenant}
{system}

GRANT SELECT, INSERT, UPDATE, DELETE ON {", ".join(TENANT_TABLES + SYSTEM_READABLE)} TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP TABLE export_jobs;
DROP TABLE import_row_errors;
DROP TABLE import_records;
DROP TABLE import_jobs;
DROP TABLE files;
ALTER TABLE activities DROP COLUMN file_id;
DROP TYPE data_job_state;
-- activity_kind keeps 'FILE': PostgreSQL cannot drop an enum value.
"""
    )
