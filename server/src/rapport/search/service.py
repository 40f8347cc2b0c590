"""Search: keyword candidates from PostgreSQL full-text search and semantic candidates (the query's
embedding, nearest stored vectors in the workspace), fused by reciprocal rank fusion. When the AI service
does not answer, the keyword hits come back alone and the answer says `degraded` (AI_UNAVAILABLE); when
the embedding queue holds changes older than INDEX_BEHIND_SECONDS, both sides answer but it says
`degraded` too (INDEX_BEHIND): recent changes may be missing from the semantic side."""

from __future__ import annotations

import enum
import html
import math
import re
import time
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.ai_client import AiClient, AiRequestRefused, AiUnavailable
from rapport.auth.actor import Actor
from rapport.embedding import service as embedding_service
from rapport.errors import BadUserInput, NotFound
from rapport.kit.expiring import ExpiringCache
from rapport.kit.pagination import decode_cursor, encode_cursor
from rapport.models import Role
from rapport.search import duplicates, repository, typos
from rapport.search.fusion import Fused, reciprocal_rank_fusion
from rapport.search.query import WORD, fold
from rapport.search.query import acronyms as query_acronyms
from rapport.search.query import words as query_words
from rapport.search.repository import START, STOP, Kind

MAX_FIRST = 50
# How deep a result list goes: the fused list is cut here, so `after` pages within it.
MAX_RESULTS = 200
MAX_QUERY_LENGTH = 500
KEYWORD = "keyword"
SEMANTIC = "semantic"
# A search does not wait longer than this for the query's embedding (then it answers keyword only).
SEMANTIC_SECONDS = 1.5
# Below this cosine similarity a neighbour is not a semantic hit: MiniLM puts unrelated texts at 0-0.2.
MIN_SIMILARITY = 0.25
# What the keyword list of documents holding only some of the words weighs in the fusion (the semantic
# list weighs 1), chosen on the tuning half of bench/search_eval (see bench/README.md).
KEYWORD_WEIGHT = 0.02
# What the keyword list of documents holding every word weighs: twice what meaning does, so that they come
# before what meaning alone found. At 0.02 too, a person or a company typed by name in a workspace of
# 100,000 contacts came after the 20 cards nearest in meaning (all alike to MiniLM): the name was not on
# the page (bench/README.md, "Names first").
EVERY_WORD_WEIGHT = 2.0
# The fused lists: the keyword retriever's two, each named "keyword" in `matchedBy`.
EVERY_WORD, SOME_WORDS = "keyword:every", "keyword:some"
_RETRIEVERS = {EVERY_WORD: KEYWORD, SOME_WORDS: KEYWORD}
# How deep each list is read when both are fused (at least the page and one more).
FUSION_DEPTH = 20
# Where the fused list's depth steps up, page after page: its first FUSION_DEPTH hits are fused from lists
# that deep, the next ones (to 50) from lists 50 deep without those already placed, and so on. A hit's
# place then does not depend on the page that asks for it: paging through in fives or asking for 50 at
# once gives the same hits in the same order (fused from lists as deep as each page, they differed: a
# deeper list adds to the scores of hits it reaches, and pages repeated some hits and skipped others).
FUSION_TIERS = (FUSION_DEPTH, 50, 100, MAX_RESULTS)
# Changes queued longer than this mean the semantic index is behind.
INDEX_BEHIND_SECONDS = 60.0
# A workspace's embedding lag is read once in this long per process, not for every search: against
# INDEX_BEHIND_SECONDS a few seconds late is the same answer, and counting a long queue is not free.
LAG_SECONDS = 5.0
_lags: ExpiringCache[uuid.UUID, float] = ExpiringCache(maxsize=10_000, ttl=LAG_SECONDS)
DIMENSIONS = 384
# With mail asked, how many neighbours a search reads at first for each hit it asks for: one each, and
# half as many more for the emails that share a thread (one hit). Three each, as it read before, cost
# PostgreSQL ~0.4 ms more a search at scale (the HNSW walk ~1.8 ms a call for 60 rows against ~1.4 for
# 30), and the benchmark's queries never needed more than one each (bench/README.md, "Fewer neighbours
# read").
EMAIL_READ = 1.5
# After the AI service did not answer, this process's searches skip it for this long.
AI_RETRY_SECONDS = 5.0
_ai_down_until = 0.0

HitKey = tuple[Kind, uuid.UUID]


class Degraded(enum.StrEnum):
    """Why an answer is not the full hybrid search."""

    AI_UNAVAILABLE = "AI_UNAVAILABLE"
    INDEX_BEHIND = "INDEX_BEHIND"


async def _hits_of_neighbours(
    session: AsyncSession,
    actor: Actor,
    neighbours: Sequence[embedding_service.Neighbour],
    *,
    exclude: Collection[uuid.UUID] = (),
) -> list[tuple[HitKey, float]]:
    """Neighbours as hits with their cosine similarity, best first: an email is its thread (once, at its
    best email's place)."""
    emails = [n.object_id for n in neighbours if n.object_type == "EMAIL"]
    threads = await repository.threads_of_emails(session, actor.workspace_id, emails)
    return _hits_of_near(
        [
            (n.object_type, threads.get(n.object_id) if n.object_type == "EMAIL" else n.object_id, n.distance)
            for n in neighbours
        ],
        exclude=exclude,
    )


def _hits_of_near(
    near: Sequence[repository.Near], *, exclude: Collection[uuid.UUID] = ()
) -> list[tuple[HitKey, float]]:
    """Neighbours read with an email as its thread (None: the email is gone) as hits with their cosine
    similarity, best first, each once (a thread at its best email's place)."""
    seen: set[HitKey] = set()
    hits: list[tuple[HitKey, float]] = []
    for kind, record_id, distance in near:
        if record_id is None:
            continue
        key: HitKey = (Kind(kind), record_id)
        if key in seen or record_id in exclude:
            continue
        seen.add(key)
        hits.append((key, 1.0 - distance))
    return hits


async def query_vector(ai: AiClient | None, query: str) -> Sequence[float] | None:
    """The query's embedding, or None when the AI service does not answer now."""
    global _ai_down_until
    if ai is None or time.monotonic() < _ai_down_until:
        return None
    try:
        return await ai.embed_query(query, within=SEMANTIC_SECONDS)
    except AiUnavailable:
        # Searches in the next seconds do not wait for it too: they answer keyword hits at once.
        _ai_down_until = time.monotonic() + AI_RETRY_SECONDS
        return None
    except AiRequestRefused:
        return None


def _reaches(kinds: Sequence[Kind], limit: int) -> list[int]:
    """How many neighbours the semantic side reads for `limit` hits, and how many when that was not enough.
    Several emails of one thread may come back, one hit: with mail asked, more than asked (EMAIL_READ), and
    three times as many when that was not enough."""
    reaches = (int(limit * EMAIL_READ), 3 * limit) if Kind.EMAIL in kinds else (limit,)
    return [min(reach, 3 * MAX_RESULTS) for reach in reaches]


def _object_types(kinds: Sequence[Kind]) -> list[embedding_service.ObjectType]:
    return [embedding_service.object_type_of(kind.value) for kind in kinds]


async def semantic_hits(
    session: AsyncSession,
    actor: Actor,
    vector: Sequence[float],
    kinds: Sequence[Kind],
    limit: int,
    first: Sequence[repository.Near] | None = None,
) -> list[HitKey]:
    """The semantic hits of these kinds for the query's `vector`, best first: from `first`, the first
    reach's neighbours when already read (repository.candidates), and further reaches read here while they
    are not enough."""
    near: list[HitKey] = []
    for index, reach in enumerate(_reaches(kinds, limit)):
        if index == 0 and first is not None:
            read = len(first)
            hits = _hits_of_near(first)
        else:
            neighbours = await embedding_service.nearest(
                session, actor, vector=vector, limit=reach, object_types=_object_types(kinds)
            )
            read = len(neighbours)
            hits = await _hits_of_neighbours(session, actor, neighbours)
        near = [key for key, similarity in hits if similarity >= MIN_SIMILARITY]
        # Enough hits; or the workspace holds no more; or the last ones read are not near enough, and then
        # no further one is.
        if len(near) >= limit or read < reach or len(near) < len(hits):
            break
    return near[:limit]


@dataclass(frozen=True, slots=True)
class Hit:
    kind: Kind
    id: uuid.UUID
    row: Any  # Contact | Company | Deal | EmailThread | Activity, as `kind` says
    score: float
    snippet: str | None
    matched_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchPage:
    items: list[tuple[str, Hit]]  # (cursor, hit)
    has_next_page: bool
    degraded: Degraded | None


def snippet_html(
    headline: str | None, also: Collection[str] = (), typed: Sequence[str] = (), acronyms: Collection[str] = ()
) -> str | None:
    """A headline as safe HTML: the text escaped, only the matched words in <mark>; and the words
    ts_headline could not mark: those that fold to one of `also` (the names a word typed with a letter
    wrong meant: not in the headline's query), those with accents whose folded form is, or starts
    with, a word `typed` (folded: the query is matched against folded text, the headline is cut from the
    text as written, so "Jürgen" was never marked for "jurgen" or "Jürgen"), and the `acronyms` where
    written in capitals (ts_headline reads text as English, to which "IT" is a stop word)."""
    if not headline:
        return None
    text = " ".join(headline.split())
    if also or typed or acronyms:
        # Only outside the passages ts_headline marked: split on them, the marked ones at odd places.
        parts = _MARKED.split(text)
        # An ASCII passage folds to its lower case: only a name meant or an acronym can be marked in it.
        plain = not also and not acronyms
        parts[::2] = [
            part if plain and part.isascii() else WORD.sub(lambda word: _mark(word[0], also, typed, acronyms), part)
            for part in parts[::2]
        ]
        text = "".join(parts)
    return html.escape(text).replace(START, "<mark>").replace(STOP, "</mark>")


_MARKED = re.compile(f"({re.escape(START)}.*?{re.escape(STOP)})")


def _mark(word: str, meant: Collection[str], typed: Sequence[str], acronyms: Collection[str] = ()) -> str:
    lower = word.lower()
    folded = lower if word.isascii() else fold(word)
    accented = folded != lower
    if (
        folded in meant
        or (folded in acronyms and word.isupper())
        or (
            accented
            and any(
                folded == asked or (len(asked) >= repository.PROSE_PREFIX_LETTERS and folded.startswith(asked))
                for asked in typed
            )
        )
    ):
        return f"{START}{word}{STOP}"
    return word


def _offset(after: str | None) -> int:
    if after is None:
        return 0
    tag, offset = decode_cursor(after, arity=2)
    if tag != "search" or not isinstance(offset, int) or not 0 < offset <= MAX_RESULTS:
        raise BadUserInput("The cursor is not valid.", field_errors={("after",): "not a cursor from this search"})
    return offset


def _ranked(scored: Sequence[tuple[Kind, uuid.UUID, float]], kinds: Sequence[Kind], limit: int) -> list[HitKey]:
    """(kind, id, score) of several kinds as one list, best first: by score, then kind, then id."""
    position = {kind: index for index, kind in enumerate(kinds)}
    ordered = sorted(scored, key=lambda hit: (-hit[2], position[hit[0]], hit[1]))
    return [(kind, record_id) for kind, record_id, _ in ordered[:limit]]


def bm25_idf(documents: int, holding: int) -> float:
    """A word's weight: the BM25 inverse document frequency (Robertson and Zaragoza), high for rare words,
    near 0 for a word most documents hold."""
    return math.log(1.0 + (documents - holding + 0.5) / (holding + 0.5))


# What the any-word match's weights are computed from changes slowly and is cheap to be a little behind
# on: a word's stop-word status never changes; a workspace's document counts and how many documents hold
# a word are kept per api process (per workspace: one workspace's counts never weigh in another's search).
STATISTICS_SECONDS = 300.0
_stop_words: ExpiringCache[str, bool] = ExpiringCache(maxsize=50_000, ttl=86_400.0)
# A workspace's document count moves slowly against its size, and counting 150,000 notes takes half a
# second: an hour.
_documents: ExpiringCache[tuple[uuid.UUID, Kind], int] = ExpiringCache(maxsize=10_000, ttl=3_600.0)
_holding: ExpiringCache[tuple[uuid.UUID, Kind, str, bool], int] = ExpiringCache(maxsize=100_000, ttl=STATISTICS_SECONDS)
# How many documents of each kind all workspaces hold together (PostgreSQL's estimate, None before one):
# one entry, every kind.
_everywhere: ExpiringCache[str, dict[Kind, int | None]] = ExpiringCache(maxsize=1, ttl=STATISTICS_SECONDS)
# A workspace holding at least this share of a kind's documents has its keyword matches of that kind read
# from the GIN index alone, with plans made once a connection (migration 0034_searchgeneric): the index
# then reads at most three documents of other workspaces for each of the workspace's own (about what
# reading the workspace's own rows costs, and far less for any word rarer than most), and a search saves
# planning each statement (0.1-0.3 ms each, up to ten a search). Any other workspace's kinds are planned
# for each search's words, which tells a small workspace from a large one.
INDEXED_SHARE = 0.25


async def _stop_words_of(session: AsyncSession, words: Sequence[str]) -> set[str]:
    stop = {word: _stop_words.get(word) for word in words}
    unknown = [word for word, known in stop.items() if known is None]
    if unknown:
        content = set(await repository.content_words(session, unknown))
        for word in unknown:
            stop[word] = _stop_words[word] = word not in content
    return {word for word, is_stop in stop.items() if is_stop}


async def _content_words(session: AsyncSession, words: Sequence[str], acronyms: Collection[str] = ()) -> list[str]:
    """The words but English stop words; a stop word typed in capitals (`acronyms`: "IT") is kept."""
    stop = await _stop_words_of(session, words)
    return [word for word in words if word not in stop or word in acronyms]


async def stop_word_acronyms(session: AsyncSession, words: Sequence[str], acronyms: Collection[str]) -> frozenset[str]:
    """The words typed in capitals that English drops as stop words ("IT", "US", "OR"): matched whole as
    typed (repository._tsquery), where a stop word typed otherwise is left out. Other acronyms ("CEO")
    are words like any other."""
    asked = [word for word in words if word in acronyms]
    return frozenset(await _stop_words_of(session, asked)) if asked else frozenset()


async def _document_counts(session: AsyncSession, workspace: uuid.UUID, kinds: Sequence[Kind]) -> dict[Kind, int]:
    """The workspace's documents of each kind, from the cache (read into locals once: an entry may expire
    between two reads) or counted."""
    cached = {kind: _documents.get((workspace, kind)) for kind in kinds}
    if None in cached.values():
        counts = await repository.document_counts(session, workspace, kinds)
        _documents.update({(workspace, kind): count for kind, count in counts.items()})
        return counts
    return {kind: count or 0 for kind, count in cached.items()}


async def indexed_kinds(session: AsyncSession, actor: Actor, kinds: Sequence[Kind]) -> list[Kind]:
    """The kinds of which the workspace holds at least INDEXED_SHARE of all workspaces' documents."""
    everywhere = _everywhere.get("all")
    if everywhere is None:
        everywhere = _everywhere["all"] = await repository.documents_everywhere(session, list(Kind))
    counts = await _document_counts(session, actor.workspace_id, kinds)
    return [
        kind
        for kind in kinds
        if (total := everywhere.get(kind)) is not None and total > 0 and counts[kind] >= INDEXED_SHARE * total
    ]


async def _word_statistics(
    session: AsyncSession, actor: Actor, words: Sequence[str], kinds: Sequence[Kind], acronyms: Collection[str] = ()
) -> tuple[int, dict[Kind, list[int]]]:
    """The documents of these kinds in the workspace, and how many of each kind hold each word (the
    last as a prefix too), counted up to repository.HOLDING_CAP. Read from the caches into locals once:
    an entry may expire between two reads."""
    workspace = actor.workspace_id
    documents = sum((await _document_counts(session, workspace, kinds)).values())
    last = len(words) - 1

    def key(kind: Kind, index: int) -> tuple[uuid.UUID, Kind, str, bool]:
        return (workspace, kind, words[index], index == last)

    held = {kind: [_holding.get(key(kind, index)) for index in range(len(words))] for kind in kinds}
    if any(None in counts for counts in held.values()):
        fresh = await repository.word_holding(session, kinds, words, acronyms)
        held = {kind: list(fresh.get(kind, [0] * len(words))) for kind in kinds}
        _holding.update({key(kind, index): count or 0 for kind in kinds for index, count in enumerate(held[kind])})
    return documents, {kind: [count or 0 for count in counts] for kind, counts in held.items()}


async def required_words(session: AsyncSession, words: Sequence[str], acronyms: Collection[str] = ()) -> list[str]:
    """The words every keyword hit must hold: stop words and single letters are left out (each would
    match nearly every document through its prefix, and costs the most to look up), but for the last
    word, which may still be being typed, and the `acronyms` (stop words typed in capitals: "IT").
    All of them when every word is a stop word."""
    content = set(await _content_words(session, words, acronyms))
    last = len(words) - 1
    required = [word for index, word in enumerate(words) if index == last or (word in content and len(word) > 1)]
    return required if content else list(words)


async def some_words(
    session: AsyncSession, actor: Actor, words: Sequence[str], kinds: Sequence[Kind], acronyms: Collection[str] = ()
) -> repository.SomeWords | None:
    """What the any-word match of these kinds needs (None when every word is a stop word): the words but
    stop words, each weighted by bm25_idf over all the kinds' documents, and per kind its finding words:
    those held by fewer than HOLDING_CAP of its documents, as counted at most STATISTICS_SECONDS ago (a
    word none held then still finds what holds it now). A word common in a kind only adds its weight to
    what the rarer words found."""
    content = await _content_words(session, words, acronyms)
    if not content:
        return None
    documents, holding = await _word_statistics(session, actor, content, kinds, acronyms)
    weights = [bm25_idf(documents, sum(holding[kind][index] for kind in kinds)) for index in range(len(content))]
    finders = {
        kind: [index for index, count in enumerate(holding[kind]) if count < repository.HOLDING_CAP] for kind in kinds
    }
    return repository.SomeWords(words=content, weights=weights, finders=finders)


def rare_before_last(required: Sequence[str], some: repository.SomeWords | None) -> list[Kind]:
    """The kinds where one of the required words before the last is rare (one of the some-words match's
    finding words there: fewer than HOLDING_CAP documents held it when last counted). Their every-word
    match reads the index through those words (repository.candidates' `narrow`): the answer is the same
    either way, and a count that has gone stale only costs time."""
    if some is None:
        return []
    before = set(required[:-1])
    return [kind for kind, indexes in some.finders.items() if any(some.words[index] in before for index in indexes)]


async def keyword_search(
    session: AsyncSession,
    actor: Actor,
    words: Sequence[str],
    kinds: Sequence[Kind],
    limit: int,
    *,
    lookup: bool,
    with_some_words: bool,
    acronyms: Collection[str] = (),
    nearest: embedding_service.NearestRead | None = None,
) -> tuple[list[HitKey], list[HitKey], set[str], list[repository.Near] | None]:
    """The keyword hits of every kind as two lists, best first: what holds every required word (by
    ts_rank, then kind, then id), and, `with_some_words`, what holds only some of the words (by the
    summed weights of the words held plus a rank below 1, then kind, then id; none of the first list).
    A lookup requires every word as typed. One statement, which also reads the `nearest` vectors when
    given (the fourth value, as repository.candidates gives them); where nothing holds every word, the
    names a word typed with a letter wrong may mean are the first list (misspelt_names), and the third
    value holds the words of those names it meant (for the snippets to mark). The `acronyms` (stop words
    typed in capitals: stop_word_acronyms) are kept and matched whole."""
    required = words if lookup else await required_words(session, words, acronyms)
    some = await some_words(session, actor, words, kinds, acronyms) if with_some_words else None
    every, holding_some, near = await repository.candidates(
        session,
        kinds,
        required,
        limit=limit,
        some=some,
        narrow=rare_before_last(required, some),
        indexed=await indexed_kinds(session, actor, kinds),
        lookup=lookup,
        acronyms=acronyms,
        nearest=None if nearest is None else (actor.workspace_id, nearest.sql, nearest.parameters),
    )
    ranked = _ranked(every, kinds, limit)
    meant: set[str] = set()
    if not ranked and not lookup:
        ranked, meant = await misspelt_names(session, actor, words, kinds, limit)
    found = set(ranked)
    some_only = [key for key in _ranked(holding_some, kinds, limit) if key not in found][: limit - len(ranked)]
    return ranked, some_only, meant, near


async def _held(session: AsyncSession, actor: Actor, words: Sequence[str], kinds: Sequence[Kind]) -> dict[str, bool]:
    """For each word typed but stop words, whether a document of these kinds holds it (the last as a
    prefix too), as counted at most STATISTICS_SECONDS ago."""
    content = await _content_words(session, words)
    if not content:
        return {}
    _, holding = await _word_statistics(session, actor, content, kinds)
    return {word: any(holding[kind][index] > 0 for kind in kinds) for index, word in enumerate(content)}


async def misspelt_names(
    session: AsyncSession, actor: Actor, words: Sequence[str], kinds: Sequence[Kind], limit: int
) -> tuple[list[HitKey], set[str]]:
    """For a name typed with a letter wrong: the contacts and companies (of the kinds asked) whose names are
    within the edits each word may be off by (typos.distances), closest first, then by kind and id, and
    the words of those names the words typed meant (typos.meant). Asked only where nothing holds every
    word, of a query no longer than a name (NAME_WORDS) with a word of at least typos.EXACT_BELOW letters
    that no document holds (_held): a search whose words are all in the workspace is never second-guessed,
    and the words a document holds are looked for as typed (typos.names_query)."""
    name_kinds = [kind for kind in kinds if kind in repository.NAME_KINDS]
    if not name_kinds or len(words) > repository.NAME_WORDS or not typos.searchable(words):
        return [], set()
    held = await _held(session, actor, words, kinds)
    if not any(len(word) >= typos.EXACT_BELOW and not found for word, found in held.items()):
        return [], set()
    query = typos.names_query(words, as_typed={word for word, found in held.items() if found})
    if query is None:
        return [], set()
    near = await repository.names_near(session, actor.workspace_id, name_kinds, query)
    edits = typos.distances(words, [name for _, _, name in near])
    kept = [
        (kind, record_id, name, -found)
        for (kind, record_id, name), found in zip(near, edits, strict=True)
        if found is not None
    ]
    ranked = _ranked([(kind, record_id, score) for kind, record_id, _, score in kept], kinds, limit)
    on_list = set(ranked)
    return ranked, typos.meant(words, [name for kind, record_id, name, _ in kept if (kind, record_id) in on_list])


def looks_like_identifier(query: str) -> bool:
    """An email address or a phone number is looked up, not understood: meaning would only add people
    who merely look alike (another contact's card is "near" any address)."""
    compact = re.sub(r"[\s().+-]", "", query)
    return "@" in query or (len(compact) >= 6 and compact.isdigit())


async def search(
    session: AsyncSession,
    actor: Actor,
    *,
    query: str,
    types: Sequence[Kind] | None,
    first: int,
    after: str | None,
    ai: AiClient | None = None,
    retrievers: Collection[str] = (KEYWORD, SEMANTIC),
) -> SearchPage:
    """Hybrid search (see the module's docstring); `ai` None searches by keyword only (degraded).
    `retrievers` may leave one side out (to compare them: bench/search_eval.py)."""
    actor.require(Role.VIEWER)
    if not 0 <= first <= MAX_FIRST:
        raise BadUserInput(f"`first` must be between 0 and {MAX_FIRST}.", field_errors={("first",): "out of range"})
    if len(query) > MAX_QUERY_LENGTH:
        raise BadUserInput(f"A search is at most {MAX_QUERY_LENGTH} characters.", field_errors={("query",): "too long"})
    offset = _offset(after)
    kinds = [kind for kind in Kind if not types or kind in types]
    words = query_words(query)
    limit = min(offset + first + 1, MAX_RESULTS)
    if not words or first == 0 or offset >= MAX_RESULTS:
        return SearchPage(items=[], has_next_page=False, degraded=None)
    if not retrievers or not set(retrievers) <= {KEYWORD, SEMANTIC}:
        raise BadUserInput("Choose keyword, semantic or both.", field_errors={("retrievers",): "none or unknown"})
    # Fused, the two lists are read deeper than the page (a hit low in both may belong on it): as deep as
    # the tier the page ends in, and at least one more than the page (when only one list answers, a lookup
    # or meaning finding nothing, it says whether another page follows).
    if {KEYWORD, SEMANTIC} <= set(retrievers):
        limit = max(limit, next(tier for tier in FUSION_TIERS if tier >= min(offset + first, MAX_RESULTS)))
    semantic: list[HitKey] | None = []
    degraded = None
    lookup = looks_like_identifier(query)
    vector: Sequence[float] | None = None
    meaning = SEMANTIC in retrievers and not lookup
    if meaning:
        vector = await query_vector(ai, query)
        semantic = None  # until its neighbours are read: None stays when the AI service did not answer
    lists: dict[str, list[HitKey]] = {}
    meant: set[str] = set()  # the names' words a word typed with a letter wrong meant (keyword_search)
    acronyms: frozenset[str] = frozenset()
    if KEYWORD in retrievers:
        # The keyword retriever also ranks what holds some of the words (rarer words weigh more), after
        # what holds them all: beside semantic hits it reorders and fills them; asked alone, or when the
        # AI service did not answer (degraded: nothing says what meaning would have found), it is the
        # page. A lookup (an email address or a phone number) keeps to what holds every word, and so does
        # a search where meaning answered and found nothing near: a document holding only some of the
        # words is then unlikely to be what was meant. Unless an acronym was typed ("head of IT"): the
        # model reads text in lower case, and to it "IT" is "it", so its finding nothing near says nothing
        # of the documents holding the acronym.
        # (A lookup has none: "anna@trattoria.IT" is an address, read whole as typed but its last word.)
        typed_in_capitals = frozenset() if lookup else query_acronyms(query)
        acronyms = await stop_word_acronyms(session, words, typed_in_capitals) if typed_in_capitals else frozenset()
        # The query's nearest vectors are read in the keyword side's statement (one round trip for both);
        # what holds only some of the words is read with them, and left out below when meaning found
        # nothing near.
        nearest = None
        if vector is not None:
            nearest = await embedding_service.nearest_read(
                session, actor, vector=vector, limit=_reaches(kinds, limit)[0], object_types=_object_types(kinds)
            )
        every, some, meant, near = await keyword_search(
            session,
            actor,
            words,
            kinds,
            limit,
            lookup=lookup,
            with_some_words=not lookup and len(words) > 1,
            acronyms=acronyms,
            nearest=nearest,
        )
        if vector is not None:
            semantic = await semantic_hits(session, actor, vector, kinds, limit, first=near)
        if meaning and semantic is not None and not semantic and not acronyms:
            some = []
        if semantic:
            # Fused, the two keyword lists weigh differently: what holds every word typed (a name, an
            # address, the words of a note) comes before what meaning alone found; what holds only some
            # of them reorders and fills what meaning found.
            lists[EVERY_WORD], lists[SOME_WORDS] = every, some
        else:
            lists[KEYWORD] = every + some
    elif vector is not None:
        semantic = await semantic_hits(session, actor, vector, kinds, limit)
    if meaning:
        degraded = await _degraded(session, actor, available=semantic is not None)
    if semantic:
        lists[SEMANTIC] = semantic[:limit]
    if len(lists) > 1:
        ranked = _tiered(lists, offset + first)
        # Another page follows when the lists hold a hit not placed yet (a later tier places it), or one
        # of them was read to its depth (a deeper read holds more).
        found = {key for hits in lists.values() for key in hits}
        full = len(semantic or []) >= limit or len(lists.get(EVERY_WORD, [])) + len(lists.get(SOME_WORDS, [])) >= limit
        more = offset + first < MAX_RESULTS and (len(found) > offset + first or full)
    else:
        ranked = reciprocal_rank_fusion(lists)[:MAX_RESULTS]
        more = len(ranked) > offset + first
    fused = [
        Fused(item.key, item.score, tuple(dict.fromkeys(_RETRIEVERS.get(name, name) for name in item.sources)))
        for item in ranked
    ]
    page = fused[offset : offset + first]
    ids = {kind: [key[1] for key in (item.key for item in page) if key[0] is kind] for kind in kinds}
    read = await repository.hits(session, actor.workspace_id, words, ids, acronyms)
    items = [
        (
            encode_cursor(["search", offset + index + 1]),
            Hit(
                kind=item.key[0],
                id=item.key[1],
                row=read[item.key][0],
                score=item.score,
                snippet=snippet_html(read[item.key][1], also=meant, typed=words, acronyms=acronyms),
                matched_by=item.sources,
            ),
        )
        for index, item in enumerate(page)
        if item.key in read
    ]
    return SearchPage(items=items, has_next_page=more, degraded=degraded)


def _tiered(lists: dict[str, list[HitKey]], upto: int) -> list[Fused[HitKey]]:
    """The fused hits down to place `upto`, tier by tier (FUSION_TIERS): each tier's places are filled from
    the lists read as deep as the tier, fused, without the hits placed in the tiers above it."""
    weights = {EVERY_WORD: EVERY_WORD_WEIGHT, SOME_WORDS: KEYWORD_WEIGHT}
    placed: list[Fused[HitKey]] = []
    seen: set[HitKey] = set()
    for tier in FUSION_TIERS:
        every = lists.get(EVERY_WORD, [])[:tier]
        deep = {name: ranked[:tier] for name, ranked in lists.items()}
        if SOME_WORDS in deep:
            deep[SOME_WORDS] = deep[SOME_WORDS][: max(0, tier - len(every))]  # as keyword_search reads them
        for item in reciprocal_rank_fusion(deep, weights=weights):
            if len(placed) == tier:
                break
            if item.key not in seen:
                placed.append(item)
                seen.add(item.key)
        if len(placed) < tier or len(placed) >= upto:
            break  # the lists hold no more, or the page is filled
    return placed


async def _degraded(session: AsyncSession, actor: Actor, *, available: bool) -> Degraded | None:
    if not available:
        return Degraded.AI_UNAVAILABLE
    lag = _lags.get(actor.workspace_id)
    if lag is None:
        lag = _lags[actor.workspace_id] = (await embedding_service.backlog(session, actor)).lag_seconds
    return Degraded.INDEX_BEHIND if lag > INDEX_BEHIND_SECONDS else None


MAX_SIMILAR = 50


async def similar(
    session: AsyncSession, actor: Actor, *, id: uuid.UUID, first: int, ai: AiClient | None = None
) -> list[Hit]:
    """Records, notes and threads whose meaning is nearest to this record, note or email thread, best
    first (the score is the cosine similarity). Empty while the record is not embedded yet; NOT_FOUND
    when it is not in the workspace."""
    actor.require(Role.VIEWER)
    if not 0 <= first <= MAX_SIMILAR:
        raise BadUserInput(f"`first` must be between 0 and {MAX_SIMILAR}.", field_errors={("first",): "out of range"})
    vector = await embedding_service.vector_by_id(session, actor, object_id=id)
    if vector is None:
        for email_id in await repository.emails_of_thread(session, actor.workspace_id, id):
            vector = await embedding_service.vector_by_id(session, actor, object_id=email_id)
            if vector is not None:
                break
    if vector is None:
        for kind in Kind:
            if id in await repository.rows_by_id(session, actor.workspace_id, kind, [id]):
                return []
        raise NotFound("Nothing with this id in this workspace.")
    if first == 0:
        return []
    neighbours = await embedding_service.nearest(session, actor, vector=vector, limit=3 * first + 10)
    # An email's id (a thread is asked for by its own): its thread is where it is, not alike to it.
    own_thread = (await repository.threads_of_emails(session, actor.workspace_id, [id])).get(id)
    exclude = {id} if own_thread is None else {id, own_thread}
    found = await _hits_of_neighbours(session, actor, neighbours, exclude=exclude)
    rows: dict[HitKey, Any] = {}
    for kind in Kind:
        ids = [key[1] for key, _ in found if key[0] is kind]
        for record_id, row in (await repository.rows_by_id(session, actor.workspace_id, kind, ids)).items():
            rows[(kind, record_id)] = row
    hits = [
        Hit(kind=key[0], id=key[1], row=rows[key], score=similarity, snippet=None, matched_by=(SEMANTIC,))
        for key, similarity in found
        if key in rows and similarity >= MIN_SIMILARITY
    ]
    return hits[:first]


@dataclass(frozen=True, slots=True)
class IndexStatus:
    model: str
    dimensions: int
    pending: int
    lag_seconds: float


async def index_status(session: AsyncSession, actor: Actor, *, ai: AiClient | None = None) -> IndexStatus:
    """The embedding model, and what of the workspace waits to be embedded."""
    actor.require(Role.VIEWER)
    backlog = await embedding_service.backlog(session, actor)
    model: str | None = None
    dimensions = DIMENSIONS
    if ai is not None:
        try:
            info = await ai.model_info(within=SEMANTIC_SECONDS)
            model, dimensions = info.name, info.dimensions
        except (AiUnavailable, AiRequestRefused):
            model = None
    if model is None:
        model = await embedding_service.latest_model(session, actor) or "unavailable"
    return IndexStatus(model=model, dimensions=dimensions, pending=backlog.pending, lag_seconds=backlog.lag_seconds)


# Duplicate detection reads at most this many records, newest first: the rules are bounded by blocks,
# and this bounds the read.
MAX_RECORDS_COMPARED = 20_000
MAX_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class Candidate:
    records: list[Any]  # Contact or Company rows, in the order of the pair
    score: float
    reasons: list[str]


def _check_first(first: int) -> None:
    if not 0 <= first <= MAX_CANDIDATES:
        raise BadUserInput(
            f"`first` must be between 0 and {MAX_CANDIDATES}.", field_errors={("first",): "out of range"}
        )


async def _candidates(
    session: AsyncSession, actor: Actor, kind: Kind, matches: Sequence[duplicates.Match]
) -> list[Candidate]:
    rows = await repository.rows_by_id(session, actor.workspace_id, kind, [i for m in matches for i in m.ids])
    return [
        Candidate(records=[rows[i] for i in match.ids], score=match.score, reasons=match.reasons)
        for match in matches
        if all(i in rows for i in match.ids)
    ]


def _contact_facts(row: Any) -> duplicates.ContactFacts:
    return duplicates.ContactFacts(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        emails=row.emails,
        phones=row.phones,
        company_id=row.company_id,
    )


async def duplicate_candidates(session: AsyncSession, actor: Actor, *, kind: Kind, first: int) -> list[Candidate]:
    """Likely duplicate pairs of contacts or companies, best first (see duplicates.py for the rules)."""
    actor.require(Role.VIEWER)
    _check_first(first)
    if kind is Kind.CONTACT:
        rows = await repository.contacts_for_matching(session, actor.workspace_id, limit=MAX_RECORDS_COMPARED)
        matches = duplicates.contact_duplicates([_contact_facts(row) for row in rows], limit=first)
    elif kind is Kind.COMPANY:
        companies = await repository.companies_for_matching(session, actor.workspace_id, limit=MAX_RECORDS_COMPARED)
        matches = duplicates.company_duplicates(
            [duplicates.CompanyFacts(id=row.id, name=row.name, domain=row.domain) for row in companies], limit=first
        )
    else:
        raise BadUserInput(
            "Duplicates are found among contacts and companies.", field_errors={("objectType",): "not supported"}
        )
    return await _candidates(session, actor, kind, matches)


async def contact_matches(
    session: AsyncSession,
    actor: Actor,
    *,
    first_name: str | None,
    last_name: str | None,
    emails: Sequence[str],
    phones: Sequence[str],
    first: int,
) -> list[Candidate]:
    """Existing contacts that a contact about to be created likely duplicates (each candidate holds
    the one existing contact), best first."""
    actor.require(Role.VIEWER)
    _check_first(first)
    draft = duplicates.ContactFacts(
        id=uuid.UUID(int=0), first_name=first_name, last_name=last_name, emails=emails[:20], phones=phones[:20]
    )
    rows = await repository.contacts_for_matching(session, actor.workspace_id, limit=MAX_RECORDS_COMPARED)
    matches = duplicates.contact_matches(draft, [_contact_facts(row) for row in rows], limit=first)
    found = await repository.rows_by_id(session, actor.workspace_id, Kind.CONTACT, [m.ids[1] for m in matches])
    return [
        Candidate(records=[found[match.ids[1]]], score=match.score, reasons=match.reasons)
        for match in matches
        if match.ids[1] in found
    ]
