"""Names of people and companies typed with a letter wrong (migration 0036_namegrams, search.typos):
found through `search` when nothing holds every word typed, closest first, in the workspace's own records
only; a search whose words the workspace holds is never second-guessed."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import text

from rapport.db import Database
from rapport.search import service, typos
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, CREATE_DEAL, GraphQLClient, sign_up
from tests.search.test_search import SEARCH, create, hits
from tests.search.test_service import owner, statements


@pytest.mark.parametrize(
    ("typed", "name", "edits"),
    [
        (["victoira", "weber"], "Victoria Weber", 1),  # two letters swapped
        (["victoria", "webber"], "Victoria Weber", 1),  # one too many
        (["hassan", "nakamrua"], "Hassan Nakamura", 1),
        (["wealth", "managment"], "Wealth Management Partners", 1),  # one missing
        (["kostantinso"], "Konstantinos Papadopoulos", 2),  # two edits from eight letters
        (["nakam"], "Hassan Nakamura", 0.5),  # a word's start costs half an edit more than the word
        (["nakma"], "Hassan Nakamura", 1.5),  # an unfinished word, a letter wrong
        (["vic", "weber"], "Victoria Weber", 0.5),
        (["jonh", "smith"], "John Smith", 1),
        (["jonh", "smith"], "Jonas Smith", 1.5),
        (["eva", "weber"], "Ava Weber", None),  # three letters: as typed, another person
        (["victoira", "wbr"], "Victoria Weber", None),  # every word must be near
        (["kostantinso"], "Constantine", None),
        (["anything"], "", None),
    ],
)
def test_a_word_is_near_a_names_word_within_the_edits_its_length_allows(
    typed: list[str], name: str, edits: float | None
) -> None:
    assert typos.distance(typed, name) == edits


def test_the_grams_query_asks_each_word_for_one_of_the_sets_an_edit_leaves_whole() -> None:
    assert typos.grams("weber") == ["  w", " we", "web", "ebe", "ber", "er "]
    assert typos.names_query(["weber"]) == "(('  w' & ' we') | ('ber' & 'er ') | ('  w' & 'er '))"
    # From six letters, sets of three: "pr" alone would find most long names.
    assert typos.word_query("printer") == (
        "('  p' & ' pr' & 'pri') | ('nte' & 'ter' & 'er ') | ('  p' & ' pr' & 'er ') | ('  p' & 'ter' & 'er ')"
    )
    assert typos.names_query(["j", "weber"]) == typos.names_query(["weber"])  # one letter says too little
    assert typos.names_query(["j"]) is None
    # A word the workspace holds is looked for as typed: all its grams (as the start of a word).
    assert typos.names_query(["victoira", "weber"], as_typed={"weber"}) == (
        f"({typos.word_query('victoira')}) & ('  w' & ' we' & 'web' & 'ebe' & 'ber')"
    )


def test_every_word_one_edit_away_keeps_one_of_the_sets_whole() -> None:
    """The grams query finds every name's word one edit from a word typed (typos.kept_sets' promise): every
    edit of every position, of words of 5 to 11 letters typed (four-letter ones: most edits, not all)."""
    rng = random.Random(7)
    letters = "abcdeilmnorstu"
    for _ in range(300):
        meant = "".join(rng.choice(letters) for _ in range(rng.randint(4, 11)))
        typed_forms = set()
        for at in range(len(meant)):
            typed_forms.add(meant[:at] + meant[at + 1 :])  # a letter missing
            typed_forms.update(meant[:at] + letter + meant[at + 1 :] for letter in "xz")  # one wrong
            typed_forms.update(meant[:at] + letter + meant[at:] for letter in "xz")  # one too many
            if at + 1 < len(meant):
                typed_forms.add(meant[:at] + meant[at + 1] + meant[at] + meant[at + 2 :])  # two swapped
        for typed in typed_forms:
            # In four letters two swapped may leave one gram whole, which is not asked for alone.
            if len(typed) <= typos.EXACT_BELOW:
                continue
            held = set(typos.grams(meant))
            assert any(set(kept) <= held for kept in typos.kept_sets(typed)), (typed, meant)


def test_the_words_meant_are_the_names_words_near_a_word_typed() -> None:
    assert typos.meant(["victoira", "weber"], ["Victoria Weber", "Victor Weber"]) == {"victoria", "victor", "weber"}
    assert typos.meant(["nakma"], ["Hassan Nakamura"]) == {"nakamura"}  # near its start
    assert typos.meant(["jurgen", "mulelr"], ["Jürgen Müller"]) == {"jurgen", "muller"}  # folded
    assert typos.meant(["eva"], ["Ava Weber"]) == set()
    assert typos.meant([], ["Ava Weber"]) == set()


def test_a_snippet_marks_the_words_meant_outside_what_is_marked_and_stays_escaped() -> None:
    start, stop = service.START, service.STOP
    headline = f"Victoria {start}Weber{stop} · victoria@weber.example · Weberei <b>owner</b>"
    assert service.snippet_html(headline, also={"victoria", "weber"}) == (
        "<mark>Victoria</mark> <mark>Weber</mark> · <mark>victoria</mark>@<mark>weber</mark>.example"
        " · Weberei &lt;b&gt;owner&lt;/b&gt;"
    )
    assert service.snippet_html(headline) == (
        "Victoria <mark>Weber</mark> · victoria@weber.example · Weberei &lt;b&gt;owner&lt;/b&gt;"
    )
    assert (
        service.snippet_html(f"{start}Müller{stop} Müller", also={"muller"})
        == "<mark>Müller</mark> <mark>Müller</mark>"
    )
    assert service.snippet_html(None, also={"weber"}) is None


def test_a_snippet_marks_accented_words_the_words_typed_fold_to_and_no_others() -> None:
    headline = f"Jürgen Weiß met {service.START}Jorge{service.STOP} at the Café Größe"
    assert service.snippet_html(headline, typed=["jurgen", "cafe", "gro", "jorge", "met"]) == (
        "<mark>Jürgen</mark> Weiß met <mark>Jorge</mark> at the <mark>Café</mark> <mark>Größe</mark>"
    )
    # Words without accents are ts_headline's to mark (stems, stop words): never marked here.
    assert service.snippet_html("the invoice", typed=["the", "invoice"]) == "the invoice"
    # A one-letter word is no prefix.
    assert service.snippet_html("Émile", typed=["e"]) == "Émile"


@pytest.fixture
async def people(gql: GraphQLClient) -> str:
    owner = await sign_up(gql)
    token = owner.access_token
    people = [
        ("Victoria", "Weber"),
        ("Victor", "Weber"),
        ("Hassan", "Nakamura"),
        ("Eva", "Lindqvist"),
        ("Jürgen", "Müller"),
        ("Анна", "Смирнова"),
    ]
    for first, last in people:
        await create(gql, token, CREATE_CONTACT, {"firstName": first, "lastName": last})
    await create(gql, token, CREATE_COMPANY, {"name": "Cascade Collective", "industry": "Logistics"})
    await create(gql, token, CREATE_DEAL, {"name": "Nordwind fleet renewal"})
    return token


async def search(gql: GraphQLClient, token: str, query: str, **variables: object) -> list[tuple[str, str]]:
    return hits(await gql.data(SEARCH, {"q": query, "first": 10, **variables}, token=token))


async def test_a_name_typed_with_a_letter_wrong_is_found_closest_first(gql: GraphQLClient, people: str) -> None:
    answer = await gql.data(SEARCH, {"q": "Victoira Weber", "first": 10}, token=people)

    # Victoria is one swap away, Victor two (eight letters allow two); both are there, nearest first.
    assert hits(answer)[:2] == [("CONTACT", "Victoria Weber"), ("CONTACT", "Victor Weber")]
    assert answer["search"]["edges"][0]["node"]["matchedBy"][0] == "keyword"
    # The snippets mark the names meant, though the words typed are not in them.
    assert [edge["node"]["snippet"] for edge in answer["search"]["edges"][:2]] == [
        "<mark>Victoria</mark> <mark>Weber</mark>",
        "<mark>Victor</mark> <mark>Weber</mark>",
    ]
    assert (await search(gql, people, "Hassan Nakamrua"))[:1] == [("CONTACT", "Hassan Nakamura")]
    # "victoria" is held (she is there): it is looked for as typed, not second-guessed as Victor.
    answer = await gql.data(SEARCH, {"q": "Victoria Webre", "first": 10}, token=people)
    by_keyword = [
        hit
        for hit, edge in zip(hits(answer), answer["search"]["edges"], strict=True)
        if "keyword" in edge["node"]["matchedBy"]
    ]
    assert by_keyword == [("CONTACT", "Victoria Weber")]
    assert (await search(gql, people, "cascade colective"))[:1] == [("COMPANY", "Cascade Collective")]
    # While it is typed: the last word unfinished, a letter wrong.
    assert (await search(gql, people, "hassan nakma"))[:1] == [("CONTACT", "Hassan Nakamura")]
    # Accents fold as the keyword match folds them; other scripts' letters are letters.
    assert (await search(gql, people, "jurgen mulelr"))[:1] == [("CONTACT", "Jürgen Müller")]
    assert (await search(gql, people, "Анна Смринова"))[:1] == [("CONTACT", "Анна Смирнова")]
    answer = await gql.data(SEARCH, {"q": "jurgen mulelr", "first": 1}, token=people)
    assert answer["search"]["edges"][0]["node"]["snippet"] == "<mark>Jürgen</mark> <mark>Müller</mark>"
    # Nothing a query holds reaches the grams' query but letters and digits.
    for hostile in ["o'brein", "web\\er' | '  a", "weber'); DROP TABLE contacts; --", "we:*ber & !x"]:
        assert "errors" not in await gql(SEARCH, {"q": hostile, "first": 10}, token=people)
    # A type filter keeps to its kinds.
    assert await search(gql, people, "cascade colective", types=["CONTACT"]) == []


async def test_words_the_workspace_holds_are_not_second_guessed(gql: GraphQLClient, app_db: Database) -> None:
    actor = await owner(gql)  # Anna Berg, Bergmann Logistics, Nordwind fleet renewal

    async def keyword(query: str) -> tuple[list[str], list[str]]:
        async with app_db.transaction(workspace_id=actor.workspace_id) as session:
            with statements(app_db) as sent:
                page = await service.search(
                    session, actor, query=query, types=None, first=10, after=None, retrievers=["keyword"]
                )
        return [hit.row.name for _, hit in page.items], sent

    # Nobody is called Anna Nordwind, but both words are held: what holds some of them, no names guessed.
    found, sent = await keyword("Anna Nordwind")
    assert sorted(found) == ["Anna Berg", "Nordwind fleet renewal"]
    assert not [statement for statement in sent if "rapport_search_names" in statement]
    # A word nothing holds: the names near it are read (and here, are found).
    found, sent = await keyword("Bergman Logistcs")
    assert found[:1] == ["Bergmann Logistics"]
    assert [statement for statement in sent if "rapport_search_names" in statement]
    # A deal's name is not guessed (meaning finds a phrase): found here by the word it holds.
    assert (await keyword("Nordwnd fleet"))[0] == ["Nordwind fleet renewal"]
    # Three letters are kept as typed: Ana is not Anna.
    assert (await keyword("Ana Berg"))[0] == ["Anna Berg", "Bergmann Logistics"]
    assert (await keyword("Ana Brg"))[0] == []


async def test_another_workspaces_names_are_never_guessed(gql: GraphQLClient, people: str, app_db: Database) -> None:
    other = await sign_up(gql)
    await create(gql, other.access_token, CREATE_CONTACT, {"firstName": "Victoria", "lastName": "Webber"})

    assert await search(gql, other.access_token, "Victoira Weber") == [("CONTACT", "Victoria Webber")]
    # The function reads only the workspace in scope, and nothing without one.
    grams = typos.names_query(["victoria", "weber"])
    statement = text("SELECT count(*) FROM rapport_search_names(ARRAY['CONTACT'], CAST(:q AS tsquery), 10)")
    async with app_db.transaction(workspace_id=other.workspace_id) as session:  # type: ignore[arg-type]
        assert await session.scalar(statement, {"q": grams}) == 1
    async with app_db.transaction() as session:
        assert await session.scalar(statement, {"q": grams}) == 0
