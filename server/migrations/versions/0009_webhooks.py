"""Outbound webhooks: endpoints (URL, event filter, encrypted signing secrets) and the deliveries the
outbox relay fans out to them, each with its last attempt (the delivery log).

Revision ID: 0009_webhooks
Revises: 0008_search
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0009_webhooks"
down_revision: str | None = "0008_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The relay (fan-out) and the delivery jobs work across workspaces in system-scoped transactions.
TABLES = ("webhook_endpoints", "webhook_deliveries")


def upgrade() -> None:
    app_role = get_settings().database_app_role
    policies = "\n".join(
        f"""ALTER TABLE {table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON {table}
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system())
  WITH CHECK (workspace_id = rapport_current_workspace() OR rapport_is_system());"""
        for table in TABLES
    )
    execute_script(
        f"""
CREATE TABLE webhook_endpoints (
  id uuid CONSTRAINT pk_webhook_endpoints PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_webhook_endpoints_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  url varchar(2000) NOT NULL,
  events text[] NOT NULL,
  description varchar(500),
  enabled boolean NOT NULL DEFAULT true,
  secret bytea NOT NULL,
  previous_secret bytea,
  previous_secret_expires_at timestamptz,
  failing_since timestamptz,
  disabled_reason text,
  lease_token uuid,
  lease_until timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_webhook_endpoints_workspace_id_id UNIQUE (workspace_id, id)
);
CREATE INDEX ix_webhook_endpoints_workspace_id ON webhook_endpoints (workspace_id, created_at);

CREATE SEQUENCE webhook_delivery_position;
CREATE TABLE webhook_deliveries (
  id uuid CONSTRAINT pk_webhook_deliveries PRIMARY KEY,
  workspace_id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  -- Deliveries of one endpoint go out in this order (the order the relay published their events).
  position bigint NOT NULL DEFAULT nextval('webhook_delivery_position'),
  event_id uuid,
  event_type varchar(100) NOT NULL,
  body jsonb NOT NULL,
  state varchar(10) NOT NULL DEFAULT 'PENDING'
    CONSTRAINT ck_webhook_deliveries_state CHECK (state IN ('PENDING', 'SUCCEEDED', 'FAILED', 'DEAD')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status integer,
  last_error text,
  last_response text,
  last_duration_ms integer,
  last_attempt_at timestamptz,
  -- clock_timestamp(): the deliveries of one relay pass still sort in the log as they were queued.
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT fk_webhook_deliveries_endpoint_id_webhook_endpoints FOREIGN KEY (workspace_id, endpoint_id)
    REFERENCES webhook_endpoints (workspace_id, id) ON DELETE CASCADE,
  CONSTRAINT uq_webhook_deliveries_endpoint_id_event_id UNIQUE (endpoint_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_queue ON webhook_deliveries (endpoint_id, position)
  WHERE state IN ('PENDING', 'FAILED');
CREATE INDEX ix_webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

{policies}

GRANT SELECT, INSERT, UPDATE, DELETE ON {", ".join(TABLES)} TO {app_role};
GRANT USAGE ON SEQUENCE webhook_delivery_position TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP TABLE webhook_deliveries;
DROP SEQUENCE webhook_delivery_position;
DROP TABLE webhook_endpoints;
"""
    )
