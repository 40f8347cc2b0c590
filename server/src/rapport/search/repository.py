"""The SQL of search and duplicates: reads over the record, note and email tables (writes go
through the owning domains' services). Every query names the workspace; row-level security holds too."""

from __future__ import annotations

import enum
import functools
import itertools
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.db import fetch_on_driver, instances_on_driver, loaded_columns, prefixed
from rapport.models import Activity, Company, Contact, Deal, EmailThread


class Kind(enum.StrEnum):
    """What a hit is; the GraphQL `SearchType`."""

    CONTACT = "CONTACT"
    COMPANY = "COMPANY"
    DEAL = "DEAL"
    EMAIL = "EMAIL"
    NOTE = "NOTE"


# Headline markers: private-use characters that no stored text keeps (they are removed from it first),
# turned into <mark> after the text around them is HTML-escaped.
START, STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = (
    f'StartSel={START}, StopSel={STOP}, MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)


# Kinds whose documents are prose: a note's body, an email's subject, body and addresses.
PROSE = frozenset({Kind.NOTE, Kind.EMAIL})
# A query of more words than this is read as prose in every kind: a name is typed in one to three words.
NAME_WORDS = 3


def _as_prose(kind: Kind, words: Sequence[str]) -> bool:
    """Whether only the last of `words` is a prefix in `kind` (_tsquery)."""
    return kind in PROSE or len(words) > NAME_WORDS


# In prose the last word is read as a prefix from its second letter: one letter is the prefix of a word of
# most emails and notes of a large workspace (the palette's first keystroke, "g", had the GIN index gather
# them all, and each email hit's snippet was cut from 20,000 characters: 73 ms a search on the scale data
# set, 40 since); until then it is matched as a whole word. Names keep every prefix ("g" finds Grace).
PROSE_PREFIX_LETTERS = 2


def _prefix_last(words: Sequence[str]) -> bool:
    """Whether the last of `words` is read as a prefix in prose (PROSE_PREFIX_LETTERS)."""
    return len(words[-1]) >= PROSE_PREFIX_LETTERS


def _tsquery(
    count: int,
    name: str = "w",
    *,
    prose: bool = False,
    whole: bool = False,
    prefix_last: bool = True,
    acronyms: Collection[int] = (),
    skip: Collection[int] = (),
) -> str:
    """All the words (AND), each as a prefix of an unstemmed word (names, addresses) or as an English
    stem (prose). In prose (`prose`: notes and mail, and any kind when the query is longer than a name:
    _as_prose) only the last word, the one that may still be being typed, is a prefix; the others
    match a whole word as typed or its stem: a short word there ("en", "la", "ma") is the prefix of
    thousands of words in a large workspace's mail or names, and its GIN read cost a search several
    milliseconds for matches nobody meant (bench/README.md, "Search p95 on a quiet machine").
    `whole`: no word is a prefix (the words before the last of a prose query: candidates' narrow).
    `prefix_last` False: in prose the last word is not one either (_prefix_last).
    `acronyms`: the indexes of words typed in capitals that are English stop words ("IT", "US"): each
    matches that word whole as typed, never as a prefix ("IT" is not "Ito"), and only where it weighs A
    (names, subjects, and the acronyms of titles and industries: migration 0042_acronyms), not in an
    address ("anna@trattoria.it"). `skip`: the indexes of words left out (_bodies_skip).
    The words are bound values (`:w0`, `:w1`, ... or another `name`), never SQL or tsquery syntax."""

    def word(index: int) -> str:
        if index in acronyms:
            return _acronym_query(name, index)
        as_prefix = not whole and (not prose or (index == count - 1 and prefix_last))
        suffix = " || ':*'" if as_prefix else ""
        return f"(to_tsquery('simple', :{name}{index}{suffix}) || to_tsquery('english', :{name}{index}))"

    return " && ".join(word(index) for index in range(count) if index not in skip)


def _bodies_skip(words: Sequence[str], acronyms: Collection[str]) -> frozenset[int]:
    """The acronyms a note or an email need not hold, where another word is typed: the acronym is held
    in a subject, never in the body (English drops it there, and capitals in prose are as often shouting),
    so "IT outage" finds the email about an outage that only its body says is the IT team's, as it did
    when "IT" was a stop word left out. Typed alone, the acronym is what the subject must hold."""
    whole = acronym_indexes(words, acronyms)
    return whole if len(whole) < len(words) else frozenset()


def _acronym_query(name: str, index: int) -> str:
    """An acronym typed: the word whole where it weighs A ("it:A"; the colon and the weight apart, or the
    weight would read as a bind parameter)."""
    return f"to_tsquery('simple', :{name}{index} || ':' || 'A')"


def acronym_indexes(words: Sequence[str], acronyms: Collection[str]) -> frozenset[int]:
    """Where in `words` the acronyms are (_tsquery's `acronyms`)."""
    return frozenset(index for index, word in enumerate(words) if word in acronyms)


# (table alias and FROM, the live-row condition, the snippet source text). Every table stores its
# `search_vector` (a note's is kept by a trigger: migration 0028_notevector).
_RECORDS = {
    Kind.CONTACT: (
        "contacts r",
        "r.deleted_at IS NULL",
        # NULLIF: a contact without an address or a title has no separator left hanging ("Ada ·").
        "concat_ws(' · ', r.name, NULLIF(array_to_string(r.emails, ', '), ''), NULLIF(r.job_title, ''))",
    ),
    Kind.COMPANY: (
        "companies r",
        "r.deleted_at IS NULL",
        "concat_ws(' · ', r.name, NULLIF(r.domain, ''), NULLIF(r.industry, ''))",
    ),
    Kind.DEAL: ("deals r", "r.deleted_at IS NULL", "r.name"),
    Kind.NOTE: ("activities r", "r.kind = 'NOTE'", "r.body"),
}


def _parameters(words: Sequence[str], name: str = "w", **extra: object) -> dict[str, Any]:
    return {**{f"{name}{index}": word for index, word in enumerate(words)}, **extra}


# A kind's documents holding every word are ranked among at most this many of them (found through the
# GIN index in no particular order: a search whose words thousands of documents hold is not specific,
# and ranking them all would read them all).
MATCH_POOL = 500
# The any-word match scores at most this many documents of a kind holding one of its rarer words.
ANY_POOL = 500
# A word's documents are counted up to this many per kind; a word at the cap is common in that kind: it
# weighs in the score of what the rarer words found but finds nothing itself.
HOLDING_CAP = 500


def _kinds(kinds: Sequence[Kind]) -> list[str]:
    return [kind.value for kind in kinds]


@dataclass(frozen=True, slots=True)
class SomeWords:
    """The any-word match's input: the words (stop words left out), each word's weight, and per kind the
    indexes of its finding words (rare enough in it)."""

    words: Sequence[str]
    weights: Sequence[float]
    finders: Mapping[Kind, Sequence[int]]


Scored = list[tuple[Kind, uuid.UUID, float]]


def _word_query(index: int, *, prefix: bool, name: str = "w", acronym: bool = False) -> str:
    """One word of the any-word query: its English stem; the last word typed also as a prefix; an acronym
    (a stop word typed in capitals, which has no stem) the word whole as typed, where it weighs A (_tsquery)."""
    if acronym:
        return _acronym_query(name, index)
    stem = f"to_tsquery('english', :{name}{index})"
    return f"({stem} || to_tsquery('simple', :{name}{index} || ':*'))" if prefix else stem


def _word_queries(count: int, name: str = "w", acronyms: Collection[int] = ()) -> list[str]:
    return [
        _word_query(index, prefix=index == count - 1, name=name, acronym=index in acronyms) for index in range(count)
    ]


# A neighbour of the query as `candidates` reads it: its kind, its id (an email's thread, None when the email
# is gone), its cosine distance.
Near = tuple[str, uuid.UUID | None, float]


async def candidates(
    session: AsyncSession,
    kinds: Sequence[Kind],
    words: Sequence[str],
    *,
    limit: int,
    some: SomeWords | None = None,
    narrow: Collection[Kind] = (),
    indexed: Collection[Kind] = (),
    lookup: bool = False,
    acronyms: Collection[str] = (),
    nearest: tuple[uuid.UUID, str, Mapping[str, Any]] | None = None,
) -> tuple[Scored, Scored, list[Near] | None]:
    """The keyword candidates and the query's nearest vectors, in one statement: one round trip for both
    sides of a search. `nearest`: the workspace, and a statement selecting object_type, object_id and
    distance with its parameters, as the embedding service reads them. They come back nearest first, an
    email as its thread (NEAREST); None when `nearest` is None.

    The keyword candidates, as (kind, id, score), best first within a kind, ties by id:

    - the best `limit` matches of each kind holding every one of `words` (as _tsquery reads them for the
      kind), by ts_rank; at most MATCH_POOL of a kind are ranked (rapport_search_match). For the kinds in
      `narrow` that read `words` as prose, the GIN index is read for the words before the last, whole,
      and what it finds is matched against all of them: the same documents, without gathering every
      word the last one starts (migration 0033_searchnarrow). The caller names a kind there when one of
      those words is rare in it, for then the index finds few documents to match;
    - with `some`, the best `limit` documents of each kind holding any of that kind's finding words (at
      most ANY_POOL of a kind), scored by the summed weights of the words a document holds plus its
      ts_rank (field weights) over them, which is below 1 and orders documents holding the same words
      (rapport_search_any). A kind without finding words is left out.

    The kinds in `indexed` (a workspace holding a large share of their table) are matched by the same
    functions written for the GIN index alone and planned once a connection, the others planned for
    each call's words (migration 0034_searchgeneric).

    A `lookup` (an email address or a phone number typed) reads its words as prose does in every kind:
    whole but the last, so "mary@x.com" does not find mary2@x.com. The `acronyms` among the words are
    matched whole as typed (_tsquery).

    An email hit is its thread, ranked by its best email. The workspace is the transaction's scope (the
    functions of migration 0029_searchrole, so that the GIN indexes are used under row-level security)."""
    parameters = _parameters(words, "r", pool=MATCH_POOL, limit=limit)
    statements = []
    # Names and addresses match every word as a prefix; prose only the last (_tsquery); prose read
    # narrowly through the words before the last: one call each, and each in two, the kinds in `indexed`
    # through the twin planned once.
    whole = acronym_indexes(words, acronyms)
    # Notes and emails need not hold an acronym typed beside other words (_bodies_skip): their own call.
    skip = _bodies_skip(words, acronyms)
    before_last = [index for index in range(len(words) - 1) if index not in skip]
    for prose, narrowly, generic, bodies in itertools.product((False, True), repeat=4):
        call = (
            f"{'prose' if prose else 'names'}{'_narrow' if narrowly else ''}{'_indexed' if generic else ''}"
            f"{'_bodies' if bodies else ''}"
        )
        matched = [
            kind
            for kind in kinds
            if (_as_prose(kind, words) or lookup) is prose
            and (kind in PROSE and bool(skip)) is bodies
            and (prose and kind in narrow and bool(before_last if bodies else words[:-1])) is narrowly
            and (kind in indexed) is generic
        ]
        if matched:
            left_out = skip if bodies else frozenset()
            parameters[f"kinds_{call}"] = _kinds(matched)
            index = _tsquery(len(words) - 1, "r", whole=True, acronyms=whole, skip=left_out) if narrowly else "NULL"
            query = _tsquery(
                len(words), "r", prose=prose, prefix_last=_prefix_last(words), acronyms=whole, skip=left_out
            )
            statements.append(
                f"SELECT 0 AS list, hit_kind, hit_id, hit_score FROM {_function('rapport_search_match', generic)}("
                f":kinds_{call}, {query}, :pool, :limit, {index})"
            )
    searched = [kind for kind in kinds if some is not None and some.finders.get(kind)]
    if some is not None and searched:
        queries = _word_queries(len(some.words), "a", acronym_indexes(some.words, acronyms))
        parameters |= _parameters(
            some.words, "a", any_pool=ANY_POOL, weights=[float(weight) for weight in some.weights]
        )
        for generic in (False, True):
            group = [kind for kind in searched if (kind in indexed) is generic]
            if not group:
                continue
            candidates = ", ".join(" || ".join(queries[index] for index in some.finders[kind]) for kind in group)
            call = "any_kinds_indexed" if generic else "any_kinds"
            parameters[call] = _kinds(group)
            statements.append(
                f"""SELECT 1, hit_kind, hit_id, hit_score FROM {_function("rapport_search_any", generic)}(
  :{call}, ARRAY[{candidates}], ARRAY[{", ".join(queries)}], CAST(:weights AS float8[]),
  {" || ".join(queries)}, :any_pool, :limit)"""
            )
    if nearest is not None:
        workspace_id, sql, nearest_parameters = nearest
        sql, nearest_parameters = prefixed(sql, nearest_parameters, "nearest_")
        parameters |= nearest_parameters
        parameters["nearest_ws"] = workspace_id
        statements.append(NEAREST.format(sql=sql))
    every: Scored = []
    holding_some: Scored = []
    near: list[Near] = []
    for row in await fetch_on_driver(session, "\nUNION ALL\n".join(statements), parameters):
        if row[0] == NEAREST_LIST:
            near.append((row[1], row[2], float(row[3])))
        else:
            (holding_some if row[0] else every).append((Kind(row[1]), row[2], float(row[3])))
    near.sort(key=lambda found: found[2])  # nearest first (stable: the read's order among ties)
    return every, holding_some, None if nearest is None else near


# The nearest vectors as `candidates` reads them beside the keyword lists: list 2, an email as its thread
# (threads_of_emails, by its key for each row: a join was planned for the 1,000 rows a function is guessed
# to return); each email of a thread is a row, the caller keeps the nearest.
NEAREST_LIST = 2
NEAREST = f"""SELECT {NEAREST_LIST}, n.object_type::text, CASE WHEN n.object_type = 'EMAIL'
    THEN (SELECT m.thread_id FROM emails m WHERE m.workspace_id = :nearest_ws AND m.id = n.object_id)
    ELSE n.object_id END,
  n.distance::float8
FROM ({{sql}}) n"""


def _function(name: str, generic: bool) -> str:
    """A keyword function, or its twin planned once for the GIN index alone (0034_searchgeneric)."""
    return f"{name}_indexed" if generic else name


async def content_words(session: AsyncSession, words: Sequence[str]) -> list[str]:
    """The words that are not English stop words ("the", "of", "does"): only those weigh in an any-word
    match (a stop word has no English stem, and as a prefix it matches most texts)."""
    if not words:
        return []
    columns = ", ".join(f"numnode(to_tsquery('english', :w{index}))" for index in range(len(words)))
    row = (await fetch_on_driver(session, f"SELECT {columns}", _parameters(words)))[0]
    return [word for word, nodes in zip(words, row, strict=True) if nodes > 0]


# The table (with its partitions) of each kind's documents.
_TABLES = {
    Kind.CONTACT: "contacts",
    Kind.COMPANY: "companies",
    Kind.DEAL: "deals",
    Kind.NOTE: "activities",
    Kind.EMAIL: "emails",
}


async def documents_everywhere(session: AsyncSession, kinds: Sequence[Kind]) -> dict[Kind, int | None]:
    """How many documents of each kind all workspaces hold together, as PostgreSQL last estimated them:
    the rows of the kind's GIN index on `search_vector` (the notes' is partial, on notes only; a partitioned
    table's are its partitions', one not yet analyzed counting none). None where none of them was ever
    analyzed or vacuumed (`reltuples` is -1 until then)."""
    rows = await session.execute(
        text(
            """SELECT t.name, sum(greatest(ic.reltuples, 0)), bool_and(ic.reltuples < 0)
FROM unnest(CAST(:tables AS text[])) AS t(name)
JOIN pg_class tc ON tc.relkind = 'r' AND (tc.oid = to_regclass(t.name)
  OR tc.oid IN (SELECT h.inhrelid FROM pg_inherits h WHERE h.inhparent = to_regclass(t.name)))
JOIN pg_index i ON i.indrelid = tc.oid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'gin'
JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = ANY(i.indkey) AND a.attname = 'search_vector'
GROUP BY t.name"""
        ),
        {"tables": [_TABLES[kind] for kind in kinds]},
    )
    estimated = {name: None if unknown else int(total) for name, total, unknown in rows}
    return {kind: estimated.get(_TABLES[kind]) for kind in kinds}


async def document_counts(session: AsyncSession, workspace_id: uuid.UUID, kinds: Sequence[Kind]) -> dict[Kind, int]:
    """How many live documents of each kind the workspace holds (an email counts once per email)."""
    sources = {kind: ("emails r", "TRUE") if kind is Kind.EMAIL else _RECORDS[kind][:2] for kind in kinds}
    columns = ", ".join(
        f"(SELECT count(*) FROM {source} WHERE r.workspace_id = :ws AND {live})" for source, live in sources.values()
    )
    row = (await session.execute(text(f"SELECT {columns}"), {"ws": workspace_id})).one()
    return {kind: int(count) for kind, count in zip(sources, row, strict=True)}


async def word_holding(
    session: AsyncSession, kinds: Sequence[Kind], words: Sequence[str], acronyms: Collection[str] = ()
) -> dict[Kind, list[int]]:
    """How many documents of each kind hold each word (as the any-word match reads it: the last word
    also as a prefix, an acronym whole), counted up to HOLDING_CAP, in the transaction's workspace."""
    array = f"ARRAY[{', '.join(_word_queries(len(words), acronyms=acronym_indexes(words, acronyms)))}]"
    parameters = _parameters(words, kinds=_kinds(kinds), cap=HOLDING_CAP)
    rows = await fetch_on_driver(
        session, f"SELECT hit_kind, holding FROM rapport_search_holding(:kinds, {array}, :cap)", parameters
    )
    return {Kind(row[0]): [int(count) for count in row[1]] for row in rows}


# How much of an email that does not hold every word its passage is read from.
EMAIL_START = 600


_MODELS: dict[Kind, type] = {
    Kind.CONTACT: Contact,
    Kind.COMPANY: Company,
    Kind.DEAL: Deal,
    Kind.NOTE: Activity,
    Kind.EMAIL: EmailThread,
}
# The rows of a kind's hits: live ones only (a record deleted since it was indexed is no hit). The ids as
# one array: an IN list is a statement of its own for each number of ids, each prepared and planned apart
# on every connection.
_LIVE = {**{kind: condition for kind, (_, condition, _) in _RECORDS.items()}, Kind.EMAIL: "TRUE"}
_HIT_ROWS = "r.workspace_id = :ws AND r.id = ANY(:ids) AND {}"
_CLEAN = "replace(replace({}, chr(57344), ''), chr(57345), '')"


@functools.cache
def _rows_sql(kind: Kind) -> str:
    model: Any = _MODELS[kind]
    return f"""SELECT {loaded_columns(model, "r")}
FROM {model.__table__.name} r
WHERE {_HIT_ROWS.format(_LIVE[kind])}"""


@functools.lru_cache(maxsize=512)
def _hits_sql(kind: Kind, tsquery: str) -> str:
    """_rows_sql's statement with each row's headline after its columns (`hits`)."""
    model = _MODELS[kind]
    # OFFSET 0 keeps the words' tsquery a subquery made once: flattened into the statement, it is folded
    # to a constant in a plan made for the values, but PostgreSQL's generic plan (reused, not planned
    # again, after five executions on a connection) parsed the words again for every row.
    query = f"(SELECT {tsquery} AS q OFFSET 0) q"
    if kind is not Kind.EMAIL:
        document = _CLEAN.format(_RECORDS[kind][2])
        return f"""SELECT {loaded_columns(model, "r")}, ts_headline('english', {document}, q.q, '{HEADLINE_OPTIONS}')
FROM {_RECORDS[kind][0]}, {query}
WHERE {_HIT_ROWS.format(_LIVE[kind])}"""
    # The thread's email is chosen first, and only its text is headlined: ts_headline reads all it is
    # given, up to 20,000 characters of an email that holds every word, and the start of one that does not
    # (its passage is the start, or a word of it there). A thread without emails has no headline.
    body = f"left(b.body_text, CASE WHEN b.matched THEN 20000 ELSE {EMAIL_START} END)"
    document = _CLEAN.format(f"concat_ws(' — ', b.subject, {body})")
    return f"""SELECT {loaded_columns(model, "r")},
  CASE WHEN b.id IS NOT NULL THEN ts_headline('english', {document}, q.q, '{HEADLINE_OPTIONS}') END
FROM email_threads r CROSS JOIN {query}
LEFT JOIN LATERAL (SELECT e.id, e.subject, e.body_text, e.search_vector @@ q.q AS matched
  FROM emails e
  WHERE e.workspace_id = :ws AND e.thread_id = r.id
  ORDER BY matched DESC, ts_rank(e.search_vector, q.q) DESC, e.id
  LIMIT 1) b ON TRUE
WHERE {_HIT_ROWS.format(_LIVE[Kind.EMAIL])}"""


async def hits(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    words: Sequence[str],
    ids: Mapping[Kind, Sequence[uuid.UUID]],
    acronyms: Collection[str] = (),
) -> dict[tuple[Kind, uuid.UUID], tuple[Any, str | None]]:
    """The hits' rows, to be answered as GraphQL nodes, each with its matching passage: one statement a
    kind for both (the kinds' rows have columns of their own). The passage has markers around the
    matched words (the start of the text where none of them is in it: a hit found by meaning, or by some
    of the words). For a thread, from its best-matching email (one holding every word, else the one
    ranking highest for them, else its first): the subject, then the body."""
    found: dict[tuple[Kind, uuid.UUID], tuple[Any, str | None]] = {}
    for kind, kind_ids in ids.items():
        if not kind_ids:
            continue
        # The words as the kind's keyword match reads them (_tsquery).
        tsquery = _tsquery(
            len(words),
            prose=_as_prose(kind, words),
            prefix_last=_prefix_last(words),
            acronyms=acronym_indexes(words, acronyms),
            skip=_bodies_skip(words, acronyms) if kind in PROSE else (),
        )
        parameters = _parameters(words, ws=workspace_id, ids=list(kind_ids))
        for row, headline in await instances_on_driver(session, _MODELS[kind], _hits_sql(kind, tsquery), parameters):
            found[(kind, row.id)] = (row, headline)
    return found


async def rows_by_id(
    session: AsyncSession, workspace_id: uuid.UUID, kind: Kind, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Any]:
    """The rows of one kind's hits, to be answered as GraphQL nodes (live ones only)."""
    if not ids:
        return {}
    rows = await instances_on_driver(session, _MODELS[kind], _rows_sql(kind), {"ws": workspace_id, "ids": list(ids)})
    return {row.id: row for (row,) in rows}


async def contacts_for_matching(session: AsyncSession, workspace_id: uuid.UUID, *, limit: int) -> Sequence[Any]:
    """What duplicate detection compares of the live contacts (at most `limit`, newest first)."""
    query = (
        select(
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            Contact.emails,
            Contact.phones,
            Contact.company_id,
            Contact.created_at,
        )
        .where(Contact.workspace_id == workspace_id, Contact.deleted_at.is_(None))
        .order_by(Contact.created_at.desc(), Contact.id.desc())
        .limit(limit)
    )
    return (await session.execute(query)).all()


async def companies_for_matching(session: AsyncSession, workspace_id: uuid.UUID, *, limit: int) -> Sequence[Any]:
    query = (
        select(Company.id, Company.name, Company.domain, Company.created_at)
        .where(Company.workspace_id == workspace_id, Company.deleted_at.is_(None))
        .order_by(Company.created_at.desc(), Company.id.desc())
        .limit(limit)
    )
    return (await session.execute(query)).all()


# The kinds whose names are found with a letter wrong (migration 0036_namegrams): people and companies,
# whose names mean nothing to the semantic side. Not deals: a deal's name is a phrase ("Nordwind fleet
# renewal") that meaning finds, and its company's name finds it too; the grams of its phrases' common
# endings ("ing ", "er ") made a misspelt search read 5-14 ms more at scale.
# How many records of a kind whose name grams match are read: in no particular order, so a misspelt word
# that many names are near (one short word alone: "smiht" has every name with a word starting "sm") may
# miss some past it. A second word typed narrows it to a few.
NAME_KINDS = (Kind.CONTACT, Kind.COMPANY)
NAMES_POOL = 300


async def names_near(
    session: AsyncSession, workspace_id: uuid.UUID, kinds: Sequence[Kind], query: str
) -> list[tuple[Kind, uuid.UUID, str]]:
    """Contacts and companies (of `kinds`) whose names hold the grams `query` asks for
    (search.typos.names_query), with their names: the ids from rapport_search_names, the names read under
    row-level security."""
    rows = await fetch_on_driver(
        session,
        # Each name by its primary key (joined, the planner hashed a whole table of the workspace).
        """SELECT n.hit_kind, n.hit_id, CASE n.hit_kind
  WHEN 'CONTACT' THEN (SELECT r.name FROM contacts r WHERE r.workspace_id = :ws AND r.id = n.hit_id)
  WHEN 'COMPANY' THEN (SELECT r.name FROM companies r WHERE r.workspace_id = :ws AND r.id = n.hit_id) END
FROM rapport_search_names(CAST(:kinds AS text[]), CAST(:q AS tsquery), :pool) n""",
        {"kinds": _kinds(kinds), "q": query, "pool": NAMES_POOL, "ws": workspace_id},
    )
    return [(Kind(row[0]), row[1], row[2]) for row in rows if row[2] is not None]


async def threads_of_emails(
    session: AsyncSession, workspace_id: uuid.UUID, email_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    """The thread of each email."""
    if not email_ids:
        return {}
    rows = await fetch_on_driver(
        session,
        "SELECT id, thread_id FROM emails WHERE workspace_id = :ws AND id = ANY(:ids)",
        {"ws": workspace_id, "ids": list(email_ids)},
    )
    return {row[0]: row[1] for row in rows}


async def emails_of_thread(session: AsyncSession, workspace_id: uuid.UUID, thread_id: uuid.UUID) -> list[uuid.UUID]:
    """A thread's emails, newest first."""
    rows = await session.execute(
        text(
            "SELECT id FROM emails WHERE workspace_id = :ws AND thread_id = :thread"
            " ORDER BY sent_at DESC NULLS LAST, id DESC LIMIT 50"
        ),
        {"ws": workspace_id, "thread": thread_id},
    )
    return [row[0] for row in rows]
