"""Search at scale (issue 11): the benchmark data set plus 100,000 emails in one workspace, for search p95 at
c=16 and filtered recall@10 against exact search, against a running `rapport up` of its own (rate limits off: the
inbound webhook allows 120/minute per address, the api 1,200/minute per user):

    cd server && RAPPORT_DATA_DIR=/tmp/rapport-scale RAPPORT_API_PORT=4600 RAPPORT_AI_PORT=50651 RAPPORT_WEB_PORT=3600 \
        RAPPORT_SMTP_PORT=0 RAPPORT_WORKER_METRICS_PORT=0 RAPPORT_AI_METRICS_PORT=0 RAPPORT_RATE_LIMIT_ENABLED=false \
        uv run rapport up --no-web
    cd server && uv run python ../bench/search_scale.py load   --api http://127.0.0.1:4600 --data-dir /tmp/rapport-scale
    cd server && uv run python ../bench/search_scale.py fill   --api http://127.0.0.1:4600 --data-dir /tmp/rapport-scale
    cd server && uv run python ../bench/search_scale.py recall --data-dir /tmp/rapport-scale --ai 127.0.0.1:50651
    cd server && uv run python ../bench/search_load.py p95 --api http://127.0.0.1:4600 --concurrency 16 --seconds 30 \
        --state /tmp/rapport-scale-state.json

load: (1) the benchmark data set, both workspaces ("Bench A", "Bench B"), by bench/generate.py (accounts through
    GraphQL, bulk rows with COPY, as that generator always does); (2) search_eval's 607 documents into Bench A
    through GraphQL (`createCompany`, `addNote`: search_eval/run.py's loader), so its queries have known answers
    there; (3) a subset of each workspace's cards (`--real-cards` contacts, companies, deals and notes per kind
    and workspace, chosen by a hash of the id) put on the embedding queue, for the real pipeline (worker + AI
    service) to embed; (4) `--messages` generated emails (bench/email_generate.py, no attachments) into Bench A
    through the inbound webhook, as mail arrives: the worker parses, threads and stores them, and their
    `email.received` events queue them for embedding, which the real pipeline does as they come.
fill: waits until the pipeline has embedded the card subset and `--real-emails` emails, takes the rest of
    the two workspaces' embedding queue away, and writes a vector for every record, note and email that has
    none: a real vector of the same kind and workspace chosen at random, plus Gaussian noise (`--sigma` per
    dimension) and normalised again, with the model name and version the pipeline wrote, `tokens` 0 and the
    content hash FILL_HASH (so these rows can be told apart: `WHERE content_hash = sha256('search_scale fill')`).
    It also signs up a third workspace holding ~1 % of the index's rows (vectors only, the same kind of copies)
    for the recall of a small workspace. The vectors are bulk-written (binary COPY) with the HNSW indexes dropped
    (every vector's, and each kind's) and then built again as the database defined them. A latency set, not a
    quality set.
recall: recall@10 inside each workspace against exact search (the product's exact path), for the path the
    product chooses by workspace size and for the other one forced, with the search_eval queries' embeddings
    (from the AI service) and vectors stored in the workspace as queries; and the time of each call.

State (accounts, workspace ids, the search_eval document ids) goes to `--state` (default
/tmp/rapport-scale-state.json); `search_load.py p95 --state` signs in with it.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import statistics
import struct
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "search_eval"))
from common import FIXTURES, db_url, require_local  # noqa: E402
from common import PASSWORD as BENCH_PASSWORD  # noqa: E402
from run import SIGN_IN, SIGN_UP, Api  # noqa: E402  (search_eval/run.py)
from run import load as load_documents  # noqa: E402

DEFAULT_STATE = Path("/tmp/rapport-scale-state.json")  # noqa: S108 - a local benchmark's state
DEFAULT_CORPUS = "/tmp/rapport-scale-email-corpus"  # noqa: S108 - generated, ~1 GB, not in the repository
WEBHOOK = "/api/v1/webhooks/inbound/email"
INBOUND = "query { inboundEmail { token address } }"
FILL_HASH = hashlib.sha256(b"search_scale fill").digest()
DIMENSIONS = 384
KINDS = {
    "CONTACT": "SELECT id FROM contacts WHERE workspace_id = $1 AND deleted_at IS NULL",
    "COMPANY": "SELECT id FROM companies WHERE workspace_id = $1 AND deleted_at IS NULL",
    "DEAL": "SELECT id FROM deals WHERE workspace_id = $1 AND deleted_at IS NULL",
    "NOTE": "SELECT id FROM activities WHERE workspace_id = $1 AND kind = 'NOTE'",
    "EMAIL": "SELECT id FROM emails WHERE workspace_id = $1",
}
# The HNSW indexes of `embeddings` (every vector's, 0004_ai; each kind's, 0035_kindvectors), as the database
# defines them: dropped before the bulk write and built again after it.
HNSW_INDEXES = (
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'embeddings' AND indexdef LIKE '%USING hnsw%'"
)


def load_average() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def read_state(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text()) if path.exists() else {}


def write_state(path: Path, state: dict[str, Any]) -> None:
    path.write_text(json.dumps(state, indent=1))


async def signed_in(http: httpx.AsyncClient, email: str, password: str) -> Api:
    api = Api(http)
    api.token = (await api(SIGN_IN, {"input": {"email": email, "password": password}}))["signIn"]["accessToken"]
    return api


# ---------------------------------------------------------------- load


async def counts(con: asyncpg.Connection, workspace_id: str) -> dict[str, int]:
    ws = uuid.UUID(workspace_id)
    inbound = {
        row["state"]: row["n"]
        for row in await con.fetch(
            "SELECT state, count(*) AS n FROM inbound_emails WHERE workspace_id = $1 GROUP BY state", ws
        )
    }
    embedded = {
        row["object_type"]: row["n"]
        for row in await con.fetch(
            "SELECT object_type, count(*) AS n FROM embeddings WHERE workspace_id = $1 GROUP BY object_type", ws
        )
    }
    queued = await con.fetchval("SELECT count(*) FROM embedding_queue WHERE workspace_id = $1", ws)
    emails = await con.fetchval("SELECT count(*) FROM emails WHERE workspace_id = $1", ws)
    return {
        "emails": emails,
        "pending_mail": inbound.get("PENDING", 0),
        "queued": queued,
        **{f"embedded_{kind.lower()}": n for kind, n in embedded.items()},
    }


async def send_emails(args: argparse.Namespace, state: dict[str, Any], con: asyncpg.Connection) -> None:
    """Every message of the corpus once, through the inbound webhook, `--concurrency` at a time."""
    from email_run import Corpus  # the mapped corpus file of bench/email_run.py

    corpus = Corpus(Path(args.corpus))
    start = state.get("emails_sent", 0)
    total = min(len(corpus.index), args.messages)  # a corpus made for a larger run: its first --messages
    headers = {"x-inbound-token": state["inbound_token"], "content-type": "message/rfc822"}
    queue: asyncio.Queue[int | None] = asyncio.Queue(maxsize=args.concurrency * 2)
    statuses: dict[int, int] = {}
    sent = 0

    async def lane() -> None:
        nonlocal sent
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=args.api, limits=limits, timeout=120) as client:
            while (n := await queue.get()) is not None:
                for attempt in range(10):
                    try:
                        status = (await client.post(WEBHOOK, content=corpus.raw(n), headers=headers)).status_code
                    except httpx.HTTPError:
                        status = 0
                    if status not in (0, 429, 502, 503) or attempt == 9:
                        break
                    await asyncio.sleep(1 + attempt)
                statuses[status] = statuses.get(status, 0) + 1
                sent += 1

    async def progress() -> None:
        began = time.monotonic()
        while True:
            await asyncio.sleep(15)
            now = await counts(con, state["workspace_id"])
            rate = sent / (time.monotonic() - began) * 60
            say(f"sent {start + sent}/{total} ({rate:.0f}/min) {statuses}; {now}; load {load_average()}")
            if now.get("embedded_email", 0) >= args.real_emails:
                # Enough real email vectors: the rest are filled (`fill`), and the embedder's CPU goes to the mail.
                await trim_email_queue(con, [uuid.UUID(state["workspace_id"])])
            state["emails_sent"] = start + sent
            write_state(args.state, state)

    lanes = [asyncio.create_task(lane()) for _ in range(args.concurrency)]
    reporter = asyncio.create_task(progress())
    for n in range(start, total):
        await queue.put(n)
    for _ in lanes:
        await queue.put(None)
    await asyncio.gather(*lanes)
    reporter.cancel()
    state["emails_sent"] = total
    state["webhook_statuses"] = {str(k): v for k, v in statuses.items()}
    write_state(args.state, state)
    say(f"sent {total} messages: {statuses}")


async def load(args: argparse.Namespace) -> None:
    state = read_state(args.state)
    generators: list[subprocess.Popen[bytes]] = []
    if not (Path(args.corpus) / "index.jsonl").exists():
        say(f"generating {args.messages} messages into {args.corpus} (no attachments)")
        generators.append(
            subprocess.Popen(  # noqa: S603 - our own generator
                [sys.executable, str(HERE / "email_generate.py"), "--messages", str(args.messages),
                 "--attachments", "0", "--out", args.corpus]
            )
        )
    if not state.get("generated"):
        say("the benchmark data set (bench/generate.py, 2 workspaces)")
        subprocess.run(  # noqa: S603 - our own generator
            [sys.executable, str(HERE / "generate.py"), "--api", args.api, "--data-dir", args.data_dir,
             "--workspaces", "2"],
            check=True,
        )
        fixtures = json.loads(FIXTURES.read_text())
        a, b = fixtures["workspaces"][0], fixtures["workspaces"][1]
        state.update(
            generated=True,
            email=a["owner_email"],
            password=BENCH_PASSWORD,
            workspace_id=a["id"],
            other_email=b["owner_email"],
            other_workspace_id=b["id"],
        )
        write_state(args.state, state)
    con = await asyncpg.connect(db_url(args.data_dir))
    try:
        async with httpx.AsyncClient(base_url=args.api, timeout=120) as http:
            api = await signed_in(http, state["email"], state["password"])
            if "keys" not in state:
                say("search_eval's documents into Bench A through GraphQL")
                documents = json.loads((HERE / "search_eval" / "documents.json").read_text())
                state["keys"] = await load_documents(api, documents)
                write_state(args.state, state)
            if not state.get("cards_queued"):
                queued = 0
                for workspace_id in (state["workspace_id"], state["other_workspace_id"]):
                    for kind in ("CONTACT", "COMPANY", "DEAL", "NOTE"):
                        result = await con.execute(
                            f"""INSERT INTO embedding_queue (workspace_id, object_type, object_id)
SELECT $1, $2, id FROM ({KINDS[kind]}) r ORDER BY md5(id::text) LIMIT $3
ON CONFLICT ON CONSTRAINT pk_embedding_queue DO NOTHING""",
                            uuid.UUID(workspace_id),
                            kind,
                            args.real_cards,
                        )
                        queued += int(result.split()[-1])
                say(f"{queued} cards queued for the real pipeline (the worker's minutely schedule picks them up)")
                state["cards_queued"] = queued
                write_state(args.state, state)
            if "inbound_token" not in state:
                state["inbound_token"] = (await api(INBOUND))["inboundEmail"]["token"]
                write_state(args.state, state)
        for generator in generators:
            if generator.wait() != 0:
                raise SystemExit("email_generate.py failed")
        if state.get("emails_sent", 0) < args.messages:
            await send_emails(args, state, con)
        while (now := await counts(con, state["workspace_id"]))["pending_mail"]:
            say(f"waiting for the worker: {now}")
            await asyncio.sleep(15)
        say(f"loaded: {now}; load average {load_average()}")
    finally:
        await con.close()


# ---------------------------------------------------------------- fill


def vector_bytes(vectors: np.ndarray) -> list[bytes]:
    """pgvector's binary form (vector_recv): int16 dimensions, int16 0, float4 values, network order."""
    head = struct.pack(">hh", vectors.shape[1], 0)
    big = vectors.astype(">f4")
    return [head + row.tobytes() for row in big]


def copy_rows(
    workspace_id: uuid.UUID, object_type: str, ids: Sequence[uuid.UUID], vectors: np.ndarray, model: str, version: str
) -> bytes:
    """Rows of `embeddings` in PostgreSQL's binary COPY format (without header and trailer)."""
    fields = 8
    ws, kind, mod, ver = workspace_id.bytes, object_type.encode(), model.encode(), version.encode()
    out = bytearray()
    for object_id, vector in zip(ids, vector_bytes(vectors), strict=True):
        out += struct.pack(">h", fields)
        for value in (ws, kind, object_id.bytes, mod, ver, FILL_HASH):
            out += struct.pack(">i", len(value)) + value
        out += struct.pack(">ii", 4, 0)  # tokens
        out += struct.pack(">i", len(vector)) + vector
    return bytes(out)


COPY_COLUMNS = ["workspace_id", "object_type", "object_id", "model", "model_version", "content_hash", "tokens",
                "embedding"]


def parse_vector(text: str) -> list[float]:
    return [float(part) for part in text.strip("[]").split(",")]


def noisy_copies(rng: np.random.Generator, real: np.ndarray, count: int, sigma: float) -> np.ndarray:
    base = real[rng.integers(0, len(real), size=count)]
    noisy = base + rng.normal(0.0, sigma, size=base.shape).astype(np.float32)
    return (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


async def real_vectors(con: asyncpg.Connection, workspace_id: uuid.UUID | None, kind: str | None) -> np.ndarray:
    where = ["content_hash <> $1"]
    params: list[Any] = [FILL_HASH]
    if workspace_id is not None:
        params.append(workspace_id)
        where.append(f"workspace_id = ${len(params)}")
    if kind is not None:
        params.append(kind)
        where.append(f"object_type = ${len(params)}")
    rows = await con.fetch(f"SELECT CAST(embedding AS text) AS v FROM embeddings WHERE {' AND '.join(where)}", *params)
    return np.array([parse_vector(row["v"]) for row in rows], dtype=np.float32).reshape(-1, DIMENSIONS)


async def wait_for_pipeline(args: argparse.Namespace, state: dict[str, Any], con: asyncpg.Connection) -> None:
    """Until the card subset is embedded and `--real-emails` emails are (or `--wait` seconds passed)."""
    workspaces = [uuid.UUID(state["workspace_id"]), uuid.UUID(state["other_workspace_id"])]
    deadline = time.monotonic() + args.wait
    while True:
        cards = await con.fetchval(
            "SELECT count(*) FROM embedding_queue WHERE workspace_id = ANY($1) AND object_type <> 'EMAIL'", workspaces
        )
        emails = await con.fetchval(
            "SELECT count(*) FROM embeddings WHERE workspace_id = $1 AND object_type = 'EMAIL'", workspaces[0]
        )
        if emails >= args.real_emails:
            # Enough real email vectors: the rest of the emails are filled, not embedded.
            await con.execute(
                "DELETE FROM embedding_queue WHERE workspace_id = ANY($1) AND object_type = 'EMAIL'"
                " AND (leased_until IS NULL OR leased_until < now())",
                workspaces,
            )
        say(f"pipeline: cards still queued {cards}, emails embedded {emails}/{args.real_emails}; load {load_average()}")
        if (cards == 0 and emails >= args.real_emails) or time.monotonic() > deadline:
            break
        await asyncio.sleep(15)
    # What is left is not embedded by the pipeline. Batches leased now may still store their vectors: the
    # filled rows go in with ON CONFLICT DO NOTHING, so whichever comes first stays.
    dropped = await con.execute(
        "DELETE FROM embedding_queue WHERE workspace_id = ANY($1) AND (leased_until IS NULL OR leased_until < now())",
        workspaces,
    )
    say(f"queue emptied for the two workspaces ({dropped})")


def fill_state_path(path: Path) -> Path:
    """fill's own state beside load's (load rewrites its file while it sends)."""
    return path.with_suffix(".fill.json")


async def trim_email_queue(con: asyncpg.Connection, workspaces: list[uuid.UUID]) -> None:
    await con.execute(
        "DELETE FROM embedding_queue WHERE workspace_id = ANY($1) AND object_type = 'EMAIL'"
        " AND (leased_until IS NULL OR leased_until < now())",
        workspaces,
    )


async def fill(args: argparse.Namespace) -> None:
    """The first run drops the HNSW indexes, writes every missing vector and builds the indexes again; a later
    run (mail that arrived since) writes the missing vectors into the indexes as they are."""
    state = read_state(args.state)
    filled_path = fill_state_path(args.state)
    done = read_state(filled_path)
    rng = np.random.default_rng(args.seed + len(done.get("runs", [])))
    workspaces = [uuid.UUID(state["workspace_id"]), uuid.UUID(state["other_workspace_id"])]
    con = await asyncpg.connect(db_url(args.data_dir))
    try:
        if not done.get("filled"):
            await wait_for_pipeline(args, state, con)
        else:
            await con.execute(
                "DELETE FROM embedding_queue WHERE workspace_id = ANY($1)"
                " AND (leased_until IS NULL OR leased_until < now())",
                workspaces,
            )
        model, version = (
            await con.fetchrow("SELECT model, model_version FROM embeddings WHERE content_hash <> $1 LIMIT 1", FILL_HASH)
        ).values()
        real_counts = {
            f"{row['workspace_id']}/{row['object_type']}": row["n"]
            for row in await con.fetch(
                "SELECT workspace_id, object_type, count(*) AS n FROM embeddings WHERE content_hash <> $1"
                " GROUP BY 1, 2 ORDER BY 1, 2",
                FILL_HASH,
            )
        }
        say(f"real vectors (the pipeline's): {real_counts}")
        done["real_vectors"] = real_counts
        plan: list[tuple[uuid.UUID, str, list[uuid.UUID], np.ndarray]] = []
        for ws in workspaces:
            for kind, records in KINDS.items():
                missing = [
                    row["id"]
                    for row in await con.fetch(
                        f"""SELECT r.id FROM ({records}) r WHERE NOT EXISTS (SELECT 1 FROM embeddings e
WHERE e.workspace_id = $1 AND e.object_type = $2 AND e.object_id = r.id)""",
                        ws,
                        kind,
                    )
                ]
                if not missing:
                    continue
                real = await real_vectors(con, ws, kind)
                if not len(real):
                    real = await real_vectors(con, None, kind)
                if not len(real):
                    raise SystemExit(f"no real {kind} vector to copy: did the pipeline embed any?")
                plan.append((ws, kind, missing, real))
                say(f"{ws} {kind}: {len(missing)} to fill from {len(real)} real vectors")
        total = await con.fetchval("SELECT count(*) FROM embeddings") + sum(len(m) for _, _, m, _ in plan)
        if "small_workspace_id" not in done:
            small_rows = round(total * args.small_share / (1 - args.small_share))
            async with httpx.AsyncClient(base_url=args.api, timeout=120) as http:
                api = Api(http)
                email = f"scale-small-{uuid.uuid4().hex[:8]}@example.com"
                signed = (
                    await api(SIGN_UP, {"input": {"email": email, "password": BENCH_PASSWORD, "name": "Small",
                                                  "workspaceName": "Scale 1 %"}})
                )["signUp"]
            done.update(small_email=email, small_workspace_id=signed["workspace"]["id"])
            plan.append(
                (uuid.UUID(signed["workspace"]["id"]), "NOTE", [uuid.uuid4() for _ in range(small_rows)],
                 await real_vectors(con, None, None))
            )
            say(f"small workspace {signed['workspace']['id']}: {small_rows} vectors ({args.small_share:.1%})")
        rebuild = not done.get("filled")
        if plan:
            started = time.monotonic()
            hnsw_indexes = [tuple(row) for row in await con.fetch(HNSW_INDEXES)]
            if rebuild:
                for name, _ in hnsw_indexes:
                    await con.execute(f"DROP INDEX {name}")

            async def stream() -> AsyncIterator[bytes]:
                yield b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
                for ws, kind, missing, real in plan:
                    for start in range(0, len(missing), 5000):
                        ids = missing[start : start + 5000]
                        yield copy_rows(ws, kind, ids, noisy_copies(rng, real, len(ids), args.sigma), model, version)
                yield struct.pack(">h", -1)

            # Through a temporary table: the pipeline may store a vector for one of these meanwhile (mail that
            # was leased when the queue was emptied), and then its vector stays.
            await con.execute(
                "CREATE TEMPORARY TABLE fill_rows AS SELECT workspace_id, object_type, object_id, model, model_version,"
                " content_hash, tokens, embedding FROM embeddings WITH NO DATA"
            )
            await con.copy_to_table("fill_rows", source=stream(), columns=COPY_COLUMNS, format="binary")
            written = int(
                (
                    await con.execute(
                        f"INSERT INTO embeddings ({', '.join(COPY_COLUMNS)}) SELECT {', '.join(COPY_COLUMNS)}"
                        " FROM fill_rows ON CONFLICT ON CONSTRAINT pk_embeddings DO NOTHING"
                    )
                ).split()[-1]
            )
            await con.execute("DROP TABLE fill_rows")
            run = {"written": written, "copy_seconds": round(time.monotonic() - started), "rebuild": rebuild}
            say(f"{written} vectors written in {run['copy_seconds']} s (index {'dropped' if rebuild else 'kept'})")
            if rebuild:
                started = time.monotonic()
                await con.execute(f"SET maintenance_work_mem = '{args.maintenance_work_mem}'")
                await con.execute(f"SET max_parallel_maintenance_workers = {args.parallel}")
                for _, definition in hnsw_indexes:
                    await con.execute(definition)
                run["index_build_seconds"] = round(time.monotonic() - started)
                say(f"{len(hnsw_indexes)} HNSW indexes built in {run['index_build_seconds']} s; load {load_average()}")
            await con.execute("VACUUM (ANALYZE) embeddings")
            done.setdefault("runs", []).append(run)
        done["filled"] = True
        done["sigma"] = args.sigma
        done["rows"] = {
            str(row["workspace_id"]): row["n"]
            for row in await con.fetch("SELECT workspace_id, count(*) AS n FROM embeddings GROUP BY 1")
        }
        done["emails"] = await con.fetchval("SELECT count(*) FROM emails WHERE workspace_id = $1", workspaces[0])
        write_state(filled_path, done)
        say(f"rows in the index per workspace: {done['rows']}; emails in Bench A: {done['emails']}")
    finally:
        await con.close()


async def finish(args: argparse.Namespace) -> None:
    """Until load has sent everything and the worker has stored it (keeping the pipeline off the mail: the
    rest is filled), then fill again: for a run left behind when time is short."""
    con = await asyncpg.connect(db_url(args.data_dir))
    try:
        while True:
            state = read_state(args.state)
            workspaces = [uuid.UUID(state["workspace_id"]), uuid.UUID(state["other_workspace_id"])]
            await trim_email_queue(con, workspaces)
            now = await counts(con, state["workspace_id"])
            sent_all = "webhook_statuses" in state
            say(f"finish: sent all {sent_all}; {now}; load {load_average()}")
            if sent_all and not now["pending_mail"]:
                break
            await asyncio.sleep(15)
    finally:
        await con.close()
    await fill(args)


# ---------------------------------------------------------------- recall


async def recall(args: argparse.Namespace) -> None:
    from rapport.ai_client import AiClient, EmbedKind, parse_url
    from rapport.embedding import repository
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    state = {**read_state(args.state), **read_state(fill_state_path(args.state))}
    print(f"load average before: {load_average()} ({os.cpu_count()} CPUs)", flush=True)
    socket_dir = Path(args.data_dir).resolve() / "postgres"
    engine = create_async_engine("postgresql+asyncpg://postgres@/rapport", connect_args={"host": str(socket_dir)})
    queries = [q["query"] for q in json.loads((HERE / "search_eval" / "queries.json").read_text())][: args.queries]
    async with AiClient(parse_url(args.ai)) as ai:
        text_vectors = (await ai.embed(queries, kind=EmbedKind.QUERY, within=120)).vectors
    rows_by_ws = {k: int(v) for k, v in state["rows"].items()}
    total = sum(rows_by_ws.values())
    workspaces = [
        ("1 %", state["small_workspace_id"]),
        ("Bench A + emails + search_eval", state["workspace_id"]),
        ("Bench B", state["other_workspace_id"]),
    ]
    lines = [
        f"index: {total} rows; queries: {len(text_vectors)} search_eval queries embedded as QUERY"
        f" + {args.doc_queries} stored vectors of the workspace",
        "",
        "| workspace | rows (share) | path | recall@10 mean | min | as near as the exact 10th | distance ratio"
        " | rows back (min) | ms p50 / p95 |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]

    async def run(ws: uuid.UUID, vector: Sequence[float], mode: str) -> tuple[list[Any], float]:
        async with AsyncSession(engine) as session, session.begin():
            began = time.perf_counter()
            if mode == "exact":
                result = await session.execute(
                    text(repository.nearest_sql(exact=True)),
                    {"workspace_id": ws, "q": repository.vector_literal(vector), "limit": 10},
                )
                found = [(row.object_id, float(row.distance)) for row in result]
            elif mode == "product":
                found = [
                    (n.object_id, n.distance)
                    for n in await repository.nearest(session, workspace_id=ws, vector=vector, limit=10)
                ]
            elif mode == "search":  # as search() asks: every kind, 3 x the fusion depth, the first 10 kept
                neighbours = await repository.nearest(
                    session, workspace_id=ws, vector=vector, limit=60,
                    object_types=["CONTACT", "COMPANY", "DEAL", "NOTE", "EMAIL"],
                )
                found = [(n.object_id, n.distance) for n in neighbours][:10]
            elif mode == "hnsw":  # the HNSW path whatever the workspace's size
                found = [
                    (n.object_id, n.distance)
                    for n in await repository.nearest(
                        session, workspace_id=ws, vector=vector, limit=10, size=1, exact_below=0
                    )
                ]
            elif mode == "hnsw-no-iterative":  # rapport_nearest_hnsw's statement and settings, iterative scan off
                for setting in ("hnsw.iterative_scan", "enable_seqscan", "enable_bitmapscan", "enable_sort"):
                    await session.execute(text(f"SET LOCAL {setting} = off"))
                result = await session.execute(
                    text(
                        "SELECT * FROM (SELECT object_id, (embedding <=> CAST(:q AS vector)) AS distance"
                        " FROM embeddings WHERE (workspace_id = :workspace_id) IS TRUE"
                        " ORDER BY embedding <=> CAST(:q AS vector) LIMIT 10) c ORDER BY distance + 0"
                    ),
                    {"workspace_id": ws, "q": repository.vector_literal(vector)},
                )
                found = [(row.object_id, float(row.distance)) for row in result]
            else:
                raise ValueError(mode)
            return found, (time.perf_counter() - began) * 1000

    for label, workspace in workspaces:
        ws = uuid.UUID(workspace)
        count = rows_by_ws.get(workspace, 0)
        async with AsyncSession(engine) as session:
            stored = [
                parse_vector(str(v))
                for v in (
                    await session.execute(
                        text(
                            "SELECT CAST(embedding AS text) FROM embeddings WHERE workspace_id = :ws"
                            " ORDER BY md5(object_id::text) LIMIT :n"
                        ),
                        {"ws": ws, "n": args.doc_queries},
                    )
                ).scalars()
            ]
        vectors = [list(v) for v in text_vectors] + stored
        exact, exact_ms = [], []
        for vector in vectors:
            found, ms = await run(ws, vector, "exact")
            exact.append(found)
            exact_ms.append(ms)
        chosen = "exact" if count < repository.EXACT_BELOW else "HNSW, iterative scan"
        modes = [("product", f"the product's choice ({chosen}), limit 10"),
                 ("search", f"as search() asks ({chosen}): 5 kinds, limit 60, first 10")]
        if count < repository.EXACT_BELOW:
            modes += [("hnsw", "HNSW forced, iterative scan"), ("hnsw-no-iterative", "HNSW forced, no iterative scan")]
        modes.append(("exact", "exact scan (the truth), limit 10"))
        for mode, description in modes:
            recalls, times, backs, near, ratios = [], [], [], [], []  # type: ignore[var-annotated]
            for index, (vector, truth) in enumerate(zip(vectors, exact, strict=True)):
                found, ms = (truth, exact_ms[index]) if mode == "exact" else await run(ws, vector, mode)
                recalls.append(len({i for i, _ in found} & {i for i, _ in truth}) / max(1, len(truth)))
                # Near-ties: a vector as near as the exact 10th is as good an answer (the filled copies make
                # clusters of near-equal distances, where the ids of the exact 10 are partly chance).
                tenth = truth[-1][1] if truth else 0.0
                near.append(sum(d <= tenth + 1e-6 for _, d in found) / max(1, len(truth)))
                ratios.extend(f / t for (_, f), (_, t) in zip(found, truth, strict=False) if t > 0)
                times.append(ms)
                backs.append(len(found))
            q = statistics.quantiles(times, n=20) if len(times) > 1 else [times[0]] * 19
            lines.append(
                f"| {label} | {count:,} ({count / total:.1%}) | {description} | {statistics.fmean(recalls):.3f}"
                f" | {min(recalls):.2f} | {statistics.fmean(near):.3f} | {statistics.fmean(ratios) if ratios else 0:.3f}"
                f" | {min(backs)} | {statistics.median(times):.0f} / {q[18]:.0f} |"
            )
            print(lines[-1], flush=True)
    await engine.dispose()
    print("\n".join(lines))
    print(f"load average after: {load_average()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["load", "fill", "finish", "recall"])
    parser.add_argument("--api", default="http://127.0.0.1:4600")
    parser.add_argument("--data-dir", default="/tmp/rapport-scale")  # noqa: S108
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--messages", type=int, default=102_000, help="mail sent (1.5 %% are duplicates or malformed)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--real-cards", type=int, default=2_000, help="per kind and workspace, for the pipeline")
    parser.add_argument("--real-emails", type=int, default=3_000, help="emails the pipeline embeds before fill")
    parser.add_argument("--wait", type=float, default=1800, help="fill: longest wait for the pipeline (s)")
    parser.add_argument("--sigma", type=float, default=0.01, help="fill: noise per dimension")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--small-share", type=float, default=0.01, help="fill: the small workspace's share")
    parser.add_argument("--maintenance-work-mem", default="3GB")
    parser.add_argument("--parallel", type=int, default=1, help="fill: parallel workers for the index build")
    parser.add_argument("--ai", default="127.0.0.1:50651", help="recall: the AI service (host:port)")
    parser.add_argument("--queries", type=int, default=59, help="recall: search_eval queries")
    parser.add_argument("--doc-queries", type=int, default=20, help="recall: stored vectors as queries")
    args = parser.parse_args()
    args.api = require_local(args.api)
    asyncio.run({"load": load, "fill": fill, "finish": finish, "recall": recall}[args.what](args))


if __name__ == "__main__":
    main()
