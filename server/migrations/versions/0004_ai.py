"""Embeddings: one vector(384) per contact, company, deal, note and email, from the AI service, with the
model name and version that made it and a hash of the text it was made from (a model or text change is
seen as stale and embedded again). HNSW over cosine distance; forced row-level security by workspace.

Revision ID: 0004_ai
Revises: 0003
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0004_ai"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
-- pgvector is created by whoever creates the database (a superuser: the embedded bootstrap does it).
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    RAISE EXCEPTION 'the pgvector extension is missing: as a superuser, CREATE EXTENSION vector in this database';
  END IF;
END $$;

CREATE TABLE embeddings (
  workspace_id uuid NOT NULL CONSTRAINT fk_embeddings_workspace REFERENCES workspaces(id) ON DELETE CASCADE,
  object_type varchar(16) NOT NULL
    CONSTRAINT ck_embeddings_object_type CHECK (object_type IN ('CONTACT', 'COMPANY', 'DEAL', 'NOTE', 'EMAIL')),
  object_id uuid NOT NULL,
  model varchar(100) NOT NULL,
  model_version varchar(100) NOT NULL,
  -- sha256 of the text that was embedded: the same text under the same model is not embedded again.
  content_hash bytea NOT NULL,
  tokens integer NOT NULL CONSTRAINT ck_embeddings_tokens CHECK (tokens >= 0),
  embedding vector(384) NOT NULL,
  embedded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT pk_embeddings PRIMARY KEY (workspace_id, object_type, object_id)
);
-- Approximate nearest neighbours by cosine distance (`embedding <=> :query`) for large workspaces;
-- small ones are scanned exactly through the primary key's workspace prefix.
CREATE INDEX ix_embeddings_hnsw ON embeddings
  USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
-- Stale rows after a model change, found without a scan.
CREATE INDEX ix_embeddings_model ON embeddings (model, model_version);

ALTER TABLE embeddings ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
-- The worker re-embeds across workspaces after a model change, in a system-scoped transaction.
CREATE POLICY tenant_isolation ON embeddings
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system())
  WITH CHECK (workspace_id = rapport_current_workspace() OR rapport_is_system());
GRANT SELECT, INSERT, UPDATE, DELETE ON embeddings TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script("DROP TABLE embeddings;")
