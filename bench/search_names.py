"""Names first: is a contact typed by name at the top of `search`, as the Ctrl-K palette asks it?

    cd server && uv run python ../bench/search_names.py --api http://127.0.0.1:4000 --state STATE [--count 50]

`--state`: a JSON file with the workspace's `email` (and `password`, else bench/common.py's), such as
search_load.py's or search_eval/run.py's. It reads the workspace's contacts (the first `--pages` pages of
`contacts` by last update, every tenth of them, at most `--count`; by name they would all be Aaliyahs)
and types each one's name three ways, in full ("Sebastian Baker"), as the first three letters of each word
("seb bak") and with a letter wrong in its longest word ("Sebasstian Baker": `misspelt`), into `search`
(all kinds, first 10, as the palette asks) with each retriever: hybrid (both fused), keyword only,
semantic only. A search finds the person when a contact of that name is among its
hits (several contacts may share a name). Prints, per retriever and form, how often the person is the
first hit, how often on the page, and the mean reciprocal rank (0 when not on the page).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "search_eval"))
from common import PASSWORD, require_local  # noqa: E402
from run import SIGN_IN, Api  # noqa: E402  (search_eval/run.py: the client that waits out rate limits)

CONTACTS = """query($after: String) {
  contacts(first: 100, after: $after, orderBy: [{field: UPDATED_AT, direction: DESC_NULLS_LAST}]) {
    edges { cursor node { name } }
  }
}"""
SEARCH = """query($q: String!, $retrievers: [SearchRetriever!]) {
  search(query: $q, first: 10, retrievers: $retrievers) { degraded edges { node { node {
    __typename ... on Contact { name } } } } }
}"""
MODES: dict[str, list[str] | None] = {"hybrid": None, "keyword": ["KEYWORD"], "semantic": ["SEMANTIC"]}


def misspelt(name: str) -> str:
    """The name with one edit in its longest word, in its middle, one of the three a person typing makes
    most (two letters swapped, one left out, one doubled), chosen by the name: the same for every run."""
    words = name.split()
    longest = max(range(len(words)), key=lambda index: len(words[index]))
    word = words[longest]
    middle = len(word) // 2
    edit = sum(map(ord, name)) % 3
    if edit == 0 and word[middle - 1] != word[middle]:
        word = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    elif edit == 2:
        word = word[:middle] + word[middle] + word[middle:]
    else:
        word = word[:middle] + word[middle + 1 :]
    return " ".join([*words[:longest], word, *words[longest + 1 :]])


def typed_forms(name: str) -> dict[str, str]:
    return {
        "full name": name,
        "first three letters": " ".join(word[:3].lower() for word in name.split()),
        "a letter wrong": misspelt(name),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--api", default="http://127.0.0.1:4000")
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--pages", type=int, default=5)
    args = parser.parse_args()
    api = require_local(args.api)
    state = json.loads(args.state.read_text())
    async with httpx.AsyncClient(base_url=api, timeout=60) as http:
        ask = Api(http)
        credentials = {"email": state["email"], "password": state.get("password", PASSWORD)}
        ask.token = (await ask(SIGN_IN, {"input": credentials}))["signIn"]["accessToken"]
        names: list[str] = []
        after = None
        for _ in range(args.pages):
            edges = (await ask(CONTACTS, {"after": after}))["contacts"]["edges"]
            names += [edge["node"]["name"] for edge in edges]
            if not edges:
                break
            after = edges[-1]["cursor"]
        people = [name for name in names[::10] if len(name.split()) >= 2][: args.count]
        ranks: dict[tuple[str, str], list[int | None]] = {}
        for name in people:
            for form, typed in typed_forms(name).items():
                for mode, retrievers in MODES.items():
                    found = (await ask(SEARCH, {"q": typed, "retrievers": retrievers}))["search"]["edges"]
                    hits = [edge["node"]["node"].get("name", "").lower() for edge in found]
                    rank = hits.index(name.lower()) + 1 if name.lower() in hits else None
                    ranks.setdefault((mode, form), []).append(rank)
    print(f"{len(people)} contacts' names, typed three ways; search, all kinds, first 10\n")
    print("| retriever | typed | first hit | on the page | mean reciprocal rank |")
    print("| --- | --- | --- | --- | --- |")
    for (mode, form), found_at in ranks.items():
        first = sum(1 for rank in found_at if rank == 1)
        page = sum(1 for rank in found_at if rank is not None)
        mrr = sum(1 / rank for rank in found_at if rank is not None) / len(found_at)
        print(f"| {mode} | {form} | {first}/{len(found_at)} | {page}/{len(found_at)} | {mrr:.3f} |")


if __name__ == "__main__":
    asyncio.run(main())
