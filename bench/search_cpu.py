"""The api's CPU per search, in-process, and where it goes: the api's ASGI app (this checkout's code, or
another's with PYTHONPATH) driven through httpx's ASGITransport against a running stack's PostgreSQL,
Valkey and AI service, one search at a time.

    cd server && RAPPORT_DATA_DIR=/tmp/rapport-scale RAPPORT_DATABASE_URL=... RAPPORT_DATABASE_SYSTEM_URL=... \\
      RAPPORT_REDIS_URL=... RAPPORT_AI_URL=127.0.0.1:50751 RAPPORT_LOG_LEVEL=WARNING \\
      uv run python ../bench/search_cpu.py --state /tmp/rapport-scale-state.json --rounds 4 [--full] [--parts]

(the URLs as `rapport up` gives its processes: /proc/<the stack's api pid>/environ). Every search_eval query
is asked once to warm up (statements prepared, query vectors cached), then `--rounds` times; it prints the
process's CPU per search (the app and the in-process client: no uvicorn, no network), the CPU of the data
directory's PostgreSQL, and with `--parts` the CPU inside the main steps (CPU time between entering and
leaving a coroutine; one search at a time, so nothing else runs meanwhile). `--full` asks what the web's
search page asks (the node, its snippet, why it matched) instead of search_load.py's `score` alone.
`--dump FILE` writes the first round's answers, to compare two checkouts' answers.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import functools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import require_local  # noqa: E402

LEAN = """query($q: String!) {
  search(query: $q, first: 10) { degraded edges { node { score } } }
}"""
FULL = """query($q: String!) {
  search(query: $q, first: 10) {
    degraded degradedReason pageInfo { hasNextPage endCursor }
    edges { cursor node { type score snippet matchedBy node {
      __typename ... on Contact { id name } ... on Company { id name } ... on Deal { id name }
      ... on EmailThread { id subject } ... on Activity { id body } } } }
  }
}"""
SIGN_IN = "mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }"


def postgres_cpu(data_dir: Path) -> float:
    """CPU seconds of the data directory's postmaster and its backends."""
    postmaster = int((data_dir / "postgres" / "postmaster.pid").read_text().split()[0])
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == postmaster or int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


Parts = collections.Counter[str]


def _measure(parts: Parts, owner: Any, name: str, label: str) -> None:
    function: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(function)
    async def measured(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return await function(*args, **kwargs)
        finally:
            parts[label] += time.process_time() - started

    setattr(owner, name, measured)


def measure_parts() -> Parts:
    from sqlalchemy.ext.asyncio import AsyncSession
    from strawberry.schema import schema as strawberry_schema

    from rapport import app
    from rapport.graphql import context, extensions
    from rapport.graphql.compiled import search as compiled_search
    from rapport.search import repository, service

    parts: Parts = collections.Counter()
    begin = "    BEGIN, the scope and the session check"
    for owner, name, label in [
        (app.JsonErrorsGraphQLRouter, "run", "the GraphQL router (all but middlewares and the client)"),
        (strawberry_schema.Schema, "execute", "  Strawberry's execution (all below; the executor's path)"),
        (app.JsonErrorsGraphQLRouter, "_search", "  the compiled search (all below; graphql/compiled/search.py)"),
        (compiled_search.Searches, "answer", "    the answer: the service and the walk over the document"),
        (service, "search", "    search() (the service, all below)"),
        (service, "query_vector", "      the query's vector (the api's cache or the AI service)"),
        (service, "keyword_search", "      the keyword side, and the nearest vectors in its statement"),
        (service, "semantic_hits", "      the semantic hits of the nearest vectors"),
        (repository, "hits", "      the hits' rows with their snippets, a statement a kind"),
        (repository, "rows_by_id", "      the hits' rows (code before `hits`; now only similar and duplicates)"),
        (repository, "headlines", "      the snippets (code before `hits`)"),
        (context.Context, "actor", "    the actor (membership check)"),
        (extensions, "begin_scoped", begin),
        (app, "begin_scoped", begin),
        (AsyncSession, "commit", "    COMMIT"),
        (app.JsonErrorsGraphQLRouter, "_refuse_costly", "  the cost and budget check"),
    ]:
        if not hasattr(owner, name):
            continue  # another checkout's code (PYTHONPATH), without this step
        _measure(parts, owner, name, label)
        parts[label] = 0.0  # printed in this order
    return parts


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--state", type=Path, required=True, help="search_scale.py's or search_eval/run.py's")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--full", action="store_true", help="ask what the web's search page asks")
    parser.add_argument("--parts", action="store_true", help="the CPU inside the main steps")
    parser.add_argument("--dump", type=Path, help="write the first round's answers here")
    args = parser.parse_args()
    from rapport.app import create_app
    from rapport.config import get_settings

    settings = get_settings()
    state = json.loads(args.state.read_text())
    queries = [q["query"] for q in json.loads((HERE / "search_eval" / "queries.json").read_text())]
    document = FULL if args.full else LEAN
    application = create_app(settings)
    parts = measure_parts() if args.parts else None
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url=require_local("http://127.0.0.1")) as http:
            signed = await http.post(
                "/graphql",
                json={
                    "query": SIGN_IN,
                    "variables": {
                        "input": {"email": state["email"], "password": state.get("password", "bench-password-1")}
                    },
                },
            )
            headers = {"authorization": f"Bearer {signed.json()['data']['signIn']['accessToken']}"}

            async def ask(query: str) -> dict[str, Any]:
                response = await http.post(
                    "/graphql", json={"query": document, "variables": {"q": query}}, headers=headers
                )
                body: dict[str, Any] = response.json()
                if body.get("errors"):
                    raise SystemExit(json.dumps(body["errors"])[:500])
                return body

            for query in queries:
                await ask(query)
            if parts is not None:
                for label in parts:
                    parts[label] = 0.0
            answers = []
            cpu, database, wall = time.process_time(), postgres_cpu(settings.data_dir), time.perf_counter()
            for _ in range(args.rounds):
                for query in queries:
                    answers.append(await ask(query))
            count = args.rounds * len(queries)
            cpu = (time.process_time() - cpu) / count * 1000
            database = (postgres_cpu(settings.data_dir) - database) / count * 1000
            wall = (time.perf_counter() - wall) / count * 1000
    print(
        f"{count} searches ({'full' if args.full else 'score only'}), load average {os.getloadavg()[0]:.1f}: "
        f"api and client {cpu:.2f} CPU-ms, PostgreSQL {database:.2f} CPU-ms, wall {wall:.1f} ms a search"
    )
    if parts is not None:
        for label, seconds in parts.items():
            print(f"{seconds / count * 1000:6.2f} ms  {label}")
    if args.dump:
        args.dump.write_text(json.dumps(answers[: len(queries)], sort_keys=True))


if __name__ == "__main__":
    asyncio.run(main())
