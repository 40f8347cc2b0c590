"""Precision and recall of `duplicateCandidates` on the labelled set (`set.json`, from build.py), through
the real GraphQL api of a running `rapport up`.

    cd server && uv run python ../bench/duplicates_eval/run.py [--api http://127.0.0.1:4000]

It signs up a fresh workspace, creates the set's companies (`createCompany`) and contacts
(`createContacts`, with their companies), asks `duplicateCandidates(objectType: CONTACT|COMPANY,
first: 200)` and compares the pairs with the labelled ones: precision over the pairs answered, recall
per kind of copy, and the distinct look-alikes (namesakes, family, similar companies) wrongly paired.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "search_eval"))
from common import require_local  # noqa: E402
from run import Api  # noqa: E402  (search_eval's GraphQL client: bearer token, retries when rate limited)

SIGN_UP = """mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }"""
CREATE_COMPANY = "mutation($input: CompanyInput!) { createCompany(input: $input) { id } }"
CREATE_CONTACTS = "mutation($inputs: [ContactInput!]!) { createContacts(inputs: $inputs) { contacts { id } } }"
CANDIDATES = """query($type: ObjectType!) { duplicateCandidates(objectType: $type, first: 200) {
  score reasons records { ... on Contact { id } ... on Company { id } } } }"""


async def load(api: Api, data: dict[str, Any]) -> dict[str, str]:
    """Creates the records in batches of 100; returns record id -> key."""
    keys: dict[str, str] = {}
    ids: dict[str, str] = {}
    companies = data["companies"]
    for company in companies:
        values = {"name": company["name"], **({"domain": company["domain"]} if company.get("domain") else {})}
        created = (await api(CREATE_COMPANY, {"input": values}))["createCompany"]["id"]
        keys[created], ids[company["key"]] = company["key"], created
    contacts = data["contacts"]
    for start in range(0, len(contacts), 100):
        batch = contacts[start : start + 100]
        inputs = [
            {
                "firstName": c["firstName"],
                "lastName": c["lastName"],
                "emails": c["emails"],
                "phones": c["phones"],
                **({"jobTitle": c["jobTitle"]} if c.get("jobTitle") else {}),
                **({"companyId": ids[c["company"]]} if c.get("company") else {}),
            }
            for c in batch
        ]
        created = (await api(CREATE_CONTACTS, {"inputs": inputs}))["createContacts"]["contacts"]
        for contact, row in zip(batch, created, strict=True):
            keys[row["id"]] = contact["key"]
    return keys


def look_alike(key: str) -> str | None:
    """The kind of distinct look-alike a record was made as, if it is one."""
    for kind in ("namesake_no_company", "namesake_bare", "namesake", "family", "similar_company"):
        if key.endswith("-" + kind):
            return kind
    return None


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--api", default="http://127.0.0.1:4000")
    args = parser.parse_args()
    data = json.loads((HERE / "set.json").read_text())
    async with httpx.AsyncClient(base_url=require_local(args.api), timeout=120) as http:
        api = Api(http)
        email = f"dupes-{uuid.uuid4().hex[:8]}@example.com"
        signed = (await api(SIGN_UP, {"input": {"email": email, "password": "correct horse battery", "name": "Eval",
                                                 "workspaceName": "Duplicates evaluation"}}))["signUp"]
        api.token = signed["accessToken"]
        started = time.monotonic()
        keys = await load(api, data)
        print(f"loaded {len(keys)} records in {time.monotonic() - started:.0f} s", file=sys.stderr)
        found: dict[str, list[dict[str, Any]]] = {}
        timings: dict[str, float] = {}
        for kind in ("CONTACT", "COMPANY"):
            started = time.monotonic()
            found[kind] = (await api(CANDIDATES, {"type": kind}))["duplicateCandidates"]
            timings[kind] = time.monotonic() - started
    truth = {frozenset((pair["a"], pair["b"])): pair for pair in data["duplicates"]}
    print("| records | labelled pairs | pairs answered | correct | precision | recall | F1 | time |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    report: dict[str, Any] = {}
    hit_pairs: set[frozenset[str]] = set()
    wrong: list[dict[str, Any]] = []
    for kind in ("CONTACT", "COMPANY"):
        labelled = [p for p in truth.values() if p["type"] == kind]
        answered = [(frozenset(keys.get(r["id"], "?") for r in c["records"]), c) for c in found[kind]]
        correct = [pair for pair, _ in answered if pair in truth]
        hit_pairs.update(correct)
        wrong += [{"pair": sorted(pair), "score": c["score"], "reasons": c["reasons"]} for pair, c in answered if pair not in truth]
        precision = len(correct) / len(answered) if answered else 1.0
        recall = len(correct) / len(labelled)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[kind] = {"precision": precision, "recall": recall, "answered": len(answered), "correct": len(correct)}
        print(f"| {kind.lower()}s | {len(labelled)} | {len(answered)} | {len(correct)} | {precision:.3f} | {recall:.3f} "
              f"| {f1:.3f} | {timings[kind] * 1000:.0f} ms |")
    print("\n| kind of copy | pairs | found | recall |\n| --- | ---: | ---: | ---: |")
    kinds: dict[str, list[int]] = {}
    for pair in data["duplicates"]:
        kinds.setdefault(pair["kind"], [0, 0])
        kinds[pair["kind"]][0] += 1
        kinds[pair["kind"]][1] += frozenset((pair["a"], pair["b"])) in hit_pairs
    for kind, (total, hit) in kinds.items():
        print(f"| {kind} | {total} | {hit} | {hit / total:.2f} |")
    alike: dict[str, int] = {}
    for item in wrong:
        for key in item["pair"]:
            kind = look_alike(key)
            if kind:
                alike[kind] = alike.get(kind, 0) + 1
    print(f"\nwrong pairs: {len(wrong)}; look-alikes among them: {alike or 'none'}")
    for item in wrong[:40]:
        print(f"  {item['score']:.2f} {item['pair']} {'; '.join(item['reasons'])}")
    out = HERE.parent / "results" / f"duplicates-eval-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"report": report, "recall_by_kind": kinds, "wrong": wrong}, indent=1))
    print(f"details: {out}", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())
