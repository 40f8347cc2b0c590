"""The embedding queue's lease: each workspace's oldest rows first, the workspaces in turns, so that one
workspace's long queue (an import) never holds back another's new records."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.db import Database
from rapport.embedding import repository
from tests.factories import GraphQLClient, sign_up


class _Undo(Exception):
    """Raised to roll the test's queue back: the rows it leased were never queued for real."""


async def queue(session: AsyncSession, workspace: str, count: int, *, minutes_ago: float) -> list[uuid.UUID]:
    """`count` contacts of `workspace` queued, the first `minutes_ago` minutes ago, a second apart."""
    ids = [uuid.uuid4() for _ in range(count)]
    await session.execute(
        text(
            "INSERT INTO embedding_queue (workspace_id, object_type, object_id, queued_at)"
            " SELECT :ws, 'CONTACT', id, now() - make_interval(secs => :ago) + make_interval(secs => n)"
            " FROM unnest(CAST(:ids AS uuid[])) WITH ORDINALITY AS k(id, n)"
        ),
        {"ws": workspace, "ids": ids, "ago": minutes_ago * 60},
    )
    return ids


async def test_a_long_queue_shares_each_batch_with_the_other_workspaces(gql: GraphQLClient, app_db: Database) -> None:
    importer, small, late = [await sign_up(gql) for _ in range(3)]
    with pytest.raises(_Undo):
        async with app_db.transaction(system=True) as session:
            # Only this test's rows (rolled back at the end): other tests' rows would take turns too.
            await session.execute(text("DELETE FROM embedding_queue"))
            imported = await queue(session, importer.workspace_id, 500, minutes_ago=60)
            (first,) = await queue(session, small.workspace_id, 1, minutes_ago=5)
            second = await queue(session, late.workspace_id, 3, minutes_ago=1)

            batch = await repository.lease(session, limit=32, seconds=60)

            # Everyone's oldest first: the importer's 500 older rows did not fill the batch.
            by_workspace: dict[str, list[uuid.UUID]] = {}
            for row in batch:
                by_workspace.setdefault(str(row.workspace_id), []).append(row.object_id)
            assert len(batch) == 32
            assert by_workspace[small.workspace_id] == [first]
            assert sorted(by_workspace[late.workspace_id]) == sorted(second)
            assert sorted(by_workspace[importer.workspace_id]) == sorted(imported[:28])  # its oldest, in order

            # Leased rows are not leased again; the next batch is the importer's next 32 and nothing else.
            again = await repository.lease(session, limit=32, seconds=60)
            assert sorted(row.object_id for row in again) == sorted(imported[28:60])
            # The planner setting the lease reads with is its own: the transaction's is as it was.
            assert await session.scalar(text("SELECT current_setting('enable_bitmapscan')")) == "on"
            raise _Undo


async def test_more_workspaces_than_a_batch_each_get_one_row_the_longest_waiting_first(
    gql: GraphQLClient, app_db: Database
) -> None:
    owners = [await sign_up(gql) for _ in range(5)]
    with pytest.raises(_Undo):
        async with app_db.transaction(system=True) as session:
            await session.execute(text("DELETE FROM embedding_queue"))
            heads = [
                (await queue(session, owner.workspace_id, 3, minutes_ago=10 - i))[0] for i, owner in enumerate(owners)
            ]
            batch = await repository.lease(session, limit=4, seconds=60)
            # One row each from the four workspaces that have waited longest; the fifth is next.
            assert sorted(row.object_id for row in batch) == sorted(heads[:4])
            assert len({row.workspace_id for row in batch}) == 4
            raise _Undo
