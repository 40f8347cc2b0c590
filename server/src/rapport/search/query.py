"""What a person typed, as the words a full-text query is built from."""

from __future__ import annotations

import re
import unicodedata

# The same folding as the database's rapport_fold (migration 0004_search); a test holds them equal.
FOLD_FROM = "áàâäãåāăąçćčďéèêëēėęěíìîïīįłñńňóòôöõøōőŕřśšşťúùûüūůűųýÿźżžæœß"
FOLD_TO = "aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorrssstuuuuuuuuyyzzzaos"
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)

MAX_WORDS = 8
MAX_WORD_LENGTH = 60
# Letters and digits only: the words reach to_tsquery as values, and without operators, quotes or
# colons no input can change the query's structure.
WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower().translate(_FOLD)


# A word typed in capitals ("IT", "US", "OR") is an acronym, though it folds to an English stop word: it is
# kept, and matched whole (migration 0042_acronyms indexes job titles' and industries' acronyms).
ACRONYM = re.compile(r"^[A-Z]{2,}$")


def acronyms(query: str) -> frozenset[str]:
    """The words of the query typed in capitals (two letters or more), folded; none when every word of two
    letters or more is in capitals and there are two of them or more (CAPS LOCK, not acronyms)."""
    typed = [word for word in WORD.findall(unicodedata.normalize("NFC", query)) if len(word) > 1]
    capitals = [word for word in typed if ACRONYM.match(word)]
    if len(capitals) > 1 and len(capitals) == len(typed):
        return frozenset()
    return frozenset(fold(word) for word in capitals)


def words(query: str) -> list[str]:
    """The first `MAX_WORDS` distinct words of the query, folded, each at most `MAX_WORD_LENGTH` long."""
    found = [word[:MAX_WORD_LENGTH] for word in WORD.findall(fold(query))]
    return list(dict.fromkeys(found))[:MAX_WORDS]
