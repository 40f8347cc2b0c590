"""The nearest vectors of one kind through that kind's own HNSW graph.

A search filtered to one kind (the results page's Emails, Notes, ... filter) walked the HNSW graph of
every vector with `object_type = ANY(types)` as a filter: the iterative scan goes on from the query's
neighbourhood until it has collected enough rows of the kind, and where meaning places that kind far
from the query it visits up to `hnsw.max_scan_tuples` (20,000) vectors first. On the scale data set
(bench/README.md, "One kind's own graph"), Emails-filtered nearest vectors took 14 ms at the median and
91 ms at p95 (262 ms at worst), Notes-filtered 82 ms at p95; an exact scan of the kind took 80-220 ms.

1. **A partial HNSW index per kind** (`ix_embeddings_hnsw_<kind>`, `WHERE object_type = '<KIND>'`, the
   same parameters as 0004_ai's index). The index of every vector stays: a search of every kind and
   `similar` walk it as before.
2. **`rapport_nearest_hnsw_kind(ws, q, kind, lim, ef)`**: `rapport_nearest_hnsw` (0031_searchcost) for
   one kind, one branch a kind whose statement names the kind as a literal, so that every plan of it
   (the generic one too) can use that kind's index and no other. The caller asks it once per kind of a
   filter that leaves some kinds out and merges the answers by distance.

Revision ID: 0035_kindvectors
Revises: 0034_searchgeneric
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0035_kindvectors"
down_revision: str | None = "0034_searchgeneric"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("CONTACT", "COMPANY", "DEAL", "NOTE", "EMAIL")
NAME = "rapport_nearest_hnsw_kind"
SIGNATURE = f"{NAME}(uuid, vector, text, integer, integer)"


def index_name(kind: str) -> str:
    return f"ix_embeddings_hnsw_{kind.lower()}"


# IF NOT EXISTS: a migration stopped mid-build (a Job's deadline) is rolled back whole, but an operator may
# have built them ahead, with more memory than the migration's session has (docs/runbook.md).
INDEXES = "\n".join(
    f"CREATE INDEX IF NOT EXISTS {index_name(kind)} ON embeddings USING hnsw (embedding vector_cosine_ops)"
    f" WITH (m = 16, ef_construction = 64) WHERE object_type = '{kind}';"
    for kind in KINDS
)

# 0031_searchcost's walk, with the kind as a literal where that function had `object_type = ANY(types)`.
BRANCH = """    RETURN QUERY
      SELECT c.object_type::text, c.object_id, c.distance FROM (
        SELECT e.object_type, e.object_id, (e.embedding <=> q)::float8 AS distance FROM embeddings e
        WHERE (e.workspace_id = ws) IS TRUE AND e.object_type = '{kind}'
        ORDER BY e.embedding <=> q LIMIT lim) c
      ORDER BY c.distance + 0;"""

BRANCHES = "\n  ELS".join(f"IF kind = '{kind}' THEN\n{BRANCH.format(kind=kind)}" for kind in KINDS)

# The CAST loads pgvector first: a SET clause on a setting not known yet (hnsw.*) is refused to anyone
# but a superuser (as in 0031_searchcost).
FUNCTION = f"""
SELECT CAST('[1]' AS vector);
CREATE FUNCTION {NAME}(
  ws uuid, q vector, kind text, lim integer, ef integer
)
RETURNS TABLE(object_type text, object_id uuid, distance float8)
LANGUAGE plpgsql STABLE
SET hnsw.iterative_scan = relaxed_order SET hnsw.ef_search = 100
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off AS $f$
BEGIN
  PERFORM set_config('hnsw.ef_search', ef::text, true);
  -- The workspace's condition as in rapport_nearest_hnsw: `(…) IS TRUE`, which the primary key cannot
  -- serve, so the plan walks the kind's graph (iterative scan) instead of reading the workspace's rows.
  {BRANCHES}
  ELSE
    RAISE EXCEPTION 'no vectors of kind %', kind USING ERRCODE = '22023';
  END IF;
END $f$;
"""


def upgrade() -> None:
    execute_script(INDEXES + FUNCTION)


def downgrade() -> None:
    drops = "\n".join(f"DROP INDEX {index_name(kind)};" for kind in KINDS)
    execute_script(f"DROP FUNCTION {SIGNATURE};\n{drops}")
