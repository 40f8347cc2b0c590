"""The embedding queue is leased workspace by workspace, in turns: an index on (workspace_id, queued_at)
and `rapport_embedding_turns(lim)`, the rows a batch takes.

`embedding.index` leased the oldest rows of the whole queue. A workspace that queued 100,000 emails (an
import, a mailbox's first sync) then held every batch until its last email was embedded, and every other
workspace's new records waited that long to be found by meaning. Now each batch takes the oldest free row
of each of the `lim` workspaces waiting longest, then the second of each, and so on (repository.lease).

The workspaces with rows queued are found by a skip scan of the new index, and each one's oldest rows
read in its order, a few at a time. Estimating few rows per workspace, the planner would rather read all
of a long queue's rows (a bitmap scan) and sort them: 100 ms for a workspace with 100,000 rows queued,
at every batch, against 1.4 ms this way. The function turns bitmap scans off for itself alone (a SET
clause, put back when it returns), and tells the planner it returns a batch's rows (ROWS 32), not a set
function's default 1,000, for which the lease's UPDATE read the whole queue to join them (64 ms a batch
with 100,000 rows queued; 3–5 ms now).

Revision ID: 0038_fairqueue
Revises: 0037_kindgraphs
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0038_fairqueue"
down_revision: str | None = "0037_kindgraphs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TURNS = """
CREATE FUNCTION rapport_embedding_turns(lim integer)
RETURNS TABLE(workspace_id uuid, object_type varchar, object_id uuid)
LANGUAGE sql STABLE ROWS 32 SET enable_bitmapscan = off AS $f$
WITH RECURSIVE ws(workspace_id) AS (
  (SELECT q.workspace_id FROM embedding_queue q ORDER BY q.workspace_id LIMIT 1)
  UNION ALL
  SELECT (SELECT q.workspace_id FROM embedding_queue q WHERE q.workspace_id > ws.workspace_id
          ORDER BY q.workspace_id LIMIT 1)
  FROM ws WHERE ws.workspace_id IS NOT NULL
), heads AS (
  SELECT ws.workspace_id, h.queued_at FROM ws CROSS JOIN LATERAL (
    SELECT e.queued_at FROM embedding_queue e
    WHERE e.workspace_id = ws.workspace_id AND (e.leased_until IS NULL OR e.leased_until < now())
    ORDER BY e.queued_at LIMIT 1) h
  ORDER BY h.queued_at LIMIT lim
), turns AS (
  SELECT r.*, row_number() OVER (PARTITION BY r.workspace_id ORDER BY r.queued_at) AS turn
  FROM heads CROSS JOIN LATERAL (
    SELECT e.workspace_id, e.object_type, e.object_id, e.queued_at FROM embedding_queue e
    WHERE e.workspace_id = heads.workspace_id AND (e.leased_until IS NULL OR e.leased_until < now())
    ORDER BY e.queued_at LIMIT lim) r
)
SELECT t.workspace_id, t.object_type, t.object_id FROM turns t ORDER BY t.turn, t.queued_at LIMIT lim
$f$;
"""


def upgrade() -> None:
    execute_script(
        "CREATE INDEX ix_embedding_queue_workspace_queued_at ON embedding_queue (workspace_id, queued_at);" + TURNS
    )


def downgrade() -> None:
    execute_script(
        "DROP FUNCTION rapport_embedding_turns(integer);\nDROP INDEX ix_embedding_queue_workspace_queued_at;"
    )
