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
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

ObjectType = Literal["CONTACT", "COMPANY", "DEAL", "NOTE", "EMAIL"]
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
    return "[" + ",".join(format(float(value), ".7g") for value in vector) + "]"


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


async def workspace_size(session: AsyncSession, *, workspace_id: uuid.UUID, up_to: int) -> int:
    """How many vectors the workspace has, counting no further than `up_to` (an index-only read)."""
    result = await session.execute(
        text("SELECT count(*) FROM (SELECT 1 FROM embeddings WHERE workspace_id = :workspace_id LIMIT :up_to) s"),
        {"workspace_id": workspace_id, "up_to": up_to},
    )
    return int(result.scalar_one())


def hnsw_settings(limit: int) -> list[str]:
    """For the rest of the transaction: walk the graph iteratively, and let the planner take nothing else
    (on a few thousand rows it would rather read and sort them all, which is the exact path's job)."""
    return [
        "SET LOCAL hnsw.iterative_scan = relaxed_order",
        f"SET LOCAL hnsw.ef_search = {max(EF_SEARCH, min(int(limit), 1000))}",
        "SET LOCAL enable_seqscan = off",
        "SET LOCAL enable_bitmapscan = off",
        "SET LOCAL enable_sort = off",
    ]


def nearest_sql(*, exact: bool, types_filter: str = "") -> str:
    if exact:
        # `+ 0`: an expression the HNSW index cannot order by, so the planner reads the workspace's rows
        # through the primary key and sorts them.
        return f"""SELECT object_type, object_id, (embedding <=> CAST(:q AS vector)) AS distance FROM embeddings
WHERE workspace_id = :workspace_id {types_filter}
ORDER BY (embedding <=> CAST(:q AS vector)) + 0 LIMIT :limit"""
    # `(…) IS TRUE`: the same filter, but not one the primary key can serve, so the planner walks the HNSW
    # graph (iterative scan) instead of reading a large workspace whole. The outer ORDER BY puts the
    # relaxed order right (`+ 0`, or the planner takes the inner order as already sorted).
    return f"""SELECT * FROM (SELECT object_type, object_id, (embedding <=> CAST(:q AS vector)) AS distance
FROM embeddings WHERE (workspace_id = :workspace_id) IS TRUE {types_filter}
ORDER BY embedding <=> CAST(:q AS vector) LIMIT :limit) candidates ORDER BY distance + 0"""


async def nearest(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    vector: Sequence[float],
    limit: int,
    object_types: Sequence[ObjectType] | None = None,
    exact_below: int = EXACT_BELOW,
) -> list[Neighbour]:
    """The `limit` stored vectors nearest to `vector` by cosine distance, in the workspace, nearest first."""
    types_filter = "AND object_type = ANY(CAST(:types AS text[]))" if object_types else ""
    params: dict[str, object] = {"workspace_id": workspace_id, "q": vector_literal(vector), "limit": limit}
    if object_types:
        params["types"] = list(object_types)
    exact = await workspace_size(session, workspace_id=workspace_id, up_to=exact_below) < exact_below
    if not exact:
        for statement in hnsw_settings(limit):
            await session.execute(text(statement))
    sql = nearest_sql(exact=exact, types_filter=types_filter)
    result = await session.execute(text(sql), params)
    return [Neighbour(row.object_type, row.object_id, float(row.distance)) for row in result]
