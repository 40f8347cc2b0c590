"""A phone number is found by its digits however they were typed: grouped, joined, with or without the
country code.

`rapport_phone_words` (0008_search) gave a contact's search vector a number's digits as typed, with its
punctuation taken out, and the digits of all the contact's numbers joined into one word. So
"+1 (415) 555-0100" held "1", "415", "5550100" and "14155550100": "555 0100" did not find it (the dash
had joined its groups), nor did "5550100" or "4155550100" (a prefix of no word), and a second number's
digits were a word only inside the first's.

Now each number gives its groups (any run of other characters parts them: "1", "415", "555", "0100") and
its joined digits with every ending of them seven digits long or longer (a local number): "14155550100",
"4155550100", "155550100", "55550100", "5550100". Nine words more for a number of 15 digits (E.164's
longest), on contacts' search vectors only.

Contacts with phones are updated in place (`SET phones = phones`) so that their stored search vectors
are computed again with the new function; no other column changes.

Revision ID: 0039_phonedigits
Revises: 0038_fairqueue
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0039_phonedigits"
down_revision: str | None = "0038_fairqueue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = """regexp_replace(array_to_string(value, ' '), '[^0-9 ]+', '', 'g') || ' '
  || regexp_replace(array_to_string(value, ' '), '[^0-9]+', '', 'g')"""

NEW = """coalesce((
  SELECT string_agg(w.word, ' ')
  FROM unnest(value) AS v(raw)
  CROSS JOIN LATERAL (SELECT regexp_replace(v.raw, '[^0-9]+', '', 'g') AS digits) p
  CROSS JOIN LATERAL (
    SELECT regexp_replace(v.raw, '[^0-9]+', ' ', 'g')
    UNION ALL
    SELECT substr(p.digits, i) FROM generate_series(1, greatest(1, length(p.digits) - 6)) AS i
  ) AS w(word)), '')"""

RECOMPUTE = "UPDATE contacts SET phones = phones WHERE cardinality(phones) > 0;"


def _function(body: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION rapport_phone_words(value text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN {body};
"""


def upgrade() -> None:
    execute_script(_function(NEW) + RECOMPUTE)


def downgrade() -> None:
    execute_script(_function(OLD) + RECOMPUTE)
