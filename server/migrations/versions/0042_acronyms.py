"""An acronym in a job title or an industry ("IT Manager", "Head of IT", "IT Services") is in the search
vector, though English reads it as a stop word.

Job titles and industries were indexed as English only, and English drops "it", "us", "or", "is": "IT
Manager" was indexed as "manag", so "IT manager" found every manager first (HR managers, office
managers) and "IT" alone found the people whose names start with "It" (Ito, Italo). The words of a title
or an industry written in capitals that English drops (`rapport_acronyms`) are now in the vector as typed,
weighted A; a search keeps such a word when it is typed in capitals, and matches it whole and only where it
weighs A (search/query.py's `acronyms`): in names, email subjects and these acronyms, not in the words of
addresses, where "it" is Italy's domain (anna@trattoria.it). Names, deals' names and email subjects hold
every word as typed already (weight A); notes' and emails' bodies are left as they were (prose, where a
stop word in capitals is as often shouted as it is an acronym, and computing 100,000 emails' vectors again
holds mail ingestion).

The two tables' search vectors are computed again (`ALTER COLUMN ... SET EXPRESSION`: a rewrite of each,
writes to it waiting meanwhile), and the planner's statistics of the column, which that drops, gathered
again (0041_namestats).

Revision ID: 0042_acronyms
Revises: 0041_namestats
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0042_acronyms"
down_revision: str | None = "0041_namestats"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The words of `t` written in capitals (two letters or more, ASCII) that the English configuration drops,
# separated by spaces: "Head of IT" gives "IT", "IT-Leiterin" gives "IT", "VP Sales US" gives "US".
ACRONYMS = r"""
CREATE FUNCTION rapport_acronyms(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $f$
  SELECT coalesce(string_agg(m[1], ' '), '')
  FROM regexp_matches(t, '\m([A-Z]{2,})\M', 'g') AS m
  WHERE to_tsvector('english', m[1]) = ''::tsvector
$f$;
"""


def _stems(text: str) -> str:
    """The English stems of `text` it does not hold as typed (0040_namewords)."""
    return (
        f"ts_delete(to_tsvector('english', rapport_fold({text})),"
        f" tsvector_to_array(to_tsvector('simple', rapport_fold({text}))))"
    )


def _acronyms(text: str, *, new: bool) -> str:
    return f"\n  || setweight(to_tsvector('simple', coalesce(rapport_acronyms({text}), '')), 'A')" if new else ""


def _companies(*, new: bool) -> str:
    domain = "rapport_address_words(ARRAY[coalesce(domain, '')])"
    return f"""
ALTER TABLE companies ALTER COLUMN search_vector SET EXPRESSION AS (
  setweight(to_tsvector('simple', rapport_fold(name)), 'A')
  || setweight({_stems("name")}, 'A')
  || setweight(to_tsvector('simple', rapport_fold({domain})), 'B')
  || setweight(to_tsvector('english', rapport_fold(industry)), 'B'){_acronyms("industry", new=new)}
  || setweight(jsonb_to_tsvector('english', custom_fields, '["string"]'), 'D'));
ANALYZE companies (search_vector);
"""


def _contacts(*, new: bool) -> str:
    return f"""
ALTER TABLE contacts ALTER COLUMN search_vector SET EXPRESSION AS (
  setweight(to_tsvector('simple', rapport_fold(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))), 'A')
  || setweight(to_tsvector('simple', rapport_fold(rapport_address_words(emails))), 'B')
  || setweight(to_tsvector('english', rapport_fold(job_title)), 'B'){_acronyms("job_title", new=new)}
  || setweight(to_tsvector('simple', rapport_phone_words(phones)), 'C')
  || setweight(jsonb_to_tsvector('english', custom_fields, '["string"]'), 'D'));
ANALYZE contacts (search_vector);
"""


def upgrade() -> None:
    execute_script(ACRONYMS + _companies(new=True) + _contacts(new=True))


def downgrade() -> None:
    execute_script(_companies(new=False) + _contacts(new=False) + "DROP FUNCTION rapport_acronyms(text);")
