"""The `embeddings` table: upserts, deletes and nearest neighbours inside one workspace.

Nearest neighbours are exact for small workspaces and HNSW for large ones, chosen per query:

- pgvector's HNSW index spans every workspace. A `WHERE workspace_id = …` filter is applied to what
  the index returns (`hnsw.ef_search` candidates, 40 by default), so for a workspace with 1 % of the
  rows it returns almost nothing. With `hnsw.iterative_scan` on, the scan goes on until it has enough
  rows that pass the filter, which is right but slow when the workspace is a sliver of the index.
- A workspace's rows are contiguous in the primary key (workspace_id first), so reading them all and
  sorting by distance is exact and, below EXACT_BELOW rows, faster than the graph walk.

So: fewer than EXACT_BELOW rows in the workspace → exact scan (the distance is written `+ 0` so the
planner cannot use the HNSW index for the ORDER BY); otherwise HNSW with `iterative_scan =
relaxed_order` and `ef_search = EF_SEARCH`, re-sorted by the true distance. Recall of both paths is
tested against exact search for a 1 % and a 50 % workspace (tests/embedding/test_repository.py).

Nearest vectors of some kinds only (a search filtered by type) are read exactly while the workspace
holds fewer than EXACT_BELOW of those kinds (the primary key leads with the workspace and the kind);
beyond, they walk each kind's own graph, a partial index per kind (migration 0035_kindvectors), and the
answers are merged by distance. Filtering the walk of every vector instead made it visit thousands of
vectors of other kinds where meaning places the kind far from the query (Emails-filtered nearest
vectors: ~90 ms at p95 on the scale data set, 2 ms through the emails' own graph).
"""

from __future__ import annotations

import array
import functools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.db import fetch_on_driver

ObjectType = Literal["CONTACT", "COMPANY", "DEAL", "NOTE", "EMAIL"]
OBJECT_TYPES: frozenset[str] = frozenset(get_args(ObjectType))
EXACT_BELOW = 20_000
EF_SEARCH = 100


@dataclass(frozen=True)
class EmbeddingRow:
    object_type: ObjectType
    object_id: uuid.UUID
    model: str
    model_version: str
    content_hash: bytes
    tokens: int
    vector: Sequence[float]


@dataclass(frozen=True)
class Neighbour:
    object_type: ObjectType
    object_id: uuid.UUID
    distance: float  # cosine distance, 0 (same direction) to 2


def vector_literal(vector: Sequence[float]) -> str:
    # One format operation for all the values: twice as fast as formatting each (~0.15 ms for 384), and
    # every search formats its query's vector. A query's vector comes from the AI client's cache as an
    # array of floats (ai_client.embed_query): its text is kept too, by value.
    if isinstance(vector, array.array):
        return _array_literal(vector.tobytes(), vector.typecode)
    return _literal_format(len(vector)) % tuple(vector)


@functools.lru_cache(maxsize=1024)
def _array_literal(values: bytes, typecode: str) -> str:
    vector = array.array(typecode, values)
    return _literal_format(len(vector)) % tuple(vector)


@functools.lru_cache(maxsize=8)
def _literal_format(dimensions: int) -> str:
    return "[" + ",".join(["%.7g"] * dimensions) + "]"


_UPSERT = text(
    """
INSERT INTO embeddings (workspace_id, object_type, object_id, model, model_version, content_hash, tokens, embedding)
SELECT :workspace_id, r.object_type, r.object_id, r.model, r.model_version, r.content_hash, r.tokens,
       CAST(r.embedding AS vector)
FROM unnest(CAST(:object_types AS text[]), CAST(:object_ids AS uuid[]), CAST(:models AS text[]),
            CAST(:versions AS text[]), CAST(:hashes AS bytea[]), CAST(:tokens AS int[]), CAST(:vectors AS text[]))
  AS r(object_type, object_id, model, model_version, content_hash, tokens, embedding)
ON CONFLICT ON CONSTRAINT pk_embeddings DO UPDATE SET
  model = excluded.model, model_version = excluded.model_version, content_hash = excluded.content_hash,
  tokens = excluded.tokens, embedding = excluded.embedding, embedded_at = now()
"""
)


async def upsert(session: AsyncSession, *, workspace_id: uuid.UUID, rows: Sequence[EmbeddingRow]) -> None:
    if not rows:
        return
    await session.execute(
        _UPSERT,
        {
            "workspace_id": workspace_id,
            "object_types": [row.object_type for row in rows],
            "object_ids": [row.object_id for row in rows],
            "models": [row.model for row in rows],
            "versions": [row.model_version for row in rows],
            "hashes": [row.content_hash for row in rows],
            "tokens": [row.tokens for row in rows],
            "vectors": [vector_literal(row.vector) for row in rows],
        },
    )


async def delete(
    session: AsyncSession, *, workspace_id: uuid.UUID, object_type: ObjectType, object_ids: Sequence[uuid.UUID]
) -> int:
    result = await session.execute(
        text(
            "DELETE FROM embeddings WHERE workspace_id = :workspace_id AND object_type = :object_type"
            " AND object_id = ANY(CAST(:ids AS uuid[]))"
        ),
        {"workspace_id": workspace_id, "object_type": object_type, "ids": list(object_ids)},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def content_hashes(
    session: AsyncSession, *, workspace_id: uuid.UUID, object_type: ObjectType, object_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, bytes]]:
    """What is stored for these objects: model version and text hash, to skip what is current."""
    result = await session.execute(
        text(
            "SELECT object_id, model_version, content_hash FROM embeddings WHERE workspace_id = :workspace_id"
            " AND object_type = :object_type AND object_id = ANY(CAST(:ids AS uuid[]))"
        ),
        {"workspace_id": workspace_id, "object_type": object_type, "ids": list(object_ids)},
    )
    return {row.object_id: (row.model_version, bytes(row.content_hash)) for row in result}


def some_kinds(object_types: Sequence[ObjectType] | None) -> tuple[ObjectType, ...] | None:
    """The kinds asked, sorted, when they are some but not every one; None for every kind."""
    if not object_types or set(object_types) >= OBJECT_TYPES:
        return None
    return tuple(sorted(set(object_types)))


async def workspace_size(
    session: AsyncSession, *, workspace_id: uuid.UUID, up_to: int, object_types: Sequence[ObjectType] | None = None
) -> int:
    """How many vectors the workspace has (of these kinds, when some_kinds says they are some), counting no
    further than `up_to` (an index-only read of the primary key's prefix)."""
    kinds = some_kinds(object_types)
    of_kinds = " AND object_type = ANY(CAST(:types AS text[]))" if kinds else ""
    result = await session.execute(
        text(
            f"SELECT count(*) FROM (SELECT 1 FROM embeddings WHERE workspace_id = :workspace_id{of_kinds}"
            " LIMIT :up_to) s"
        ),
        {"workspace_id": workspace_id, "up_to": up_to, **({"types": list(kinds)} if kinds else {})},
    )
    return int(result.scalar_one())


def nearest_sql(*, exact: bool, types_filter: str = "", by_kind: bool = False) -> str:
    if by_kind:
        # rapport_nearest_hnsw_kind (migrations 0035_kindvectors, 0037_kindgraphs): each kind asked walks
        # that kind's graph, the only index its statement can order by.
        return """SELECT n.object_type, n.object_id, n.distance
FROM unnest(CAST(:types AS text[])) AS k(kind),
  LATERAL rapport_nearest_hnsw_kind(:workspace_id, CAST(:q AS vector), k.kind, :limit, :ef) AS n
ORDER BY n.distance LIMIT :limit"""
    if exact:
        # `+ 0`: an expression the HNSW index cannot order by, so the planner reads the workspace's rows
        # through the primary key and sorts them.
        return f"""SELECT object_type, object_id, (embedding <=> CAST(:q AS vector)) AS distance FROM embeddings
WHERE workspace_id = :workspace_id {types_filter}
ORDER BY (embedding <=> CAST(:q AS vector)) + 0 LIMIT :limit"""
    # rapport_nearest_hnsw (migration 0031_searchcost): the HNSW walk with iterative scan, its planner
    # settings held for its own statement only (a later statement of the same transaction, such as keyword
    # search's GIN reads, needs bitmap scans).
    return """SELECT object_type, object_id, distance
FROM rapport_nearest_hnsw(:workspace_id, CAST(:q AS vector), CAST(:types AS text[]), :limit, :ef)"""


# The four statements nearest() sends (exact, some kinds or all; HNSW, every kind or some), written once.
_KINDS_FILTER = "AND object_type = ANY(CAST(:types AS text[]))"
_NEAREST = {
    (exact, types_filter, by_kind): nearest_sql(exact=exact, types_filter=types_filter, by_kind=by_kind)
    for exact, types_filter, by_kind in (
        (True, "", False),
        (True, _KINDS_FILTER, False),
        (False, "", False),
        (False, "", True),
    )
}


def ef_search(limit: int) -> int:
    """The HNSW walk's candidate list: at least EF_SEARCH, and the rows asked (up to 1,000)."""
    return max(EF_SEARCH, min(int(limit), 1000))


@dataclass(frozen=True, slots=True)
class NearestRead:
    """The statement `nearest` sends (its rows: object_type, object_id, distance, nearest first) with its
    parameters, for a caller that sends it inside a statement of its own: one round trip for both."""

    sql: str
    parameters: dict[str, object]


def nearest_read(
    *,
    workspace_id: uuid.UUID,
    vector: Sequence[float],
    limit: int,
    object_types: Sequence[ObjectType] | None,
    size: int,
    exact_below: int = EXACT_BELOW,
) -> NearestRead:
    """How `nearest` reads the `limit` vectors nearest to `vector` in the workspace. `size`: the workspace's
    vectors of the kinds asked, as counted by `workspace_size`: a large workspace's small kind is read
    exactly too."""
    exact = size < exact_below
    # Some kinds but not every one: on the HNSW path, each through its own graph.
    kinds = some_kinds(object_types)
    by_kind = not exact and kinds is not None
    params: dict[str, object] = {"workspace_id": workspace_id, "q": vector_literal(vector), "limit": limit}
    if exact:
        types_filter = _KINDS_FILTER if object_types else ""
        if object_types:
            params["types"] = list(object_types)
    else:
        types_filter = ""
        asked = kinds or object_types
        params["types"] = list(asked) if asked else None
        params["ef"] = ef_search(limit)
    return NearestRead(_NEAREST[exact, types_filter, by_kind], params)


def neighbours(rows: Iterable[Sequence[Any]]) -> list[Neighbour]:
    """A nearest read's rows (object_type, object_id, distance) as neighbours."""
    return [Neighbour(row[0], row[1], float(row[2])) for row in rows]


async def nearest(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    vector: Sequence[float],
    limit: int,
    object_types: Sequence[ObjectType] | None = None,
    exact_below: int = EXACT_BELOW,
    size: int | None = None,
) -> list[Neighbour]:
    """The `limit` stored vectors nearest to `vector` by cosine distance, in the workspace, nearest first
    (nearest_read; `size` is counted here when not given). One statement either way."""
    if size is None:
        size = await workspace_size(session, workspace_id=workspace_id, up_to=exact_below, object_types=object_types)
    read = nearest_read(
        workspace_id=workspace_id,
        vector=vector,
        limit=limit,
        object_types=object_types,
        size=size,
        exact_below=exact_below,
    )
    # Every search sends it: on the session's asyncpg connection, without SQLAlchemy's execution around it.
    return neighbours(await fetch_on_driver(session, read.sql, read.parameters))


# ---------- the queue of objects to (re)embed ----------

QueueKey = tuple[uuid.UUID, ObjectType, uuid.UUID]  # workspace, object type, object id


@dataclass(frozen=True)
class Leased:
    workspace_id: uuid.UUID
    object_type: ObjectType
    object_id: uuid.UUID
    touched_at: object  # the timestamp the lease saw: a later touch keeps the row queued


_QUEUE = text(
    """
INSERT INTO embedding_queue (workspace_id, object_type, object_id)
SELECT * FROM unnest(CAST(:workspaces AS uuid[]), CAST(:types AS text[]), CAST(:ids AS uuid[]))
ON CONFLICT ON CONSTRAINT pk_embedding_queue DO UPDATE SET touched_at = clock_timestamp()
"""
)


async def queue(session: AsyncSession, keys: Sequence[QueueKey]) -> None:
    unique = sorted(set(keys), key=lambda key: (str(key[0]), key[1], str(key[2])))  # one lock order
    if not unique:
        return
    await session.execute(
        _QUEUE,
        {
            "workspaces": [key[0] for key in unique],
            "types": [key[1] for key in unique],
            "ids": [key[2] for key in unique],
        },
    )


# Every live record and every email of a kind in the workspace.
_ALL = {
    "CONTACT": "SELECT r.id FROM contacts r WHERE r.workspace_id = :ws AND r.deleted_at IS NULL",
    "COMPANY": "SELECT r.id FROM companies r WHERE r.workspace_id = :ws AND r.deleted_at IS NULL",
    "DEAL": "SELECT r.id FROM deals r WHERE r.workspace_id = :ws AND r.deleted_at IS NULL",
    "NOTE": "SELECT r.id FROM activities r WHERE r.workspace_id = :ws AND r.kind = 'NOTE'",
    "EMAIL": "SELECT r.id FROM emails r WHERE r.workspace_id = :ws",
}


async def queue_missing(
    session: AsyncSession, *, workspace_id: uuid.UUID, object_type: ObjectType, every: bool = False
) -> int:
    """Queues the objects of a kind in the workspace that have no vector, or `every` one; returns how many
    (not those queued already)."""
    missing = (
        ""
        if every
        else """WHERE NOT EXISTS (SELECT 1 FROM embeddings e
                  WHERE e.workspace_id = :ws AND e.object_type = CAST(:type AS text) AND e.object_id = r.id)"""
    )
    result = await session.execute(
        text(
            f"""INSERT INTO embedding_queue (workspace_id, object_type, object_id)
SELECT CAST(:ws AS uuid), CAST(:type AS text), r.id FROM ({_ALL[object_type]}) r
{missing}
ON CONFLICT ON CONSTRAINT pk_embedding_queue DO NOTHING"""
        ),
        {"type": object_type, "ws": workspace_id},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def workspace_ids(session: AsyncSession) -> list[uuid.UUID]:
    """Every workspace (a system-scoped read)."""
    return list((await session.execute(text("SELECT id FROM workspaces ORDER BY id"))).scalars())


async def queue_stale_vectors(session: AsyncSession, *, model_version: str) -> int:
    """Queues every stored vector made by another model version."""
    result = await session.execute(
        text(
            """INSERT INTO embedding_queue (workspace_id, object_type, object_id)
SELECT workspace_id, object_type, object_id FROM embeddings WHERE model_version <> :version
ON CONFLICT ON CONSTRAINT pk_embedding_queue DO NOTHING"""
        ),
        {"version": model_version},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def lease(session: AsyncSession, *, limit: int, seconds: float) -> list[Leased]:
    """Up to `limit` queued rows no other job holds, leased for `seconds`: each workspace's oldest first,
    the workspaces in turns (the oldest row of each, oldest workspace first, then the second of each...),
    so that a workspace with a long queue (an import) shares every batch with the others instead of
    holding them all until its queue is empty. At most `limit` workspaces take part in one batch: those
    waiting longest (`rapport_embedding_turns`, migration 0038_fairqueue). The rows are read unlocked and
    locked as they are taken (SKIP LOCKED): one taken meanwhile is left out of this batch."""
    result = await session.execute(
        text(
            """UPDATE embedding_queue q SET leased_until = now() + make_interval(secs => :seconds),
  attempts = q.attempts + 1
FROM (SELECT e.workspace_id, e.object_type, e.object_id FROM embedding_queue e
      JOIN rapport_embedding_turns(:limit) t USING (workspace_id, object_type, object_id)
      WHERE e.leased_until IS NULL OR e.leased_until < now()
      FOR UPDATE OF e SKIP LOCKED) c
WHERE q.workspace_id = c.workspace_id AND q.object_type = c.object_type AND q.object_id = c.object_id
RETURNING q.workspace_id, q.object_type, q.object_id, q.touched_at"""
        ),
        {"limit": limit, "seconds": seconds},
    )
    rows = [Leased(row.workspace_id, row.object_type, row.object_id, row.touched_at) for row in result]
    rows.sort(key=lambda row: (str(row.workspace_id), row.object_type, str(row.object_id)))
    return rows


async def done(session: AsyncSession, rows: Sequence[Leased]) -> None:
    """Deletes the rows that were not touched again since they were leased; releases the others."""
    if not rows:
        return
    params = {
        "workspaces": [row.workspace_id for row in rows],
        "types": [row.object_type for row in rows],
        "ids": [row.object_id for row in rows],
        "touched": [row.touched_at for row in rows],
    }
    keys = """unnest(CAST(:workspaces AS uuid[]), CAST(:types AS text[]), CAST(:ids AS uuid[]),
  CAST(:touched AS timestamptz[])) AS k(workspace_id, object_type, object_id, touched_at)"""
    match = "q.workspace_id = k.workspace_id AND q.object_type = k.object_type AND q.object_id = k.object_id"
    await session.execute(
        text(f"DELETE FROM embedding_queue q USING {keys} WHERE {match} AND q.touched_at <= k.touched_at"), params
    )
    await session.execute(text(f"UPDATE embedding_queue q SET leased_until = NULL FROM {keys} WHERE {match}"), params)


async def reclaim_leases(session: AsyncSession) -> int:
    """Frees every leased row (a system-scoped transaction): for the indexer that has just taken the lock,
    whatever is leased was left by one that died."""
    result = await session.execute(
        text("UPDATE embedding_queue SET leased_until = NULL WHERE leased_until IS NOT NULL")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def release(session: AsyncSession, rows: Sequence[Leased]) -> None:
    """Gives leased rows back to the queue (the AI service did not answer)."""
    if not rows:
        return
    await session.execute(
        text(
            """UPDATE embedding_queue q SET leased_until = NULL
FROM unnest(CAST(:workspaces AS uuid[]), CAST(:types AS text[]), CAST(:ids AS uuid[])) AS k(w, t, i)
WHERE q.workspace_id = k.w AND q.object_type = k.t AND q.object_id = k.i"""
        ),
        {
            "workspaces": [row.workspace_id for row in rows],
            "types": [row.object_type for row in rows],
            "ids": [row.object_id for row in rows],
        },
    )


@dataclass(frozen=True)
class Backlog:
    pending: int
    lag_seconds: float  # age of the oldest queued change, 0 when none


async def backlog(session: AsyncSession, *, workspace_id: uuid.UUID | None) -> Backlog:
    """The queue of one workspace, or of all (a system-scoped transaction) when None."""
    where = "WHERE workspace_id = :workspace_id" if workspace_id is not None else ""
    row = (
        await session.execute(
            text(
                "SELECT count(*) AS pending,"
                " coalesce(extract(epoch FROM now() - min(queued_at)), 0) AS lag"
                f" FROM embedding_queue {where}"
            ),
            {"workspace_id": workspace_id} if workspace_id is not None else {},
        )
    ).one()
    return Backlog(int(row.pending), max(0.0, float(row.lag)))


async def latest_model(session: AsyncSession, *, workspace_id: uuid.UUID) -> str | None:
    result = await session.execute(
        text("SELECT model FROM embeddings WHERE workspace_id = :workspace_id ORDER BY embedded_at DESC LIMIT 1"),
        {"workspace_id": workspace_id},
    )
    return result.scalar_one_or_none()


# ---------- the text of what is embedded ----------

# Per kind: the text a vector is made of (the record's own words, the most telling first), for the live
# rows among the ids. A row not returned is gone (deleted, merged) and its vector is removed.
_DOCUMENTS = {
    "CONTACT": """SELECT r.id, concat_ws('. ', r.name, r.job_title, c.name,
  nullif(array_to_string(r.emails, ', '), '')) AS body
FROM contacts r LEFT JOIN companies c ON c.id = r.company_id AND c.workspace_id = r.workspace_id
WHERE r.workspace_id = :workspace_id AND r.id = ANY(CAST(:ids AS uuid[])) AND r.deleted_at IS NULL""",
    "COMPANY": """SELECT r.id, concat_ws('. ', r.name, r.industry, r.domain) AS body FROM companies r
WHERE r.workspace_id = :workspace_id AND r.id = ANY(CAST(:ids AS uuid[])) AND r.deleted_at IS NULL""",
    "DEAL": """SELECT r.id, concat_ws('. ', r.name, c.name) AS body
FROM deals r LEFT JOIN companies c ON c.id = r.company_id AND c.workspace_id = r.workspace_id
WHERE r.workspace_id = :workspace_id AND r.id = ANY(CAST(:ids AS uuid[])) AND r.deleted_at IS NULL""",
    "NOTE": """SELECT r.id, left(r.body, 4000) AS body FROM activities r
WHERE r.workspace_id = :workspace_id AND r.id = ANY(CAST(:ids AS uuid[])) AND r.kind = 'NOTE'""",
    "EMAIL": """SELECT r.id, concat_ws('. ', r.subject, left(r.body_text, 4000)) AS body FROM emails r
WHERE r.workspace_id = :workspace_id AND r.id = ANY(CAST(:ids AS uuid[]))""",
}


async def documents(
    session: AsyncSession, *, workspace_id: uuid.UUID, object_type: ObjectType, object_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """The text to embed of each object that still exists (whitespace collapsed)."""
    result = await session.execute(
        text(_DOCUMENTS[object_type]), {"workspace_id": workspace_id, "ids": list(object_ids)}
    )
    return {row.id: " ".join((row.body or "").split()) for row in result}


async def vector_by_id(session: AsyncSession, *, workspace_id: uuid.UUID, object_id: uuid.UUID) -> list[float] | None:
    result = await session.execute(
        text(
            "SELECT CAST(embedding AS text) FROM embeddings WHERE workspace_id = :workspace_id"
            " AND object_id = :object_id LIMIT 1"
        ),
        {"workspace_id": workspace_id, "object_id": object_id},
    )
    value = result.scalar_one_or_none()
    if value is None:
        return None
    return [float(part) for part in str(value).strip("[]").split(",")]
