"""The embedding queue: records and emails waiting to be (re)embedded.

The outbox relay adds a row per changed contact, company, deal, note or email in the transaction that
marks the event published (so no change is lost between the two); the `embedding.index` job leases
rows, embeds their text through the AI service and deletes them once stored. `queued_at` is when the
oldest unindexed change arrived (the lag), `touched_at` the latest one: a row touched again while its
text was being embedded stays queued. Forced row-level security by workspace like every tenant table;
the relay and the job work across workspaces in system-scoped transactions.

Revision ID: 0010_semantic
Revises: 0009_webhooks
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0010_semantic"
down_revision: str | None = "0009_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
CREATE TABLE embedding_queue (
  workspace_id uuid NOT NULL CONSTRAINT fk_embedding_queue_workspace REFERENCES workspaces(id) ON DELETE CASCADE,
  object_type varchar(16) NOT NULL
    CONSTRAINT ck_embedding_queue_object_type CHECK (object_type IN ('CONTACT', 'COMPANY', 'DEAL', 'NOTE', 'EMAIL')),
  object_id uuid NOT NULL,
  queued_at timestamptz NOT NULL DEFAULT now(),
  touched_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- Set while a job embeds the row; a job that died leaves it to expire.
  leased_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  CONSTRAINT pk_embedding_queue PRIMARY KEY (workspace_id, object_type, object_id)
);
CREATE INDEX ix_embedding_queue_queued_at ON embedding_queue (queued_at);

ALTER TABLE embedding_queue ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON embedding_queue
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system())
  WITH CHECK (workspace_id = rapport_current_workspace() OR rapport_is_system());
GRANT SELECT, INSERT, UPDATE, DELETE ON embedding_queue TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script("DROP TABLE embedding_queue;")
