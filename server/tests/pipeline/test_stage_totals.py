"""The per-stage totals the triggers on `deals` maintain (migrations/versions/0030_stagetotals.py): after
every kind of change, through the API and through plain SQL, in concurrent and rolled-back transactions,
they equal the deals counted again; the kanban reads them; no workspace sees another's."""

from __future__ import annotations

import asyncio
import random
import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from rapport.db import Database
from rapport.pipeline import repository
from tests.deal.test_graphql import KANBAN, deal, stages
from tests.factories import Account, GraphQLClient, sign_up

Totals = dict[uuid.UUID, tuple[int, list[tuple[str, int]]]]

UPDATE_DEAL = "mutation($id: UUID!, $input: DealInput!) { updateDeal(id: $id, input: $input) { id } }"
MOVE = "mutation($id: UUID!, $stage: UUID!) { moveDeal(id: $id, stageId: $stage) { id } }"
DELETE = "mutation($id: UUID!) { deleteDeal(id: $id) }"
RESTORE = "mutation($id: UUID!) { restoreDeal(id: $id) { id } }"
BULK_UPDATE = """mutation($ids: [UUID!], $input: DealInput!) {
  bulkUpdateDeals(ids: $ids, input: $input) { id updated errors { code } } }"""
BULK_DELETE = "mutation($ids: [UUID!]) { bulkDeleteDeals(ids: $ids) { id updated } }"
UNDO = "mutation($id: UUID!) { undoBulk(id: $id) { updated } }"
CREATE_PIPELINE = """mutation($name: String!, $stages: [String!]!) {
  createPipeline(name: $name, stages: $stages) { id stages { id name } } }"""
STAGE_FIGURES = """query($id: UUID!) { stage(id: $id) { dealCount totalAmount { amountMicros currency }
  deals(first: 1) { totalCount } } }"""


# The truth the maintained totals must equal: the live deals counted again.
RECOUNT = text(
    "SELECT stage_id, currency, count(*), coalesce(sum(amount_micros), 0) FROM deals"
    " WHERE workspace_id = :workspace AND stage_id = ANY(:ids) AND deleted_at IS NULL"
    " GROUP BY stage_id, currency ORDER BY stage_id, currency"
)


def money(micros: int, currency: str) -> dict[str, str]:
    return {"amountMicros": str(micros), "currency": currency}


async def all_stage_ids(db: Database, workspace_id: str) -> list[uuid.UUID]:
    async with db.transaction(workspace_id=uuid.UUID(workspace_id)) as session:
        return list((await session.scalars(text("SELECT id FROM stages ORDER BY id"))).all())


async def maintained_and_counted(db: Database, workspace_id: str) -> tuple[Totals, Totals]:
    """The maintained totals and a recount of the deals, both read as the app role in the workspace."""
    workspace = uuid.UUID(workspace_id)
    ids = await all_stage_ids(db, workspace_id)
    async with db.transaction(workspace_id=workspace) as session:
        maintained = await repository.stage_totals(session, workspace, ids)
        rows = await session.execute(RECOUNT, {"workspace": workspace, "ids": ids})
    counted: Totals = {}
    for stage_id, currency, count, amount in rows.all():
        deals, sums = counted.get(stage_id, (0, []))
        if currency is not None:
            sums.append((currency, int(amount)))
        counted[stage_id] = (deals + int(count), sums)
    return maintained, counted


async def assert_totals_right(db: Database, workspace_id: str, *, step: str) -> Totals:
    maintained, counted = await maintained_and_counted(db, workspace_id)
    assert maintained == counted, step
    return counted


async def assert_board_right(gql: GraphQLClient, db: Database, account: Account, pipeline_id: str) -> None:
    """The kanban's figures (compiled path: the board's query; executor: Query.stage) are the recount's."""
    counted = await assert_totals_right(db, account.workspace_id, step="board")
    board = (await gql.data(KANBAN, {"id": pipeline_id}, token=account.access_token))["pipeline"]
    for stage in board["stages"]:
        stage_id = (await stages_by_name(gql, account, pipeline_id))[stage["name"]]
        count, sums = counted.get(uuid.UUID(stage_id), (0, []))
        expected_money = [money(amount, currency) for currency, amount in sums]
        assert (stage["dealCount"], stage["deals"]["totalCount"], stage["totalAmount"]) == (
            count,
            count,
            expected_money,
        ), stage["name"]
        one = (await gql.data(STAGE_FIGURES, {"id": stage_id}, token=account.access_token))["stage"]
        assert (one["dealCount"], one["deals"]["totalCount"], one["totalAmount"]) == (count, count, expected_money)


async def stages_by_name(gql: GraphQLClient, account: Account, pipeline_id: str) -> dict[str, str]:
    pipelines = (await gql.data("query { pipelines { id stages { id name } } }", token=account.access_token))[
        "pipelines"
    ]
    pipeline = next(p for p in pipelines if p["id"] == pipeline_id)
    return {stage["name"]: stage["id"] for stage in pipeline["stages"]}


async def test_every_change_through_the_api_keeps_the_totals_and_the_board_right(
    gql: GraphQLClient, app_db: Database
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    ids = await stages(gql, account)
    sales = ids["pipeline"]

    usd = [await deal(gql, account, name=f"USD {n}", amount=money(1_000_000 * (n + 1), "USD")) for n in range(3)]
    eur = await deal(gql, account, name="EUR", amount=money(5_500_000, "EUR"))
    bare = await deal(gql, account, name="No amount")
    await assert_board_right(gql, app_db, account, sales)

    await gql.data(MOVE, {"id": usd[0]["id"], "stage": ids["Qualified"]}, token=token)
    await gql.data(MOVE, {"id": bare["id"], "stage": ids["Won"]}, token=token)
    await assert_totals_right(app_db, account.workspace_id, step="moved")

    await gql.data(UPDATE_DEAL, {"id": usd[1]["id"], "input": {"amount": money(7_000_000, "USD")}}, token=token)
    await gql.data(UPDATE_DEAL, {"id": usd[2]["id"], "input": {"amount": money(3_000_000, "GBP")}}, token=token)
    await gql.data(UPDATE_DEAL, {"id": eur["id"], "input": {"amount": None}}, token=token)
    await gql.data(UPDATE_DEAL, {"id": bare["id"], "input": {"name": "Renamed"}}, token=token)
    await assert_totals_right(app_db, account.workspace_id, step="amounts")

    await gql.data(DELETE, {"id": usd[1]["id"]}, token=token)
    await assert_board_right(gql, app_db, account, sales)
    await gql.data(RESTORE, {"id": usd[1]["id"]}, token=token)
    await assert_totals_right(app_db, account.workspace_id, step="restored")

    every = [usd[0]["id"], usd[1]["id"], usd[2]["id"], eur["id"], bare["id"]]
    bulk = await gql.data(BULK_UPDATE, {"ids": every, "input": {"stageId": ids["Proposal"]}}, token=token)
    assert bulk["bulkUpdateDeals"]["updated"] == 5
    await assert_board_right(gql, app_db, account, sales)
    await gql.data(UNDO, {"id": bulk["bulkUpdateDeals"]["id"]}, token=token)
    await assert_totals_right(app_db, account.workspace_id, step="bulk update undone")

    deleted = await gql.data(BULK_DELETE, {"ids": every[:3]}, token=token)
    assert deleted["bulkDeleteDeals"]["updated"] == 3
    await assert_totals_right(app_db, account.workspace_id, step="bulk deleted")
    await gql.data(UNDO, {"id": deleted["bulkDeleteDeals"]["id"]}, token=token)
    await assert_totals_right(app_db, account.workspace_id, step="bulk delete undone")

    partners = (await gql.data(CREATE_PIPELINE, {"name": "Partners", "stages": ["Intro", "Pilot"]}, token=token))[
        "createPipeline"
    ]
    pilot = next(stage["id"] for stage in partners["stages"] if stage["name"] == "Pilot")
    await gql.data(
        UPDATE_DEAL, {"id": eur["id"], "input": {"pipelineId": partners["id"], "stageId": pilot}}, token=token
    )
    await assert_board_right(gql, app_db, account, sales)
    await assert_board_right(gql, app_db, account, partners["id"])

    maintained, _ = await maintained_and_counted(app_db, account.workspace_id)
    assert maintained[uuid.UUID(pilot)] == (1, [])
    assert maintained[uuid.UUID(ids["Lead"])] == (2, [("GBP", 3_000_000), ("USD", 7_000_000)])
    assert maintained[uuid.UUID(ids["Qualified"])] == (1, [("USD", 1_000_000)])
    assert maintained[uuid.UUID(ids["Won"])] == (1, [])


def scoped(db: Database, account: Account) -> Any:
    return db.transaction(workspace_id=uuid.UUID(account.workspace_id), user_id=uuid.UUID(account.user_id))


INSERT = """INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, position, amount_micros, currency)
SELECT gen_random_uuid(), :ws, 'SQL ' || n, :pipeline, :stage, n * 1024, CASE WHEN n % 3 = 0 THEN NULL ELSE n END,
  CASE WHEN n % 3 = 0 THEN NULL WHEN n % 3 = 1 THEN 'USD' ELSE 'EUR' END
FROM generate_series(1, :n) AS n RETURNING id"""


async def insert_deals(session: Any, account: Account, pipeline: str, stage: str, n: int) -> list[uuid.UUID]:
    result = await session.execute(
        text(INSERT), {"ws": account.workspace_id, "pipeline": pipeline, "stage": stage, "n": n}
    )
    return [row[0] for row in result.all()]


async def test_statements_of_many_rows_and_changes_that_touch_no_total(gql: GraphQLClient, app_db: Database) -> None:
    account = await sign_up(gql)
    ids = await stages(gql, account)

    async with scoped(app_db, account) as session:
        made = await insert_deals(session, account, ids["pipeline"], ids["Lead"], 30)
    await assert_totals_right(app_db, account.workspace_id, step="30 in one statement")

    async with scoped(app_db, account) as session:
        # one statement moving deals to three stages, and changing amounts and currencies
        await session.execute(
            text(
                """UPDATE deals SET stage_id = (ARRAY[:a, :b, :c]::uuid[])[1 + (position::int / 1024) % 3],
                amount_micros = CASE WHEN amount_micros IS NULL THEN NULL ELSE amount_micros * 10 END,
                currency = CASE currency WHEN 'EUR' THEN 'GBP' ELSE currency END WHERE id = ANY(:ids)"""
            ),
            {"a": ids["Lead"], "b": ids["Proposal"], "c": ids["Won"], "ids": made},
        )
        await session.execute(text("UPDATE deals SET deleted_at = now() WHERE id = ANY(:ids)"), {"ids": made[:5]})
        await session.execute(text("DELETE FROM deals WHERE id = ANY(:ids)"), {"ids": made[5:9]})
    await assert_totals_right(app_db, account.workspace_id, step="moved, repriced, deleted")

    async with scoped(app_db, account) as session:
        before = await session.scalar(text("SELECT count(*) FROM stage_totals"))
        await session.execute(text("UPDATE deals SET name = name || '!', position = position + 1"))
        await session.execute(text("UPDATE deals SET deleted_at = now() WHERE id = ANY(:ids)"), {"ids": made[:5]})
        after = await session.scalar(text("SELECT count(*) FROM stage_totals"))
    assert after == before, "a change to no live deal's stage or amount adds no row"
    await assert_totals_right(app_db, account.workspace_id, step="renamed")

    async with scoped(app_db, account) as session:
        rows_per_stage = (
            await session.execute(text("SELECT stage_id, currency, count(*) FROM stage_totals GROUP BY 1, 2"))
        ).all()
    assert {row[2] for row in rows_per_stage} == {1}, "a single writer folds each stage into one row per currency"


async def test_a_rolled_back_transaction_changes_nothing(gql: GraphQLClient, app_db: Database) -> None:
    account = await sign_up(gql)
    ids = await stages(gql, account)
    async with scoped(app_db, account) as session:
        made = await insert_deals(session, account, ids["pipeline"], ids["Lead"], 6)
    before = await assert_totals_right(app_db, account.workspace_id, step="before")

    with pytest.raises(RuntimeError):
        async with scoped(app_db, account) as session:
            await insert_deals(session, account, ids["pipeline"], ids["Lead"], 4)
            await session.execute(
                text("UPDATE deals SET stage_id = :s WHERE id = ANY(:ids)"), {"s": ids["Won"], "ids": made[:3]}
            )
            await session.execute(text("DELETE FROM deals WHERE id = :id"), {"id": made[4]})
            raise RuntimeError("roll back")

    assert await assert_totals_right(app_db, account.workspace_id, step="after") == before
    assert before[uuid.UUID(ids["Lead"])][0] == 6


async def test_concurrent_writers_to_the_same_stages_neither_wait_nor_lose_counts(
    gql: GraphQLClient, app_db: Database
) -> None:
    """Eight transactions write to the same stages at once, crosswise (deals moved Lead→Won in some and
    Won→Lead in others), each holding its changes uncommitted until all have written: none waits for
    another (a wait would time out here), none deadlocks, and the totals after are the recount's."""
    account = await sign_up(gql)
    ids = await stages(gql, account)
    async with scoped(app_db, account) as session:
        in_lead = await insert_deals(session, account, ids["pipeline"], ids["Lead"], 8)
        in_won = await insert_deals(session, account, ids["pipeline"], ids["Won"], 8)
    writers = 8
    all_written = asyncio.Barrier(writers)

    async def writer(n: int) -> None:
        async with scoped(app_db, account) as session:
            await session.execute(text("SET LOCAL lock_timeout = '5s'"))
            await insert_deals(session, account, ids["pipeline"], ids["Lead"], 3)
            source, target, deal_id = (
                (ids["Lead"], ids["Won"], in_lead[n]) if n % 2 else (ids["Won"], ids["Lead"], in_won[n])
            )
            await session.execute(
                text("UPDATE deals SET stage_id = :t WHERE id = :id AND stage_id = :s"),
                {"t": target, "s": source, "id": deal_id},
            )
            await asyncio.wait_for(all_written.wait(), timeout=30)

    await asyncio.wait_for(asyncio.gather(*(writer(n) for n in range(writers))), timeout=60)

    counted = await assert_totals_right(app_db, account.workspace_id, step="concurrent")
    assert counted[uuid.UUID(ids["Lead"])][0] == 8 + writers * 3
    assert counted[uuid.UUID(ids["Won"])][0] == 8
    async with scoped(app_db, account) as session:
        rows = await session.scalar(text("SELECT count(*) FROM stage_totals"))
    assert rows <= 2 * 3 * (writers + 1), "rows per stage and currency stay about the number of writers"

    # The next lone writer folds what the concurrent ones left.
    async with scoped(app_db, account) as session:
        await insert_deals(session, account, ids["pipeline"], ids["Lead"], 3)
        await session.execute(
            text("UPDATE deals SET amount_micros = amount_micros + 1 WHERE stage_id = :s"), {"s": ids["Won"]}
        )
    async with scoped(app_db, account) as session:
        per_key = (
            (await session.execute(text("SELECT count(*) FROM stage_totals GROUP BY stage_id, currency")))
            .scalars()
            .all()
        )
    assert set(per_key) == {1}
    await assert_totals_right(app_db, account.workspace_id, step="folded")


async def test_totals_equal_a_recount_after_a_random_sequence_of_operations(
    gql: GraphQLClient, app_db: Database
) -> None:
    account = await sign_up(gql)
    ids = await stages(gql, account)
    partners = (
        await gql.data(CREATE_PIPELINE, {"name": "Partners", "stages": ["Intro", "Pilot"]}, token=account.access_token)
    )["createPipeline"]
    places = [(ids["pipeline"], ids[name]) for name in ("Lead", "Qualified", "Proposal", "Won", "Lost")] + [
        (partners["id"], stage["id"]) for stage in partners["stages"]
    ]
    rng = random.Random(15)
    currencies = [None, "USD", "EUR", "GBP"]

    async def operation(session: Any, live: list[uuid.UUID], trashed: list[uuid.UUID]) -> None:
        kind = rng.choice(["insert", "insert", "move", "amount", "delete", "restore", "purge", "bulk"])
        if kind == "insert" or not live:
            pipeline, stage = rng.choice(places)
            live.extend(await insert_deals(session, account, pipeline, stage, rng.randint(1, 4)))
        elif kind == "move":
            pipeline, stage = rng.choice(places)
            await session.execute(
                text("UPDATE deals SET pipeline_id = :p, stage_id = :s WHERE id = :id"),
                {"p": pipeline, "s": stage, "id": rng.choice(live)},
            )
        elif kind == "amount":
            currency = rng.choice(currencies)
            await session.execute(
                text("UPDATE deals SET amount_micros = :a, currency = :c WHERE id = :id"),
                {"a": None if currency is None else rng.randint(0, 10**12), "c": currency, "id": rng.choice(live)},
            )
        elif kind == "delete":
            gone = live.pop(rng.randrange(len(live)))
            trashed.append(gone)
            await session.execute(text("UPDATE deals SET deleted_at = now() WHERE id = :id"), {"id": gone})
        elif kind == "restore" and trashed:
            back = trashed.pop(rng.randrange(len(trashed)))
            live.append(back)
            await session.execute(text("UPDATE deals SET deleted_at = NULL WHERE id = :id"), {"id": back})
        elif kind == "purge" and trashed:
            await session.execute(text("DELETE FROM deals WHERE id = :id"), {"id": trashed.pop()})
        else:
            pipeline, stage = rng.choice(places)
            chosen = rng.sample(live, min(len(live), rng.randint(1, 6)))
            await session.execute(
                text("UPDATE deals SET pipeline_id = :p, stage_id = :s WHERE id = ANY(:ids)"),
                {"p": pipeline, "s": stage, "ids": chosen},
            )

    async def client(seed: int) -> None:
        live: list[uuid.UUID] = []
        trashed: list[uuid.UUID] = []
        for round_ in range(12):
            keep_live, keep_trashed = list(live), list(trashed)
            try:
                async with scoped(app_db, account) as session:
                    for _ in range(rng.randint(1, 5)):
                        await operation(session, live, trashed)
                        await asyncio.sleep(0)
                    if (seed + round_) % 4 == 0:
                        raise RuntimeError("roll back")
            except RuntimeError:
                live[:], trashed[:] = keep_live, keep_trashed

    await asyncio.gather(*(client(seed) for seed in range(4)))
    counted = await assert_totals_right(app_db, account.workspace_id, step="random")
    assert sum(count for count, _ in counted.values()) > 0
    await assert_board_right(gql, app_db, account, ids["pipeline"])
    await assert_board_right(gql, app_db, account, partners["id"])


async def test_no_workspace_reads_or_writes_another_workspaces_totals(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    ours = await sign_up(gql)
    theirs = await sign_up(gql, name="Mallory")
    our_ids = await stages(gql, ours)
    await deal(gql, ours, name="Ours", amount=money(9_000_000, "USD"))
    our_stages = await all_stage_ids(app_db, ours.workspace_id)

    async with scoped(app_db, theirs) as session:
        seen = await repository.stage_totals(session, uuid.UUID(theirs.workspace_id), our_stages)
        seen_rows = await session.scalar(text("SELECT count(*) FROM stage_totals"))
        with pytest.raises(DBAPIError):
            async with session.begin_nested():
                await session.execute(
                    text(
                        "INSERT INTO stage_totals (workspace_id, stage_id, currency, deal_count, amount_micros) "
                        "VALUES (:ws, :stage, 'USD', 100, 1)"
                    ),
                    {"ws": ours.workspace_id, "stage": our_ids["Lead"]},
                )
        with pytest.raises(DBAPIError):
            async with session.begin_nested():
                await session.execute(text("UPDATE stage_totals SET deal_count = 100"))
    assert (seen, seen_rows) == ({}, 0)
    await assert_totals_right(app_db, ours.workspace_id, step="untouched")
    assert (await maintained_and_counted(app_db, ours.workspace_id))[0][uuid.UUID(our_ids["Lead"])] == (
        1,
        [("USD", 9_000_000)],
    )


async def test_a_deleted_workspace_takes_its_totals_with_it(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    await deal(gql, account, name="Gone", amount=money(1_000_000, "EUR"))
    async with superuser_db.transaction() as session:
        await session.execute(text("DELETE FROM workspaces WHERE id = :ws"), {"ws": account.workspace_id})
    async with superuser_db.transaction() as session:
        left = await session.scalar(
            text("SELECT count(*) FROM stage_totals WHERE workspace_id = :ws"), {"ws": account.workspace_id}
        )
    assert left == 0
