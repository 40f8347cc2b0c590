"""Duplicate rules: precision and recall on a generated set of near-duplicates (typos, nicknames,
swapped names, other email domains) mixed with distinct people who share a name; companies."""

from __future__ import annotations

import random
import uuid

from rapport.search.duplicates import (
    CompanyFacts,
    ContactFacts,
    company_duplicates,
    company_name_key,
    contact_duplicates,
    normalize_phone,
)
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, GraphQLClient, sign_up

FIRST = [
    "Robert",
    "Elizabeth",
    "William",
    "Katherine",
    "Michael",
    "Alexander",
    "Margaret",
    "Thomas",
    "Jennifer",
    "Daniel",
    "Rebecca",
    "Jonathan",
    "Patricia",
    "Samuel",
    "Victoria",
    "Francesco",
    "Ekaterina",
    "José",
    "Björn",
    "Ingrid",
]
NICK = {
    "Robert": "Bob",
    "Elizabeth": "Liz",
    "William": "Bill",
    "Katherine": "Kate",
    "Michael": "Mike",
    "Alexander": "Sasha",
    "Margaret": "Peggy",
    "Thomas": "Tom",
    "Jennifer": "Jen",
    "Daniel": "Dan",
    "Rebecca": "Becky",
    "Jonathan": "Jon",
    "Patricia": "Trish",
    "Samuel": "Sam",
    "Victoria": "Vicky",
    "Francesco": "Checco",
    "Ekaterina": "Katya",
    "José": "Pepe",
}
LAST = [
    "Lindqvist",
    "Okonkwo",
    "Fernández",
    "Nakamura",
    "Kowalski",
    "Delacroix",
    "Hargreaves",
    "Van der Berg",
    "Rossi",
    "Schneider",
    "Abernathy",
    "Castellano",
    "Petrov",
    "Yamamoto",
    "Oyelaran",
    "Whitfield",
]


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two neighbours swapped


def generated(seed: int = 7) -> tuple[list[ContactFacts], set[frozenset[uuid.UUID]]]:
    """60 people, 49 of them with a near-duplicate of one of five kinds, and 10 distinct people who
    share a name with one of them (another organisation's domain and phone)."""
    rng = random.Random(seed)
    contacts: list[ContactFacts] = []
    truth: set[frozenset[uuid.UUID]] = set()
    for index in range(60):
        first, last = FIRST[index % len(FIRST)], LAST[(index * 7) % len(LAST)]
        if (first, last) in {(c.first_name, c.last_name) for c in contacts}:
            last = LAST[(index * 7 + 1) % len(LAST)]
        local = f"{first[0]}{last}".lower().replace(" ", "").replace("é", "e")
        phone = f"+1 415 555 {1000 + index:04d}"
        person = ContactFacts(uuid.uuid4(), first, last, [f"{local}@company{index}.com"], [phone])
        contacts.append(person)
        kind = index % 6
        twin: ContactFacts | None = None
        if kind == 0:  # a typo in the family name, same work address
            twin = ContactFacts(uuid.uuid4(), first, typo(last, rng), [f"{local}@company{index}.com"], [])
        elif kind == 1 and first in NICK:  # a nickname and a personal address, same phone written otherwise
            twin = ContactFacts(
                uuid.uuid4(),
                NICK[first],
                last,
                [f"{NICK[first].lower()}{index}@gmail.com"],
                [f"(415) 555-{1000 + index:04d}"],
            )
        elif kind == 2:  # swapped order, same email name at another domain
            twin = ContactFacts(uuid.uuid4(), last, first, [f"{local}@gmail.com"], [])
        elif kind == 3:  # a typo in the given name, no email
            twin = ContactFacts(uuid.uuid4(), typo(first, rng), last, [], [phone])
        elif kind == 4:  # another domain, same email name
            twin = ContactFacts(uuid.uuid4(), first, last, [f"{local}@outlook.com"], [])
        if twin is not None:
            contacts.append(twin)
            truth.add(frozenset((person.id, twin.id)))
        if index % 6 == 5:  # a different person with the same name
            contacts.append(
                ContactFacts(
                    uuid.uuid4(), first, last, [f"{first.lower()}@other{index}.org"], [f"+44 20 7946 {index:04d}"]
                )
            )
    rng.shuffle(contacts)
    return contacts, truth


def test_precision_and_recall_on_a_generated_set() -> None:
    contacts, truth = generated()

    found = {frozenset(match.ids) for match in contact_duplicates(contacts, limit=1000)}

    true_positives = len(found & truth)
    assert (len(contacts), len(truth)) == (119, 49)
    assert (true_positives, len(found - truth), len(truth - found)) == (49, 0, 0)


def test_reasons_say_why() -> None:
    a = ContactFacts(uuid.uuid4(), "Robert", "Smith", ["robert.smith@acme.com"], ["+1 415 555 0101"])
    b = ContactFacts(uuid.uuid4(), "Bob", "Smith", ["bob@gmail.com"], ["(415) 555-0101"])
    c = ContactFacts(uuid.uuid4(), "Robert", "Smith", ["rsmith@globex.com"], ["+1 212 555 9999"])

    matches = contact_duplicates([a, b, c], limit=10)

    assert [(set(m.ids), m.score, m.reasons) for m in matches] == [
        ({a.id, b.id}, 0.99, ["same phone number", "Robert and Bob are forms of one name"]),
    ]


def test_normalised_keys() -> None:
    assert company_name_key("ACME, Inc.") == company_name_key("Acme GmbH") == "acme"
    assert company_name_key("The Smith & Sons Holding B.V.") == "smith and sons b v"
    assert normalize_phone("+1 (415) 555-0101") == normalize_phone("415.555.0101") == "155550101"
    assert normalize_phone("+49 30 1234567") == normalize_phone("030 1234567 ext. 12") == "301234567"
    assert normalize_phone("112") is None


def test_companies_by_name_without_legal_form_and_by_domain() -> None:
    acme = CompanyFacts(uuid.uuid4(), "ACME, Inc.", "acme.com")
    acme_de = CompanyFacts(uuid.uuid4(), "Acme GmbH", "acme.de")
    globex = CompanyFacts(uuid.uuid4(), "Globex", "globex.com")
    globexx = CompanyFacts(uuid.uuid4(), "Globexx Corp", None)
    other_acme = CompanyFacts(uuid.uuid4(), "Acme", "acme-plumbing.net")

    matches = company_duplicates([acme, acme_de, globex, globexx, other_acme], limit=10)

    assert {(frozenset(m.ids), m.score, tuple(m.reasons)) for m in matches} == {
        (
            frozenset((acme.id, acme_de.id)),
            0.99,
            (
                "same name without legal form (ACME, Inc. / Acme GmbH)",
                "domains acme.com and acme.de share the name acme",
            ),
        ),
        (
            frozenset((acme.id, other_acme.id)),
            0.5,
            ("same name without legal form (ACME, Inc. / Acme)", "different domains"),
        ),
        (
            frozenset((acme_de.id, other_acme.id)),
            0.5,
            ("same name without legal form (Acme GmbH / Acme)", "different domains"),
        ),
        (frozenset((globex.id, globexx.id)), 0.5, ("names differ by a typo (Globex / Globexx Corp)",)),
    }
    assert [m.score for m in matches] == [0.99, 0.5, 0.5, 0.5]


def test_company_typos_in_the_first_letters_or_in_the_legal_form() -> None:
    prospectiv = CompanyFacts(uuid.uuid4(), "Prospectiv Direct", None)
    pospectiv = CompanyFacts(uuid.uuid4(), "Pospectiv Direct", None)
    fibertower = CompanyFacts(uuid.uuid4(), "FiberTower Corporation", None)
    croporation = CompanyFacts(uuid.uuid4(), "FiberTower Croporation", None)
    direct = CompanyFacts(uuid.uuid4(), "Direct Mail Partners", None)

    matches = company_duplicates([prospectiv, pospectiv, fibertower, croporation, direct], limit=10)

    assert {(frozenset(m.ids), m.score, tuple(m.reasons)) for m in matches} == {
        (
            frozenset((prospectiv.id, pospectiv.id)),
            0.5,
            ("names differ by a typo (Prospectiv Direct / Pospectiv Direct)",),
        ),
        (
            frozenset((fibertower.id, croporation.id)),
            0.5,
            ("names differ by a typo (FiberTower Corporation / FiberTower Croporation)",),
        ),
    }


DUPLICATES = """query($t: ObjectType!) { duplicateCandidates(objectType: $t) { score reasons
  records { __typename ... on Contact { name } ... on Company { name } } } }"""
CHECK = """query($f: String, $l: String, $e: [String!]) { contactDuplicates(firstName: $f, lastName: $l, emails: $e) {
  score reasons records { ... on Contact { name emails } } } }"""


async def test_candidates_over_graphql_in_one_workspace(gql: GraphQLClient) -> None:
    owner, other = await sign_up(gql), await sign_up(gql)
    for values in (
        {"firstName": "Katherine", "lastName": "Nakamura", "emails": ["k.nakamura@fuji.jp"]},
        {"firstName": "Kate", "lastName": "Nakamura", "emails": ["k.nakamura@gmail.com"]},
        {"firstName": "Peter", "lastName": "Gibbons"},
    ):
        await gql.data(CREATE_CONTACT, {"input": values}, token=owner.access_token)
    await gql.data(CREATE_CONTACT, {"input": {"firstName": "Kathy", "lastName": "Nakamura"}}, token=other.access_token)
    await gql.data(CREATE_COMPANY, {"input": {"name": "Initrode LLC"}}, token=owner.access_token)
    await gql.data(CREATE_COMPANY, {"input": {"name": "Initrode"}}, token=owner.access_token)

    contacts = await gql.data(DUPLICATES, {"t": "CONTACT"}, token=owner.access_token)
    companies = await gql.data(DUPLICATES, {"t": "COMPANY"}, token=owner.access_token)
    check = await gql.data(CHECK, {"f": "Kathy", "l": "Nakamura", "e": []}, token=owner.access_token)
    deals = await gql(DUPLICATES, {"t": "DEAL"}, token=owner.access_token)

    assert [
        (c["score"], c["reasons"], sorted(r["name"] for r in c["records"])) for c in contacts["duplicateCandidates"]
    ] == [
        (
            0.85,
            ["Kate and Katherine are forms of one name", "same email name knakamura at fuji.jp, gmail.com"],
            ["Kate Nakamura", "Katherine Nakamura"],
        ),
    ]
    assert [(c["score"], [r["name"] for r in c["records"]]) for c in companies["duplicateCandidates"]] == [
        (0.7, ["Initrode LLC", "Initrode"]),
    ] or [(c["score"], [r["name"] for r in c["records"]]) for c in companies["duplicateCandidates"]] == [
        (0.7, ["Initrode", "Initrode LLC"]),
    ]
    assert [(c["score"], [r["name"] for r in c["records"]]) for c in check["contactDuplicates"]] == [
        (0.55, ["Katherine Nakamura"]),
        (0.55, ["Kate Nakamura"]),
    ]
    assert [e["extensions"]["code"] for e in deals["errors"]] == ["BAD_USER_INPUT"]
