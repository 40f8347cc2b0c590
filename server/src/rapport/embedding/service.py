"""Embeddings as the rest of Rapport uses them: search and "similar" read nearest neighbours for the
acting member's workspace; the indexing job stores vectors (model name and version with each) and asks
which are current. Services never commit; the caller's transaction does."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.embedding import repository
from rapport.embedding.repository import Backlog, EmbeddingRow, Leased, NearestRead, Neighbour, ObjectType
from rapport.kit.expiring import ExpiringCache

__all__ = [
    "Backlog",
    "EmbeddingRow",
    "Leased",
    "NearestRead",
    "Neighbour",
    "ObjectType",
    "content_hash",
    "forget",
    "nearest",
    "nearest_read",
    "store",
    "stored",
]


def content_hash(text: str) -> bytes:
    """What a row remembers of its text: the same text under the same model is not embedded again."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).digest()


# Which path a workspace takes changes only as it grows past EXACT_BELOW vectors (or shrinks below it):
# its size is counted once a minute per process, not for every search (16 ms at 350,000 vectors), for
# every kind and for each set of some kinds asked (a type filter), which is read exactly while it is small.
SIZE_SECONDS = 60.0
_sizes: ExpiringCache[tuple[uuid.UUID, tuple[ObjectType, ...] | None], int] = ExpiringCache(
    maxsize=10_000, ttl=SIZE_SECONDS
)


async def _size(session: AsyncSession, actor: Actor, object_types: Sequence[ObjectType] | None) -> int:
    key = (actor.workspace_id, repository.some_kinds(object_types))
    size = _sizes.get(key)
    if size is None:
        size = await repository.workspace_size(
            session, workspace_id=actor.workspace_id, up_to=repository.EXACT_BELOW, object_types=object_types
        )
        _sizes[key] = size
    return size


async def nearest(
    session: AsyncSession,
    actor: Actor,
    *,
    vector: Sequence[float],
    limit: int = 10,
    object_types: Sequence[ObjectType] | None = None,
) -> list[Neighbour]:
    """Nearest first, by cosine distance, in the actor's workspace (exact while the workspace holds few
    vectors of the kinds asked, HNSW beyond: see repository.py)."""
    size = await _size(session, actor, object_types)
    return await repository.nearest(
        session, workspace_id=actor.workspace_id, vector=vector, limit=limit, object_types=object_types, size=size
    )


async def nearest_read(
    session: AsyncSession,
    actor: Actor,
    *,
    vector: Sequence[float],
    limit: int = 10,
    object_types: Sequence[ObjectType] | None = None,
) -> NearestRead:
    """How `nearest` reads, for a caller that sends it inside a statement of its own."""
    size = await _size(session, actor, object_types)
    return repository.nearest_read(
        workspace_id=actor.workspace_id, vector=vector, limit=limit, object_types=object_types, size=size
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


# ---------- the indexing pipeline (see docs/design.md, "Embedding pipeline") ----------

# Which events change what is embedded, and where their payload names the object.
_EVENT_OBJECTS: dict[str, tuple[ObjectType, str]] = {
    "contact": ("CONTACT", "id"),
    "company": ("COMPANY", "id"),
    "deal": ("DEAL", "id"),
    "note": ("NOTE", "id"),
    "email": ("EMAIL", "emailId"),
}
OBJECT_TYPES: tuple[ObjectType, ...] = ("CONTACT", "COMPANY", "DEAL", "NOTE", "EMAIL")


def _object_of(event_type: str, payload: Mapping[str, object]) -> tuple[ObjectType, uuid.UUID] | None:
    prefix, _, verb = event_type.partition(".")
    found = _EVENT_OBJECTS.get(prefix)
    if found is None or (prefix == "email" and verb != "received"):
        return None
    object_type, key = found
    value = payload.get(key)
    try:
        return (object_type, uuid.UUID(str(value))) if value is not None else None
    except ValueError:
        return None


async def queue_for_events(session: AsyncSession, events: Sequence[tuple[uuid.UUID, str, Mapping[str, object]]]) -> int:
    """Queues the objects that these committed events (workspace, type, payload) changed, to be embedded
    again; returns how many events named one. Called by the outbox relay in its system transaction."""
    keys: list[repository.QueueKey] = []
    for workspace_id, event_type, payload in events:
        found = _object_of(event_type, payload)
        if found is not None:
            keys.append((workspace_id, found[0], found[1]))
    await repository.queue(session, keys)
    return len(keys)


async def workspace_ids(session: AsyncSession) -> list[uuid.UUID]:
    """Every workspace, for the backfill (system-scoped)."""
    return await repository.workspace_ids(session)


async def queue_missing(session: AsyncSession, *, workspace_id: uuid.UUID, every: bool = False) -> int:
    """Queues every record, note and email of the workspace that has no vector, or `every` one (a
    transaction scoped to that workspace: the record tables admit no system scope)."""
    count = 0
    for object_type in OBJECT_TYPES:
        count += await repository.queue_missing(
            session, workspace_id=workspace_id, object_type=object_type, every=every
        )
    return count


async def queue_stale_vectors(session: AsyncSession, *, model_version: str) -> int:
    """Queues every vector made by another model version (system-scoped)."""
    return await repository.queue_stale_vectors(session, model_version=model_version)


async def lease(session: AsyncSession, *, limit: int, seconds: float) -> list[Leased]:
    return await repository.lease(session, limit=limit, seconds=seconds)


async def reclaim_leases(session: AsyncSession) -> int:
    return await repository.reclaim_leases(session)


async def release(session: AsyncSession, rows: Sequence[Leased]) -> None:
    await repository.release(session, rows)


@dataclass
class Work:
    """What a leased batch needs: texts to embed, objects gone, and objects whose vector is current."""

    to_embed: list[tuple[Leased, str, bytes]] = field(default_factory=list)
    gone: list[Leased] = field(default_factory=list)
    current: int = 0


async def prepare(session: AsyncSession, rows: Sequence[Leased], *, model_version: str) -> Work:
    """Reads the leased objects' texts: those whose text and model are what is stored are current."""
    work = Work()
    groups: dict[tuple[uuid.UUID, ObjectType], list[Leased]] = {}
    for row in rows:
        groups.setdefault((row.workspace_id, row.object_type), []).append(row)
    for (workspace_id, object_type), members in groups.items():
        ids = [row.object_id for row in members]
        texts = await repository.documents(session, workspace_id=workspace_id, object_type=object_type, object_ids=ids)
        known = await repository.content_hashes(
            session, workspace_id=workspace_id, object_type=object_type, object_ids=ids
        )
        for row in members:
            body = texts.get(row.object_id)
            if not body:
                work.gone.append(row)
                continue
            digest = content_hash(body)
            if known.get(row.object_id) == (model_version, digest):
                work.current += 1
            else:
                work.to_embed.append((row, body, digest))
    return work


async def save(
    session: AsyncSession,
    rows: Sequence[Leased],
    work: Work,
    *,
    vectors: Sequence[Sequence[float]],
    tokens: Sequence[int],
    model: str,
    model_version: str,
) -> None:
    """Stores the new vectors, removes those of objects gone, and takes the batch off the queue."""
    by_workspace: dict[uuid.UUID, list[EmbeddingRow]] = {}
    for (row, _, digest), vector, count in zip(work.to_embed, vectors, tokens, strict=True):
        by_workspace.setdefault(row.workspace_id, []).append(
            EmbeddingRow(row.object_type, row.object_id, model, model_version, digest, count, vector)
        )
    for workspace_id, stored_rows in by_workspace.items():
        await repository.upsert(session, workspace_id=workspace_id, rows=stored_rows)
    for row in work.gone:
        await repository.delete(
            session, workspace_id=row.workspace_id, object_type=row.object_type, object_ids=[row.object_id]
        )
    await repository.done(session, rows)


async def backlog(session: AsyncSession, actor: Actor | None) -> Backlog:
    """What waits to be embedded: the actor's workspace, or every workspace (system scope) for None."""
    return await repository.backlog(session, workspace_id=actor.workspace_id if actor is not None else None)


async def latest_model(session: AsyncSession, actor: Actor) -> str | None:
    """The model of the workspace's newest vector."""
    return await repository.latest_model(session, workspace_id=actor.workspace_id)


def object_type_of(name: str) -> ObjectType:
    if name not in OBJECT_TYPES:
        raise ValueError(f"not an embedded object type: {name!r}")
    return name


async def vector_by_id(session: AsyncSession, actor: Actor, *, object_id: uuid.UUID) -> list[float] | None:
    """The stored vector of an object of the actor's workspace, whatever its type (ids are unique)."""
    return await repository.vector_by_id(session, workspace_id=actor.workspace_id, object_id=object_id)
