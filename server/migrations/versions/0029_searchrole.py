"""Keyword search reads its indexes: the full-text statements run in SECURITY DEFINER functions.

Under row-level security PostgreSQL evaluates the policy (`workspace_id = rapport_current_workspace()`)
before any condition of the query that is not LEAKPROOF, and the full-text match `@@` is not: so a
search could not use a GIN index at all. It read every live row of the workspace and matched each
(300 ms for a three-word search over 150,000 notes, where the index answers in 0.2 ms). Marking `@@`
leakproof needs a superuser and changes a system function; instead the keyword statements run in
three functions owned by the role `rapport_search`, for which a policy `USING (true)` makes the
tenant policy's condition constant (so nothing is evaluated ahead of the match, and the index is
used). The functions read only the workspace in scope (`rapport_current_workspace()`, the setting the
caller's transaction holds, as the policy does) and answer nothing without one; they return ids and
scores, never row contents. `rapport_search` may only SELECT the five searched tables, cannot log
in, and only the owner is a member (to own the functions).

- `rapport_search_match(kinds, q, pool, lim)`: per kind, the best `lim` of at most `pool` documents
  matching `q`, by ts_rank (an email by its thread, at its best email).
- `rapport_search_any(kinds, candidates, words, weights, scoring, pool, lim)`: per kind, documents
  matching that kind's `candidates` query (at most `pool`), scored by the summed weights of the
  `words` they hold plus their cover density over `scoring`.
- `rapport_search_holding(kinds, words, cap)`: per kind, how many documents hold each word, counted up
  to `cap`.

Their statements are planned for each call's words (`plan_cache_mode = force_custom_plan`): after five
calls PL/pgSQL would keep a generic plan, which cannot know how rare the words are and read the
workspace's emails through its btree instead of the GIN index (6 ms became 60 ms).

The role is created here when it does not exist (the owner needs CREATEROLE for that; otherwise a
database administrator creates it first: `CREATE ROLE rapport_search NOLOGIN; GRANT rapport_search
TO <owner>;`).

Revision ID: 0029_searchrole
Revises: 0028_notevector
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from rapport.migrate import execute_script, owner_member_role_sql

revision: str = "0029_searchrole"
down_revision: str | None = "0028_notevector"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_ROLE = "rapport_search"
TABLES = ("contacts", "companies", "deals", "activities", "emails")

ROLE = owner_member_role_sql(SEARCH_ROLE)

# (kind, FROM, the live-row condition, the hit's id column): the same as the search repository's.
KINDS = (
    ("CONTACT", "contacts r", "r.deleted_at IS NULL", "r.id"),
    ("COMPANY", "companies r", "r.deleted_at IS NULL", "r.id"),
    ("DEAL", "deals r", "r.deleted_at IS NULL", "r.id"),
    ("NOTE", "activities r", "r.kind = 'NOTE'", "r.id"),
    ("EMAIL", "emails r", "TRUE", "r.thread_id"),
)


def _per_kind(statement: str) -> str:
    """One `IF kind THEN RETURN QUERY ... END IF` a kind, the statement's {source}, {live} and {hit}
    filled in. An email's hit is its thread, scored by its best email."""
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


MATCH = _per_kind(
    """    RETURN QUERY
      SELECT '{kind}'::text, m.hit, {best}(ts_rank(m.v, q))::float8 AS score
      FROM (SELECT {hit} AS hit, r.search_vector AS v FROM {source}
            WHERE r.workspace_id = ws AND {live} AND r.search_vector @@ q LIMIT pool) m
      {group} ORDER BY score DESC, m.hit LIMIT lim;"""
)

ANY = _per_kind(
    """    IF candidates[array_position(kinds, '{kind}')] IS NOT NULL THEN
    RETURN QUERY
      SELECT '{kind}'::text, m.hit,
        {best}((SELECT coalesce(sum(w.g), 0) FROM unnest(words, weights) AS w(q, g) WHERE m.v @@ w.q)
          + ts_rank_cd(m.v, scoring, 32))::float8 AS score
      FROM (SELECT {hit} AS hit, r.search_vector AS v FROM {source}
            WHERE r.workspace_id = ws AND {live}
              AND r.search_vector @@ candidates[array_position(kinds, '{kind}')] LIMIT pool) m
      {group} ORDER BY score DESC, m.hit LIMIT lim;
    END IF;"""
)

HOLDING = _per_kind(
    """    RETURN QUERY
      SELECT '{kind}'::text, ARRAY(
        SELECT (SELECT count(*) FROM (SELECT 1 FROM {source}
                WHERE r.workspace_id = ws AND {live} AND r.search_vector @@ w.q LIMIT cap) c)::integer
        FROM unnest(words) WITH ORDINALITY AS w(q, n) ORDER BY w.n);"""
)

FUNCTIONS = f"""
CREATE FUNCTION rapport_search_match(kinds text[], q tsquery, pool integer, lim integer)
RETURNS TABLE(hit_kind text, hit_id uuid, hit_score float8)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan AS $f$
DECLARE
  ws uuid := rapport_current_workspace();
BEGIN
  IF ws IS NULL THEN RETURN; END IF;
{MATCH}
END $f$;

CREATE FUNCTION rapport_search_any(
  kinds text[], candidates tsquery[], words tsquery[], weights float8[], scoring tsquery, pool integer, lim integer
) RETURNS TABLE(hit_kind text, hit_id uuid, hit_score float8)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan AS $f$
DECLARE
  ws uuid := rapport_current_workspace();
BEGIN
  IF ws IS NULL THEN RETURN; END IF;
{ANY}
END $f$;

CREATE FUNCTION rapport_search_holding(kinds text[], words tsquery[], cap integer)
RETURNS TABLE(hit_kind text, holding integer[])
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan AS $f$
DECLARE
  ws uuid := rapport_current_workspace();
BEGIN
  IF ws IS NULL THEN RETURN; END IF;
{HOLDING}
END $f$;
"""

SIGNATURES = (
    "rapport_search_match(text[], tsquery, integer, integer)",
    "rapport_search_any(text[], tsquery[], tsquery[], float8[], tsquery, integer, integer)",
    "rapport_search_holding(text[], tsquery[], integer)",
)


def upgrade() -> None:
    grants = "\n".join(
        f"GRANT SELECT ON {table} TO {SEARCH_ROLE};\n"
        f"CREATE POLICY search_read ON {table} FOR SELECT TO {SEARCH_ROLE} USING (true);"
        for table in TABLES
    )
    owners = "\n".join(
        f"ALTER FUNCTION {signature} OWNER TO {SEARCH_ROLE};\n"
        f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC;\n"
        f"GRANT EXECUTE ON FUNCTION {signature} TO rapport_app;"
        for signature in SIGNATURES
    )
    # A function's new owner needs CREATE on its schema at the moment it is given the function; the role
    # keeps USAGE only.
    execute_script(
        f"""
{ROLE}
GRANT USAGE ON SCHEMA public TO {SEARCH_ROLE};
{grants}
{FUNCTIONS}
GRANT CREATE ON SCHEMA public TO {SEARCH_ROLE};
{owners}
REVOKE CREATE ON SCHEMA public FROM {SEARCH_ROLE};
"""
    )


def downgrade() -> None:
    functions = "\n".join(f"DROP FUNCTION {signature};" for signature in SIGNATURES)
    policies = "\n".join(
        f"DROP POLICY search_read ON {table};\nREVOKE SELECT ON {table} FROM {SEARCH_ROLE};" for table in TABLES
    )
    execute_script(
        f"""
{functions}
{policies}
REVOKE USAGE ON SCHEMA public FROM {SEARCH_ROLE};
"""
    )
