"""Maintained per-stage totals: the kanban's counts and sums without counting (issue 15, query (b)).

`stage_totals` holds, per stage and currency, how many live deals (`deleted_at IS NULL`) the stage has
and the sum of their `amount_micros` (currency NULL: the deals without an amount). A stage's figures
are the sums of its rows. Triggers on `deals` keep it in the transaction of every statement that
changes a deal, whatever path wrote it (the services, imports, bulk edits, merges, restores, a
cascade, an operator's SQL): one statement-level trigger per INSERT, UPDATE and DELETE, reading the
statement's transition tables, so a bulk statement costs one pass, not one per row.

Concurrency: a writer never updates a shared row. Each statement adds its net change per stage as a
new row and, in the same statement, folds the stage's rows it can lock at once into it: it deletes
them (`FOR UPDATE SKIP LOCKED`: rows another transaction is folding are skipped, never waited for)
and inserts their sum with its own change. So writers to one stage never wait for each other and
cannot deadlock on these rows; a rolled-back transaction's row and deletions disappear with it; a
reader's snapshot sees committed rows only, hence the totals of exactly the deals it sees. The rows
per stage stay about as many as the transactions writing to it at once.

Row-level security as every tenant table: the app role reads its workspace's rows only, and may
not write them at all. The trigger function is SECURITY DEFINER (it runs as the owner, a member of
`rapport_system`, as the system policies let through, so it can fold rows of the deal's stage whoever
wrote the deal: the app under its scope, or an operator's COPY); what it writes is what the deals'
transition tables say, and the deals themselves are written under the writer's row-level security.
Every role of a workspace reads every live deal of it (no per-owner visibility), so one set of
figures per stage is right for all of them. A deal removed with its workspace (the cascade) leaves no
row: its workspace no longer exists when the trigger runs. Every other way a stage goes, its deals
are gone first (their foreign key) and its rows cascade.

The backfill counts the deals as they stand, after the triggers exist and in the same transaction
(CREATE TRIGGER locks out deal writes until it commits, so none is counted twice or missed).

Revision ID: 0030_stagetotals
Revises: 0029_searchrole
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0030_stagetotals"
down_revision: str | None = "0029_searchrole"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The statement's change to the live deals, as (workspace, stage, currency, deals, amount) rows.
ADDED = "SELECT workspace_id, stage_id, currency, 1, coalesce(amount_micros, 0) FROM new_deals WHERE deleted_at IS NULL"
REMOVED = (
    "SELECT workspace_id, stage_id, currency, -1, -coalesce(amount_micros, 0) FROM old_deals WHERE deleted_at IS NULL"
)

APPLY = """
    WITH changes (workspace_id, stage_id, currency, deal_count, amount_micros) AS ({changes}),
    net AS (
      SELECT workspace_id, stage_id, currency, sum(deal_count) AS deal_count, sum(amount_micros) AS amount_micros
      FROM changes GROUP BY workspace_id, stage_id, currency
      HAVING sum(deal_count) <> 0 OR sum(amount_micros) <> 0
    ),
    folded AS (
      DELETE FROM stage_totals t
      WHERE t.id = ANY (ARRAY(
        SELECT o.id FROM stage_totals o
        WHERE (o.workspace_id, o.stage_id) IN (SELECT workspace_id, stage_id FROM net)
        FOR UPDATE OF o SKIP LOCKED
      ))
      RETURNING t.workspace_id, t.stage_id, t.currency, t.deal_count, t.amount_micros
    )
    INSERT INTO stage_totals (workspace_id, stage_id, currency, deal_count, amount_micros)
    SELECT k.workspace_id, k.stage_id, k.currency, sum(k.deal_count), sum(k.amount_micros)
    FROM (SELECT * FROM net UNION ALL SELECT * FROM folded) k
    WHERE EXISTS (SELECT 1 FROM workspaces w WHERE w.id = k.workspace_id)
    GROUP BY k.workspace_id, k.stage_id, k.currency
    HAVING sum(k.deal_count) <> 0 OR sum(k.amount_micros) <> 0;"""

FUNCTION = f"""
CREATE FUNCTION rapport_stage_totals_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
  IF TG_OP = 'INSERT' THEN{APPLY.format(changes=ADDED)}
  ELSIF TG_OP = 'UPDATE' THEN
    -- Most updates (a name, a note's last_activity_at) change nothing counted: leave before the work.
    IF NOT EXISTS (
      SELECT 1 FROM old_deals o JOIN new_deals n ON n.id = o.id
      WHERE (o.workspace_id, o.stage_id, o.currency, o.amount_micros, o.deleted_at IS NULL)
        IS DISTINCT FROM (n.workspace_id, n.stage_id, n.currency, n.amount_micros, n.deleted_at IS NULL)
    ) THEN
      RETURN NULL;
    END IF;{APPLY.format(changes=f"{ADDED} UNION ALL {REMOVED}")}
  ELSE{APPLY.format(changes=REMOVED)}
  END IF;
  RETURN NULL;
END $f$;
"""


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
CREATE TABLE stage_totals (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_stage_totals PRIMARY KEY,
  workspace_id uuid NOT NULL
    CONSTRAINT fk_stage_totals_workspace_id_workspaces REFERENCES workspaces (id) ON DELETE CASCADE,
  stage_id uuid NOT NULL CONSTRAINT fk_stage_totals_stage_id_stages REFERENCES stages (id) ON DELETE CASCADE,
  currency char(3),
  deal_count bigint NOT NULL,
  amount_micros numeric NOT NULL
);
CREATE INDEX ix_stage_totals_workspace_id_stage_id ON stage_totals (workspace_id, stage_id);
ALTER TABLE stage_totals ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stage_totals
  USING (workspace_id = rapport_current_workspace() OR rapport_is_system())
  WITH CHECK (workspace_id = rapport_current_workspace() OR rapport_is_system());
-- Read only: the trigger function writes, as the owner.
GRANT SELECT ON stage_totals TO {app_role};
{FUNCTION}
CREATE TRIGGER stage_totals_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_deals
  FOR EACH STATEMENT EXECUTE FUNCTION rapport_stage_totals_apply();
CREATE TRIGGER stage_totals_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_deals NEW TABLE AS new_deals
  FOR EACH STATEMENT EXECUTE FUNCTION rapport_stage_totals_apply();
CREATE TRIGGER stage_totals_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_deals
  FOR EACH STATEMENT EXECUTE FUNCTION rapport_stage_totals_apply();

-- The backfill reads every workspace's deals: as their owner, past row-level security for this
-- transaction only (forced again below, before anything commits).
ALTER TABLE deals NO FORCE ROW LEVEL SECURITY;
ALTER TABLE stage_totals NO FORCE ROW LEVEL SECURITY;
INSERT INTO stage_totals (workspace_id, stage_id, currency, deal_count, amount_micros)
SELECT workspace_id, stage_id, currency, count(*), coalesce(sum(amount_micros), 0)
FROM deals WHERE deleted_at IS NULL
GROUP BY workspace_id, stage_id, currency;
ALTER TABLE stage_totals FORCE ROW LEVEL SECURITY;
ALTER TABLE deals FORCE ROW LEVEL SECURITY;
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP TRIGGER stage_totals_delete ON deals;
DROP TRIGGER stage_totals_update ON deals;
DROP TRIGGER stage_totals_insert ON deals;
DROP FUNCTION rapport_stage_totals_apply();
DROP TABLE stage_totals;
"""
    )
