"""A record's name counts once in its search vector and outranks an address; a company's name is matched
by its stems as a deal's is.

0008_search gave deals' search vectors the name twice, as typed (`simple`) and as English stems
(`english`), so that "renewals" finds "Annual renewal"; companies' only as typed. A word typed is
matched as typed (a prefix) or as its stem, and ts_rank counts every lexeme matched: a deal's "capital"
matched both "capital" and "capit", and a word that is its own stem ("helix", "pilot") was in the
vector twice. So a deal named after its company ("Helix Capital — Pilot") outranked the company for the
company's exact name, and a search for a company listed its deals, the company not on the page.

- A company's name gives its English stems too, and in both the stems are only those the name does not
  already hold as typed ("capit" for "capital", "renew" for "renewal"): a name's word counts the same in
  a company and in a deal (a tie, which the kinds' order gives to the company), "Helix Capitals" finds the
  company, and deals match what they matched before.
- The words of a contact's email addresses and of a company's domain weigh B (a job title's and an
  industry's weight), not A: a name holding a word typed comes before an address holding it ("nordwind"
  lists the deal "Nordwind fleet renewal", then the people at nordwind.io). Which documents match does
  not change, so a lookup by address finds what it found.

Emails' subjects are in their vectors twice as well (as typed and as stems, both A); they are left so:
computing 100,000 emails' vectors again took 56 s here, with every write to `emails` (mail ingestion)
waiting, and a mailbox of millions would wait for many minutes.

The three tables' search vectors are computed again (`ALTER COLUMN ... SET EXPRESSION`, PostgreSQL 17:
a rewrite of the table and its indexes, ~7 s for 100,000 deals on a 2-core machine, writes to the table
waiting meanwhile).

Revision ID: 0040_namewords
Revises: 0039_phonedigits
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0040_namewords"
down_revision: str | None = "0039_phonedigits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stems(text: str, *, once: bool) -> str:
    """The English stems of `text`; `once`: only those it does not hold as typed."""
    stems = f"to_tsvector('english', rapport_fold({text}))"
    return f"ts_delete({stems}, tsvector_to_array(to_tsvector('simple', rapport_fold({text}))))" if once else stems


def _deals(*, once: bool) -> str:
    return f"""
ALTER TABLE deals ALTER COLUMN search_vector SET EXPRESSION AS (
  setweight(to_tsvector('simple', rapport_fold(name)), 'A')
  || setweight({_stems("name", once=once)}, 'A')
  || setweight(jsonb_to_tsvector('english', custom_fields, '["string"]'), 'D'));
"""


def _companies(*, new: bool) -> str:
    name_stems = f"\n  || setweight({_stems('name', once=True)}, 'A')" if new else ""
    domain = "rapport_address_words(ARRAY[coalesce(domain, '')])"
    return f"""
ALTER TABLE companies ALTER COLUMN search_vector SET EXPRESSION AS (
  setweight(to_tsvector('simple', rapport_fold(name)), 'A'){name_stems}
  || setweight(to_tsvector('simple', rapport_fold({domain})), '{"B" if new else "A"}')
  || setweight(to_tsvector('english', rapport_fold(industry)), 'B')
  || setweight(jsonb_to_tsvector('english', custom_fields, '["string"]'), 'D'));
"""


def _contacts(*, new: bool) -> str:
    return f"""
ALTER TABLE contacts ALTER COLUMN search_vector SET EXPRESSION AS (
  setweight(to_tsvector('simple', rapport_fold(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))), 'A')
  || setweight(to_tsvector('simple', rapport_fold(rapport_address_words(emails))), '{"B" if new else "A"}')
  || setweight(to_tsvector('english', rapport_fold(job_title)), 'B')
  || setweight(to_tsvector('simple', rapport_phone_words(phones)), 'C')
  || setweight(jsonb_to_tsvector('english', custom_fields, '["string"]'), 'D'));
"""


def upgrade() -> None:
    execute_script(_deals(once=True) + _companies(new=True) + _contacts(new=True))


def downgrade() -> None:
    execute_script(_deals(once=False) + _companies(new=False) + _contacts(new=False))
    # SET EXPRESSION drops the columns' statistics (0041_namestats gathers them after the upgrade).
    execute_script(
        "ANALYZE contacts (search_vector); ANALYZE companies (search_vector); ANALYZE deals (search_vector);"
    )
