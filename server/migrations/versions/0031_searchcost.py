"""Cheaper searches: short GIN pending lists, and the HNSW walk in one statement.

1. **GIN pending lists.** A GIN index with `fastupdate` (the default) queues new entries in a pending
   list of up to `gin_pending_list_limit` (4 MB by default) until a vacuum or an insert that fills it
   moves them into the index; every search reads the whole list and matches each queued entry against
   each word. On the scale data set the deals' list held 226 pages (50,000 deals loaded, no vacuum
   since): the deals' part of a search cost 16 CPU-ms of PostgreSQL's 21, for deals that never
   matched. The search indexes now keep at most 64 kB (8 pages) pending: inserts still add to the list
   and move it in batches, searches read at most 8 pages a word. The lists there are now are moved in
   here. The notes' index is partitioned (its storage parameters are set per partition):
   `rapport_ensure_activity_partitions` sets it on the partitions it attaches from now on.

2. **`rapport_nearest_hnsw(ws, q, types, lim, ef)`**: the nearest vectors of a workspace through the
   HNSW index, as `embedding/repository.py` asked it in three statements (set the planner settings,
   the walk, put them back). The settings are the function's SET clauses: they hold while its
   statement is planned and run, and PostgreSQL puts them back when it returns, also on an error.
   `ef` (the candidate list) is set inside, within the same clause. An ordinary (SECURITY INVOKER)
   function: row-level security applies as to the caller's own statement.

Revision ID: 0031_searchcost
Revises: 0030_stagetotals
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0031_searchcost"
down_revision: str | None = "0030_stagetotals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING_KB = 64
SEARCH_INDEXES = (
    "ix_contacts_search_vector",
    "ix_companies_search_vector",
    "ix_deals_search_vector",
    "ix_emails_search_vector",
)
NOTE_INDEX = "ix_activities_note_search"

# The partitions of the notes' index, as regclass.
NOTE_PARTITIONS = f"SELECT inhrelid::regclass AS idx FROM pg_inherits WHERE inhparent = '{NOTE_INDEX}'::regclass"

# 0024_sysrole's function, as it stands.
PARTITIONS = """
CREATE OR REPLACE FUNCTION rapport_ensure_activity_partitions(months_ahead integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
  month_start date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
  lo date;
  hi date;
  part text;
  created integer := 0;
BEGIN
  FOR i IN 0..months_ahead LOOP
    lo := (month_start + make_interval(months => i))::date;
    hi := (lo + interval '1 month')::date;
    part := format('activities_y%sm%s', to_char(lo, 'YYYY'), to_char(lo, 'MM'));
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    EXECUTE format('CREATE TABLE %I (LIKE activities INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
    EXECUTE format(
      'WITH moved AS (DELETE FROM activities_default WHERE occurred_at >= %L AND occurred_at < %L RETURNING *)'
      ' INSERT INTO %I SELECT * FROM moved', lo, hi, part);
    EXECUTE format('ALTER TABLE activities ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', part);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (workspace_id = rapport_current_workspace() OR rapport_is_system())',
      part);
    created := created + 1;
  END LOOP;
  RETURN created;
END $f$;
"""
ATTACH_LINE = (
    "    EXECUTE format('ALTER TABLE activities ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);\n"
)
# After the attach, which creates the partition's part of the notes' search index.
PENDING_LINE = (
    "    EXECUTE (SELECT format('ALTER INDEX %s SET (gin_pending_list_limit = "
    f"{PENDING_KB})', i.idx) FROM ({NOTE_PARTITIONS}) i\n"
    "             JOIN pg_index x ON x.indexrelid = i.idx WHERE x.indrelid = part::regclass);\n"
)
assert ATTACH_LINE in PARTITIONS
PARTITIONS_NOW = PARTITIONS.replace(ATTACH_LINE, ATTACH_LINE + PENDING_LINE)

# pgvector's settings exist once its library is loaded in the session (reading a vector loads it): a SET
# clause on a setting not known yet is refused to anyone but a superuser.
NEAREST = """
SELECT CAST('[1]' AS vector);
CREATE FUNCTION rapport_nearest_hnsw(ws uuid, q vector, types text[], lim integer, ef integer)
RETURNS TABLE(object_type text, object_id uuid, distance float8)
LANGUAGE plpgsql STABLE
SET hnsw.iterative_scan = relaxed_order SET hnsw.ef_search = 100
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off AS $f$
BEGIN
  PERFORM set_config('hnsw.ef_search', ef::text, true);
  -- `(…) IS TRUE`: the workspace filter, but not one the primary key can serve, so the planner walks the
  -- HNSW graph (iterative scan) instead of reading a large workspace whole. The outer ORDER BY puts the
  -- relaxed order right (`+ 0`, or the planner takes the inner order as already sorted).
  RETURN QUERY
    SELECT c.object_type::text, c.object_id, c.distance FROM (
      SELECT e.object_type, e.object_id, (e.embedding <=> q)::float8 AS distance FROM embeddings e
      WHERE (e.workspace_id = ws) IS TRUE AND (types IS NULL OR e.object_type = ANY(types))
      ORDER BY e.embedding <=> q LIMIT lim) c
    ORDER BY c.distance + 0;
END $f$;
"""


def _pending(value: str) -> str:
    indexes = "\n".join(f"ALTER INDEX {index} {value};" for index in SEARCH_INDEXES)
    return f"""
{indexes}
DO $d$
DECLARE
  i regclass;
BEGIN
  FOR i IN {NOTE_PARTITIONS} LOOP
    EXECUTE format('ALTER INDEX %s {value}', i);
  END LOOP;
END $d$;
"""


def upgrade() -> None:
    moved = ", ".join(f"gin_clean_pending_list('{index}'::regclass)" for index in SEARCH_INDEXES)
    execute_script(
        f"""
{_pending(f"SET (gin_pending_list_limit = {PENDING_KB})")}
SELECT {moved};
SELECT gin_clean_pending_list(idx) FROM ({NOTE_PARTITIONS}) p;
{PARTITIONS_NOW}
{NEAREST}
"""
    )


def downgrade() -> None:
    execute_script(
        f"""
DROP FUNCTION rapport_nearest_hnsw(uuid, vector, text[], integer, integer);
{PARTITIONS}
{_pending("RESET (gin_pending_list_limit)")}
"""
    )
