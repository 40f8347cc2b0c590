"""Embeddings as the rest of Rapport uses them: search and "similar" read nearest neighbours for the
acting member's workspace; the indexing job stores vectors (model name and version with each) and asks
which are current. Services never commit; the caller's transaction does."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.embedding import repository
from rapport.embedding.repository import EmbeddingRow, Neighbour, ObjectType

__all__ = ["EmbeddingRow", "Neighbour", "ObjectType", "content_hash", "forget", "nearest", "store", "stored"]


def content_hash(text: str) -> bytes:
    """What a row remembers of its text: the same text under the same model is not embedded again."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).digest()


async def nearest(
    session: AsyncSession,
    actor: Actor,
    *,
    vector: Sequence[float],
    limit: int = 10,
    object_types: Sequence[ObjectType] | None = None,
) -> list[Neighbour]:
    """Nearest first, by cosine distance, in the actor's workspace (exact for small workspaces, HNSW for
    large ones: see repository.py)."""
    return await repository.nearest(
        session, workspace_id=actor.workspace_id, vector=vector, limit=limit, object_types=object_types
    )


async def store(session: AsyncSession, *, workspace_id: uuid.UUID, rows: Sequence[EmbeddingRow]) -> None:
    await repository.upsert(session, workspace_id=workspace_id, rows=rows)


async def stored(
    session: AsyncSession, *, workspace_id: uuid.UUID, object_type: ObjectType, object_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, bytes]]:
    """Per object: the model version and text hash stored for it (absent when none is)."""
    return await repository.content_hashes(
        session, workspace_id=workspace_id, object_type=object_type, object_ids=object_ids
    )


async def forget(
    session: AsyncSession, *, workspace_id: uuid.UUID, object_type: ObjectType, object_ids: Sequence[uuid.UUID]
) -> int:
    return await repository.delete(session, workspace_id=workspace_id, object_type=object_type, object_ids=object_ids)
