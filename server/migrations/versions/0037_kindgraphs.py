"""Each kind's nearest vectors walk that kind's own graph, whatever the statistics say.

0035_kindvectors gave every kind a partial HNSW index (`WHERE object_type = '<KIND>'`) over the same
expression as the index of every vector, `embedding`, and a branch per kind in
`rapport_nearest_hnsw_kind` naming its kind as a literal, so that the planner could use that kind's
index. Could, not must: both indexes order by `embedding <=> q`, the index of every vector with the kind
as a filter, and which one is cheaper is the planner's estimate. In one CI run the contacts' branch walked
the index of every vector (the tests of 0035 caught it; runs before and the same tests alone here did not,
also with statistics of a table of mostly contacts and with generic plans: what tipped it was not found).
That is the walk 0035 was made to avoid: a kind far from the query in meaning is reached only after
thousands of vectors of other kinds.

Now each kind's index is over an expression that only its branch orders by:
`rapport_kind_vector(embedding)::vector(384)`, where `rapport_kind_vector` returns its argument and is
PL/pgSQL, so the planner never inlines it into `embedding` (the cast gives the expression the dimensions
an HNSW index needs). The index of every vector cannot order that expression, and with sequential scans
and sorts off in the function, the kind's index is the only plan. The distances answered are still read
from the row's `embedding`. The indexes are new (`ix_embeddings_kind_<kind>`, IF NOT EXISTS: an operator
may build them ahead, docs/runbook.md) and 0035's are dropped after.

Revision ID: 0037_kindgraphs
Revises: 0036_namegrams
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0037_kindgraphs"
down_revision: str | None = "0036_namegrams"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("CONTACT", "COMPANY", "DEAL", "NOTE", "EMAIL")
NAME = "rapport_nearest_hnsw_kind"
# The vector as only the kinds' indexes hold it.
KIND_VECTOR = "(rapport_kind_vector({})::vector(384))"


def index_name(kind: str) -> str:
    return f"ix_embeddings_kind_{kind.lower()}"


def old_index_name(kind: str) -> str:
    return f"ix_embeddings_hnsw_{kind.lower()}"


IDENTITY = """
CREATE OR REPLACE FUNCTION rapport_kind_vector(v vector) RETURNS vector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
BEGIN
  RETURN v;
END $f$;
"""

INDEXES = "\n".join(
    f"CREATE INDEX IF NOT EXISTS {index_name(kind)} ON embeddings USING hnsw"
    f" ({KIND_VECTOR.format('embedding')} vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
    f" WHERE object_type = '{kind}';"
    for kind in KINDS
)

BRANCH = """    RETURN QUERY
      SELECT c.object_type::text, c.object_id, c.distance FROM (
        SELECT e.object_type, e.object_id, (e.embedding <=> q)::float8 AS distance FROM embeddings e
        WHERE (e.workspace_id = ws) IS TRUE AND e.object_type = '{kind}'
        ORDER BY {vector} <=> q LIMIT lim) c
      ORDER BY c.distance + 0;"""


def _function(vector: str) -> str:
    """0035's function, each kind's branch ordering by `vector` (of `e.embedding`)."""
    branches = "\n  ELS".join(f"IF kind = '{kind}' THEN\n{BRANCH.format(kind=kind, vector=vector)}" for kind in KINDS)
    return f"""
CREATE OR REPLACE FUNCTION {NAME}(
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
  {branches}
  ELSE
    RAISE EXCEPTION 'no vectors of kind %', kind USING ERRCODE = '22023';
  END IF;
END $f$;
"""


def upgrade() -> None:
    drops = "\n".join(f"DROP INDEX IF EXISTS {old_index_name(kind)};" for kind in KINDS)
    # The CAST loads pgvector first (as 0035).
    execute_script(
        "SELECT CAST('[1]' AS vector);" + IDENTITY + INDEXES + _function(KIND_VECTOR.format("e.embedding")) + drops
    )


def downgrade() -> None:
    indexes = "\n".join(
        f"CREATE INDEX IF NOT EXISTS {old_index_name(kind)} ON embeddings USING hnsw (embedding vector_cosine_ops)"
        f" WITH (m = 16, ef_construction = 64) WHERE object_type = '{kind}';"
        for kind in KINDS
    )
    drops = "\n".join(f"DROP INDEX {index_name(kind)};" for kind in KINDS)
    execute_script(
        "SELECT CAST('[1]' AS vector);"
        + indexes
        + _function("e.embedding")
        + drops
        + "\nDROP FUNCTION rapport_kind_vector(vector);"
    )
