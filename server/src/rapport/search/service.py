"""Search: keyword candidates from PostgreSQL full-text search, fused by reciprocal rank fusion with
the semantic candidates when that side answers (today it never does: the AI service is not part of
this build, and every answer says `degraded`)."""

from __future__ import annotations

import html
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.errors import BadUserInput
from rapport.kit.pagination import decode_cursor, encode_cursor
from rapport.models import Role
from rapport.search import duplicates, repository
from rapport.search.fusion import reciprocal_rank_fusion
from rapport.search.query import words as query_words
from rapport.search.repository import START, STOP, Kind

MAX_FIRST = 50
# How deep a result list goes: the fused list is cut here, so `after` pages within it.
MAX_RESULTS = 200
MAX_QUERY_LENGTH = 500
KEYWORD = "keyword"
SEMANTIC = "semantic"

HitKey = tuple[Kind, uuid.UUID]
# The semantic side: the best hits of these kinds for the query, best first, or None when it cannot
# answer now (the search then says `degraded`). Set by the AI integration.
SemanticSearch = Callable[[AsyncSession, Actor, str, Sequence[Kind], int], Awaitable[list[HitKey] | None]]


async def no_semantic_search(
    session: AsyncSession, actor: Actor, query: str, kinds: Sequence[Kind], limit: int
) -> list[HitKey] | None:
    """The semantic side of this build: unavailable."""
    return None


semantic_search: SemanticSearch = no_semantic_search


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
    degraded: bool


def snippet_html(headline: str | None) -> str | None:
    """A headline as safe HTML: the text escaped, only the matched words in <mark>."""
    if not headline:
        return None
    return html.escape(" ".join(headline.split())).replace(START, "<mark>").replace(STOP, "</mark>")


def _offset(after: str | None) -> int:
    if after is None:
        return 0
    tag, offset = decode_cursor(after, arity=2)
    if tag != "search" or not isinstance(offset, int) or not 0 < offset <= MAX_RESULTS:
        raise BadUserInput("The cursor is not valid.", field_errors={("after",): "not a cursor from this search"})
    return offset


async def keyword_ranking(
    session: AsyncSession, actor: Actor, words: Sequence[str], kinds: Sequence[Kind], limit: int
) -> list[HitKey]:
    """The keyword hits of every kind as one list, best first: by ts_rank, then kind, then id."""
    scored: list[tuple[float, int, uuid.UUID, Kind]] = []
    for position, kind in enumerate(kinds):
        for record_id, rank in await repository.keyword_candidates(
            session, actor.workspace_id, kind, words, limit=limit
        ):
            scored.append((-rank, position, record_id, kind))
    scored.sort()
    return [(kind, record_id) for _, _, record_id, kind in scored[:limit]]


async def search(
    session: AsyncSession,
    actor: Actor,
    *,
    query: str,
    types: Sequence[Kind] | None,
    first: int,
    after: str | None,
) -> SearchPage:
    actor.require(Role.VIEWER)
    if not 0 <= first <= MAX_FIRST:
        raise BadUserInput(f"`first` must be between 0 and {MAX_FIRST}.", field_errors={("first",): "out of range"})
    if len(query) > MAX_QUERY_LENGTH:
        raise BadUserInput(f"A search is at most {MAX_QUERY_LENGTH} characters.", field_errors={("query",): "too long"})
    offset = _offset(after)
    kinds = [kind for kind in Kind if not types or kind in types]
    words = query_words(query)
    limit = min(offset + first + 1, MAX_RESULTS)
    semantic = await semantic_search(session, actor, query, kinds, limit) if words else None
    if not words or first == 0 or offset >= MAX_RESULTS:
        return SearchPage(items=[], has_next_page=False, degraded=semantic is None)
    lists = {KEYWORD: await keyword_ranking(session, actor, words, kinds, limit)}
    if semantic is not None:
        lists[SEMANTIC] = semantic[:limit]
    fused = reciprocal_rank_fusion(lists)[:MAX_RESULTS]
    page = fused[offset : offset + first]
    rows: dict[HitKey, Any] = {}
    snippets: dict[HitKey, str] = {}
    for kind in kinds:
        ids = [key[1] for key in (item.key for item in page) if key[0] is kind]
        for record_id, row in (await repository.rows_by_id(session, actor.workspace_id, kind, ids)).items():
            rows[(kind, record_id)] = row
        for record_id, headline in (await repository.headlines(session, actor.workspace_id, kind, words, ids)).items():
            snippets[(kind, record_id)] = headline
    items = [
        (
            encode_cursor(["search", offset + index + 1]),
            Hit(
                kind=item.key[0],
                id=item.key[1],
                row=rows[item.key],
                score=item.score,
                snippet=snippet_html(snippets.get(item.key)),
                matched_by=item.sources,
            ),
        )
        for index, item in enumerate(page)
        if item.key in rows
    ]
    return SearchPage(items=items, has_next_page=len(fused) > offset + first, degraded=semantic is None)


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
