"""The some-words search reads its GIN index first: `random_page_cost = 1.1` on rapport_search_any.

For a kind where the query's rarer words are in no document (the benchmark's deals, for nearly every
query), the planner ANDed the GIN bitmap with the workspace's btree (`ix_deals_pipeline`, workspace_id
first) and read the btree first: 51,063 row ids for a workspace of 50,000 deals, ~1.6 ms, for an answer the
empty GIN bitmap alone gives (PostgreSQL stops a BitmapAnd at its first empty input). It expects ~1,400 GIN
rows for ORed words it has no statistics for, and at `random_page_cost = 4` (the spinning-disk default) it
puts the cheaper-looking btree first. At 1.1 (data in memory or on SSD, as the product runs) it puts the
GIN read first for those queries, and the deals' part of a search fell from ~1.6 to ~0.6 CPU-ms on the
scale data set (bench/README.md, "At scale").

The setting is a SET clause of this one function: it holds while the function's statements are planned
and PostgreSQL puts it back when it returns. Checked on the scale data set for search_eval's 59 queries
and every kind (589 statements): 62 plans changed, 57 of them the deals' BitmapAnd order (or the btree
dropped), 4 of the companies' a btree added after the GIN read; no statement changed its scan otherwise.
The every-word match (rapport_search_match) is left as it was.

Revision ID: 0032_searchpagecost
Revises: 0031_searchcost
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0032_searchpagecost"
down_revision: str | None = "0031_searchcost"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANY = "rapport_search_any(text[], tsquery[], tsquery[], float8[], tsquery, integer, integer)"


def upgrade() -> None:
    execute_script(f"ALTER FUNCTION {ANY} SET random_page_cost = 1.1;")


def downgrade() -> None:
    execute_script(f"ALTER FUNCTION {ANY} RESET random_page_cost;")
