"""nDCG@10 of search on a labelled evaluation set: keyword only, semantic only, and hybrid (both fused by
reciprocal rank fusion), through the real GraphQL `search` of a running `rapport up`.

    cd server && uv run python ../bench/search_eval/run.py [--api http://127.0.0.1:4000] [--set DIR]

A set is a directory holding documents.json and queries.json: this one by default (companies and mail
texts), or another such as `unseen/` (companies, contacts, deals and notes, written by someone else).
It signs up a fresh workspace, creates the set's companies, then its contacts and deals (on the company
each names) and its notes (on the company a note names, else on one company, "Corpus mail", itself a
document nobody asks for), waits until `searchIndexStatus.pending` is 0 (the worker embedded
everything), then asks each query three times with `retrievers` KEYWORD, SEMANTIC and both, `types` the
kinds the set's documents have (COMPANY and NOTE for this one), first 10. Gains are graded
(2^grade - 1, grades 0-2 from queries.json); the ideal ordering is over every judged document. Prints a
Markdown table, one more by query type when the queries carry a "type", and writes the per-query
figures to bench/results/search-eval-<set directory name>-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from common import require_local  # noqa: E402

PASSWORD = "correct horse battery"
SIGN_IN = """mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }"""
SIGN_UP = """mutation($input: SignUpInput!) { signUp(input: $input) { accessToken workspace { id } } }"""
CREATE_COMPANY = "mutation($input: CompanyInput!) { createCompany(input: $input) { id } }"
CREATE_CONTACT = "mutation($input: ContactInput!) { createContact(input: $input) { id } }"
CREATE_DEAL = "mutation($input: DealInput!) { createDeal(input: $input) { id } }"
ADD_NOTE = "mutation($target: UUID!, $body: String!) { addNote(targetId: $target, body: $body) { id } }"
STATUS = "query { searchIndexStatus { model pending lagSeconds } }"
SEARCH = """query($q: String!, $types: [SearchType!], $retrievers: [SearchRetriever!], $first: Int) {
  search(query: $q, types: $types, first: $first, retrievers: $retrievers) {
    degraded degradedReason
    edges { node { node { ... on Company { id } ... on Contact { id } ... on Deal { id } ... on Activity { id } } } }
  }
}"""
# The search types asked for, in this order, are the document kinds a set has.
KINDS = ["CONTACT", "COMPANY", "DEAL", "NOTE"]
# How deep the server fuses the two lists (rapport.search.service.FUSION_DEPTH).
FUSION_DEPTH = 20
MODES = {"keyword": ["KEYWORD"], "semantic": ["SEMANTIC"], "hybrid": ["KEYWORD", "SEMANTIC"]}


class Api:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.token: str | None = None

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        for attempt in range(20):
            response = await self.http.post(
                "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
            )
            if response.status_code == 429:
                await asyncio.sleep(float(response.headers.get("retry-after", "1")))
                continue
            body: dict[str, Any] = response.json()
            if body.get("errors"):
                code = body["errors"][0].get("extensions", {}).get("code")
                if code == "RATE_LIMITED" and attempt < 19:
                    await asyncio.sleep(1)
                    continue
                raise RuntimeError(json.dumps(body["errors"])[:500])
            return dict(body["data"])
        raise RuntimeError("rate limited")


def ndcg_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    gains = [(2 ** relevant.get(key, 0) - 1) / math.log2(index + 2) for index, key in enumerate(ranked[:10])]
    ideal = sorted(relevant.values(), reverse=True)[:10]
    best = sum((2**grade - 1) / math.log2(index + 2) for index, grade in enumerate(ideal))
    return sum(gains) / best if best else 0.0


def half(query: str) -> str:
    """Which half of the set a query is in: "tuning" (weights may be chosen on it) or "held-out" (the
    figures to read), by a hash of its text, so the split never depends on the results."""
    return "tuning" if hashlib.sha256(query.encode()).digest()[0] % 2 == 0 else "held-out"


def weighted_rrf(lists: dict[str, list[str]], weights: dict[str, float], k: int = 60) -> list[str]:
    """The server's fusion (rapport.search.fusion), over lists cut at the depth it fuses (first + 1)."""
    scores: dict[str, float] = {}
    for name, ranked in lists.items():
        for rank, key in enumerate(ranked, start=1):
            scores[key] = scores.get(key, 0.0) + weights[name] / (k + rank)
    order = {key: index for index, key in enumerate(scores)}
    return sorted(scores, key=lambda key: (-scores[key], order[key]))


async def load(api: Api, documents: list[dict[str, Any]]) -> dict[str, str]:
    """Creates the documents, companies first (the others name theirs); returns record id -> document key."""
    keys: dict[str, str] = {}
    ids: dict[str, str] = {}  # document key -> record id, for the companies
    holder = ""
    if any(document["kind"] == "NOTE" and not document.get("company") for document in documents):
        holder = (await api(CREATE_COMPANY, {"input": {"name": "Corpus mail"}}))["createCompany"]["id"]
    semaphore = asyncio.Semaphore(4)

    async def one(document: dict[str, Any]) -> None:
        async with semaphore:
            kind = document["kind"]
            if kind == "COMPANY":
                values = {"name": document["name"][:200]}
                for field in ("industry", "domain"):
                    if document.get(field):
                        values[field] = document[field]
                created = (await api(CREATE_COMPANY, {"input": values}))["createCompany"]["id"]
                ids[document["key"]] = created
            elif kind == "CONTACT":
                values = {
                    "firstName": document["first"],
                    "lastName": document["last"],
                    "jobTitle": document["title"],
                    "emails": [document["email"]],
                    "companyId": ids[document["company"]],
                }
                created = (await api(CREATE_CONTACT, {"input": values}))["createContact"]["id"]
            elif kind == "DEAL":
                amount = {"amountMicros": str(document["amount"] * 1_000_000), "currency": "EUR"}
                values = {"name": document["name"], "companyId": ids[document["company"]], "amount": amount}
                created = (await api(CREATE_DEAL, {"input": values}))["createDeal"]["id"]
            else:
                target = ids[document["company"]] if document.get("company") else holder
                created = (await api(ADD_NOTE, {"target": target, "body": document["body"]}))["addNote"]["id"]
            keys[created] = document["key"]

    await asyncio.gather(*(one(document) for document in documents if document["kind"] == "COMPANY"))
    await asyncio.gather(*(one(document) for document in documents if document["kind"] != "COMPANY"))
    return keys


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--api", default="http://127.0.0.1:4000")
    parser.add_argument("--index-timeout", type=float, default=900)
    parser.add_argument("--state", type=Path, help="keep the loaded workspace here and reuse it when it exists")
    parser.add_argument("--sweep", action="store_true", help="replay the fusion with other keyword weights")
    parser.add_argument("--set", type=Path, default=HERE, help="the directory of documents.json and queries.json")
    args = parser.parse_args()
    documents = json.loads((args.set / "documents.json").read_text())
    queries = json.loads((args.set / "queries.json").read_text())
    types = [kind for kind in KINDS if any(document["kind"] == kind for document in documents)]
    async with httpx.AsyncClient(base_url=require_local(args.api), timeout=60) as http:
        api = Api(http)
        state = json.loads(args.state.read_text()) if args.state and args.state.exists() else None
        if state:
            # The set is loaded already (--state): sign in again and ask the queries.
            signed = (await api(SIGN_IN, {"input": {"email": state["email"], "password": PASSWORD}}))["signIn"]
            api.token = signed["accessToken"]
            keys = state["keys"]
        else:
            email = f"eval-{uuid.uuid4().hex[:8]}@example.com"
            values = {"email": email, "password": PASSWORD, "name": "Eval", "workspaceName": "Search evaluation"}
            signed = (await api(SIGN_UP, {"input": values}))["signUp"]
            api.token = signed["accessToken"]
            started = time.monotonic()
            keys = await load(api, documents)
            print(f"loaded {len(keys)} documents in {time.monotonic() - started:.0f} s", file=sys.stderr)
            if args.state:
                args.state.write_text(json.dumps({"email": email, "keys": keys}))
        started = time.monotonic()
        while True:
            status = (await api(STATUS))["searchIndexStatus"]
            if status["pending"] == 0 and time.monotonic() - started > 3:
                break
            if time.monotonic() - started > args.index_timeout:
                raise SystemExit(f"the index did not catch up: {status}")
            await asyncio.sleep(1)
        print(f"indexed in {time.monotonic() - started:.0f} s ({status['model']})", file=sys.stderr)
        results: list[dict[str, Any]] = []
        for item in queries:
            row: dict[str, Any] = {"query": item["query"], "half": half(item["query"]), "type": item.get("type", "")}
            for mode, retrievers in MODES.items():
                # The single retrievers' lists are read 50 deep (for --sweep); hybrid fuses them FUSION_DEPTH deep.
                first = 10 if mode == "hybrid" else 50
                variables = {"q": item["query"], "types": types, "retrievers": retrievers, "first": first}
                data = (await api(SEARCH, variables))["search"]
                if data["degraded"] and mode != "keyword":
                    raise SystemExit(f"search is degraded ({data['degradedReason']}): is the AI service up?")
                ranked = [
                    keys.get(edge["node"]["node"]["id"], "?" + edge["node"]["node"]["id"]) for edge in data["edges"]
                ]
                row[mode] = round(ndcg_at_10(ranked, item["relevant"]), 4)
                row[f"{mode}_ranked"] = ranked
            results.append(row)
    halves = {"all": results, **{name: [r for r in results if r["half"] == name] for name in ("tuning", "held-out")}}
    means = {name: {mode: sum(r[mode] for r in rows) / len(rows) for mode in MODES} for name, rows in halves.items()}
    print(
        f"| retriever | nDCG@10, all ({len(results)} queries) | tuning half ({len(halves['tuning'])}) "
        f"| held-out half ({len(halves['held-out'])}) |"
    )
    print("| --- | --- | --- | --- |")
    for mode in MODES:
        print(f"| {mode} | {means['all'][mode]:.3f} | {means['tuning'][mode]:.3f} | {means['held-out'][mode]:.3f} |")
    query_types = sorted({r["type"] for r in results if r["type"]})
    if query_types:
        print("\n| query type | queries | keyword | semantic | hybrid |\n| --- | --- | --- | --- | --- |")
        for query_type in query_types:
            rows = [r for r in results if r["type"] == query_type]
            figures = " | ".join(f"{sum(r[mode] for r in rows) / len(rows):.3f}" for mode in MODES)
            print(f"| {query_type} | {len(rows)} | {figures} |")
    if args.sweep:
        # The keyword list's weight in the fusion and the depth fused, replayed over the lists the server answered.
        print("\n| keyword weight | depth | tuning half | held-out half |\n| --- | --- | --- | --- |")
        judged = {item["query"]: item["relevant"] for item in queries}
        for depth in (11, FUSION_DEPTH, 50):
            for weight in (0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 1.0):
                figures = []
                for name in ("tuning", "held-out"):
                    total = 0.0
                    for r in halves[name]:
                        lists = {"keyword": r["keyword_ranked"][:depth], "semantic": r["semantic_ranked"][:depth]}
                        fused = weighted_rrf(lists, {"keyword": weight, "semantic": 1.0})
                        total += ndcg_at_10(fused, judged[r["query"]])
                    figures.append(total / len(halves[name]))
                print(f"| {weight} | {depth} | {figures[0]:.3f} | {figures[1]:.3f} |")
    out = HERE.parent / "results" / f"search-eval-{args.set.resolve().name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"means": means, "queries": results}, ensure_ascii=False, indent=1))
    print(f"per query: {out}", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())
