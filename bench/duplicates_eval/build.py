"""Writes `set.json`: a labelled set for duplicate detection, generated (seed 7) from the shared corpus.

    cd server && uv run python ../bench/duplicates_eval/build.py [--corpus /work/shared/corpus]

Companies are the Salesforce Data Loader sample accounts (`csv/salesforce-dataloader__accountData.csv`:
name, city); people are drawn from the benchmark's name lists (`bench/words.py`) and work at those
companies (a work address at the company's domain, a phone with a US area code). Then copies are made of
some records, each in one way a CRM gets them (the `kind` of each labelled pair):

contacts
  nickname_other_domain   Robert Smith, robert.smith@acme.com / Bob Smith, bob.smith@gmail.com, same phone written otherwise
  nickname_only           Robert Smith at Acme / Bob Smith, bob.smith@gmail.com, no company, no phone (the hard case)
  typo_last_same_email    Smith / Smiht, same address in another case
  typo_first_same_phone   Jonathan / Jonathon, the phone with a country code, no email
  swapped_same_email      Smith Robert, the same email
  email_local_other_domain  same name, jsmith@acme.com / jsmith@gmail.com
  import_copy             the same name and email, another job title (a second import)
  job_change              the same name and email name, at another company now (its domain), another phone
companies
  legal_form              Acme Inc. / ACME, Inc / Acme LLC
  typo                    one letter off, same city
  case_punctuation        the name in capitals without punctuation, no domain
  other_tld               the same name, the domain under another suffix (acme.com / acme.de)
(A workspace holds a domain once: two copies with the same domain cannot be made.)

Distinct records that look alike (they must not be paired):
  namesake                another person with the same full name at another company, other email and phone
  namesake_no_company     the same full name, a personal email, another phone
  namesake_bare           the same full name and only a personal email: nothing tells it from a copy
  family                  the same family name and company domain, another given name
  similar_company         a company sharing the first word, another domain

The labelled pairs are `duplicates` (kind, the two keys); every other pair of records is distinct.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from words import FIRST_NAMES, LAST_NAMES, PERSONAL_DOMAINS  # noqa: E402

NICKNAMES = {
    "Robert": "Bob", "William": "Bill", "Elizabeth": "Liz", "Catherine": "Kate", "Alexander": "Alex",
    "Benjamin": "Ben", "Christopher": "Chris", "Daniel": "Dan", "David": "Dave", "Jennifer": "Jen",
    "Jessica": "Jess", "James": "Jim", "Joseph": "Joe", "Michael": "Mike", "Matthew": "Matt",
    "Nicholas": "Nick", "Samuel": "Sam", "Thomas": "Tom", "Victoria": "Vicky", "Andrew": "Andy",
    "Anthony": "Tony", "Rebecca": "Becky", "Susan": "Sue", "Joshua": "Josh", "Jonathan": "Jon",
    "Charles": "Charlie", "Isabella": "Bella", "Gabriel": "Gabe", "Jacob": "Jake", "Nathan": "Nate",
}
AREA_CODES = ["212", "312", "415", "617", "303", "404", "602", "206", "713", "215"]
LEGAL = re.compile(r",?\s+(inc\.?|llc|ltd\.?|corp\.?|co\.?)$", re.IGNORECASE)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def typo(word: str, rng: random.Random) -> str:
    """One edit in the middle of the word: a swap of two neighbours, a letter dropped or doubled."""
    i = rng.randrange(1, max(2, len(word) - 2))
    how = rng.choice(["swap", "drop", "double"])
    if how == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def phone(rng: random.Random) -> str:
    return f"({rng.choice(AREA_CODES)}) {rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}"


def other_format(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return f"+1 {digits[:3]} {digits[3:6]} {digits[6:]}"


def build(corpus: Path, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    with (corpus / "csv" / "salesforce-dataloader__accountData.csv").open(encoding="latin-1") as handle:
        accounts = [row for row in csv.DictReader(handle) if row["NAME"].strip()]
    names = list(dict.fromkeys(row["NAME"].strip() for row in accounts))
    rng.shuffle(names)
    companies: list[dict[str, Any]] = []
    used_domains: set[str] = set()
    for name in names[:220]:
        base = slug(LEGAL.sub("", name))[:30] or "company"
        domain = f"{base}.com"
        if domain in used_domains:
            continue
        used_domains.add(domain)
        companies.append({"key": f"co{len(companies)}", "name": name, "domain": domain})
    duplicates: list[dict[str, str]] = []
    extra_companies: list[dict[str, Any]] = []
    pool = companies[:]
    rng.shuffle(pool)
    plans = ["legal_form"] * 12 + ["typo"] * 10 + ["case_punctuation"] * 6 + ["other_tld"] * 6 + ["similar_company"] * 10
    for plan, company in zip(plans, pool, strict=False):
        key = f"{company['key']}-{plan}"
        name, domain = company["name"], company["domain"]
        if plan == "legal_form":
            bare = LEGAL.sub("", name)
            copy = {"name": (bare.upper() + ", Inc") if bare != name else bare + " LLC", "domain": None}
        elif plan == "typo":
            words = name.split()
            longest = max(range(len(words)), key=lambda i: len(words[i]))
            words[longest] = typo(words[longest], rng)
            copy = {"name": " ".join(words), "domain": None}
        elif plan == "case_punctuation":
            copy = {"name": re.sub(r"[^\w\s]", "", name).upper(), "domain": None}
        elif plan == "other_tld":
            copy = {"name": name, "domain": domain.removesuffix(".com") + rng.choice([".co.uk", ".de", ".net"])}
        else:
            first = name.split()[0]
            copy = {"name": f"{first} {rng.choice(['Partners', 'Holdings', 'Ventures', 'Research'])}",
                    "domain": f"{slug(first)}-{rng.randrange(100, 999)}.net"}
        extra_companies.append({"key": key, **copy})
        if plan != "similar_company":
            duplicates.append({"kind": plan, "type": "COMPANY", "a": company["key"], "b": key})
    # People: a few at each company, unique full names to start from.
    people: list[dict[str, Any]] = []
    taken: set[tuple[str, str]] = set()
    nick_first = list(NICKNAMES)
    while len(people) < 360:
        first = rng.choice(nick_first) if len(people) % 3 == 0 else rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        if (first, last) in taken:
            continue
        taken.add((first, last))
        company = rng.choice(companies)
        local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}"]).lower()
        people.append({
            "key": f"p{len(people)}",
            "firstName": first,
            "lastName": last,
            "emails": [f"{local}@{company['domain']}"],
            "phones": [phone(rng)],
            "jobTitle": rng.choice(["Buyer", "Head of Operations", "CFO", "Office Manager", "Engineer", "Analyst"]),
            "company": company["key"],
        })
    extra_people: list[dict[str, Any]] = []
    order = people[:]
    rng.shuffle(order)
    plans = (
        ["nickname_other_domain"] * 20 + ["nickname_only"] * 12 + ["typo_last_same_email"] * 16
        + ["typo_first_same_phone"] * 14 + ["swapped_same_email"] * 10 + ["email_local_other_domain"] * 14
        + ["import_copy"] * 14 + ["job_change"] * 10 + ["namesake"] * 20 + ["namesake_no_company"] * 12
        + ["namesake_bare"] * 10 + ["family"] * 16
    )
    index = 0
    for plan in plans:
        # Nickname plans need a given name with a short form.
        while plan.startswith("nickname") and order[index]["firstName"] not in NICKNAMES:
            order.append(order.pop(index))
        person = order[index]
        index += 1
        first, last = person["firstName"], person["lastName"]
        email, number = person["emails"][0], person["phones"][0]
        local = email.split("@")[0]
        copy: dict[str, Any]
        if plan == "nickname_other_domain":
            nick = NICKNAMES[first]
            copy = {"firstName": nick, "lastName": last, "emails": [f"{nick}.{last}@{rng.choice(PERSONAL_DOMAINS)}".lower()],
                    "phones": [other_format(number)], "company": None}
        elif plan == "nickname_only":
            nick = NICKNAMES[first]
            copy = {"firstName": nick, "lastName": last, "emails": [f"{nick}{last[0]}{rng.randrange(10, 99)}@{rng.choice(PERSONAL_DOMAINS)}".lower()],
                    "phones": [], "company": None}
        elif plan == "typo_last_same_email":
            copy = {"firstName": first, "lastName": typo(last, rng), "emails": [email.upper() if rng.random() < 0.5 else email],
                    "phones": [], "company": person["company"]}
        elif plan == "typo_first_same_phone":
            copy = {"firstName": typo(first, rng), "lastName": last, "emails": [], "phones": [other_format(number)],
                    "company": None}
        elif plan == "swapped_same_email":
            copy = {"firstName": last, "lastName": first, "emails": [email], "phones": [], "company": None}
        elif plan == "email_local_other_domain":
            copy = {"firstName": first, "lastName": last, "emails": [f"{local}@{rng.choice(PERSONAL_DOMAINS)}"],
                    "phones": [], "company": None}
        elif plan == "import_copy":
            copy = {"firstName": first, "lastName": last, "emails": [email], "phones": [], "company": person["company"],
                    "jobTitle": "Imported"}
        elif plan == "job_change":
            company = rng.choice([c for c in companies if c["key"] != person["company"]])
            copy = {"firstName": first, "lastName": last, "emails": [f"{local}@{company['domain']}"],
                    "phones": [phone(rng)], "company": company["key"]}
        elif plan == "namesake_bare":
            copy = {"firstName": first, "lastName": last, "emails": [f"{first}{rng.randrange(10, 99)}@{rng.choice(PERSONAL_DOMAINS)}".lower()],
                    "phones": [], "company": None}
        elif plan == "namesake":
            company = rng.choice([c for c in companies if c["key"] != person["company"]])
            copy = {"firstName": first, "lastName": last, "emails": [f"{first[0]}.{last}{rng.randrange(2, 9)}@{company['domain']}".lower()],
                    "phones": [phone(rng)], "company": company["key"]}
        elif plan == "namesake_no_company":
            copy = {"firstName": first, "lastName": last, "emails": [f"{first}{last}{rng.randrange(1950, 2005)}@{rng.choice(PERSONAL_DOMAINS)}".lower()],
                    "phones": [phone(rng)], "company": None}
        else:  # family: another given name, same family name and company
            other = rng.choice([n for n in FIRST_NAMES if n != first and NICKNAMES.get(n) != NICKNAMES.get(first, "-")])
            copy = {"firstName": other, "lastName": last, "emails": [f"{other}.{last}@{email.split('@')[1]}".lower()],
                    "phones": [phone(rng)], "company": person["company"]}
        key = f"{person['key']}-{plan}"
        extra_people.append({"key": key, "jobTitle": copy.pop("jobTitle", None), **copy})
        if plan not in {"namesake", "namesake_no_company", "namesake_bare", "family"}:
            duplicates.append({"kind": plan, "type": "CONTACT", "a": person["key"], "b": key})
    return {
        "seed": seed,
        "companies": companies + extra_companies,
        "contacts": people + extra_people,
        "duplicates": duplicates,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    data = build(args.corpus, args.seed)
    (HERE / "set.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    kinds: dict[str, int] = {}
    for pair in data["duplicates"]:
        kinds[pair["kind"]] = kinds.get(pair["kind"], 0) + 1
    print(f"{len(data['companies'])} companies, {len(data['contacts'])} contacts, {len(data['duplicates'])} duplicate pairs: {kinds}")


if __name__ == "__main__":
    main()
