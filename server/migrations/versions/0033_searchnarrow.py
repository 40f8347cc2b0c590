"""Two cheaper keyword reads, each giving the same hits as before.

1. The every-word match may read its GIN index for the words before the last only
   (`rapport_search_match(kinds, q, pool, lim, narrow)`). In prose the last word is a prefix (it may
   still be being typed), and PostgreSQL's GIN index gathers every document holding any word that
   starts with a prefix before it ANDs the other words in: for "money transfer scam beneficiary
   payment" over 100,000 emails, the 26,000 holding a word starting with "payment", 4-8 ms, for no
   match at all. With `narrow` (the other words, whole; the caller passes it only when one of them is
   rare in the kind) the index reads `narrow` and each document it finds is matched against `q`, the
   whole query, which `narrow` is implied by: the same documents, in 0.4 ms there. `ts_match_vq` is
   `@@` as a function, which the planner does not take to an index. NULL keeps the old read.
2. The some-words match breaks ties (documents holding the same words) by `ts_rank` instead of
   `ts_rank_cd`: cover density cost ~6 µs a document, ts_rank 0.7, and the match scores up to 500
   documents of a kind (2.8 ms of a search on 446 companies holding "telecom", every one of which got
   the same cover density). search_eval's nDCG@10 is unchanged (keyword 0.470, hybrid 0.761).

The new match function replaces the old one (a call with four arguments would be ambiguous beside it),
owned and granted as migration 0029_searchrole made them; the some-words function keeps its signature
and its `random_page_cost` (0032_searchpagecost).

Revision ID: 0033_searchnarrow
Revises: 0032_searchpagecost
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0033_searchnarrow"
down_revision: str | None = "0032_searchpagecost"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_ROLE = "rapport_search"
OLD_MATCH = "rapport_search_match(text[], tsquery, integer, integer)"
NEW_MATCH = "rapport_search_match(text[], tsquery, integer, integer, tsquery)"

# (kind, FROM, the live-row condition, the hit's id column): as 0029_searchrole's.
KINDS = (
    ("CONTACT", "contacts r", "r.deleted_at IS NULL", "r.id"),
    ("COMPANY", "companies r", "r.deleted_at IS NULL", "r.id"),
    ("DEAL", "deals r", "r.deleted_at IS NULL", "r.id"),
    ("NOTE", "activities r", "r.kind = 'NOTE'", "r.id"),
    ("EMAIL", "emails r", "TRUE", "r.thread_id"),
)


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


def _match(read: str) -> str:
    return _per_kind(
        f"""    RETURN QUERY
      SELECT '{{kind}}'::text, m.hit, {{best}}(ts_rank(m.v, q))::float8 AS score
      FROM (SELECT {{hit}} AS hit, r.search_vector AS v FROM {{source}}
            WHERE r.workspace_id = ws AND {{live}} AND {read} LIMIT pool) m
      {{group}} ORDER BY score DESC, m.hit LIMIT lim;"""
    )


def _any(rank: str) -> str:
    return _per_kind(
        f"""    IF candidates[array_position(kinds, '{{kind}}')] IS NOT NULL THEN
    RETURN QUERY
      SELECT '{{kind}}'::text, m.hit,
        {{best}}((SELECT coalesce(sum(w.g), 0) FROM unnest(words, weights) AS w(q, g) WHERE m.v @@ w.q)
          + {rank}(m.v, scoring, 32))::float8 AS score
      FROM (SELECT {{hit}} AS hit, r.search_vector AS v FROM {{source}}
            WHERE r.workspace_id = ws AND {{live}}
              AND r.search_vector @@ candidates[array_position(kinds, '{{kind}}')] LIMIT pool) m
      {{group}} ORDER BY score DESC, m.hit LIMIT lim;
    END IF;"""
    )


HEADER = """RETURNS TABLE(hit_kind text, hit_id uuid, hit_score float8)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan"""
BODY = """DECLARE
  ws uuid := rapport_current_workspace();
BEGIN
  IF ws IS NULL THEN RETURN; END IF;
{}
END"""


def _functions(*, narrow: bool) -> str:
    """The match function (with `narrow` or as 0029 made it) and the some-words one (ts_rank or
    ts_rank_cd)."""
    if narrow:
        read = "r.search_vector @@ coalesce(narrow, q) AND (narrow IS NULL OR ts_match_vq(r.search_vector, q))"
        match = f"""CREATE FUNCTION rapport_search_match(
  kinds text[], q tsquery, pool integer, lim integer, narrow tsquery
) {HEADER} AS $f$
{BODY.format(_match(read))}
$f$;"""
    else:
        match = f"""CREATE FUNCTION rapport_search_match(kinds text[], q tsquery, pool integer, lim integer)
{HEADER} AS $f$
{BODY.format(_match("r.search_vector @@ q"))}
$f$;"""
    rank = "ts_rank" if narrow else "ts_rank_cd"
    some = f"""CREATE OR REPLACE FUNCTION rapport_search_any(
  kinds text[], candidates tsquery[], words tsquery[], weights float8[], scoring tsquery, pool integer, lim integer
) {HEADER} SET random_page_cost = 1.1 AS $f$
{BODY.format(_any(rank))}
$f$;"""
    return f"{match}\n{some}"


def _swap(old: str, new: str, *, narrow: bool) -> str:
    """Drops the match function `old`, creates `new` (and the some-words function) and gives `new` to
    the search role, as 0029_searchrole did: its owner needs CREATE on the schema at that moment."""
    return f"""
DROP FUNCTION {old};
{_functions(narrow=narrow)}
GRANT CREATE ON SCHEMA public TO {SEARCH_ROLE};
ALTER FUNCTION {new} OWNER TO {SEARCH_ROLE};
REVOKE ALL ON FUNCTION {new} FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {new} TO rapport_app;
REVOKE CREATE ON SCHEMA public FROM {SEARCH_ROLE};
"""


def upgrade() -> None:
    execute_script(_swap(OLD_MATCH, NEW_MATCH, narrow=True))


def downgrade() -> None:
    execute_script(_swap(NEW_MATCH, OLD_MATCH, narrow=False))
