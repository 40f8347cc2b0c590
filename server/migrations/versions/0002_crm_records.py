"""CRM records: companies, contacts, pipelines and stages, deals, deal contacts, field definitions;
tasks and notes on the activity timeline.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("companies", "contacts", "pipelines", "stages", "deals", "deal_contacts", "field_definitions")


def upgrade() -> None:
    app_role = get_settings().database_app_role
    policies = "\n".join(
        f"""ALTER TABLE {table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON {table}
  USING (workspace_id = rapport_current_workspace()) WITH CHECK (workspace_id = rapport_current_workspace());"""
        for table in TABLES
    )
    execute_script(
        f"""
CREATE TYPE stage_kind AS ENUM ('OPEN', 'WON', 'LOST');
CREATE TYPE object_type AS ENUM ('CONTACT', 'COMPANY', 'DEAL');
CREATE TYPE field_type AS ENUM
  ('TEXT', 'NUMBER', 'BOOLEAN', 'DATE', 'SELECT', 'MULTI_SELECT', 'URL', 'EMAIL', 'CURRENCY');

-- Composite foreign keys (workspace_id, id) make a reference into another workspace impossible.
ALTER TABLE workspace_members ADD CONSTRAINT uq_workspace_members_workspace_id_id UNIQUE (workspace_id, id);

CREATE TABLE companies (
  id uuid CONSTRAINT pk_companies PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_companies_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  name varchar(200) NOT NULL,
  domain varchar(253),
  industry varchar(100),
  employees integer CONSTRAINT ck_companies_employees CHECK (employees >= 0),
  owner_id uuid,
  custom_fields jsonb NOT NULL DEFAULT '{{}}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT uq_companies_workspace_id_id UNIQUE (workspace_id, id),
  CONSTRAINT fk_companies_owner_id_workspace_members FOREIGN KEY (workspace_id, owner_id)
    REFERENCES workspace_members (workspace_id, id) ON DELETE SET NULL (owner_id)
);
CREATE UNIQUE INDEX uq_companies_domain ON companies (workspace_id, domain)
  WHERE deleted_at IS NULL AND domain IS NOT NULL;
CREATE INDEX ix_companies_name ON companies (workspace_id, lower(name), id) WHERE deleted_at IS NULL;
CREATE INDEX ix_companies_created_at ON companies (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_companies_custom_fields ON companies USING gin (custom_fields jsonb_path_ops);

CREATE TABLE contacts (
  id uuid CONSTRAINT pk_contacts PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_contacts_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  first_name varchar(100),
  last_name varchar(100),
  emails varchar(254)[] NOT NULL DEFAULT '{{}}',
  phones varchar(50)[] NOT NULL DEFAULT '{{}}',
  job_title varchar(200),
  company_id uuid,
  owner_id uuid,
  custom_fields jsonb NOT NULL DEFAULT '{{}}',
  name text GENERATED ALWAYS AS (
    coalesce(nullif(btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''), emails[1], '')
  ) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT uq_contacts_workspace_id_id UNIQUE (workspace_id, id),
  CONSTRAINT fk_contacts_company_id_companies FOREIGN KEY (workspace_id, company_id)
    REFERENCES companies (workspace_id, id) ON DELETE SET NULL (company_id),
  CONSTRAINT fk_contacts_owner_id_workspace_members FOREIGN KEY (workspace_id, owner_id)
    REFERENCES workspace_members (workspace_id, id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX ix_contacts_name ON contacts (workspace_id, lower(name), id) WHERE deleted_at IS NULL;
CREATE INDEX ix_contacts_created_at ON contacts (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_contacts_updated_at ON contacts (workspace_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_contacts_company_id ON contacts (workspace_id, company_id) WHERE deleted_at IS NULL;
CREATE INDEX ix_contacts_owner_id ON contacts (workspace_id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX ix_contacts_emails ON contacts USING gin (emails);
CREATE INDEX ix_contacts_custom_fields ON contacts USING gin (custom_fields jsonb_path_ops);

CREATE TABLE pipelines (
  id uuid CONSTRAINT pk_pipelines PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_pipelines_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  name varchar(100) NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_pipelines_workspace_id_id UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX uq_pipelines_default ON pipelines (workspace_id) WHERE is_default;

CREATE TABLE stages (
  id uuid CONSTRAINT pk_stages PRIMARY KEY,
  workspace_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  name varchar(100) NOT NULL,
  position integer NOT NULL,
  probability double precision NOT NULL
    CONSTRAINT ck_stages_probability CHECK (probability >= 0 AND probability <= 1),
  kind stage_kind NOT NULL DEFAULT 'OPEN',
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_stages_workspace_id_pipeline_id_id UNIQUE (workspace_id, pipeline_id, id),
  CONSTRAINT fk_stages_pipeline_id_pipelines FOREIGN KEY (workspace_id, pipeline_id)
    REFERENCES pipelines (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX ix_stages_pipeline_id ON stages (workspace_id, pipeline_id, position);

CREATE TABLE deals (
  id uuid CONSTRAINT pk_deals PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_deals_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  name varchar(200) NOT NULL,
  amount_micros bigint,
  currency char(3),
  pipeline_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  position double precision NOT NULL,
  expected_close_date date,
  company_id uuid,
  owner_id uuid,
  status stage_kind NOT NULL DEFAULT 'OPEN',
  closed_at timestamptz,
  custom_fields jsonb NOT NULL DEFAULT '{{}}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT uq_deals_workspace_id_id UNIQUE (workspace_id, id),
  CONSTRAINT ck_deals_amount CHECK ((amount_micros IS NULL) = (currency IS NULL)),
  CONSTRAINT fk_deals_stage_id_stages FOREIGN KEY (workspace_id, pipeline_id, stage_id)
    REFERENCES stages (workspace_id, pipeline_id, id),
  CONSTRAINT fk_deals_company_id_companies FOREIGN KEY (workspace_id, company_id)
    REFERENCES companies (workspace_id, id) ON DELETE SET NULL (company_id),
  CONSTRAINT fk_deals_owner_id_workspace_members FOREIGN KEY (workspace_id, owner_id)
    REFERENCES workspace_members (workspace_id, id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX ix_deals_stage ON deals (workspace_id, stage_id, position, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_deals_pipeline ON deals (workspace_id, pipeline_id) WHERE deleted_at IS NULL;
CREATE INDEX ix_deals_company_id ON deals (workspace_id, company_id) WHERE deleted_at IS NULL;
CREATE INDEX ix_deals_created_at ON deals (workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_deals_name ON deals (workspace_id, lower(name), id) WHERE deleted_at IS NULL;
CREATE INDEX ix_deals_custom_fields ON deals USING gin (custom_fields jsonb_path_ops);

CREATE TABLE deal_contacts (
  workspace_id uuid NOT NULL,
  deal_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  role varchar(100),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT pk_deal_contacts PRIMARY KEY (deal_id, contact_id),
  CONSTRAINT fk_deal_contacts_deal_id_deals FOREIGN KEY (workspace_id, deal_id)
    REFERENCES deals (workspace_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_deal_contacts_contact_id_contacts FOREIGN KEY (workspace_id, contact_id)
    REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX ix_deal_contacts_contact_id ON deal_contacts (workspace_id, contact_id);

CREATE TABLE field_definitions (
  id uuid CONSTRAINT pk_field_definitions PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_field_definitions_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  object_type object_type NOT NULL,
  key varchar(64) NOT NULL CONSTRAINT ck_field_definitions_key CHECK (key ~ '^[a-z][a-z0-9_]*$'),
  label varchar(100) NOT NULL,
  type field_type NOT NULL,
  options varchar(100)[],
  required boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_field_definitions_workspace_id_object_type_key UNIQUE (workspace_id, object_type, key)
);

{policies}

-- Tasks live on the timeline too: a TASK activity with a due date, an assignee and a done time.
ALTER TABLE activities ADD COLUMN due_at timestamptz, ADD COLUMN done_at timestamptz, ADD COLUMN assignee_id uuid;
CREATE INDEX ix_activities_open_tasks ON activities (workspace_id, assignee_id, due_at)
  WHERE kind = 'TASK' AND done_at IS NULL;

-- Sorting and range filters on a custom field use `custom_fields -> key`; this makes an index
-- for one key of one table (shared by every workspace that has a field with that key).
CREATE FUNCTION rapport_index_custom_field(target text, field_key text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
  index_name text := format('ix_%s_cf_%s', target, field_key);
BEGIN
  IF target NOT IN ('contacts', 'companies', 'deals') OR field_key !~ '^[a-z][a-z0-9_]{{0,63}}$' THEN
    RAISE EXCEPTION 'invalid custom field index target % %', target, field_key;
  END IF;
  IF to_regclass(index_name) IS NULL THEN
    EXECUTE format(
      'CREATE INDEX %I ON %I (workspace_id, (custom_fields -> %L), id) WHERE deleted_at IS NULL',
      index_name, target, field_key);
  END IF;
END $f$;
REVOKE ALL ON FUNCTION rapport_index_custom_field(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rapport_index_custom_field(text, text) TO {app_role};

GRANT SELECT, INSERT, UPDATE, DELETE ON {", ".join(TABLES)} TO {app_role};

-- Every existing workspace gets the default sales pipeline that new workspaces get.
ALTER TABLE workspaces NO FORCE ROW LEVEL SECURITY;
ALTER TABLE pipelines NO FORCE ROW LEVEL SECURITY;
ALTER TABLE stages NO FORCE ROW LEVEL SECURITY;
ALTER TABLE workspaces DISABLE ROW LEVEL SECURITY;
ALTER TABLE pipelines DISABLE ROW LEVEL SECURITY;
ALTER TABLE stages DISABLE ROW LEVEL SECURITY;
WITH new_pipelines AS (
  INSERT INTO pipelines (id, workspace_id, name, is_default, position)
  SELECT gen_random_uuid(), w.id, 'Sales', true, 0 FROM workspaces w
  RETURNING id, workspace_id
)
INSERT INTO stages (id, workspace_id, pipeline_id, name, position, probability, kind)
SELECT gen_random_uuid(), p.workspace_id, p.id, s.name, s.position, s.probability, s.kind::stage_kind
FROM new_pipelines p CROSS JOIN (VALUES
  ('Lead', 0, 0.1, 'OPEN'), ('Qualified', 1, 0.25, 'OPEN'), ('Proposal', 2, 0.5, 'OPEN'),
  ('Negotiation', 3, 0.75, 'OPEN'), ('Won', 4, 1.0, 'WON'), ('Lost', 5, 0.0, 'LOST')
) AS s (name, position, probability, kind);
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE pipelines ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE stages ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP FUNCTION rapport_index_custom_field(text, text);
DROP INDEX ix_activities_open_tasks;
ALTER TABLE activities DROP COLUMN due_at, DROP COLUMN done_at, DROP COLUMN assignee_id;
DROP TABLE field_definitions;
DROP TABLE deal_contacts;
DROP TABLE deals;
DROP TABLE stages;
DROP TABLE pipelines;
DROP TABLE contacts;
DROP TABLE companies;
ALTER TABLE workspace_members DROP CONSTRAINT uq_workspace_members_workspace_id_id;
DROP TYPE field_type;
DROP TYPE object_type;
DROP TYPE stage_kind;
"""
    )
