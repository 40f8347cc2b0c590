"""Search, duplicate candidates, merges and their undo, in GraphQL."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from typing import Annotated, Any, cast

import strawberry

from rapport.activity.graphql import Activity
from rapport.ai_client import shared_client
from rapport.auth.actor import Actor
from rapport.company.graphql import Company
from rapport.contact.graphql import Contact
from rapport.customfield.graphql import ObjectType
from rapport.deal.graphql import Deal
from rapport.email.graphql import EmailThread
from rapport.graphql.context import Context, Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanRead, CanWrite
from rapport.graphql.types import PageInfo, page_info
from rapport.models import Activity as ActivityRow
from rapport.models import Company as CompanyRow
from rapport.models import Contact as ContactRow
from rapport.models import Deal as DealRow
from rapport.models import ObjectType as ObjectTypeEnum
from rapport.search import merge, service
from rapport.search.repository import Kind

SearchType = strawberry.enum(Kind, name="SearchType", description="The kinds of thing a search finds.")
SearchDegradedReason = strawberry.enum(
    service.Degraded,
    name="SearchDegradedReason",
    description="Why a search is not the full hybrid one: AI_UNAVAILABLE (the AI service did not answer: "
    "keyword matches only) or INDEX_BEHIND (changes wait to be embedded: recent ones may lack semantic matches).",
)

SearchHit = Annotated[
    Contact | Company | Deal | EmailThread | Activity,
    strawberry.union("SearchHit", description="A record, an email thread, or a note (a timeline entry)."),
]
RecordNode = Annotated[
    Contact | Company | Deal, strawberry.union("RecordNode", description="A contact, a company or a deal.")
]


def _node(kind: Kind, row: Any) -> Any:
    if kind is Kind.EMAIL:
        return EmailThread(row=row)
    if kind is Kind.NOTE:
        assert isinstance(row, ActivityRow)
        return Activity.of(row)
    return _record(row)


def _record(row: object) -> Contact | Company | Deal:
    """A record row as its GraphQL type: contacts and companies serve as they are (see Contact.of); a deal
    is made from its row (its resolvers read `row`)."""
    if isinstance(row, DealRow):
        return Deal.of(row)
    assert isinstance(row, ContactRow | CompanyRow)
    return cast(Contact | Company, row)


@strawberry.enum(description="A way of finding hits: by the words typed, or by meaning.")
class SearchRetriever(enum.Enum):
    KEYWORD = service.KEYWORD
    SEMANTIC = service.SEMANTIC


@strawberry.type(description="One hit of a search.")
class SearchResult:
    node: SearchHit = strawberry.field(description="What was found.")
    type: SearchType = strawberry.field(description="Its kind.")  # type: ignore[valid-type]
    score: float = strawberry.field(
        description="Reciprocal rank fusion score over the lists that found it (higher is better)."
    )
    snippet: str | None = strawberry.field(
        description="The matching passage as HTML: the text escaped, the matched words in <mark>…</mark>, nothing else."
    )
    matched_by: list[str] = strawberry.field(description='Which retrievers found it: "keyword", "semantic".')


@strawberry.type(description="A search hit and its cursor.")
class SearchResultEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue after this hit.")
    node: SearchResult = strawberry.field(description="The hit.")


@strawberry.type(description="A page of search hits, best first.")
class SearchResultConnection:
    edges: list[SearchResultEdge] = strawberry.field(description="The hits of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    degraded: bool = strawberry.field(
        description="True when the semantic side did not answer (keyword matches only) or the semantic "
        "index is behind; `degradedReason` says which."
    )
    degraded_reason: SearchDegradedReason | None = strawberry.field(  # type: ignore[valid-type]
        description="Why `degraded` is true; null when it is false."
    )


@strawberry.type(description="The semantic index of the workspace: its model and what waits to be embedded.")
class SearchIndexStatus:
    model: str = strawberry.field(description="The embedding model (the AI service's, or the last one used).")
    dimensions: int = strawberry.field(description="The length of its vectors.")
    pending: int = strawberry.field(description="Records, notes and emails of the workspace waiting to be embedded.")
    lag_seconds: float = strawberry.field(description="How long the oldest of them has waited (0 when none).")


@strawberry.type(description="Records that are likely one and the same, with why.")
class DuplicateCandidate:
    records: list[RecordNode] = strawberry.field(description="The records, two for a pair found among existing ones.")
    score: float = strawberry.field(description="How likely they are duplicates, 0 to 1.")
    reasons: list[str] = strawberry.field(description="The evidence for and against, in words.")


def _candidates(found: Sequence[service.Candidate]) -> list[DuplicateCandidate]:
    return [
        DuplicateCandidate(records=[_record(row) for row in item.records], score=item.score, reasons=item.reasons)
        for item in found
    ]


async def search_connection(
    context: Context,
    actor: Actor,
    *,
    query: str,
    types: Sequence[Kind] | None,
    first: int | None,
    after: str | None,
    retrievers: Sequence[SearchRetriever] | None,
) -> SearchResultConnection:
    """`search`'s answer, as its resolver gives it and as the compiled path (graphql/compiled/search.py)
    serialises it."""
    page = await service.search(
        context.session,
        actor,
        query=query,
        types=[Kind(t) for t in types or []],
        first=20 if first is None else first,
        after=after,
        ai=shared_client(context.settings),
        retrievers=[r.value for r in retrievers] if retrievers is not None else (service.KEYWORD, service.SEMANTIC),
    )
    edges = [
        SearchResultEdge(
            cursor=cursor,
            node=SearchResult(
                node=_node(hit.kind, hit.row),
                type=hit.kind,
                score=hit.score,
                snippet=hit.snippet,
                matched_by=list(hit.matched_by),
            ),
        )
        for cursor, hit in page.items
    ]
    return SearchResultConnection(
        edges=edges,
        page_info=page_info([edge.cursor for edge in edges], has_next_page=page.has_next_page, after=after),
        degraded=page.degraded is not None,
        degraded_reason=page.degraded,
    )


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Searches contacts, companies, deals, email threads and notes, best first: what holds every "
        "word typed (as typed, the last as a prefix, or by its English stem; in names and addresses every word as "
        "a prefix), then what is nearest in meaning, which what holds some of the words reorders and fills. "
        "At most 50 per page and 200 in all.",
        permission_classes=[CanRead],
    )
    async def search(
        self,
        info: Info,
        query: str,
        types: Annotated[
            list[SearchType] | None,  # type: ignore[valid-type]
            strawberry.argument(description="The kinds to search; every kind when absent or empty."),
        ] = None,
        first: int | None = 20,
        after: str | None = None,
        retrievers: Annotated[
            list[SearchRetriever] | None,
            strawberry.argument(
                description="Which retrievers to fuse; both when absent (hybrid search). The keyword "
                "retriever ranks what holds every word first, then what holds some of them (rarer words weigh "
                "more); an email address or a phone number, or a search the AI service does not answer, "
                "keeps to every word."
            ),
        ] = None,
    ) -> SearchResultConnection:
        return await search_connection(
            info.context,
            await info.context.actor(),
            query=query,
            types=types,
            first=first,
            after=after,
            retrievers=retrievers,
        )

    @strawberry.field(
        description="Records, notes and email threads nearest in meaning to this contact, company, deal, note "
        "or email thread, best first (`score`: cosine similarity). Empty until the record is embedded.",
        permission_classes=[CanRead],
    )
    async def similar(self, info: Info, id: uuid.UUID, first: int | None = 10) -> list[SearchResult]:
        found = await as_actor(
            info, service.similar, id=id, first=10 if first is None else first, ai=shared_client(info.context.settings)
        )
        return [
            SearchResult(
                node=_node(hit.kind, hit.row),
                type=hit.kind,
                score=hit.score,
                snippet=hit.snippet,
                matched_by=list(hit.matched_by),
            )
            for hit in found
        ]

    @strawberry.field(
        description="The semantic index of the workspace: the model, and how far it is behind.",
        permission_classes=[CanRead],
    )
    async def search_index_status(self, info: Info) -> SearchIndexStatus:
        status = await as_actor(info, service.index_status, ai=shared_client(info.context.settings))
        return SearchIndexStatus(
            model=status.model, dimensions=status.dimensions, pending=status.pending, lag_seconds=status.lag_seconds
        )

    @strawberry.field(
        description="Likely duplicate pairs of contacts or companies, best first, found by rules (names "
        "with nicknames, swapped order and typos; emails; phones; company names without legal forms; domains).",
        permission_classes=[CanRead],
    )
    async def duplicate_candidates(
        self,
        info: Info,
        object_type: ObjectType,  # type: ignore[valid-type]
        first: int | None = 50,
    ) -> list[DuplicateCandidate]:
        kind = Kind.CONTACT if object_type is ObjectTypeEnum.CONTACT else Kind.COMPANY
        if object_type is ObjectTypeEnum.DEAL:
            kind = Kind.DEAL
        found = await as_actor(info, service.duplicate_candidates, kind=kind, first=50 if first is None else first)
        return _candidates(found)

    @strawberry.field(
        description="Existing contacts that a contact about to be created likely duplicates, best first; "
        "each candidate holds the one existing contact.",
        permission_classes=[CanRead],
    )
    async def contact_duplicates(
        self,
        info: Info,
        first_name: str | None = None,
        last_name: str | None = None,
        emails: list[str] | None = None,
        phones: list[str] | None = None,
        first: int | None = 5,
    ) -> list[DuplicateCandidate]:
        found = await as_actor(
            info,
            service.contact_matches,
            first_name=first_name,
            last_name=last_name,
            emails=emails or [],
            phones=phones or [],
            first=5 if first is None else first,
        )
        return _candidates(found)


@strawberry.type
class SearchMutation:
    @strawberry.mutation(
        description="Merges contacts into the primary one: their emails, phones, deal roles, email links, notes, "
        "tasks and timeline move to it, its blank fields and custom fields are filled from them (the primary "
        "wins), and they are deleted with a MERGED entry. `undoMerge` reverses it.",
        permission_classes=[CanWrite],
    )
    async def merge_contacts(self, info: Info, primary_id: uuid.UUID, duplicate_ids: list[uuid.UUID]) -> Contact:
        return Contact.of(
            await as_actor(info, merge.merge_contacts, primary_id=primary_id, duplicate_ids=duplicate_ids)
        )

    @strawberry.mutation(
        description="Merges companies into the primary one: their deals, people, email links and timeline move "
        "to it, its blank fields and custom fields are filled from them, and they are deleted with a MERGED entry.",
        permission_classes=[CanWrite],
    )
    async def merge_companies(self, info: Info, primary_id: uuid.UUID, duplicate_ids: list[uuid.UUID]) -> Company:
        return Company.of(
            await as_actor(info, merge.merge_companies, primary_id=primary_id, duplicate_ids=duplicate_ids)
        )

    @strawberry.mutation(
        description="Undoes the merge of a merged contact or company: it is restored as it was, what the merge "
        "moved from it goes back, and what it gave the primary is taken back where the primary still holds it "
        "unchanged. NOT_FOUND when the record is not merged now.",
        permission_classes=[CanWrite],
    )
    async def undo_merge(self, info: Info, id: uuid.UUID) -> RecordNode:
        return _record(await as_actor(info, merge.undo_merge, record_id=id))
