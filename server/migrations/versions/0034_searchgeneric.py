"""The keyword matches of a workspace that holds much of a table, without planning them at every search.

The keyword functions (0029_searchrole, 0033_searchnarrow) plan each statement for each call's words
(`plan_cache_mode = force_custom_plan`): a generic plan cannot tell a small workspace from a large one,
and one chosen for a workspace of a few rows read a large one's emails through the btree (6 ms became
60 ms). But planning is now most of a search's PostgreSQL time: 0.1-0.3 ms a statement against
0.03-0.14 ms to run it, for up to ten statements a search, `contacts` alone being planned around its 18
indexes (bench/README.md, "Planned once").

For a workspace holding a large share of a kind's table (the caller's choice: search.service
INDEXED_SHARE) the plan does not depend on the words: the GIN index on the search vector, the
workspace's rows kept from what it finds. Every document it reads beyond the workspace's own is
another workspace's, and there are at most (1 - share) / share of those for each of the workspace's, so
it never reads much more than a scan of the workspace's rows would, and for any word rarer than most it
reads far less. These two functions are the same matches as `rapport_search_match` and
`rapport_search_any`, with the same arguments and answers, written for that one plan and keeping it
(`plan_cache_mode = force_generic_plan`: planned once a connection, then only run):

- the workspace's condition is `(r.workspace_id = ws) IS TRUE`, which no index answers, so the plan
  reads no btree that leads with `workspace_id` (the plan a generic estimate of `workspace_id = $1`
  would choose as the table's workspaces grow in number); a record's live condition is
  `(r.deleted_at IS NULL) IS TRUE`, which implies no partial index's `WHERE deleted_at IS NULL` (a
  bitmap scan reads such an index whole, with no condition, where the planner thinks it small);
- `enable_seqscan`, `enable_indexscan` and `enable_indexonlyscan` off: what is left is a bitmap scan,
  and the only index a bitmap scan can read here is the GIN one (the only one with a condition). Without
  them a generic plan may read a whole btree (of a small table, or one it thinks small) or the table.

Revision ID: 0034_searchgeneric
Revises: 0033_searchnarrow
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0034_searchgeneric"
down_revision: str | None = "0033_searchnarrow"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_ROLE = "rapport_search"
MATCH = "rapport_search_match_indexed(text[], tsquery, integer, integer, tsquery)"
ANY = "rapport_search_any_indexed(text[], tsquery[], tsquery[], float8[], tsquery, integer, integer)"

# (kind, FROM, the live-row condition, the hit's id column): as 0029_searchrole's, but that a record's
# live condition is one no partial index is implied by (each of theirs is `WHERE deleted_at IS NULL`); the
# notes' is kept, for their GIN index is partial on it (and no other index of theirs is).
KINDS = (
    ("CONTACT", "contacts r", "(r.deleted_at IS NULL) IS TRUE", "r.id"),
    ("COMPANY", "companies r", "(r.deleted_at IS NULL) IS TRUE", "r.id"),
    ("DEAL", "deals r", "(r.deleted_at IS NULL) IS TRUE", "r.id"),
    ("NOTE", "activities r", "r.kind = 'NOTE'", "r.id"),
    ("EMAIL", "emails r", "TRUE", "r.thread_id"),
)
# The workspace's rows, kept from what the GIN index finds (never an index condition).
IN_WORKSPACE = "(r.workspace_id = ws) IS TRUE"


def _per_kind(statement: str) -> str:
    """One `IF kind THEN ... END IF` a kind (0029_searchrole's)."""
    blocks = []
    for kind, source, live, hit in KINDS:
        grouped = hit != "r.id"
        body = statement.format(
            kind=kind,
            source=source,
            live=live,
            hit=hit,
            group="GROUP BY m.hit" if grouped else "",
            best="max" if grouped else "",
        )
        blocks.append(f"  IF '{kind}' = ANY(kinds) THEN\n{body}\n  END IF;")
    return "\n".join(blocks)


# 0033_searchnarrow's match: `narrow` (or `q`) read from the index, each document found matched to `q`.
MATCH_BODY = _per_kind(
    f"""    RETURN QUERY
      SELECT '{{kind}}'::text, m.hit, {{best}}(ts_rank(m.v, q))::float8 AS score
      FROM (SELECT {{hit}} AS hit, r.search_vector AS v FROM {{source}}
            WHERE {IN_WORKSPACE} AND {{live}}
              AND r.search_vector @@ coalesce(narrow, q) AND (narrow IS NULL OR ts_match_vq(r.search_vector, q))
            LIMIT pool) m
      {{group}} ORDER BY score DESC, m.hit LIMIT lim;"""
)

ANY_BODY = _per_kind(
    f"""    IF candidates[array_position(kinds, '{{kind}}')] IS NOT NULL THEN
    RETURN QUERY
      SELECT '{{kind}}'::text, m.hit,
        {{best}}((SELECT coalesce(sum(w.g), 0) FROM unnest(words, weights) AS w(q, g) WHERE m.v @@ w.q)
          + ts_rank(m.v, scoring, 32))::float8 AS score
      FROM (SELECT {{hit}} AS hit, r.search_vector AS v FROM {{source}}
            WHERE {IN_WORKSPACE} AND {{live}}
              AND r.search_vector @@ candidates[array_position(kinds, '{{kind}}')] LIMIT pool) m
      {{group}} ORDER BY score DESC, m.hit LIMIT lim;
    END IF;"""
)

HEADER = """RETURNS TABLE(hit_kind text, hit_id uuid, hit_score float8)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off SET enable_indexscan = off SET enable_indexonlyscan = off"""
BODY = """DECLARE
  ws uuid := rapport_current_workspace();
BEGIN
  IF ws IS NULL THEN RETURN; END IF;
{}
END"""

FUNCTIONS = f"""
CREATE FUNCTION rapport_search_match_indexed(
  kinds text[], q tsquery, pool integer, lim integer, narrow tsquery
) {HEADER} AS $f$
{BODY.format(MATCH_BODY)}
$f$;
CREATE FUNCTION rapport_search_any_indexed(
  kinds text[], candidates tsquery[], words tsquery[], weights float8[], scoring tsquery, pool integer, lim integer
) {HEADER} AS $f$
{BODY.format(ANY_BODY)}
$f$;
"""


def _owned(signature: str) -> str:
    """Gives a function to the search role, as 0029_searchrole did."""
    return f"""ALTER FUNCTION {signature} OWNER TO {SEARCH_ROLE};
REVOKE ALL ON FUNCTION {signature} FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {signature} TO rapport_app;"""


def upgrade() -> None:
    # Its owner needs CREATE on the schema at the moment it takes the functions over.
    execute_script(
        f"""{FUNCTIONS}
GRANT CREATE ON SCHEMA public TO {SEARCH_ROLE};
{_owned(MATCH)}
{_owned(ANY)}
REVOKE CREATE ON SCHEMA public FROM {SEARCH_ROLE};
"""
    )


def downgrade() -> None:
    execute_script(f"DROP FUNCTION {MATCH};\nDROP FUNCTION {ANY};")
