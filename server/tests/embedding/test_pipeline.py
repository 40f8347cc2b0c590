"""The embedding pipeline with the real AI service: outbox events -> the queue (in the relay's transaction)
-> `embedding.index` -> vectors, then hybrid search, `similar`, `searchIndexStatus` and the gauge."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import text

from rapport.ai_client import AiUnavailable
from rapport.db import Database
from rapport.embedding import jobs
from rapport.embedding import service as embedding_service
from rapport.events.relay import relay_once
from rapport.worker.registry import JobContext
from tests.conftest import Servers, running_api
from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up

SEARCH = """query($q: String!, $types: [SearchType!]) {
  search(query: $q, types: $types, first: 10) {
    degraded degradedReason
    edges { node { type matchedBy node { __typename ... on Contact { id name } ... on Activity { id body } } } }
  }
}"""
SIMILAR = """query($id: UUID!, $first: Int) {
  similar(id: $id, first: $first) { type score matchedBy node { __typename
    ... on Contact { id } ... on Company { id } ... on Deal { id } ... on Activity { id } ... on EmailThread { id } } }
}"""
STATUS = "query { searchIndexStatus { model dimensions pending lagSeconds } }"
ADD_NOTE = "mutation($target: UUID!, $body: String!) { addNote(targetId: $target, body: $body) { id } }"
UPDATE_CONTACT = "mutation($id: UUID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }"
DELETE_CONTACT = "mutation($id: UUID!) { deleteContact(id: $id) }"

INVOICE = "Called Maria: she is unhappy that the March invoice charged them twice and wants a refund."
PARAPHRASE = "customer complaining about being billed double"


async def relay_all(db: Database, redis: Redis) -> None:
    while await relay_once(db, redis) > 0:
        pass


async def index_all(context: JobContext) -> dict[str, int]:
    await relay_all(context.db, context.redis)
    return await jobs.index(context, {})


async def stored(superuser_db: Database, workspace_id: str) -> dict[str, tuple[str, bytes, str]]:
    """object id -> (type, content hash, embedded_at) of a workspace's vectors."""
    async with superuser_db.transaction() as session:
        rows = await session.execute(
            text(
                "SELECT object_id, object_type, content_hash, embedded_at::text AS at FROM embeddings"
                " WHERE workspace_id = :ws"
            ),
            {"ws": workspace_id},
        )
        return {str(row.object_id): (row.object_type, bytes(row.content_hash), row.at) for row in rows}


async def queued(superuser_db: Database, workspace_id: str) -> set[tuple[str, str]]:
    async with superuser_db.transaction() as session:
        rows = await session.execute(
            text("SELECT object_type, object_id FROM embedding_queue WHERE workspace_id = :ws"), {"ws": workspace_id}
        )
        return {(row.object_type, str(row.object_id)) for row in rows}


async def contact(gql: GraphQLClient, token: str, **values: Any) -> str:
    data = await gql.data(CREATE_CONTACT, {"input": values}, token=token)
    return str(data["createContact"]["id"])


async def note(gql: GraphQLClient, token: str, target: str, body: str) -> str:
    data = await gql.data(ADD_NOTE, {"target": target, "body": body}, token=token)
    return str(data["addNote"]["id"])


async def test_a_note_is_found_by_meaning_once_indexed(
    gql: GraphQLClient, context: JobContext, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    maria = await contact(gql, owner.access_token, firstName="Maria", lastName="Lopez")
    complaint = await note(gql, owner.access_token, maria, INVOICE)
    await note(gql, owner.access_token, maria, "Lunch with the team at the harbour, talked about sailing.")

    await relay_all(context.db, context.redis)
    assert {item[1] for item in await queued(superuser_db, owner.workspace_id)} >= {maria, complaint}
    status = (await gql.data(STATUS, token=owner.access_token))["searchIndexStatus"]
    assert status["pending"] == 3
    assert (status["model"], status["dimensions"]) == ("all-MiniLM-L6-v2", 384)

    before = await gql.data(SEARCH, {"q": PARAPHRASE}, token=owner.access_token)
    assert before["search"]["edges"] == []  # no keyword matches these words, nothing embedded yet

    await jobs.index(context, {})

    assert await queued(superuser_db, owner.workspace_id) == set()
    vectors = await stored(superuser_db, owner.workspace_id)
    assert sorted(kind for kind, _, _ in vectors.values()) == ["CONTACT", "NOTE", "NOTE"]
    assert vectors[complaint][1] == embedding_service.content_hash(INVOICE)
    status = (await gql.data(STATUS, token=owner.access_token))["searchIndexStatus"]
    assert (status["pending"], status["lagSeconds"]) == (0, 0.0)

    after = await gql.data(SEARCH, {"q": PARAPHRASE}, token=owner.access_token)
    assert (after["search"]["degraded"], after["search"]["degradedReason"]) == (False, None)
    first = after["search"]["edges"][0]["node"]
    assert (first["type"], first["node"]["id"], first["matchedBy"]) == ("NOTE", complaint, ["semantic"])

    # Meaning alone (the retrievers argument, as bench/search_eval.py compares them), snippets and all.
    alone = await gql.data(
        SEARCH.replace("$types: [SearchType!])", "$types: [SearchType!], $by: [SearchRetriever!])")
        .replace("first: 10)", "first: 10, retrievers: $by)")
        .replace("matchedBy node", "matchedBy snippet node"),
        {"q": PARAPHRASE, "by": ["SEMANTIC"]},
        token=owner.access_token,
    )
    first = alone["search"]["edges"][0]["node"]
    assert (first["node"]["id"], first["matchedBy"]) == (complaint, ["semantic"])
    assert INVOICE.startswith(first["snippet"])  # the note's start: none of the words typed is in it

    # Both retrievers: "invoice" is a keyword match too, and the fused hit says so.
    both = await gql.data(SEARCH, {"q": "invoice refund", "types": ["NOTE"]}, token=owner.access_token)
    hit = both["search"]["edges"][0]["node"]
    assert (hit["node"]["id"], hit["matchedBy"]) == (complaint, ["keyword", "semantic"])


async def test_unchanged_text_is_not_embedded_again_and_a_changed_or_deleted_record_is(
    gql: GraphQLClient, context: JobContext, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    token = owner.access_token
    grace = await contact(gql, token, firstName="Grace", lastName="Hopper", jobTitle="Admiral")
    await index_all(context)
    first = (await stored(superuser_db, owner.workspace_id))[grace]

    # The same text queued again (an event that changes nothing embedded): the vector is not rewritten.
    async with context.db.transaction(system=True) as session:
        count = await embedding_service.queue_for_events(
            session, [(uuid.UUID(owner.workspace_id), "contact.updated", {"id": grace})]
        )
    assert count == 1
    counts = await jobs.index(context, {})
    assert counts["current"] >= 1
    assert (await stored(superuser_db, owner.workspace_id))[grace] == first

    await gql.data(UPDATE_CONTACT, {"id": grace, "input": {"jobTitle": "Rear Admiral"}}, token=token)
    await index_all(context)
    changed = (await stored(superuser_db, owner.workspace_id))[grace]
    assert changed[1] == embedding_service.content_hash("Grace Hopper. Rear Admiral")
    assert changed[2] != first[2]

    await gql.data(DELETE_CONTACT, {"id": grace}, token=token)
    await index_all(context)
    assert grace not in await stored(superuser_db, owner.workspace_id)
    assert await queued(superuser_db, owner.workspace_id) == set()


async def _a_contact_queued_and_the_service_down(
    gql: GraphQLClient, servers: Servers, context: JobContext, *, port: int, ai_timeout: float
) -> tuple[Any, str, JobContext]:
    """A new workspace's contact, queued for embedding, and a job context whose AI service does not answer
    (nothing listens on `port`): its first indexing job has failed with AiUnavailable."""
    owner = await sign_up(gql)
    ada = await contact(gql, owner.access_token, firstName="Ada", lastName="Byron")
    await relay_all(context.db, context.redis)
    down = JobContext(
        settings=servers.settings(ai_url=f"127.0.0.1:{port}", ai_timeout_seconds=ai_timeout),
        db=context.db,
        redis=context.redis,
    )
    with pytest.raises(AiUnavailable):
        await jobs.index(down, {})
    return owner, ada, down


async def test_when_the_ai_service_is_down_writes_go_on_and_the_queue_waits(
    gql: GraphQLClient, servers: Servers, context: JobContext, superuser_db: Database
) -> None:
    owner, ada, _ = await _a_contact_queued_and_the_service_down(gql, servers, context, port=1, ai_timeout=0.5)

    assert ("CONTACT", ada) in await queued(superuser_db, owner.workspace_id)
    async with superuser_db.transaction() as session:
        leased = await session.scalar(
            text("SELECT count(*) FROM embedding_queue WHERE workspace_id = :ws AND leased_until IS NOT NULL"),
            {"ws": owner.workspace_id},
        )
    assert leased == 0
    assert ada not in await stored(superuser_db, owner.workspace_id)

    await jobs.index(context, {})  # the service is back
    assert ada in await stored(superuser_db, owner.workspace_id)
    assert await queued(superuser_db, owner.workspace_id) == set()


async def test_while_the_ai_service_is_down_one_job_asks_it_and_the_others_end_at_once(
    gql: GraphQLClient, servers: Servers, context: JobContext, superuser_db: Database
) -> None:
    """Every relayed event queues an indexing job: with the service down, each one waiting out the
    client's timeout held a worker slot, and the mail behind them stopped (issue 11: ingestion goes on)."""
    owner, ada, down = await _a_contact_queued_and_the_service_down(gql, servers, context, port=2, ai_timeout=1.0)

    skipped = await asyncio.gather(*(jobs.index(down, {}) for _ in range(20)))
    # None of them asked the service: one that asked would have raised AiUnavailable.
    assert all(result["skipped"] == 1 and result["embedded"] == 0 for result in skipped)
    assert ("CONTACT", ada) in await queued(superuser_db, owner.workspace_id)  # nothing lost: still queued

    await jobs.index(context, {})  # another service (the one that answers) is not held back
    assert ada in await stored(superuser_db, owner.workspace_id)


async def test_the_backfill_queues_what_has_no_vector(
    gql: GraphQLClient, context: JobContext, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    alan = await contact(gql, owner.access_token, firstName="Alan", lastName="Turing")
    await index_all(context)
    async with superuser_db.transaction() as session:
        await session.execute(text("DELETE FROM embeddings WHERE object_id = :id"), {"id": alan})

    result = await jobs.backfill(context, {})

    assert result["queued"] >= 1
    assert ("CONTACT", alan) in await queued(superuser_db, owner.workspace_id)
    await jobs.index(context, {})
    assert alan in await stored(superuser_db, owner.workspace_id)


async def test_similar_finds_records_alike_and_never_another_workspaces(
    gql: GraphQLClient, context: JobContext
) -> None:
    owner = await sign_up(gql)
    other = await sign_up(gql, workspace="Other")
    token = owner.access_token
    maria = await contact(gql, token, firstName="Maria", lastName="Lopez")
    complaint = await note(gql, token, maria, INVOICE)
    alike = await note(gql, token, maria, "Finance says the client was billed two times for one order; refund due.")
    await note(gql, token, maria, "Booked the venue for the product launch party in June.")
    theirs = await contact(gql, other.access_token, firstName="Olga", lastName="Ivanova")
    await note(gql, other.access_token, theirs, INVOICE)
    await index_all(context)

    found = (await gql.data(SIMILAR, {"id": complaint, "first": 3}, token=token))["similar"]
    assert found[0]["node"]["id"] == alike
    assert found[0]["matchedBy"] == ["semantic"]
    assert complaint not in [hit["node"]["id"] for hit in found]

    # Workspace B: A's note is not found, its identical note is B's own.
    assert (await gql(SIMILAR, {"id": complaint}, token=other.access_token))["errors"][0]["extensions"][
        "code"
    ] == "NOT_FOUND"
    theirs_found = await gql.data(SEARCH, {"q": PARAPHRASE}, token=other.access_token)
    assert [edge["node"]["node"]["id"] for edge in theirs_found["search"]["edges"]] != []
    assert {edge["node"]["node"]["id"] for edge in theirs_found["search"]["edges"]}.isdisjoint(
        {maria, complaint, alike}
    )


async def test_search_says_degraded_when_the_ai_service_does_not_answer(gql: GraphQLClient, servers: Servers) -> None:
    with running_api(servers) as base_url:  # RAPPORT_AI_URL is a closed port
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
            isolated = GraphQLClient(http)
            owner = await sign_up(isolated)
            await contact(isolated, owner.access_token, firstName="Maria", lastName="Lopez")
            await contact(isolated, owner.access_token, firstName="Mario", lastName="Rossi", jobTitle="Buyer")
            data = await isolated.data(SEARCH, {"q": "maria"}, token=owner.access_token)
            # Without meaning, the page is the keyword retriever's: what holds every word, then some of them.
            some = await isolated.data(SEARCH, {"q": "lopez buyer"}, token=owner.access_token)
            status = await isolated.data(STATUS, token=owner.access_token)
            metrics = (await http.get("/metrics")).text
    assert (data["search"]["degraded"], data["search"]["degradedReason"]) == (True, "AI_UNAVAILABLE")
    assert [edge["node"]["matchedBy"] for edge in data["search"]["edges"]] == [["keyword"]]
    assert some["search"]["degraded"] is True
    assert sorted(edge["node"]["node"]["name"] for edge in some["search"]["edges"]) == ["Maria Lopez", "Mario Rossi"]
    assert status["searchIndexStatus"]["model"] in ("unavailable", "all-MiniLM-L6-v2")
    assert "rapport_search_index_pending " in metrics
    assert "rapport_search_index_lag_seconds " in metrics


async def test_a_name_typed_comes_before_the_cards_nearest_in_meaning(gql: GraphQLClient, context: JobContext) -> None:
    """To the model every contact card ("name · address · title") is near every other and near any name typed,
    so the semantic list is full of strangers; the contact whose name holds every word typed comes first."""
    owner = await sign_up(gql)
    token = owner.access_token
    people = [
        ("Laura", "Santos", "Co-founder"),
        ("Harper", "Robinson", "Founder"),
        ("Alan", "Miller", "CFO"),
        ("William", "Green", "HR Director"),
        ("David", "Turner", "Account Executive"),
        ("Ricardo", "Mitchell", "Marketing Manager"),
        ("Lars", "Reddy", "Sales Engineer"),
        ("Arjun", "Brooks", "Co-founder"),
        ("Sofia", "Torres", "Consultant"),
        ("Nora", "Fournier", "CTO"),
        ("James", "Petrov", "Engineering Manager"),
        ("Alexandra", "Singh", "CTO"),
        ("Victoria", "Chang", "Director of Finance"),
        ("Henry", "Barnes", "Head of Procurement"),
        ("Joshua", "Novak", "Product Manager"),
        ("Daniel", "Cook", "Software Engineer"),
        ("Francesca", "Saito", "Account Manager"),
        ("Dmitri", "Schneider", "COO"),
        ("Valentina", "Muller", "Procurement Lead"),
        ("Lily", "Williams", "Product Manager"),
        ("Diego", "Ramos", "HR Director"),
        ("Anna", "Tanaka", "Software Engineer"),
    ]
    for first, last, title in people:
        email = f"{first.lower()}.{last.lower()}@example.com"
        await contact(gql, token, firstName=first, lastName=last, jobTitle=title, emails=[email])
    wanted = await contact(
        gql, token, firstName="Sebastian", lastName="Baker", jobTitle="VP Sales", emails=["sbaker@example.com"]
    )
    await index_all(context)

    for typed in ("Sebastian Baker", "seb bak"):
        found = await gql.data(SEARCH, {"q": typed, "types": ["CONTACT"]}, token=token)
        edges = found["search"]["edges"]
        assert edges[0]["node"]["node"]["id"] == wanted, typed
        assert "keyword" in edges[0]["node"]["matchedBy"]
        # Strangers near in meaning follow (at 0.02 the name's own list weighed, they came first).
        assert len(edges) > 1
        assert {tuple(edge["node"]["matchedBy"]) for edge in edges[1:]} == {("semantic",)}


PAGE = """query($q: String!, $first: Int, $after: String) {
  search(query: $q, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { node {
    ... on Contact { id } ... on Activity { id } } } } }
}"""


async def test_paging_through_a_hybrid_search_gives_each_hit_once_in_the_order_one_long_page_gives(
    gql: GraphQLClient, context: JobContext
) -> None:
    """Fused from lists as deep as each page, pages of five repeated some hits and skipped others against
    one page of 60 (a deeper list adds to the scores of the hits it reaches)."""
    owner = await sign_up(gql)
    token = owner.access_token
    topics = ["invoice", "refund", "shipping delay", "contract renewal", "pricing", "onboarding"]
    for n in range(36):
        person = await contact(gql, token, firstName=f"Pat{n}", lastName="Customer", jobTitle="Buyer")
        await note(gql, token, person, f"Call about the {topics[n % len(topics)]} with the customer, round {n}.")
    await index_all(context)

    async def page(first: int, after: str | None) -> dict[str, Any]:
        return (await gql.data(PAGE, {"q": "customer invoice call", "first": first, "after": after}, token=token))[
            "search"
        ]

    whole = await page(50, None)
    ids = [edge["node"]["node"]["id"] for edge in whole["edges"]]
    assert len(ids) == 50  # deeper than the first tier: the case that differed
    paged: list[str] = []
    after = None
    for size in [5, 5, 7, 3, 10, 20]:
        answer = await page(size, after)
        paged += [edge["node"]["node"]["id"] for edge in answer["edges"]]
        after = answer["pageInfo"]["endCursor"]
        assert answer["pageInfo"]["hasNextPage"]
    assert paged == ids


async def test_rows_an_indexer_left_leased_when_it_died_are_embedded_by_the_next_at_once(
    gql: GraphQLClient, context: JobContext, superuser_db: Database
) -> None:
    """A worker killed while indexing (its grace period ran out) leaves its batch leased for minutes and
    its lock behind; the next indexer takes the batch as soon as the lock is free."""
    owner = await sign_up(gql)
    ada = await contact(gql, owner.access_token, firstName="Ada", lastName="Lovelace")
    await relay_all(context.db, context.redis)
    async with superuser_db.transaction() as session:
        await session.execute(
            text("UPDATE embedding_queue SET leased_until = now() + interval '2 minutes' WHERE workspace_id = :ws"),
            {"ws": owner.workspace_id},
        )

    await jobs.index(context, {})

    assert ada in await stored(superuser_db, owner.workspace_id)
    assert await queued(superuser_db, owner.workspace_id) == set()


async def test_the_indexers_lock_is_renewed_while_held_and_only_by_its_holder(redis: Redis) -> None:
    """A batch may take longer than the lock lives: the holder renews it (and a lock no longer its own it
    leaves alone); once the holder is gone, the lock runs out within its lifetime."""
    token = uuid.uuid4().hex
    await redis.set(jobs.LOCK_KEY, token, px=600)
    try:
        async with jobs._holding(redis, token, seconds=0.6):
            await asyncio.sleep(1.5)  # well past the lock's life: renewed every 0.2 s
            assert await redis.get(jobs.LOCK_KEY) == token
        assert 0 < await redis.pttl(jobs.LOCK_KEY) <= 600
        await asyncio.sleep(0.8)
        assert await redis.get(jobs.LOCK_KEY) is None

        await redis.set(jobs.LOCK_KEY, "another indexer's", px=600)
        async with jobs._holding(redis, token, seconds=0.6):
            await asyncio.sleep(0.9)
        assert await redis.get(jobs.LOCK_KEY) is None
    finally:
        await redis.delete(jobs.LOCK_KEY)


async def test_a_worker_asked_to_stop_ends_indexing_at_once_and_leaves_the_rest_queued(
    gql: GraphQLClient, context: JobContext, superuser_db: Database
) -> None:
    """A worker asked to stop (a deploy) must not hold its shutdown for the indexing job's minute: it is
    killed at the end of its grace period, with its batch leased and the lock held."""
    owner = await sign_up(gql)
    ada = await contact(gql, owner.access_token, firstName="Ada", lastName="King")
    await relay_all(context.db, context.redis)
    stopping = JobContext(settings=context.settings, db=context.db, redis=context.redis)
    stopping.stopping.set()

    counts = await jobs.index(stopping, {})

    assert counts["embedded"] == 0
    assert ("CONTACT", ada) in await queued(superuser_db, owner.workspace_id)
    assert await context.redis.get(jobs.LOCK_KEY) is None
    async with superuser_db.transaction() as session:
        leased = await session.scalar(
            text("SELECT count(*) FROM embedding_queue WHERE workspace_id = :ws AND leased_until IS NOT NULL"),
            {"ws": owner.workspace_id},
        )
    assert leased == 0
    await jobs.index(context, {})
    assert ada in await stored(superuser_db, owner.workspace_id)
