"""Stored vectors: upsert, tenancy under forced RLS, and the recall of nearest-neighbour search inside one
workspace against exact search, for a workspace with 1 % of the rows and one with 50 %."""

from __future__ import annotations

import array
import hashlib
import uuid
from typing import Any

import numpy as np
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.db import Database
from rapport.embedding import repository
from rapport.embedding.repository import EmbeddingRow, Neighbour

DIMS = 384
# The 1 % workspace, the 50 % one and the rest of the index (other workspaces).
SMALL, LARGE, OTHERS = 60, 3_000, 2_940


def clustered(rng: np.random.Generator, count: int, centres: np.ndarray) -> np.ndarray:
    """Unit vectors around topic centres, as sentence embeddings of CRM text are."""
    picks = centres[rng.integers(0, len(centres), size=count)]
    vectors = picks + rng.normal(scale=0.6 / np.sqrt(DIMS), size=(count, DIMS)) * np.sqrt(DIMS) * 0.08
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def rows(vectors: np.ndarray, ids: list[uuid.UUID]) -> list[EmbeddingRow]:
    return [
        EmbeddingRow("CONTACT", object_id, "all-MiniLM-L6-v2", "test", hashlib.sha256(object_id.bytes).digest(), 5, v)
        for object_id, v in zip(ids, vectors.tolist(), strict=True)
    ]


@pytest.fixture(scope="module")
async def index(app_db: Database, superuser_db: Database) -> dict[str, object]:
    rng = np.random.default_rng(11)
    centres = rng.normal(size=(40, DIMS))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    workspaces = {name: uuid.uuid4() for name in ("small", "large", "others")}
    async with superuser_db.transaction() as session:
        for name, workspace_id in workspaces.items():
            await session.execute(
                text("INSERT INTO workspaces (id, name) VALUES (:id, :name)"), {"id": workspace_id, "name": name}
            )
    stored: dict[str, tuple[np.ndarray, list[uuid.UUID]]] = {}
    for name, count in (("small", SMALL), ("large", LARGE), ("others", OTHERS)):
        vectors = clustered(rng, count, centres)
        ids = [uuid.uuid4() for _ in range(count)]
        # Written as the app role inside the workspace, as the worker will: RLS checks every row.
        async with app_db.transaction(workspace_id=workspaces[name]) as session:
            for start in range(0, count, 500):
                await repository.upsert(
                    session,
                    workspace_id=workspaces[name],
                    rows=rows(vectors[start : start + 500], ids[start : start + 500]),
                )
        stored[name] = (vectors, ids)
    queries = clustered(rng, 20, centres)
    return {"workspaces": workspaces, "stored": stored, "queries": queries}


async def recall(app_db: Database, index: dict[str, object], name: str, *, exact_below: int) -> float:
    workspaces: dict[str, uuid.UUID] = index["workspaces"]  # type: ignore[assignment]
    vectors, ids = index["stored"][name]  # type: ignore[index]
    found = 0
    for query in index["queries"]:  # type: ignore[attr-defined]
        truth = {ids[i] for i in np.argsort(-(vectors @ query), kind="stable")[:10]}
        async with app_db.transaction(workspace_id=workspaces[name]) as session:
            neighbours = await repository.nearest(
                session, workspace_id=workspaces[name], vector=query.tolist(), limit=10, exact_below=exact_below
            )
        assert len(neighbours) == 10
        assert [n.distance for n in neighbours] == sorted(n.distance for n in neighbours)
        found += len(truth & {n.object_id for n in neighbours})
    value = found / (10 * len(index["queries"]))  # type: ignore[arg-type]
    print(f"recall@10 {name} workspace, {'exact' if exact_below > len(ids) else 'hnsw'} path: {value:.3f}")
    return value


async def test_a_small_workspace_is_searched_exactly(app_db: Database, index: dict[str, object]) -> None:
    assert await recall(app_db, index, "small", exact_below=repository.EXACT_BELOW) == 1.0


async def index_scans(app_db: Database, index: dict[str, object], *, exact_below: int) -> int:
    """How many times the HNSW index was walked to answer the large workspace's nearest vectors (the
    transaction's own statistics)."""
    workspaces: dict[str, uuid.UUID] = index["workspaces"]  # type: ignore[assignment]
    scans = text("SELECT pg_stat_get_xact_numscans('ix_embeddings_hnsw'::regclass)")
    async with app_db.transaction(workspace_id=workspaces["large"]) as session:
        before = await session.scalar(scans)
        await repository.nearest(
            session, workspace_id=workspaces["large"], vector=[0.05] * DIMS, limit=10, exact_below=exact_below
        )
        after = await session.scalar(scans)
    return int(after) - int(before)


async def test_each_path_gets_the_plan_it_was_chosen_for(app_db: Database, index: dict[str, object]) -> None:
    assert await index_scans(app_db, index, exact_below=1) == 1
    assert await index_scans(app_db, index, exact_below=repository.EXACT_BELOW) == 0


async def test_a_large_workspace_through_hnsw_keeps_recall(app_db: Database, index: dict[str, object]) -> None:
    assert await recall(app_db, index, "large", exact_below=1) >= 0.95


async def test_hnsw_with_iterative_scan_still_fills_a_small_workspace(
    app_db: Database, index: dict[str, object]
) -> None:
    # Forced through the index: iterative scan keeps walking until ten rows of the 1 % workspace are found.
    assert await recall(app_db, index, "small", exact_below=1) >= 0.9


async def test_without_iterative_scan_hnsw_starves_a_small_workspace(
    app_db: Database, index: dict[str, object]
) -> None:
    """Why the choice above is deliberate: the filtered HNSW walk without iterative scan returns too few
    (rapport_nearest_hnsw's statement and planner settings, with iterative scan off)."""
    workspaces: dict[str, uuid.UUID] = index["workspaces"]  # type: ignore[assignment]
    query = index["queries"][0]  # type: ignore[index]
    async with app_db.transaction(workspace_id=workspaces["small"]) as session:
        for setting in ("hnsw.iterative_scan", "enable_seqscan", "enable_bitmapscan", "enable_sort"):
            await session.execute(text(f"SET LOCAL {setting} = off"))
        plain = await session.execute(
            text(
                "SELECT * FROM (SELECT object_id, (embedding <=> CAST(:q AS vector)) AS distance FROM embeddings"
                " WHERE (workspace_id = :workspace_id) IS TRUE ORDER BY embedding <=> CAST(:q AS vector) LIMIT 10) c"
                " ORDER BY distance + 0"
            ),
            {"workspace_id": workspaces["small"], "q": repository.vector_literal(query.tolist())},
        )
        assert len(plain.all()) < 10


async def test_the_hnsw_path_puts_the_planner_settings_back(app_db: Database, index: dict[str, object]) -> None:
    """The HNSW statement turns bitmap scans off; a later statement of the same transaction (a search's GIN
    reads) must get them back, or it reads every row of the workspace."""
    workspaces: dict[str, uuid.UUID] = index["workspaces"]  # type: ignore[assignment]
    query = index["queries"][0].tolist()  # type: ignore[index]
    settings = (
        "SELECT current_setting('enable_bitmapscan'), current_setting('enable_seqscan'), current_setting('enable_sort')"
    )
    async with app_db.transaction(workspace_id=workspaces["large"]) as session:
        found = await repository.nearest(
            session, workspace_id=workspaces["large"], vector=query, limit=10, exact_below=1
        )
        after = tuple((await session.execute(text(settings))).one())
    assert len(found) == 10
    assert after == ("on", "on", "on")


async def test_another_workspace_sees_none_of_the_vectors(app_db: Database, index: dict[str, object]) -> None:
    workspaces: dict[str, uuid.UUID] = index["workspaces"]  # type: ignore[assignment]
    query = index["queries"][0].tolist()  # type: ignore[index]
    # Inside the large workspace, asking for the small one's rows by id finds nothing: RLS, not the WHERE.
    async with app_db.transaction(workspace_id=workspaces["large"]) as session:
        for exact_below in (repository.EXACT_BELOW, 1):
            assert (
                await repository.nearest(
                    session, workspace_id=workspaces["small"], vector=query, limit=10, exact_below=exact_below
                )
                == []
            )
        small_ids = index["stored"]["small"][1]  # type: ignore[index]
        assert (
            await repository.content_hashes(
                session, workspace_id=workspaces["small"], object_type="CONTACT", object_ids=small_ids
            )
            == {}
        )


async def test_upsert_replaces_the_vector_and_its_model_version(app_db: Database, index: dict[str, object]) -> None:
    workspaces: dict[str, uuid.UUID] = index["workspaces"]  # type: ignore[assignment]
    object_id = uuid.uuid4()
    first = np.zeros(DIMS, dtype=np.float32)
    first[0] = 1.0
    second = np.zeros(DIMS, dtype=np.float32)
    second[1] = 1.0
    async with app_db.transaction(workspace_id=workspaces["others"]) as session:
        await repository.upsert(
            session,
            workspace_id=workspaces["others"],
            rows=[EmbeddingRow("NOTE", object_id, "all-MiniLM-L6-v2", "v1", b"\x01", 3, first.tolist())],
        )
        await repository.upsert(
            session,
            workspace_id=workspaces["others"],
            rows=[EmbeddingRow("NOTE", object_id, "all-MiniLM-L6-v2", "v2", b"\x02", 4, second.tolist())],
        )
        stored = await repository.content_hashes(
            session, workspace_id=workspaces["others"], object_type="NOTE", object_ids=[object_id]
        )
        nearest = await repository.nearest(
            session, workspace_id=workspaces["others"], vector=second.tolist(), limit=1, object_types=["NOTE"]
        )
        assert (
            await repository.delete(
                session, workspace_id=workspaces["others"], object_type="NOTE", object_ids=[object_id]
            )
            == 1
        )
    assert stored == {object_id: ("v2", b"\x02")}
    assert [(n.object_type, n.object_id, round(n.distance, 6)) for n in nearest] == [("NOTE", object_id, 0.0)]


async def test_the_hnsw_path_keeps_to_the_kinds_asked(app_db: Database, index: dict[str, object]) -> None:
    workspaces: dict[str, uuid.UUID] = index["workspaces"]  # type: ignore[assignment]
    query = index["queries"][0].tolist()  # type: ignore[index]
    async with app_db.transaction(workspace_id=workspaces["large"]) as session:
        contacts = await repository.nearest(
            session, workspace_id=workspaces["large"], vector=query, limit=10, object_types=["CONTACT"], exact_below=1
        )
        notes = await repository.nearest(
            session, workspace_id=workspaces["large"], vector=query, limit=10, object_types=["NOTE"], exact_below=1
        )
    assert len(contacts) == 10
    assert notes == []


def test_a_vector_literal_holds_each_value_to_seven_significant_digits() -> None:
    values = [0.1, -0.25, 1e-9, 3, 0.123456789, -0.987654321]

    assert repository.vector_literal(values) == "[0.1,-0.25,1e-09,3,0.1234568,-0.9876543]"
    assert repository.vector_literal(array.array("f", [0.5, -0.125])) == "[0.5,-0.125]"
    assert repository.vector_literal([]) == "[]"
    # An array's text is kept by its values (a query's vector, asked again): each its own.
    single = array.array("f", [0.1, -0.25])
    assert repository.vector_literal(single) == repository.vector_literal(list(single)) == "[0.1,-0.25]"
    assert repository.vector_literal(array.array("f", [0.5, -0.25])) == "[0.5,-0.25]"
    assert repository.vector_literal(array.array("d", [0.1, -0.25])) == "[0.1,-0.25]"


def kind_rows(kind: repository.ObjectType, vectors: np.ndarray, ids: list[uuid.UUID]) -> list[EmbeddingRow]:
    return [
        EmbeddingRow(kind, object_id, "all-MiniLM-L6-v2", "test", hashlib.sha256(object_id.bytes).digest(), 5, v)
        for object_id, v in zip(ids, vectors.tolist(), strict=True)
    ]


@pytest.fixture(scope="module")
async def kinds(app_db: Database, superuser_db: Database) -> dict[str, object]:
    """A workspace whose contacts and notes lie in different regions, the queries among the contacts; and
    another workspace whose notes lie among those queries."""
    rng = np.random.default_rng(23)
    regions = rng.normal(size=(2, 20, DIMS))
    regions /= np.linalg.norm(regions, axis=2, keepdims=True)
    workspaces = {name: uuid.uuid4() for name in ("mixed", "elsewhere")}
    async with superuser_db.transaction() as session:
        for name, workspace_id in workspaces.items():
            await session.execute(
                text("INSERT INTO workspaces (id, name) VALUES (:id, :name)"), {"id": workspace_id, "name": name}
            )
    stored: dict[tuple[str, str], tuple[np.ndarray, list[uuid.UUID]]] = {
        ("mixed", "CONTACT"): (clustered(rng, 1_500, regions[0]), []),
        ("mixed", "NOTE"): (clustered(rng, 300, regions[1]), []),
        ("elsewhere", "NOTE"): (clustered(rng, 300, regions[0]), []),
    }
    for (name, kind), (vectors, ids) in stored.items():
        ids.extend(uuid.uuid4() for _ in range(len(vectors)))
        async with app_db.transaction(workspace_id=workspaces[name]) as session:
            for start in range(0, len(ids), 500):
                await repository.upsert(
                    session,
                    workspace_id=workspaces[name],
                    rows=kind_rows(kind, vectors[start : start + 500], ids[start : start + 500]),  # type: ignore[arg-type]
                )
    return {"workspaces": workspaces, "stored": stored, "queries": clustered(rng, 20, regions[0])}


HNSW_INDEXES = [
    "ix_embeddings_hnsw",
    *(f"ix_embeddings_kind_{kind.lower()}" for kind in sorted(repository.OBJECT_TYPES)),
]
SCANS = text("SELECT relname, pg_stat_get_xact_numscans(oid) FROM pg_class WHERE relname = ANY(:names)")


async def nearest_walking(session: AsyncSession, **asked: Any) -> tuple[list[Neighbour], dict[str, int]]:
    """repository.nearest(**asked), and how many times it walked each HNSW index it walked (the
    transaction's own statistics)."""
    before = dict((await session.execute(SCANS, {"names": HNSW_INDEXES})).tuples().all())
    neighbours = await repository.nearest(session, **asked)
    after = dict((await session.execute(SCANS, {"names": HNSW_INDEXES})).tuples().all())
    return neighbours, {name: after[name] - before[name] for name in HNSW_INDEXES if after[name] != before[name]}


@pytest.mark.parametrize(
    ("asked", "walked"),
    [
        (["NOTE"], {"ix_embeddings_kind_note"}),
        (["CONTACT", "NOTE"], {"ix_embeddings_kind_contact", "ix_embeddings_kind_note"}),
        (sorted(repository.OBJECT_TYPES), {"ix_embeddings_hnsw"}),
    ],
)
async def test_some_kinds_are_found_through_their_own_graphs_as_exact_search_finds_them(
    app_db: Database, kinds: dict[str, object], asked: list[repository.ObjectType], walked: set[str]
) -> None:
    """Notes far from a query among contacts: a filtered walk of every vector visited the contacts first,
    thousands of them at scale (0035_kindvectors). Each kind asked walks its own graph instead, once (the
    only index its statement can order by: 0037_kindgraphs, also where the kind is most of the table); the
    answers merged are the workspace's nearest of those kinds, never another workspace's nearer ones."""
    workspaces: dict[str, uuid.UUID] = kinds["workspaces"]  # type: ignore[assignment]
    stored: dict[tuple[str, str], tuple[np.ndarray, list[uuid.UUID]]] = kinds["stored"]  # type: ignore[assignment]
    candidates = [(kind, *pair) for (name, kind), pair in stored.items() if name == "mixed" and kind in asked]
    vectors = np.concatenate([vectors for _, vectors, _ in candidates])
    ids = [object_id for _, _, kind_ids in candidates for object_id in kind_ids]
    found = 0
    for query in kinds["queries"]:  # type: ignore[attr-defined]
        truth = {ids[i] for i in np.argsort(-(vectors @ query), kind="stable")[:10]}
        async with app_db.transaction(workspace_id=workspaces["mixed"]) as session:
            neighbours, walks = await nearest_walking(
                session,
                workspace_id=workspaces["mixed"],
                vector=query.tolist(),
                limit=10,
                object_types=asked,
                size=1,
                exact_below=0,
            )
        assert walks == dict.fromkeys(walked, 1)
        assert len(neighbours) == 10
        assert {n.object_type for n in neighbours} <= set(asked)
        assert {n.object_id for n in neighbours} <= set(ids)
        assert [n.distance for n in neighbours] == sorted(n.distance for n in neighbours)
        found += len(truth & {n.object_id for n in neighbours})
    assert found / (10 * len(kinds["queries"])) >= 0.9  # type: ignore[arg-type]


@pytest.mark.parametrize(("asked", "walked"), [(["NOTE"], set()), (["CONTACT"], {"ix_embeddings_kind_contact"})])
async def test_a_large_workspaces_small_kind_is_read_exactly(
    app_db: Database, kinds: dict[str, object], asked: list[repository.ObjectType], walked: set[str]
) -> None:
    """The 1 % rule per kind: past the bound (1,000 here) in the workspace, its 300 notes are still read
    exactly, through the primary key (workspace, kind), as a small workspace is; its 1,500 contacts walk
    their graph. Either way, the nearest of the kind in the workspace."""
    workspaces: dict[str, uuid.UUID] = kinds["workspaces"]  # type: ignore[assignment]
    vectors, ids = kinds["stored"][("mixed", asked[0])]  # type: ignore[index]
    found = 0
    for query in kinds["queries"]:  # type: ignore[attr-defined]
        truth = [ids[i] for i in np.argsort(-(vectors @ query), kind="stable")[:10]]
        async with app_db.transaction(workspace_id=workspaces["mixed"]) as session:
            assert await repository.workspace_size(
                session, workspace_id=workspaces["mixed"], up_to=10_000, object_types=asked
            ) == len(ids)
            neighbours, walks = await nearest_walking(
                session,
                workspace_id=workspaces["mixed"],
                vector=query.tolist(),
                limit=10,
                object_types=asked,
                exact_below=1_000,
            )
        assert walks == dict.fromkeys(walked, 1)
        assert {n.object_type for n in neighbours} == set(asked)
        if not walked:
            assert [n.object_id for n in neighbours] == truth
        found += len(set(truth) & {n.object_id for n in neighbours})
    assert found / (10 * len(kinds["queries"])) >= 0.9  # type: ignore[arg-type]
