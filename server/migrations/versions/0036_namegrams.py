"""Names found with a letter wrong: trigram indexes of the names of contacts and companies.

A name typed with one letter wrong, swapped or missing ("Victoira Weber", "Hassan Nakamrua") matched no
document's words, and the page was what meaning found: twenty other people, the one meant not among them
(bench/README.md, "Names typed wrong"). The embedded PostgreSQL has no pg_trgm; this is its idea with
built-in full-text search:

1. **`rapport_name_grams(value)`**: the trigrams of each word of a name as a tsvector, each word folded
   (rapport_fold) and padded as pg_trgm pads it ("  weber " gives `'  w' ' we' web ebe ber 'er '`), so
   that the first and last letters have grams of their own. Immutable: it is an index expression.
2. **An expression GIN index of it** on `contacts` and `companies` (`ix_<table>_name_grams`,
   IF NOT EXISTS: an operator may build them ahead, docs/runbook.md), with the short pending list of the
   other search indexes (0031_searchcost). No column and no table rewrite.
3. **`rapport_search_names(kinds, q, lim)`**: per kind asked, at most `lim` live records of the workspace
   in scope whose name grams match `q` (search.typos builds it: for each word typed, one of the sets of
   its grams that a name's word one edit away keeps whole). Ids only, in no particular order: the
   caller reads the names under row-level security and keeps those within the edits a word of that
   length allows. Like the keyword functions (0029_searchrole) it is owned by `rapport_search`, for which
   the tenant policy's condition is constant, so the planner can use the GIN index (`@@` is not
   leakproof); planned for each call (`force_custom_plan`), as a small workspace is best read through its
   workspace index and a large one through the grams.

Revision ID: 0036_namegrams
Revises: 0035_kindvectors
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0036_namegrams"
down_revision: str | None = "0035_kindvectors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_ROLE = "rapport_search"
SIGNATURE = "rapport_search_names(text[], tsquery, integer)"
# (kind, table): a contact's `name` is its display name (a generated column). Not deals: a deal's name is a
# phrase that meaning finds (search.repository.NAME_KINDS).
KINDS = (("CONTACT", "contacts"), ("COMPANY", "companies"))

GRAMS = """
CREATE FUNCTION rapport_name_grams(value text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN array_to_tsvector(ARRAY(
  SELECT DISTINCT substr('  ' || w || ' ', i, 3)
  FROM unnest(tsvector_to_array(to_tsvector('simple', rapport_fold(value)))) AS w,
    generate_series(1, length(w) + 1) AS i
));
"""

INDEXES = "\n".join(
    f"CREATE INDEX IF NOT EXISTS ix_{table}_name_grams ON {table} USING gin (rapport_name_grams(name))"
    " WITH (gin_pending_list_limit = 64);"
    for _, table in KINDS
)

BLOCKS = "\n".join(
    f"""  IF '{kind}' = ANY(kinds) THEN
    RETURN QUERY SELECT '{kind}'::text, r.id FROM {table} r
      WHERE r.workspace_id = ws AND r.deleted_at IS NULL AND rapport_name_grams(r.name) @@ q LIMIT lim;
  END IF;"""
    for kind, table in KINDS
)

FUNCTION = f"""
CREATE FUNCTION rapport_search_names(kinds text[], q tsquery, lim integer)
RETURNS TABLE(hit_kind text, hit_id uuid)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan AS $f$
DECLARE
  ws uuid := rapport_current_workspace();
BEGIN
  IF ws IS NULL THEN RETURN; END IF;
{BLOCKS}
END $f$;
"""


def upgrade() -> None:
    # Its owner needs CREATE on the schema at the moment it takes the function over (as 0034_searchgeneric).
    execute_script(
        f"""{GRAMS}
{INDEXES}
{FUNCTION}
GRANT CREATE ON SCHEMA public TO {SEARCH_ROLE};
ALTER FUNCTION {SIGNATURE} OWNER TO {SEARCH_ROLE};
REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {SIGNATURE} TO rapport_app;
REVOKE CREATE ON SCHEMA public FROM {SEARCH_ROLE};
"""
    )


def downgrade() -> None:
    drops = "\n".join(f"DROP INDEX ix_{table}_name_grams;" for _, table in KINDS)
    execute_script(f"DROP FUNCTION {SIGNATURE};\n{drops}\nDROP FUNCTION rapport_name_grams(text);")
