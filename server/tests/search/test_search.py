"""`search`: keyword matches over contacts, companies, deals, notes and email threads, ranked, with
safe snippets, pages, type filters, and one workspace's records only."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from rapport.db import Database
from rapport.search.query import FOLD_FROM, acronyms, fold, words
from rapport.search.service import required_words
from tests.email.test_queries import deliver, mail
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, CREATE_DEAL, GraphQLClient, sign_up

SEARCH = """query($q: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $q, types: $types, first: $first, after: $after) {
    degraded degradedReason pageInfo { hasNextPage endCursor }
    edges { cursor node { type score snippet matchedBy node {
      __typename
      ... on Contact { id name } ... on Company { id name } ... on Deal { id name }
      ... on EmailThread { id subject } ... on Activity { id body } } } }
  }
}"""


def hits(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (
            edge["node"]["type"],
            edge["node"]["node"].get("name") or edge["node"]["node"].get("subject") or edge["node"]["node"]["body"],
        )
        for edge in data["search"]["edges"]
    ]


async def create(gql: GraphQLClient, token: str, document: str, values: dict[str, Any]) -> str:
    data = await gql.data(document, {"input": values}, token=token)
    return str(next(iter(data.values()))["id"])


@pytest.fixture
async def workspace(gql: GraphQLClient) -> tuple[str, dict[str, str]]:
    owner = await sign_up(gql)
    token = owner.access_token
    ids = {
        "anna": await create(
            gql,
            token,
            CREATE_CONTACT,
            {
                "firstName": "Anna",
                "lastName": "Berg",
                "emails": ["anna.berg@nordwind.io"],
                "jobTitle": "Head of Procurement",
            },
        ),
        "annabelle": await create(gql, token, CREATE_CONTACT, {"firstName": "Annabelle", "lastName": "Stone"}),
        "jorg": await create(gql, token, CREATE_CONTACT, {"firstName": "Jörg", "lastName": "Müller"}),
        "company": await create(gql, token, CREATE_COMPANY, {"name": "Bergmann Logistics", "industry": "Shipping"}),
        "deal": await create(gql, token, CREATE_DEAL, {"name": "Nordwind fleet renewal"}),
    }
    note = await gql.data(
        "mutation($t: UUID!, $b: String!) { addNote(targetId: $t, body: $b) { id } }",
        {"t": ids["anna"], "b": "Anna called: the <b>invoices</b> for March & April were wrong; she wants a refund."},
        token=token,
    )
    ids["note"] = note["addNote"]["id"]
    return token, ids


async def test_prefixes_of_names_rank_records_above_notes(
    gql: GraphQLClient, workspace: tuple[str, dict[str, str]]
) -> None:
    token, _ = workspace

    data = await gql.data(SEARCH, {"q": "ann"}, token=token)

    assert hits(data) == [
        ("CONTACT", "Anna Berg"),
        ("CONTACT", "Annabelle Stone"),
        ("NOTE", "Anna called: the <b>invoices</b> for March & April were wrong; she wants a refund."),
    ]
    assert (data["search"]["degraded"], data["search"]["degradedReason"]) == (False, None)
    assert [edge["node"]["matchedBy"] for edge in data["search"]["edges"]] == [["keyword"]] * 3
    scores = [edge["node"]["score"] for edge in data["search"]["edges"]]
    assert scores == [1 / 61, 1 / 62, 1 / 63]


async def test_a_name_is_found_while_it_is_typed(gql: GraphQLClient, workspace: tuple[str, dict[str, str]]) -> None:
    token, _ = workspace
    await create(gql, token, CREATE_CONTACT, {"firstName": "John", "lastName": "Smith"})

    # Every word typed so far is a prefix of a word of the name, however short.
    found = [hits(await gql.data(SEARCH, {"q": typed}, token=token)) for typed in ("jo", "jo s", "jo sm", "john smi")]

    assert [("CONTACT", "John Smith")] == found[2] == found[3]
    assert ("CONTACT", "John Smith") in found[0]
    assert ("CONTACT", "John Smith") in found[1]


async def test_in_notes_and_long_queries_only_the_last_word_matches_as_a_prefix(
    gql: GraphQLClient, workspace: tuple[str, dict[str, str]]
) -> None:
    token, _ = workspace
    note = ("NOTE", "Anna called: the <b>invoices</b> for March & April were wrong; she wants a refund.")

    # Being typed: the last word is a prefix; the words before it are whole words or their stems.
    assert hits(await gql.data(SEARCH, {"q": "refund inv"}, token=token)) == [note]
    assert hits(await gql.data(SEARCH, {"q": "invoice refu"}, token=token)) == [note]
    assert hits(await gql.data(SEARCH, {"q": "inv refund"}, token=token)) == []
    # A name's words are each a prefix, wherever they stand (the test above), up to three of them;
    # a longer query is read as prose in every kind.
    await create(gql, token, CREATE_CONTACT, {"firstName": "Ana Maria", "lastName": "de Souza Lima"})
    assert hits(await gql.data(SEARCH, {"q": "ann ber"}, token=token)) == [("CONTACT", "Anna Berg")]
    assert hits(await gql.data(SEARCH, {"q": "an mar sou"}, token=token)) == [("CONTACT", "Ana Maria de Souza Lima")]
    assert hits(await gql.data(SEARCH, {"q": "ana maria souza li"}, token=token)) == [
        ("CONTACT", "Ana Maria de Souza Lima")
    ]
    assert hits(await gql.data(SEARCH, {"q": "ana mar souza li"}, token=token)) == []


async def test_in_prose_one_letter_is_not_yet_a_prefix_in_names_it_is(
    gql: GraphQLClient, workspace: tuple[str, dict[str, str]]
) -> None:
    """The palette searches from the first keystroke: one letter as a prefix in prose is the prefix of most
    of a large workspace's mail (repository.PROSE_PREFIX_LETTERS); in names it finds whom it begins."""
    token, _ = workspace
    note = ("NOTE", "Anna called: the <b>invoices</b> for March & April were wrong; she wants a refund.")
    by_words = {"retrievers": ["KEYWORD"]}  # meaning would find the note for "w" too, with anything else
    search = SEARCH.replace("$after: String)", "$after: String, $retrievers: [SearchRetriever!])").replace(
        "after: $after)", "after: $after, retrievers: $retrievers)"
    )

    assert hits(await gql.data(search, {"q": "w", **by_words}, token=token)) == []  # "wrong", "wants": not yet
    assert hits(await gql.data(search, {"q": "wr", **by_words}, token=token)) == [note]
    assert hits(await gql.data(search, {"q": "refund w", "types": ["NOTE"], **by_words}, token=token)) == [note]
    assert hits(await gql.data(search, {"q": "j", "types": ["CONTACT"], **by_words}, token=token)) == [
        ("CONTACT", "Jörg Müller")
    ]
    # Found by "refund" alone (some of the words), its snippet is the start of the note, "wrong" unmarked.
    found = await gql.data(search, {"q": "refund w", "types": ["NOTE"], **by_words}, token=token)
    assert found["search"]["edges"][0]["node"]["matchedBy"] == ["keyword"]
    assert "<mark>" not in found["search"]["edges"][0]["node"]["snippet"]


async def test_every_word_must_match_emails_and_accents_fold(
    gql: GraphQLClient, workspace: tuple[str, dict[str, str]]
) -> None:
    token, _ = workspace

    assert hits(await gql.data(SEARCH, {"q": "anna berg"}, token=token)) == [("CONTACT", "Anna Berg")]
    assert hits(await gql.data(SEARCH, {"q": "nordwind.io"}, token=token)) == [("CONTACT", "Anna Berg")]
    assert hits(await gql.data(SEARCH, {"q": "muller"}, token=token)) == [("CONTACT", "Jörg Müller")]
    assert hits(await gql.data(SEARCH, {"q": "JÖRG"}, token=token)) == [("CONTACT", "Jörg Müller")]
    # The deal's name holds the word; the contact's email domain holds it among other words.
    assert hits(await gql.data(SEARCH, {"q": "nordwind"}, token=token)) == [
        ("DEAL", "Nordwind fleet renewal"),
        ("CONTACT", "Anna Berg"),
    ]
    assert hits(await gql.data(SEARCH, {"q": "procurement"}, token=token)) == [("CONTACT", "Anna Berg")]
    assert hits(await gql.data(SEARCH, {"q": "berg"}, token=token)) == [
        ("CONTACT", "Anna Berg"),
        ("COMPANY", "Bergmann Logistics"),
    ]


async def test_snippets_escape_the_text_and_mark_the_matched_words(
    gql: GraphQLClient, workspace: tuple[str, dict[str, str]]
) -> None:
    token, _ = workspace

    data = await gql.data(SEARCH, {"q": "invoice refund", "types": ["NOTE"]}, token=token)

    assert [edge["node"]["snippet"] for edge in data["search"]["edges"]] == [
        # The headline drops markup-like tags and the last punctuation; the rest is escaped.
        "Anna called: the <mark>invoices</mark> for March &amp; April were wrong; she wants a <mark>refund</mark>"
    ]


async def test_type_filters_and_pages(gql: GraphQLClient, workspace: tuple[str, dict[str, str]]) -> None:
    token, _ = workspace

    only = await gql.data(SEARCH, {"q": "ann", "types": ["CONTACT"]}, token=token)
    first = await gql.data(SEARCH, {"q": "ann", "first": 2}, token=token)
    rest = await gql.data(
        SEARCH, {"q": "ann", "first": 2, "after": first["search"]["pageInfo"]["endCursor"]}, token=token
    )

    assert hits(only) == [("CONTACT", "Anna Berg"), ("CONTACT", "Annabelle Stone")]
    assert hits(first) == [("CONTACT", "Anna Berg"), ("CONTACT", "Annabelle Stone")]
    assert first["search"]["pageInfo"]["hasNextPage"] is True
    assert [h[0] for h in hits(rest)] == ["NOTE"]
    assert rest["search"]["pageInfo"]["hasNextPage"] is False
    assert rest["search"]["edges"][0]["node"]["score"] == 1 / 63


async def test_another_workspace_sees_none_of_it(gql: GraphQLClient, workspace: tuple[str, dict[str, str]]) -> None:
    other = await sign_up(gql)
    await create(gql, other.access_token, CREATE_CONTACT, {"firstName": "Annika", "lastName": "Lund"})

    data = await gql.data(SEARCH, {"q": "ann"}, token=other.access_token)

    assert hits(data) == [("CONTACT", "Annika Lund")]
    assert hits(await gql.data(SEARCH, {"q": "nordwind"}, token=other.access_token)) == []


async def test_deleted_records_are_not_found(gql: GraphQLClient, workspace: tuple[str, dict[str, str]]) -> None:
    token, ids = workspace
    await gql.data("mutation($id: UUID!) { deleteContact(id: $id) }", {"id": ids["annabelle"]}, token=token)

    assert hits(await gql.data(SEARCH, {"q": "annabelle"}, token=token)) == []


async def test_bad_input_is_refused_with_a_code(gql: GraphQLClient, workspace: tuple[str, dict[str, str]]) -> None:
    token, _ = workspace

    too_many = await gql(SEARCH, {"q": "ann", "first": 51}, token=token)
    bad_cursor = await gql(SEARCH, {"q": "ann", "after": "bm90LWEtY3Vyc29y"}, token=token)
    too_long = await gql(SEARCH, {"q": "a" * 501}, token=token)
    syntax = await gql.data(SEARCH, {"q": "ann:* & | ! ( ' \\"}, token=token)
    nothing = await gql.data(SEARCH, {"q": " ... "}, token=token)

    assert [e["extensions"]["code"] for e in too_many["errors"]] == ["BAD_USER_INPUT"]
    assert [e["extensions"]["code"] for e in bad_cursor["errors"]] == ["BAD_USER_INPUT"]
    assert [e["extensions"]["code"] for e in too_long["errors"]] == ["BAD_USER_INPUT"]
    assert [h[0] for h in hits(syntax)] == ["CONTACT", "CONTACT", "NOTE"]
    assert nothing["search"] == {
        "degraded": False,
        "degradedReason": None,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }


@pytest.mark.usefixtures("worker")
async def test_similar_to_an_email_is_never_its_own_thread(
    http: httpx.AsyncClient, gql: GraphQLClient, superuser_db: Database
) -> None:
    """`similar` takes a thread's id; given one of its emails' ids, it answered that email's own thread
    first, score 1.0."""
    owner = await sign_up(gql)
    token = owner.access_token
    raws = [
        mail(sender="Grace <grace@globex.io>", to=f"<{owner.email}>", subject="Invoice dispute",
             body="The totals on the last invoice are wrong: we were charged twice.\n"),
        mail(sender="Alan <alan@initech.io>", to=f"<{owner.email}>", subject="Billing error",
             body="Your last invoice charged us two times for the same order.\n"),
    ]  # fmt: skip
    await deliver(http, gql, token, superuser_db, *raws)
    threads = "query { emailThreads { edges { node { id subject emails { id } } } } }"
    by_subject = {
        edge["node"]["subject"]: edge["node"]
        for edge in (await gql.data(threads, token=token))["emailThreads"]["edges"]
    }
    dispute, billing = by_subject["Invoice dispute"], by_subject["Billing error"]
    alike = "query($id: UUID!) { similar(id: $id, first: 5) { score node { ... on EmailThread { id } } } }"

    async def similar_to(asked: str) -> list[str]:
        """The threads alike, best first (people alike may be among them: left out here)."""
        hits = (await gql.data(alike, {"id": asked}, token=token))["similar"]
        return [hit["node"]["id"] for hit in hits if hit["node"].get("id")]

    for _ in range(600):  # until the worker has embedded both emails (their events reach its queue first)
        if billing["id"] in await similar_to(dispute["id"]):
            break
        await asyncio.sleep(0.1)
    for asked in (dispute["id"], dispute["emails"][0]["id"]):
        found = await similar_to(asked)
        assert dispute["id"] not in found
        assert found[:1] == [billing["id"]]


@pytest.mark.usefixtures("worker")
async def test_email_threads_are_found_by_subject_and_body(
    http: httpx.AsyncClient, gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    raws = [
        mail(
            sender="Grace <grace@globex.io>",
            to=f"<{owner.email}>",
            subject="Invoice dispute",
            body="The totals on the last statement are wrong.\n",
        ),
        mail(
            sender="Grace <grace@globex.io>",
            to=f"<{owner.email}>",
            subject="Lunch",
            body="Shall we talk about the disputed invoice over lunch?\n",
        ),
    ]
    await deliver(http, gql, owner.access_token, superuser_db, *raws)

    data = await gql.data(SEARCH, {"q": "invoices", "types": ["EMAIL"]}, token=owner.access_token)

    assert hits(data) == [("EMAIL", "Invoice dispute"), ("EMAIL", "Lunch")]
    assert [edge["node"]["snippet"] for edge in data["search"]["edges"]] == [
        "<mark>Invoice</mark> dispute — The totals on the last statement are wrong",
        "Lunch — Shall we talk about the disputed <mark>invoice</mark> over lunch",
    ]
    # A thread holding only some of the words still shows its passage, with the word it holds marked.
    by_words = "query($q: String!) { search(query: $q, retrievers: [KEYWORD]) { edges { node { type snippet } } } }"
    some = await gql.data(by_words, {"q": "statement typo"}, token=owner.access_token)
    assert [(edge["node"]["type"], edge["node"]["snippet"]) for edge in some["search"]["edges"]] == [
        ("EMAIL", "Invoice dispute — The totals on the last <mark>statement</mark>")
    ]


async def test_the_query_folds_as_the_database_does(app_db: Database) -> None:
    async with app_db.transaction() as session:
        folded = await session.scalar(text("SELECT rapport_fold(:v)"), {"v": FOLD_FROM.upper() + FOLD_FROM + "Straße"})

    assert folded == fold(FOLD_FROM.upper() + FOLD_FROM + "Straße")
    assert words("  Jörg-Müller, anna.berg@x.io  JÖRG ") == ["jorg", "muller", "anna", "berg", "x", "io"]


SEARCH_BY = """query($q: String!, $retrievers: [SearchRetriever!]) {
  search(query: $q, retrievers: $retrievers) {
    degraded edges { node { type matchedBy node {
      ... on Contact { name } ... on Company { name } ... on Deal { name } ... on Activity { body } } } }
  }
}"""


def names(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (edge["node"]["type"], edge["node"]["node"].get("name") or edge["node"]["node"]["body"][:12])
        for edge in data["search"]["edges"]
    ]


async def test_the_keyword_retriever_ranks_some_of_the_words_after_all_of_them(
    gql: GraphQLClient, workspace: tuple[str, dict[str, str]]
) -> None:
    token, _ = workspace

    # "for" is a stop word; "refund" is in one document, "nordwind" (the last word: also a prefix) in two.
    some = await gql.data(SEARCH_BY, {"q": "refund for nordwind", "retrievers": ["KEYWORD"]}, token=token)
    # Anna's job title and email hold both of these words: she comes first, then the rarer word's holders.
    all_then_some = await gql.data(SEARCH_BY, {"q": "procurement berg", "retrievers": ["KEYWORD"]}, token=token)
    # An email address is looked up: every word must match.
    address = await gql.data(SEARCH_BY, {"q": "anna.berg@nordwind.io refund", "retrievers": ["KEYWORD"]}, token=token)

    assert names(some) == [("NOTE", "Anna called:"), ("DEAL", "Nordwind fleet renewal"), ("CONTACT", "Anna Berg")]
    assert names(all_then_some) == [("CONTACT", "Anna Berg"), ("COMPANY", "Bergmann Logistics")]
    assert names(address) == []


async def test_a_note_in_a_month_partition_made_later_is_found_by_its_words_and_by_its_edited_words(
    gql: GraphQLClient, app_db: Database, workspace: tuple[str, dict[str, str]]
) -> None:
    """A note's search vector is kept by a trigger on the partitioned timeline (0028_notevector): it
    must hold on the monthly partitions the daily job attaches after the migration, and follow edits."""
    token, ids = workspace
    async with app_db.sessionmaker() as session:
        await session.execute(text("SELECT rapport_ensure_activity_partitions(1)"))
        await session.commit()
    add = "mutation($t: UUID!, $b: String!) { addNote(targetId: $t, body: $b) { id } }"
    note = (await gql.data(add, {"t": ids["deal"], "b": "Zeppelin hangar survey booked"}, token=token))["addNote"]

    by_words = {"retrievers": ["KEYWORD"]}  # meaning would find the edited note too (a zeppelin is an airship)
    found = await gql.data(SEARCH_BY, {"q": "zeppelin", **by_words}, token=token)
    edit = "mutation($id: UUID!, $b: String!) { updateNote(id: $id, body: $b) { id } }"
    await gql.data(edit, {"id": note["id"], "b": "Airship hangar survey booked"}, token=token)
    old_words = await gql.data(SEARCH_BY, {"q": "zeppelin", **by_words}, token=token)
    new_words = await gql.data(SEARCH_BY, {"q": "airship", **by_words}, token=token)

    assert names(found) == [("NOTE", "Zeppelin han")]
    assert names(old_words) == []
    assert names(new_words) == [("NOTE", "Airship hang")]
    # The note went into this month's partition, which the call above made (not into the default one).
    async with app_db.sessionmaker() as session:
        month = await session.scalar(text("SELECT to_char(now() AT TIME ZONE 'UTC', '\"activities_y\"YYYY\"m\"MM')"))
        attached = await session.scalar(
            text(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'activities_search_vector' AND tgrelid = to_regclass(:m)"
            ),
            {"m": month},
        )
    assert attached == 1


async def test_the_search_functions_read_only_the_workspace_in_scope(gql: GraphQLClient, app_db: Database) -> None:
    """The keyword statements run as `rapport_search` (0029_searchrole), past the tenant policy, so that
    their GIN indexes are used: the functions themselves must keep to the transaction's workspace."""
    mine, other = await sign_up(gql), await sign_up(gql)
    add = "mutation($t: UUID!, $b: String!) { addNote(targetId: $t, body: $b) { id } }"
    theirs = await create(gql, other.access_token, CREATE_CONTACT, {"firstName": "Quokka"})
    await gql.data(add, {"t": theirs, "b": "Quokka refund pending"}, token=other.access_token)
    ours = await create(gql, mine.access_token, CREATE_CONTACT, {"firstName": "Quokka"})
    kinds = ["CONTACT", "COMPANY", "DEAL", "NOTE", "EMAIL"]
    match = "SELECT hit_id::text FROM rapport_search_match(:kinds, to_tsquery('simple', 'quokka'), 100, 10, NULL)"
    # The same match read narrowly (0033_searchnarrow): the index through "quokka", then the whole query.
    narrow = (
        "SELECT hit_id::text FROM rapport_search_match(:kinds,"
        " to_tsquery('simple', 'quokka') && to_tsquery('simple', 'q:*'), 100, 10, to_tsquery('simple', 'quokka'))"
    )
    any_word = (
        "SELECT hit_id::text FROM to_tsquery('simple', 'quokka | refund') q,"
        " rapport_search_any(:kinds, ARRAY[q, q, q, q, q], ARRAY[q], ARRAY[1.0::float8], q, 100, 10)"
    )
    holding = "SELECT hit_kind, holding FROM rapport_search_holding(:kinds, ARRAY[to_tsquery('simple', 'quokka')], 10)"

    async def read(scope: str | None) -> tuple[set[str], set[str], dict[str, list[int]]]:
        async with app_db.transaction(workspace_id=scope) as session:  # type: ignore[arg-type]
            found = set((await session.scalars(text(match), {"kinds": kinds})).all())
            found_any = set((await session.scalars(text(any_word), {"kinds": kinds})).all())
            # The narrow read and the twins planned once for the GIN index alone (0034_searchgeneric),
            # whose workspace condition no index answers: the same rows.
            for statement in (narrow, indexed(match), indexed(narrow)):
                assert set((await session.scalars(text(statement), {"kinds": kinds})).all()) == found
            assert set((await session.scalars(text(indexed(any_word)), {"kinds": kinds})).all()) == found_any
            counts = {row[0]: list(row[1]) for row in await session.execute(text(holding), {"kinds": kinds})}
            member = await session.scalar(text("SELECT pg_has_role(current_user, 'rapport_search', 'MEMBER')"))
        assert member is False  # the app's login cannot take the role's place
        return found, found_any, counts

    assert await read(mine.workspace_id) == (
        {ours},
        {ours},
        {"CONTACT": [1], "COMPANY": [0], "DEAL": [0], "NOTE": [0], "EMAIL": [0]},
    )
    assert await read(None) == (set(), set(), {})


def indexed(statement: str) -> str:
    """The statement calling the keyword functions' twins planned for the GIN index alone."""
    return statement.replace("rapport_search_match(", "rapport_search_match_indexed(").replace(
        "rapport_search_any(", "rapport_search_any_indexed("
    )


async def test_the_indexed_twins_read_the_gin_index_and_no_btree_whatever_the_words(
    gql: GraphQLClient, app_db: Database
) -> None:
    """Planned once a connection (0034_searchgeneric), a twin's plan must not depend on the words nor on how
    many workspaces or rows a table holds: the GIN index on the search vector, never a btree (one leading
    with `workspace_id`, a generic plan's pick as workspaces grow in number and 10x slower for a large one,
    or a partial one read whole, the pick in a small table)."""
    owner = await sign_up(gql)
    token = owner.access_token
    company = await create(gql, token, CREATE_COMPANY, {"name": "Zebedee Holdings"})
    for first in ("Quokka", "Quentin", "Quinn"):
        await create(gql, token, CREATE_CONTACT, {"firstName": first, "lastName": "Zebedee", "companyId": company})
    await create(gql, token, CREATE_DEAL, {"name": "Zebedee renewal", "companyId": company})
    add = "mutation($t: UUID!, $b: String!) { addNote(targetId: $t, body: $b) { id } }"
    await gql.data(add, {"t": company, "b": "Zebedee asked Quinn for a quote"}, token=token)
    scans = text(
        "SELECT i.indexrelid::regclass::text, pg_stat_get_xact_numscans(i.indexrelid) FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indrelid"
        " WHERE c.relname IN ('contacts', 'companies', 'deals', 'emails') OR c.relname LIKE 'activities%'"
    )
    calls = [
        "SELECT count(*) FROM rapport_search_match_indexed(ARRAY[:kind], to_tsquery('simple', :w), 500, 10, NULL)",
        "SELECT count(*) FROM to_tsquery('simple', :w) q,"
        " rapport_search_any_indexed(ARRAY[:kind], ARRAY[q], ARRAY[q], ARRAY[1.0::float8], q, 500, 10)",
    ]
    found: dict[tuple[str, str], list[int]] = {}
    async with app_db.transaction(workspace_id=owner.workspace_id) as session:
        for kind in ("CONTACT", "COMPANY", "DEAL", "NOTE", "EMAIL"):
            for word in ("zebedee", "q:*", "nothing", "zebedee & quinn"):
                for call in calls:
                    before = dict((await session.execute(scans)).all())
                    found.setdefault((kind, word), []).append(
                        await session.scalar(text(call), {"w": word, "kind": kind})
                    )
                    after = dict((await session.execute(scans)).all())
                    read = {name for name, count in after.items() if count > before[name]}
                    assert read, (kind, word, call)
                    assert all("search_vector" in name for name in read), (kind, word, call, read)
    assert found[("CONTACT", "zebedee")] == found[("CONTACT", "q:*")] == [3, 3]
    assert found[("CONTACT", "zebedee & quinn")] == [1, 1]
    assert found[("COMPANY", "zebedee")] == found[("DEAL", "zebedee")] == [1, 1]
    assert found[("NOTE", "q:*")] == [1, 1]  # a note's words are English stems ("zebede"): a prefix finds it
    assert found[("EMAIL", "zebedee")] == [0, 0], found
    assert found[("CONTACT", "nothing")] == [0, 0], found


async def test_stop_words_and_single_letters_are_not_required_but_the_last_word_is(app_db: Database) -> None:
    """Through its prefix, "a:*" or "the:*" matches nearly every document and is the costliest lookup."""
    async with app_db.transaction() as session:
        typed = await required_words(session, words("reading map files from a C program"))
        being_typed = await required_words(session, words("anna b"))
        only_stop_words = await required_words(session, words("to be or not"))
    assert typed == ["reading", "map", "files", "program"]
    assert being_typed == ["anna", "b"]
    assert only_stop_words == ["to", "be", "or", "not"]


async def test_a_deal_found_answers_the_fields_its_resolvers_give(
    gql: GraphQLClient, workspace: tuple[str, dict[str, str]]
) -> None:
    """A deal hit is the Deal type made from its row: its resolvers (company, stage) read `row`, and the
    row itself was answered before, which failed with INTERNAL_SERVER_ERROR."""
    token, _ = workspace
    query = """query($q: String!) { search(query: $q, types: [DEAL], retrievers: [KEYWORD]) {
      edges { node { node { ... on Deal { name status company { name } stage { name } } } } } } }"""

    data = await gql.data(query, {"q": "nordwind fleet"}, token=token)

    assert [edge["node"]["node"] for edge in data["search"]["edges"]] == [
        {"name": "Nordwind fleet renewal", "status": "OPEN", "company": None, "stage": {"name": "Lead"}}
    ]


async def test_words_written_with_accents_are_marked_in_snippets_however_they_were_typed(gql: GraphQLClient) -> None:
    token = (await sign_up(gql)).access_token
    await create(gql, token, CREATE_CONTACT, {"firstName": "Jürgen", "lastName": "Weiß", "jobTitle": "Einkäufer"})
    query = """query($q: String!) { search(query: $q, retrievers: [KEYWORD]) { edges { node { snippet } } } }"""

    async def snippets(typed: str) -> list[str]:
        found = await gql.data(query, {"q": typed}, token=token)
        return [edge["node"]["snippet"] for edge in found["search"]["edges"]]

    assert await snippets("Jürgen Weiß") == ["<mark>Jürgen</mark> <mark>Weiß</mark> · Einkäufer"]
    assert await snippets("jurgen weiss") == ["<mark>Jürgen</mark> <mark>Weiß</mark> · Einkäufer"]
    # A name's words are prefixes while typed; an accented word nobody typed stays as it is.
    assert await snippets("jurg") == ["<mark>Jürgen</mark> Weiß · Einkäufer"]


async def test_a_phone_number_is_found_however_its_digits_are_typed(gql: GraphQLClient) -> None:
    token = (await sign_up(gql)).access_token
    for first, phone in (("Ines", "+1 (415) 555-0100"), ("Otto", "+1 415 555 0199"), ("Uma", "+44 20 7946 0958")):
        await gql.data(CREATE_CONTACT, {"input": {"firstName": first, "phones": [phone]}}, token=token)

    async def found(query: str, *retrievers: str) -> list[tuple[str, str]]:
        asked = {"q": query} | ({"retrievers": list(retrievers)} if retrievers else {})
        return names(await gql.data(SEARCH_BY, asked, token=token))

    # As written, from the country code, without it, without the area code, with or without separators.
    for typed in ("+1 415 555 0100", "+14155550100", "4155550100", "415-555-0100", "555 0100", "5550100"):
        assert await found(typed) == [("CONTACT", "Ines")], typed
    assert await found("2079460958") == [("CONTACT", "Uma")]
    # While it is typed, the number so far is a prefix; another number is never found.
    assert sorted(await found("555010")) == [("CONTACT", "Ines")]
    # Too short to be a number (it is searched by meaning too): its words as words, by keyword.
    assert sorted(await found("555 01", "KEYWORD")) == [("CONTACT", "Ines"), ("CONTACT", "Otto")]
    assert await found("5550101") == []


async def test_an_address_typed_whole_finds_its_owner_not_addresses_that_start_alike(gql: GraphQLClient) -> None:
    token = (await sign_up(gql)).access_token
    for first, email in (("Mary", "mary@x.example"), ("Marya", "mary2@x.example"), ("Bob", "bob@x.example")):
        await gql.data(CREATE_CONTACT, {"input": {"firstName": first, "emails": [email]}}, token=token)

    async def found(query: str) -> list[tuple[str, str]]:
        return names(await gql.data(SEARCH_BY, {"q": query}, token=token))

    assert await found("mary@x.example") == [("CONTACT", "Mary")]
    # While it is typed, the last word is still a prefix; the words before it are whole.
    assert await found("mary@x.exam") == [("CONTACT", "Mary")]
    assert sorted(await found("mary2@x")) == [("CONTACT", "Marya")]
    # A lookup is keyword alone: a full page of it still says that another follows.
    for n in range(20):
        await gql.data(
            CREATE_CONTACT, {"input": {"firstName": f"Team{n}", "emails": [f"team{n}@x.example"]}}, token=token
        )
    paged = "query($q: String!) { search(query: $q, first: 20) { pageInfo { hasNextPage } edges { cursor } } }"
    page = (await gql.data(paged, {"q": "@x.example"}, token=token))["search"]
    assert (len(page["edges"]), page["pageInfo"]["hasNextPage"]) == (20, True)


@pytest.mark.usefixtures("worker")
async def test_a_company_typed_by_its_exact_name_comes_before_its_deals(gql: GraphQLClient) -> None:
    """Deals are named after their company ("Helix Capital — Pilot"). A deal's name was in its search
    vector twice (as typed and as English stems), so each word of it counted twice and every such deal
    outranked the company itself: here the company came after its five deals by keyword, and on the
    scale data set, with twenty deals and more named after a company, typing its name listed only deals
    (migration 0040_namewords)."""
    token = (await sign_up(gql)).access_token
    company = await create(gql, token, CREATE_COMPANY, {"name": "Helix Capital", "industry": "Finance"})
    for name in ("Pilot", "Annual renewal", "Support upgrade", "Expansion", "Training"):
        await create(gql, token, CREATE_DEAL, {"name": f"Helix Capital — {name}", "companyId": company})
    status = "query { searchIndexStatus { pending } }"
    for _ in range(600):  # until the worker has embedded the company and its deals
        if (await gql.data(status, token=token))["searchIndexStatus"]["pending"] == 0:
            break
        await asyncio.sleep(0.1)

    by_words = names(await gql.data(SEARCH_BY, {"q": "Helix Capital", "retrievers": ["KEYWORD"]}, token=token))
    assert by_words[0] == ("COMPANY", "Helix Capital")
    assert len(by_words) == 6
    # Fused with meaning, the six hold every word and come first, in the order meaning gives them (a deal
    # named after the company may be nearer to its name than the company's card is).
    fused = names(await gql.data(SEARCH_BY, {"q": "Helix Capital"}, token=token))
    assert sorted(fused[:6]) == sorted(by_words)


async def test_an_acronym_typed_in_capitals_is_a_word_though_english_drops_it(gql: GraphQLClient) -> None:
    """English reads "it" as a stop word: "IT Manager" was indexed as "manag", "IT manager" listed every
    manager with the IT manager among them, and "IT" alone found the people named Ito. Typed in capitals,
    a stop word is an acronym: kept, and matched whole, against the acronyms of titles and industries
    (migration 0042_acronyms)."""
    token = (await sign_up(gql)).access_token
    for first, last, title in [
        ("Harper", "Becker", "HR Manager"),
        ("Kofi", "Ito", "Sales Manager"),
        ("Amelia", "Rahman", "IT Manager"),
        ("Dagmar", "Kühn", "IT-Leiterin"),
        ("Noor", "Haddad", "Head of Operations"),
    ]:
        await create(gql, token, CREATE_CONTACT, {"firstName": first, "lastName": last, "jobTitle": title})
    # Italy's domain is a word of her address, not an acronym.
    italy = {"firstName": "Giulia", "lastName": "Conti", "jobTitle": "Chef", "emails": ["giulia@trattoria.it"]}
    await create(gql, token, CREATE_CONTACT, italy)
    await create(gql, token, CREATE_COMPANY, {"name": "Brightline Systems", "industry": "IT Services"})
    await create(gql, token, CREATE_COMPANY, {"name": "Italo Foods", "industry": "Food and drink"})

    async def keyword(query: str) -> list[tuple[str, str]]:
        return names(await gql.data(SEARCH_BY, {"q": query, "retrievers": ["KEYWORD"]}, token=token))

    it_manager = await keyword("IT manager")
    # The one holding both words, then what holds one of them.
    assert it_manager[0] == ("CONTACT", "Amelia Rahman")
    assert set(it_manager[1:]) == {
        ("CONTACT", "Harper Becker"),
        ("CONTACT", "Kofi Ito"),
        ("CONTACT", "Dagmar Kühn"),
        ("COMPANY", "Brightline Systems"),
    }
    assert sorted(await keyword("IT")) == [
        ("COMPANY", "Brightline Systems"),
        ("CONTACT", "Amelia Rahman"),
        ("CONTACT", "Dagmar Kühn"),
    ]
    # Nothing holds every word: the rare word's holders come first.
    assert sorted((await keyword("people who look after IT"))[:2]) == [
        ("CONTACT", "Amelia Rahman"),
        ("CONTACT", "Dagmar Kühn"),
    ]
    # Typed in lower case it is the stop word, as before: every manager holds "manager", none is first for "it".
    assert sorted(await keyword("it manager")) == [
        ("CONTACT", "Amelia Rahman"),
        ("CONTACT", "Harper Becker"),
        ("CONTACT", "Kofi Ito"),
    ]
    # CAPS LOCK is not acronyms: "IT MANAGER" is "it manager".
    assert sorted(await keyword("IT MANAGER")) == sorted(await keyword("it manager"))
    # In lower case "it" is the address's word; an address typed is looked up as typed.
    assert await keyword("trattoria it") == [("CONTACT", "Giulia Conti")]
    assert await keyword("giulia@trattoria.IT") == [("CONTACT", "Giulia Conti")]
    # The acronym is marked in the snippet (ts_headline reads the text as English, which drops it).
    data = await gql.data(SEARCH, {"q": "IT", "types": ["CONTACT"]}, token=token)
    snippets = {edge["node"]["node"]["name"]: edge["node"]["snippet"] for edge in data["search"]["edges"]}
    assert snippets["Amelia Rahman"] == "Amelia Rahman · <mark>IT</mark> Manager"
    assert "<mark>IT</mark>-Leiterin" in snippets["Dagmar Kühn"]


def test_the_words_typed_in_capitals_are_acronyms_unless_every_word_is() -> None:
    assert acronyms("IT") == {"it"}
    assert acronyms("Head of IT") == {"it"}
    assert acronyms("IT-Leiterin US") == {"it", "us"}
    assert acronyms("it manager") == set()
    assert acronyms("I need IT") == {"it"}  # one letter is not an acronym, nor all the words in capitals
    assert acronyms("IT MANAGER") == set()  # CAPS LOCK
