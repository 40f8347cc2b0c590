"""The planner's statistics of the search vectors 0040_namewords computed again.

`ALTER COLUMN ... SET EXPRESSION` drops the column's statistics, and autovacuum gathers them again only
after a fifth of the table has changed. Without them PostgreSQL plans the keyword search's `@@` with its
default selectivity: on a workspace of 100,000 contacts and deals, PostgreSQL's CPU a search was
12–13 ms against 7.5–7.8 after `ANALYZE`, and the searches a second at c = 16 89–97 against 105–108
(bench/README.md, "The statistics a migration dropped"). ANALYZE of the one column reads a sample of
each table (30,000 rows): ~0.6 s in all for 100,000 contacts and deals and 40,000 companies on a 2-core
machine.

Revision ID: 0041_namestats
Revises: 0040_namewords
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0041_namestats"
down_revision: str | None = "0040_namewords"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANALYZE = """
ANALYZE contacts (search_vector);
ANALYZE companies (search_vector);
ANALYZE deals (search_vector);
"""


def upgrade() -> None:
    execute_script(ANALYZE)


def downgrade() -> None:
    pass  # 0040_namewords' downgrade gathers them for the vectors it puts back
