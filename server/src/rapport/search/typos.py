"""Names typed with a letter wrong: the trigram query that finds the names they may mean (migration
0036_namegrams indexes each name's grams), and the edit distance that decides which they do.

A word is padded as pg_trgm pads it ("  weber "), so its grams are `'  w' ' we' web ebe ber 'er '`. One
edit (a letter wrong, added, missing, or two neighbours swapped) changes at most the four grams around it,
so a name's word one edit away keeps one of a few sets of the word's grams whole (its first two, its last
two, or its first and last; sets of three from TRIPLES_FROM letters): the query asks for one of those sets
for every word typed (a name is found by all its words, as the keyword match finds it). What the index
finds is then kept only when each word typed is within `allowed_edits` of a word of the name or of its
start (in names every word typed is a prefix). A word with two edits or an unfinished word with one is
found when one of its sets is still whole.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rapidfuzz.distance import OSA

from rapport.search.query import words as name_words

# A word this short is kept as typed: one letter off, "ana" is "ann", "eva" is "ava", and they are other
# people, not typos.
EXACT_BELOW = 4
# From this length two edits are allowed ("Konstantinos" typed "Kostantinso").
TWO_EDITS_FROM = 8


def allowed_edits(word: str) -> int:
    """How many edits from a name's word `word` may be and still mean it."""
    if len(word) < EXACT_BELOW:
        return 0
    return 2 if len(word) >= TWO_EDITS_FROM else 1


def grams(word: str) -> list[str]:
    """The word's trigrams, padded as pg_trgm pads (rapport_name_grams in migration 0036_namegrams)."""
    padded = f"  {word} "
    return [padded[index : index + 3] for index in range(len(word) + 1)]


# From this length a word's sets are three grams, not two: a name's word near a longer word then keeps
# one of four sets of three, and two-letter starts such as "pr" or "ca", which most long names hold
# somewhere, no longer make a candidate of every name.
TRIPLES_FROM = 6


def kept_sets(word: str) -> list[tuple[str, ...]]:
    """Sets of the word's grams, one of which a name's word one edit away keeps whole (see the module's
    docstring). One edit changes at most four neighbouring grams (two letters swapped), so with g the
    grams, g[-1] the end: g[0..2], g[-3..-1], g[0..1] with g[-1], or g[0] with g[-2..-1] (from
    TRIPLES_FROM letters); g[0..1], g[-2..-1], or g[0] with g[-1] (shorter words)."""
    g = grams(word)
    sets: list[tuple[str, ...]]
    if len(word) >= TRIPLES_FROM:
        sets = [(g[0], g[1], g[2]), (g[-3], g[-2], g[-1]), (g[0], g[1], g[-1]), (g[0], g[-2], g[-1])]
    else:
        sets = [(g[0], g[1]), (g[-2], g[-1]), (g[0], g[-1])]
    return list(dict.fromkeys(tuple(dict.fromkeys(grams_kept)) for grams_kept in sets))


def _quoted(gram: str) -> str:
    # A gram holds letters, digits and spaces only (query.words keeps letters and digits): quoted, no
    # input can change the query's structure.
    return f"'{gram}'"


def word_query(word: str) -> str:
    """The sets of grams a name's word near `word` holds one of, as a tsquery (kept_sets)."""
    return " | ".join("(" + " & ".join(_quoted(gram) for gram in kept) + ")" for kept in kept_sets(word))


def searchable(words: Sequence[str]) -> list[str]:
    """The words the grams look for: single letters say too little (each is still checked, by `distances`)."""
    return [word for word in words if len(word) > 1]


def typed_query(word: str) -> str:
    """The grams every name's word that is `word` or starts with it holds, as a tsquery: all of the word's
    grams but the padded end."""
    return " & ".join(_quoted(gram) for gram in dict.fromkeys(grams(word)[:-1]))


def names_query(words: Sequence[str], as_typed: Collection[str] = ()) -> str | None:
    """The tsquery (as text) of names that may be what `words` meant; None when no word is long enough.
    The words `as_typed` (those a document of the workspace holds) are looked for as typed: every gram of
    them is required, so the GIN index reads its way through the rarest of them, where a word's sets
    (one of which suffices) make it read every gram's entries whole; for "teleconference service
    provider" (every name holding a word starting "se" or ending "er") 6-10 ms of PostgreSQL, 2-3 so."""
    looked_for = searchable(words)
    if not looked_for:
        return None
    return " & ".join(f"({typed_query(word) if word in as_typed else word_query(word)})" for word in looked_for)


# What matching only the start of a name's word adds to a word's edits: a whole word as near comes first
# ("jonh" is one swap from John and one letter from the start of Jonas: John first).
PREFIX_COST = 0.5


def _cost(word: str, limit: int, candidate: str, beyond: float) -> float:
    """The edits from `word` to a name's word `candidate`, or to its start (PREFIX_COST more); `beyond`
    when both are more than `limit`."""
    whole = OSA.distance(word, candidate, score_cutoff=limit + 1)
    start = OSA.distance(word, candidate[: len(word)], score_cutoff=limit + 1)
    return min(float(whole) if whole <= limit else beyond, start + PREFIX_COST if start <= limit else beyond)


def distances(words: Sequence[str], names: Sequence[str]) -> list[float | None]:
    """The edits from what was typed to each name: for each word typed, to the nearest word of the name or
    to the start of one (in names every word is a prefix, as the keyword match reads them; PREFIX_COST
    more), summed; None when a word is further than it may be. A word many names share is measured once."""
    allowed = [allowed_edits(word) for word in words]
    beyond = float(max(allowed) + 1)
    measured: dict[str, list[float]] = {}  # a name's word -> its cost for each word typed

    def costs(candidate: str) -> list[float]:
        found = measured.get(candidate)
        if found is None:
            found = measured[candidate] = [
                _cost(word, limit, candidate, beyond) for word, limit in zip(words, allowed, strict=True)
            ]
        return found

    answers: list[float | None] = []
    for name in names:
        own = [costs(candidate) for candidate in name_words(name)]
        best = [min((found[index] for found in own), default=beyond) for index in range(len(words))]
        answers.append(None if beyond in best else sum(best))
    return answers


def meant(words: Sequence[str], names: Sequence[str]) -> set[str]:
    """The words of `names` (folded) that a word typed is near enough to mean, whole or as their start, as
    `distances` measures: what a hit's snippet marks where the typed words are not in its text."""
    allowed = [allowed_edits(word) for word in words]
    beyond = float(max(allowed, default=0) + 1)
    return {
        candidate
        for name in names
        for candidate in name_words(name)
        if any(_cost(word, limit, candidate, beyond) < beyond for word, limit in zip(words, allowed, strict=True))
    }


def distance(words: Sequence[str], name: str) -> float | None:
    """`distances` for one name."""
    return distances(words, [name])[0]
