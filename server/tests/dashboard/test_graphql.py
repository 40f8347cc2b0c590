"""The dashboard's figures: a pipeline's value by stage and the deals closed month by month."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text

from rapport.db import Database
from tests.factories import (
    CREATE_DEAL,
    PIPELINES,
    Account,
    GraphQLClient,
    join,
    sign_up,
)

STATS = """
query($pipeline: UUID, $months: Int = 12) {
  dealStats(pipelineId: $pipeline) {
    pipeline { name }
    byStage { stage { name kind probability } count amount { amountMicros currency }
      weightedAmount { amountMicros currency } }
    closedByMonth(months: $months) { month won lost wonAmount { amountMicros currency } }
  }
}
"""
MOVE = "mutation($id: UUID!, $stage: UUID!) { moveDeal(id: $id, stageId: $stage) { id status } }"


def money(units: int, currency: str = "EUR") -> dict[str, str]:
    return {"amountMicros": str(units * 1_000_000), "currency": currency}


def months_back(count: int, today: date) -> list[str]:
    """The first days of the last `count` months, oldest first."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(count):
        firsts.append(date(year, month, 1).isoformat())
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


async def stages(gql: GraphQLClient, account: Account) -> dict[str, str]:
    pipeline = (await gql.data(PIPELINES, token=account.access_token))["pipelines"][0]
    return {stage["name"]: stage["id"] for stage in pipeline["stages"]} | {"pipeline": pipeline["id"]}


async def deal(gql: GraphQLClient, account: Account, **fields: Any) -> str:
    return str((await gql.data(CREATE_DEAL, {"input": fields}, token=account.access_token))["createDeal"]["id"])


async def stats(gql: GraphQLClient, account: Account, **variables: Any) -> dict[str, Any]:
    return dict((await gql.data(STATS, variables, token=account.access_token))["dealStats"])


async def test_a_new_workspace_has_every_stage_and_twelve_empty_months(gql: GraphQLClient) -> None:
    account = await sign_up(gql)

    result = await stats(gql, account)

    assert result["pipeline"] == {"name": "Sales"}
    assert [(s["stage"]["name"], s["count"], s["amount"], s["weightedAmount"]) for s in result["byStage"]] == [
        ("Lead", 0, [], []),
        ("Qualified", 0, [], []),
        ("Proposal", 0, [], []),
        ("Negotiation", 0, [], []),
        ("Won", 0, [], []),
        ("Lost", 0, [], []),
    ]
    today = datetime.now(UTC).date()
    assert [m["month"] for m in result["closedByMonth"]] == months_back(12, today)
    assert all((m["won"], m["lost"], m["wonAmount"]) == (0, 0, []) for m in result["closedByMonth"])


async def test_stages_sum_live_deals_per_currency_and_weight_them_by_probability(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    ids = await stages(gql, account)
    await deal(gql, account, name="A", amount=money(1000), stageId=ids["Proposal"])
    await deal(gql, account, name="B", amount=money(3001), stageId=ids["Proposal"])
    await deal(gql, account, name="C", amount=money(200, "USD"), stageId=ids["Proposal"])
    await deal(gql, account, name="No amount", stageId=ids["Lead"])
    await deal(gql, account, name="D", amount=money(400), stageId=ids["Negotiation"])
    deleted = await deal(gql, account, name="Deleted", amount=money(9999), stageId=ids["Negotiation"])
    await gql.data("mutation($id: UUID!) { deleteDeal(id: $id) }", {"id": deleted}, token=account.access_token)
    moved = await deal(gql, account, name="Moved on", amount=money(50, "GBP"), stageId=ids["Qualified"])
    await gql.data(
        "mutation($id: UUID!, $stage: UUID!) { moveDeal(id: $id, stageId: $stage) { id } }",
        {"id": moved, "stage": ids["Negotiation"]},
        token=account.access_token,
    )

    by_stage = {s["stage"]["name"]: s for s in (await stats(gql, account))["byStage"]}

    assert by_stage["Lead"]["count"] == 1
    assert by_stage["Lead"]["amount"] == []
    assert by_stage["Proposal"]["count"] == 3
    assert by_stage["Proposal"]["amount"] == [money(4001), money(200, "USD")]
    assert by_stage["Proposal"]["weightedAmount"] == [
        {"amountMicros": "2000500000", "currency": "EUR"},
        money(100, "USD"),
    ]
    assert by_stage["Negotiation"]["count"] == 2, "a deleted deal counts nowhere"
    assert by_stage["Negotiation"]["amount"] == [money(400), money(50, "GBP")]
    assert by_stage["Negotiation"]["weightedAmount"] == [money(300), {"amountMicros": "37500000", "currency": "GBP"}]
    assert (by_stage["Qualified"]["count"], by_stage["Qualified"]["amount"]) == (0, []), "a deal that moved on"


async def test_closed_deals_count_in_the_month_they_closed(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    ids = await stages(gql, account)
    won_now = await deal(gql, account, name="Won now", amount=money(500))
    won_earlier = await deal(gql, account, name="Won earlier", amount=money(700, "USD"))
    lost_earlier = await deal(gql, account, name="Lost earlier", amount=money(900))
    too_old = await deal(gql, account, name="Too old", amount=money(100))
    reopened = await deal(gql, account, name="Reopened", amount=money(100))
    for deal_id, stage in (
        (won_now, "Won"),
        (won_earlier, "Won"),
        (lost_earlier, "Lost"),
        (too_old, "Won"),
        (reopened, "Lost"),
    ):
        await gql.data(MOVE, {"id": deal_id, "stage": ids[stage]}, token=account.access_token)
    await gql.data(MOVE, {"id": reopened, "stage": ids["Lead"]}, token=account.access_token)
    today = datetime.now(UTC).date()
    months = months_back(13, today)
    async with superuser_db.transaction() as session:
        for deal_id, month in ((won_earlier, months[-3]), (lost_earlier, months[-3]), (too_old, months[0])):
            await session.execute(
                text("UPDATE deals SET closed_at = CAST(:at AS date) + interval '2 days' WHERE id = :id"),
                {"at": date.fromisoformat(month), "id": deal_id},
            )

    closed = (await stats(gql, account))["closedByMonth"]

    assert len(closed) == 12
    assert [m["month"] for m in closed] == months[1:]
    assert closed[-1] == {"month": months[-1], "won": 1, "lost": 0, "wonAmount": [money(500)]}
    assert closed[-3] == {"month": months[-3], "won": 1, "lost": 1, "wonAmount": [money(700, "USD")]}
    assert sum(m["won"] + m["lost"] for m in closed) == 3, "older than 12 months, or reopened: not counted"
    three = (await stats(gql, account, months=3))["closedByMonth"]
    assert [m["month"] for m in three] == months[-3:]


async def test_figures_are_per_pipeline(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    created = await gql.data(
        'mutation { createPipeline(name: "Partners", stages: ["Intro", "Signed"]) { id stages { id name } } }',
        token=account.access_token,
    )
    pipeline = created["createPipeline"]
    await deal(gql, account, name="Partner deal", amount=money(50), pipelineId=pipeline["id"])
    await deal(gql, account, name="Sales deal", amount=money(80))

    partners = await stats(gql, account, pipeline=pipeline["id"])
    sales = await stats(gql, account)

    assert partners["pipeline"]["name"] == "Partners"
    assert [(s["stage"]["name"], s["count"]) for s in partners["byStage"]] == [
        ("Intro", 1),
        ("Signed", 0),
        ("Won", 0),
        ("Lost", 0),
    ]
    assert sum(s["count"] for s in sales["byStage"]) == 1


async def test_a_viewer_reads_the_figures_and_bad_arguments_are_refused(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    viewer = await sign_up(gql)
    _, viewer_token = await join(gql, owner, viewer, "VIEWER")
    await deal(gql, owner, name="Visible", amount=money(10))

    seen = await gql.data(STATS, {}, token=viewer_token)
    too_many = await gql(STATS, {"months": 37}, token=owner.access_token)
    nowhere = await gql(STATS, {"pipeline": "01890000-0000-7000-8000-000000000000"}, token=owner.access_token)
    signed_out = await gql(STATS, {})

    assert seen["dealStats"]["byStage"][0]["count"] == 1
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert nowhere["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert signed_out["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
