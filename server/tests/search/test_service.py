"""search() as a use case: what it asks of the database. A search's statements cost the api and
PostgreSQL CPU on every request, so their number is held here."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from typing import Any

import httpx
import pytest
from sqlalchemy import event, inspect, select
from sqlalchemy.orm.exc import DetachedInstanceError

from rapport import db
from rapport.ai_client import AiClient, parse_url
from rapport.auth.actor import Actor
from rapport.db import Database
from rapport.embedding import service as embedding_service
from rapport.models import Role
from rapport.search import repository, service
from rapport.search.repository import Kind
from tests.email.test_queries import deliver, mail
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, CREATE_DEAL, Account, GraphQLClient, sign_up
from tests.graphql.test_compiled_search import indexed


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The SQL statements sent through the app's engine while inside."""
    sent: list[str] = []

    def record(*args: Any) -> None:
        sent.append(args[2])

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


async def actor_of(gql: GraphQLClient, account: Account) -> Actor:
    """The owner who signed up, as the service sees them."""
    members = await gql.data("query { members { id } }", token=account.access_token)
    return Actor(
        user_id=uuid.UUID(account.user_id),
        workspace_id=uuid.UUID(account.workspace_id),
        member_id=uuid.UUID(members["members"][0]["id"]),
        role=Role.OWNER,
    )


async def owner(gql: GraphQLClient) -> Actor:
    account = await sign_up(gql)
    token = account.access_token
    contact = {"firstName": "Anna", "lastName": "Berg", "jobTitle": "Head of Procurement"}
    await gql.data(CREATE_CONTACT, {"input": contact}, token=token)
    await gql.data(CREATE_COMPANY, {"input": {"name": "Bergmann Logistics", "industry": "Shipping"}}, token=token)
    await gql.data(CREATE_DEAL, {"input": {"name": "Nordwind fleet renewal"}}, token=token)
    return await actor_of(gql, account)


async def test_a_keyword_search_reads_its_hits_in_one_statement_and_each_kinds_rows_with_their_snippets(
    gql: GraphQLClient, app_db: Database
) -> None:
    actor = await owner(gql)

    async with app_db.transaction(workspace_id=actor.workspace_id) as session:
        # The first search of these words counts them (kept minutes per process): not what is measured.
        await service.search(
            session, actor, query="procurement berg", types=None, first=10, after=None, retrievers=["keyword"]
        )
        with statements(app_db) as sent:
            page = await service.search(
                session, actor, query="procurement berg", types=None, first=10, after=None, retrievers=["keyword"]
            )

    # Anna holds both words, the company only "berg" (as a prefix): every word first, then some of them.
    assert [(hit.kind, hit.row.name) for _, hit in page.items] == [
        (Kind.CONTACT, "Anna Berg"),
        (Kind.COMPANY, "Bergmann Logistics"),
    ]
    assert [hit.snippet for _, hit in page.items] == [
        "Anna <mark>Berg</mark> · Head of <mark>Procurement</mark>",  # no email, and no separator for it
        "<mark>Bergmann</mark> Logistics · Shipping",
    ]
    assert len(sent) == 3, sent  # the hits, the contact's row and snippet, the company's row and snippet
    assert "rapport_search_match" in sent[0]
    assert "rapport_search_any" in sent[0]
    assert all("ts_headline" in statement for statement in sent[1:])
    assert ["FROM contacts r" in sent[1], "FROM companies r" in sent[2]] == [True, True]


async def test_the_embedding_lag_is_read_once_in_lag_seconds_per_workspace(
    gql: GraphQLClient, app_db: Database
) -> None:
    actor = await owner(gql)
    service._lags.pop(actor.workspace_id, None)

    async with app_db.transaction(workspace_id=actor.workspace_id) as session:
        with statements(app_db) as sent:
            first = await service._degraded(session, actor, available=True)
            second = await service._degraded(session, actor, available=True)
            unavailable = await service._degraded(session, actor, available=False)
        # A lag past INDEX_BEHIND_SECONDS, as read a moment ago, says so until it is read again.
        service._lags[actor.workspace_id] = service.INDEX_BEHIND_SECONDS + 1
        behind = await service._degraded(session, actor, available=True)
    service._lags.pop(actor.workspace_id, None)

    assert (first, second, unavailable, behind) == (
        None,
        None,
        service.Degraded.AI_UNAVAILABLE,
        service.Degraded.INDEX_BEHIND,
    )
    assert len([statement for statement in sent if "embedding_queue" in statement]) == 1


async def test_a_prose_search_reads_the_index_through_a_rare_word_before_the_last(
    gql: GraphQLClient, app_db: Database
) -> None:
    """Migration 0033_searchnarrow: where a word before the last is rare in a kind, the every-word match
    reads the GIN index through the words before the last (not the last one's every prefix) and matches
    what it finds against the whole query: the same hits as the full read."""
    account = await sign_up(gql)
    token = account.access_token
    contact = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Quinn"}}, token=token))["createContact"]["id"]
    add = "mutation($t: UUID!, $b: String!) { addNote(targetId: $t, body: $b) { id } }"
    bodies = [
        "Invoice payment overdue since March",
        "The payments for the last invoice arrived",
        "Paymentech settled the invoice",
        "The invoice is ready to send",
        "Payment received, thanks",
    ]
    for body in bodies:
        await gql.data(add, {"t": contact, "b": body}, token=token)
    actor = await actor_of(gql, account)
    kinds = list(Kind)

    async with app_db.transaction(workspace_id=actor.workspace_id) as session:
        required = await service.required_words(session, ["invoice", "pay"])
        some = await service.some_words(session, actor, ["invoice", "pay"], kinds)
        narrow = service.rare_before_last(required, some)
        with statements(app_db) as sent:
            narrowly, *_ = await repository.candidates(session, kinds, required, limit=10, some=some, narrow=narrow)
        fully, *_ = await repository.candidates(session, kinds, required, limit=10, some=some)
        rows = await repository.rows_by_id(session, actor.workspace_id, Kind.NOTE, [hit[1] for hit in narrowly])

    # "invoice" is rare in every kind of this workspace; only notes and mail are read as prose.
    assert set(narrow) == set(Kind)
    names, prose = [call for call in sent[0].split("\nUNION ALL\n") if "rapport_search_match(" in call]
    # Names read every word through the index; prose through "invoice" alone, whole (the words before "pay").
    assert names.endswith(":pool, :limit, NULL)")
    assert prose.endswith(":pool, :limit, (to_tsquery('simple', :r0) || to_tsquery('english', :r0)))")
    assert ":kinds_prose_narrow" in prose  # the narrow call's kinds: no prose kind was read the full way
    assert narrowly == fully
    assert sorted(row.body for row in rows.values()) == sorted(bodies[:3])


async def test_a_workspace_holding_much_of_a_kind_is_matched_through_the_twins_planned_once(
    gql: GraphQLClient, app_db: Database
) -> None:
    """Migration 0034_searchgeneric: a kind of which the workspace holds at least INDEXED_SHARE of every
    workspace's documents is matched by the twin functions (plans made once a connection), the others as
    before; the hits are the same either way."""
    actor = await owner(gql)  # one contact, one company, one deal, no notes, no mail
    everywhere = {Kind.CONTACT: 2, Kind.COMPANY: 100, Kind.DEAL: 4, Kind.NOTE: None, Kind.EMAIL: 0}

    async def searched(estimates: dict[Kind, int | None]) -> tuple[list[Kind], list[str], list[tuple[Kind, str]]]:
        service._everywhere["all"] = estimates
        try:
            async with app_db.transaction(workspace_id=actor.workspace_id) as session:
                indexed = await service.indexed_kinds(session, actor, list(Kind))
                with statements(app_db) as sent:
                    page = await service.search(
                        session, actor, query="berg nordwind", types=None, first=10, after=None, retrievers=["keyword"]
                    )
        finally:
            service._everywhere.pop("all", None)
        hits = next(statement for statement in sent if "rapport_search_match" in statement)
        calls = [call.split("(")[0].split()[-1] for call in hits.split("\nUNION ALL\n")]
        return indexed, calls, [(hit.kind, hit.row.name) for _, hit in page.items]

    shared, shared_calls, shared_hits = await searched(everywhere)
    alone, alone_calls, alone_hits = await searched({kind: None for kind in Kind})

    assert shared == [Kind.CONTACT, Kind.DEAL]  # 1 of 2 and 1 of 4; not 1 of 100, nor unknown, nor of none
    # Names (contacts, companies, deals) and prose (notes, mail) are matched in calls of their own.
    assert sorted(shared_calls) == [
        "rapport_search_any",  # companies, notes, mail
        "rapport_search_any_indexed",  # contacts, deals
        "rapport_search_match",  # companies
        "rapport_search_match",  # notes, mail
        "rapport_search_match_indexed",  # contacts, deals
    ]
    assert alone == []
    assert sorted(alone_calls) == ["rapport_search_any", "rapport_search_match", "rapport_search_match"]
    # The same hits in the same order either way (the company, Bergmann, holds neither word as typed; the
    # contact and the deal each hold one word, in a name: a tie, in the kinds' order).
    assert shared_hits == alone_hits == [(Kind.CONTACT, "Anna Berg"), (Kind.DEAL, "Nordwind fleet renewal")]


async def test_a_note_need_not_hold_an_acronym_typed_beside_other_words(gql: GraphQLClient, app_db: Database) -> None:
    """A note's or an email's body never holds an acronym (English drops "it"; migration 0042_acronyms), so
    "IT outage" required of a note what it cannot hold and left the note about the IT team's outage to the
    some-words list. Notes and mail match the other words; a contact still needs the acronym. Typed alone,
    the acronym must be held as typed (a name, a title, an email's subject), which a note's body never is."""
    account = await sign_up(gql)
    token = account.access_token
    made = await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ravi", "jobTitle": "IT Manager"}}, token=token)
    contact = made["createContact"]["id"]
    made = await gql.data(CREATE_CONTACT, {"input": {"firstName": "Nia", "jobTitle": "Outage desk"}}, token=token)
    other = made["createContact"]["id"]
    add = "mutation($t: UUID!, $b: String!) { addNote(targetId: $t, body: $b) { id } }"
    note = (await gql.data(add, {"t": contact, "b": "The IT team traced the outage to a bad switch."}, token=token))[
        "addNote"
    ]["id"]
    actor = await actor_of(gql, account)
    kinds = list(Kind)

    async with app_db.transaction(workspace_id=actor.workspace_id) as session:
        acronyms = await service.stop_word_acronyms(session, ["it", "outage"], {"it"})
        required = await service.required_words(session, ["it", "outage"], acronyms)
        every, *_ = await repository.candidates(session, kinds, required, limit=10, acronyms=acronyms)
        alone, *_ = await repository.candidates(session, kinds, ["it"], limit=10, acronyms=acronyms)
        read = await repository.hits(
            session, actor.workspace_id, ["it", "outage"], {Kind.NOTE: [uuid.UUID(note)]}, acronyms
        )

    assert acronyms == {"it"}
    assert required == ["it", "outage"]
    # The note holds "outage"; Nia holds it but not the acronym; Ravi holds the acronym but not "outage".
    assert [(kind, str(record)) for kind, record, _ in every] == [(Kind.NOTE, note)]
    assert other not in {str(record) for _, record, _ in every}
    # "IT" alone: what holds it as typed, not the note (its body is prose).
    assert [(kind, str(record)) for kind, record, _ in alone] == [(Kind.CONTACT, contact)]
    snippet = read[(Kind.NOTE, uuid.UUID(note))][1]
    assert snippet is not None
    assert "outage" in snippet.replace("\ue000", "").replace("\ue001", "")


async def _a_disputed_invoice(
    http: httpx.AsyncClient, gql: GraphQLClient, superuser_db: Database
) -> tuple[Account, uuid.UUID, uuid.UUID, set[uuid.UUID]]:
    """A thread of four emails about a double charge and one other about an invoice, embedded: the account,
    the two threads, and the dispute's emails."""
    account = await sign_up(gql)
    token = account.access_token
    complaint = "We were charged twice for the same order on the last invoice. Please refund the double charge."
    grace, owner = "Grace <grace@globex.io>", f"<{account.email}>"
    first = mail(sender=grace, to=owner, subject="Invoice dispute", body=complaint)
    first_id = message_from_bytes(first)["Message-ID"]
    answers = [
        mail(sender=grace, to=owner, subject="Re: Invoice dispute", body=complaint, answering=first_id)
        for _ in range(3)
    ]
    other = mail(sender=grace, to=owner, subject="Billing", body="Our invoice total looks wrong this month.")
    await deliver(http, gql, token, superuser_db, first, *answers, other)
    await indexed(superuser_db, account.workspace_id)  # the five emails published and embedded
    threads = "query { emailThreads { edges { node { id subject emails { id } } } } }"
    by_subject = {
        edge["node"]["subject"]: edge["node"]
        for edge in (await gql.data(threads, token=token))["emailThreads"]["edges"]
    }
    dispute, billing = uuid.UUID(by_subject["Invoice dispute"]["id"]), uuid.UUID(by_subject["Billing"]["id"])
    emails = {uuid.UUID(e["id"]) for e in by_subject["Invoice dispute"]["emails"]}
    assert len(emails) == 4
    return account, dispute, billing, emails


@pytest.mark.usefixtures("worker")
async def test_mail_is_read_deeper_when_one_thread_fills_the_first_read(
    http: httpx.AsyncClient, gql: GraphQLClient, app_db: Database, superuser_db: Database, ai_url: str
) -> None:
    """With mail asked, semantic_hits reads EMAIL_READ neighbours for each hit at first; the emails of
    one thread are one hit, so where they fill that read, it reads three for each."""
    account, dispute, billing, dispute_emails = await _a_disputed_invoice(http, gql, superuser_db)
    actor = await actor_of(gql, account)
    query = "double charge on our invoice"

    async with (
        AiClient(parse_url(ai_url), timeout=30) as ai,
        app_db.transaction(workspace_id=actor.workspace_id) as session,
    ):
        vector = await ai.embed_query(query)
        with statements(app_db) as sent:
            hits = await service.semantic_hits(session, actor, vector, [Kind.EMAIL], limit=2)
        # Asked for one hit, the first read (one neighbour) holds it.
        with statements(app_db) as once:
            one = await service.semantic_hits(session, actor, vector, [Kind.EMAIL], limit=1)
        nearest = await embedding_service.nearest(session, actor, vector=vector, limit=3, object_types=["EMAIL"])

    # The premise: the three nearest emails are the dispute's, so the first read of three found one hit.
    assert len(nearest) == 3
    assert {n.object_id for n in nearest} <= dispute_emails
    assert hits == [(Kind.EMAIL, dispute), (Kind.EMAIL, billing)]
    assert len([statement for statement in sent if "<=>" in statement]) == 2
    assert one == [(Kind.EMAIL, dispute)]
    assert len([statement for statement in once if "<=>" in statement]) == 1


@pytest.mark.usefixtures("worker")
async def test_a_hybrid_search_reads_the_nearest_vectors_in_the_keyword_statement(
    http: httpx.AsyncClient, gql: GraphQLClient, app_db: Database, superuser_db: Database, ai_url: str
) -> None:
    """Both sides of a hybrid search in one round trip: the nearest vectors, each email as its thread, are
    read in the keyword side's statement, and make the same semantic hits as the nearest read alone."""
    account, dispute, billing, _ = await _a_disputed_invoice(http, gql, superuser_db)
    actor = await actor_of(gql, account)
    query = "double charge on our invoice"

    async with (
        AiClient(parse_url(ai_url), timeout=30) as ai,
        app_db.transaction(workspace_id=actor.workspace_id) as session,
    ):
        vector = await ai.embed_query(query)
        alone = await service.semantic_hits(session, actor, vector, list(Kind), limit=20)
        await service.search(session, actor, query=query, types=None, first=10, after=None, ai=ai)  # counts kept
        with statements(app_db) as sent:
            page = await service.search(session, actor, query=query, types=None, first=10, after=None, ai=ai)
        read = await embedding_service.nearest_read(session, actor, vector=vector, limit=30, object_types=None)
        *_, near = await repository.candidates(
            session, list(Kind), ["double"], limit=20, nearest=(actor.workspace_id, read.sql, read.parameters)
        )

    # The premise: meaning finds both threads, the dispute first (four of its emails are near, one hit).
    assert alone[:2] == [(Kind.EMAIL, dispute), (Kind.EMAIL, billing)]
    assert near is not None
    assert [key for key, _ in service._hits_of_near(near)][:2] == alone[:2]
    assert [(row[0], row[1]) for row in near[:4]] == [("EMAIL", dispute)] * 4
    assert [distance for *_, distance in near] == sorted(distance for *_, distance in near)
    hits = {(hit.kind, hit.id): hit.matched_by for _, hit in page.items}
    assert "semantic" in hits[(Kind.EMAIL, dispute)]
    assert "semantic" in hits[(Kind.EMAIL, billing)]
    # One statement read the nearest vectors and the keyword lists; no other asked an email's thread.
    (read_both,) = [statement for statement in sent if "<=>" in statement]
    assert "rapport_search_match" in read_both
    assert not [statement for statement in sent if "SELECT id, thread_id FROM emails" in statement]


@pytest.mark.usefixtures("worker")
async def test_the_hits_rows_read_through_the_driver_are_the_orms_rows(
    http: httpx.AsyncClient,
    gql: GraphQLClient,
    app_db: Database,
    superuser_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """rows_by_id and hits read without the ORM (db.instances_on_driver): each kind's rows hold every
    attribute the ORM's loading gives, of the same value and type (enums as members, floats, arrays,
    JSON), whether the columns' processors are being found (a model's first read in the process) or
    were found before."""
    monkeypatch.setattr(db, "_processors", {})  # so that each kind's first read below finds them
    account = await sign_up(gql)
    token = account.access_token
    contact = {
        "firstName": "Anna",
        "lastName": "Berg",
        "emails": ["anna@berg.example"],
        "phones": ["+49 30 1234567"],
    }
    contact_id = (await gql.data(CREATE_CONTACT, {"input": contact}, token=token))["createContact"]["id"]
    company = {"name": "Bergmann Logistics", "industry": "Shipping", "domain": "bergmann.example"}
    company_id = (await gql.data(CREATE_COMPANY, {"input": company}, token=token))["createCompany"]["id"]
    deal = {"name": "Nordwind fleet renewal", "amount": {"amountMicros": "125000000000", "currency": "EUR"}}
    deal_id = (await gql.data(CREATE_DEAL, {"input": deal}, token=token))["createDeal"]["id"]
    note = await gql.data(
        'mutation($t: UUID!) { addNote(targetId: $t, body: "Met at the fair") { id } }', {"t": contact_id}, token=token
    )
    await deliver(
        http,
        gql,
        token,
        superuser_db,
        mail(sender="Anna <anna@berg.example>", to=f"<{account.email}>", subject="Fleet", body="Ten trucks."),
    )
    thread = (await gql.data("query { emailThreads { edges { node { id } } } }", token=token))["emailThreads"]
    ids = {
        Kind.CONTACT: contact_id,
        Kind.COMPANY: company_id,
        Kind.DEAL: deal_id,
        Kind.NOTE: note["addNote"]["id"],
        Kind.EMAIL: thread["edges"][0]["node"]["id"],
    }
    actor = await actor_of(gql, account)

    snippets = {}
    for kind, text_id in ids.items():
        record_id = uuid.UUID(text_id)
        model = repository._MODELS[kind]
        async with app_db.transaction(workspace_id=actor.workspace_id) as session:
            assert model not in db._processors
            read = await repository.rows_by_id(session, actor.workspace_id, kind, [record_id, uuid.uuid4()])
            assert model in db._processors
            # Read again, with the processors found by the first read.
            again = await repository.rows_by_id(session, actor.workspace_id, kind, [record_id])
            # And with their snippets, as a search reads them.
            with_snippets = await repository.hits(session, actor.workspace_id, ["fleet"], {kind: [record_id]})
            loaded = list(await session.scalars(select(model).where(model.id == record_id)))
        assert len(loaded) == 1
        assert list(read) == list(again) == [record_id]
        assert list(with_snippets) == [(kind, record_id)]
        mapper = inspect(model)
        for row in (read[record_id], again[record_id], with_snippets[(kind, record_id)][0]):
            assert type(row) is model
            for attribute in mapper.column_attrs:
                if attribute.deferred:
                    # Not read (a search vector): it raises when read, as on the ORM's instance.
                    with pytest.raises(DetachedInstanceError):
                        getattr(row, attribute.key)
                    continue
                mine, theirs = getattr(row, attribute.key), getattr(loaded[0], attribute.key)
                assert (attribute.key, mine, type(mine)) == (attribute.key, theirs, type(theirs))
        snippets[kind] = with_snippets[(kind, record_id)][1]
    # The passages: "fleet" marked where it is (the deal's name, the thread's subject), the start elsewhere.
    assert snippets[Kind.DEAL] == "Nordwind \ue000fleet\ue001 renewal"
    assert snippets[Kind.EMAIL] == "\ue000Fleet\ue001 — Ten trucks"
    assert snippets[Kind.CONTACT] == "Anna Berg · anna@berg.example"
    async with app_db.transaction(workspace_id=actor.workspace_id) as session:
        # Another workspace's ids read nothing (the statement names the workspace; row-level security holds too).
        other = await repository.rows_by_id(session, uuid.uuid4(), Kind.CONTACT, [uuid.UUID(contact_id)])
    assert other == {}
