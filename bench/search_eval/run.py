"""nDCG@10 of search on the labelled evaluation set: keyword only, semantic only, and hybrid (both fused by
reciprocal rank fusion), through the real GraphQL `search` of a running `rapport up`.

    cd server && uv run python ../bench/search_eval/run.py [--api http://127.0.0.1:4000]

It signs up a fresh workspace, creates the set's companies, adds its mail texts as notes on one company
("Corpus mail", itself a document nobody asks for), waits until `searchIndexStatus.pending` is 0 (the
worker embedded everything), then asks each query three times with `retrievers` KEYWORD, SEMANTIC and
both, types COMPANY and NOTE, first 10. Gains are graded (2^grade - 1, grades 0-2 from queries.json);
the ideal ordering is over every judged document. Prints a Markdown table and writes the per-query
figures to bench/results/search-eval-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
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

SIGN_UP = """mutation($input: SignUpInput!) { signUp(input: $input) { accessToken workspace { id } } }"""
CREATE_COMPANY = "mutation($input: CompanyInput!) { createCompany(input: $input) { id } }"
ADD_NOTE = "mutation($target: UUID!, $body: String!) { addNote(targetId: $target, body: $body) { id } }"
STATUS = "query { searchIndexStatus { model pending lagSeconds } }"
SEARCH = """query($q: String!, $retrievers: [SearchRetriever!]) {
  search(query: $q, types: [COMPANY, NOTE], first: 10, retrievers: $retrievers) {
    degraded degradedReason edges { node { node { ... on Company { id } ... on Activity { id } } } }
  }
}"""
MODES = {"keyword": ["KEYWORD"], "semantic": ["SEMANTIC"], "hybrid": ["KEYWORD", "SEMANTIC"]}


class Api:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.token: str | None = None

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        for attempt in range(20):
            response = await self.http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
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


async def load(api: Api, documents: list[dict[str, str]]) -> dict[str, str]:
    """Creates the documents; returns record id -> document key."""
    keys: dict[str, str] = {}
    holder = (await api(CREATE_COMPANY, {"input": {"name": "Corpus mail"}}))["createCompany"]["id"]
    semaphore = asyncio.Semaphore(4)

    async def one(document: dict[str, str]) -> None:
        async with semaphore:
            if document["kind"] == "COMPANY":
                values = {"name": document["name"][:200]}
                if document["industry"]:
                    values["industry"] = document["industry"]
                created = (await api(CREATE_COMPANY, {"input": values}))["createCompany"]["id"]
            else:
                created = (await api(ADD_NOTE, {"target": holder, "body": document["body"]}))["addNote"]["id"]
            keys[created] = document["key"]

    await asyncio.gather(*(one(document) for document in documents))
    return keys


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--api", default="http://127.0.0.1:4000")
    parser.add_argument("--index-timeout", type=float, default=900)
    args = parser.parse_args()
    documents = json.loads((HERE / "documents.json").read_text())
    queries = json.loads((HERE / "queries.json").read_text())
    async with httpx.AsyncClient(base_url=require_local(args.api), timeout=60) as http:
        api = Api(http)
        email = f"eval-{uuid.uuid4().hex[:8]}@example.com"
        signed = (await api(SIGN_UP, {"input": {"email": email, "password": "correct horse battery", "name": "Eval",
                                                 "workspaceName": "Search evaluation"}}))["signUp"]
        api.token = signed["accessToken"]
        started = time.monotonic()
        keys = await load(api, documents)
        print(f"loaded {len(keys)} documents in {time.monotonic() - started:.0f} s", file=sys.stderr)
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
            row: dict[str, Any] = {"query": item["query"]}
            for mode, retrievers in MODES.items():
                data = (await api(SEARCH, {"q": item["query"], "retrievers": retrievers}))["search"]
                if data["degraded"] and mode != "keyword":
                    raise SystemExit(f"search is degraded ({data['degradedReason']}): is the AI service up?")
                ranked = [keys.get(edge["node"]["node"]["id"], "?") for edge in data["edges"]]
                row[mode] = round(ndcg_at_10(ranked, item["relevant"]), 4)
            results.append(row)
    means = {mode: sum(r[mode] for r in results) / len(results) for mode in MODES}
    print(f"| retriever | nDCG@10 ({len(results)} queries, {len(documents)} documents) |")
    print("| --- | --- |")
    for mode in MODES:
        print(f"| {mode} | {means[mode]:.3f} |")
    out = HERE.parent / "results" / f"search-eval-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"means": means, "queries": results}, ensure_ascii=False, indent=1))
    print(f"per query: {out}", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())
