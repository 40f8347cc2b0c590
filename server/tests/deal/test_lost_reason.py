"""Lost reasons: the workspace's list (admins set it), and a deal's reason while it is lost."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from rapport.db import Database
from tests.deal.test_graphql import codes, deal, stages
from tests.factories import GraphQLClient, join, sign_up
from tests.state import rows

SET = "mutation($reasons: [String!]!) { setLostReasons(reasons: $reasons) }"
LIST = "query { lostReasons }"
MOVE = """
mutation($id: UUID!, $stage: UUID!, $reason: String) {
  moveDeal(id: $id, stageId: $stage, lostReason: $reason) { status lostReason stage { name } }
}
"""
UPDATE = "mutation($id: UUID!, $input: DealInput!) { updateDeal(id: $id, input: $input) { status lostReason } }"
TIMELINE = "query($id: UUID!) { deal(id: $id) { timeline { edges { node { summary changes } } } } }"


async def reasons_in(db: Database, workspace_id: str) -> list[Any]:
    async with db.transaction() as session:
        result = await session.execute(
            text("SELECT position, reason FROM lost_reasons WHERE workspace_id = :ws ORDER BY position"),
            {"ws": workspace_id},
        )
        return [tuple(row) for row in result.all()]


async def test_admins_set_the_list_members_read_it_and_bad_lists_change_nothing(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    member = await sign_up(gql, name="Grace Hopper")
    _, member_token = await join(gql, owner, member, "MEMBER")

    saved = await gql.data(SET, {"reasons": [" Price ", "Timing", "Went with a competitor"]}, token=owner.access_token)
    refused = await gql(SET, {"reasons": ["Nope"]}, token=member_token)
    duplicate = await gql(SET, {"reasons": ["Price", "price", ""]}, token=owner.access_token)

    assert saved["setLostReasons"] == ["Price", "Timing", "Went with a competitor"]
    assert codes(refused) == ["FORBIDDEN"]
    assert codes(duplicate) == ["BAD_USER_INPUT"]
    assert {(tuple(e["path"]), e["message"]) for e in duplicate["errors"][0]["extensions"]["fieldErrors"]} == {
        (("reasons", 1), "This reason is already in the list"),
        (("reasons", 2), "Enter a reason"),
    }
    assert (await gql.data(LIST, token=member_token))["lostReasons"] == ["Price", "Timing", "Went with a competitor"]
    assert await reasons_in(superuser_db, owner.workspace_id) == [
        (0, "Price"),
        (1, "Timing"),
        (2, "Went with a competitor"),
    ]


async def test_a_deal_moved_to_lost_keeps_its_reason_on_the_timeline_and_loses_it_when_reopened(
    gql: GraphQLClient,
) -> None:
    account = await sign_up(gql)
    ids = await stages(gql, account)
    lost = await deal(gql, account, name="Globex renewal")

    moved = await gql.data(
        MOVE, {"id": lost["id"], "stage": ids["Lost"], "reason": "Price"}, token=account.access_token
    )
    changed = await gql.data(UPDATE, {"id": lost["id"], "input": {"lostReason": "Timing"}}, token=account.access_token)
    reopened = await gql.data(MOVE, {"id": lost["id"], "stage": ids["Lead"]}, token=account.access_token)
    timeline = (await gql.data(TIMELINE, {"id": lost["id"]}, token=account.access_token))["deal"]["timeline"]

    assert moved["moveDeal"] == {"status": "LOST", "lostReason": "Price", "stage": {"name": "Lost"}}
    assert changed["updateDeal"] == {"status": "LOST", "lostReason": "Timing"}
    assert reopened["moveDeal"] == {"status": "OPEN", "lostReason": None, "stage": {"name": "Lead"}}
    entries = [edge["node"] for edge in timeline["edges"]]
    assert entries[0] == {
        "summary": "Moved from Lost to Lead",
        "changes": {
            "stage": {"from": "Lost", "to": "Lead"},
            "status": {"from": "LOST", "to": "OPEN"},
            "lostReason": {"from": "Timing", "to": None},
        },
    }
    assert entries[1]["changes"] == {"lostReason": {"from": "Price", "to": "Timing"}}
    assert entries[2]["summary"] == "Moved from Lead to Lost: Price"


async def test_a_reason_for_an_open_deal_or_too_long_is_refused_and_changes_nothing(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    ids = await stages(gql, account)
    open_deal = await deal(gql, account, name="Initech")
    before = await rows(superuser_db, account.workspace_id, "deals", "activities")

    on_open = await gql(
        MOVE, {"id": open_deal["id"], "stage": ids["Qualified"], "reason": "Price"}, token=account.access_token
    )
    by_update = await gql(UPDATE, {"id": open_deal["id"], "input": {"lostReason": "Price"}}, token=account.access_token)
    too_long = await gql(
        MOVE, {"id": open_deal["id"], "stage": ids["Lost"], "reason": "x" * 301}, token=account.access_token
    )

    assert codes(on_open) == codes(by_update) == codes(too_long) == ["BAD_USER_INPUT"]
    assert by_update["errors"][0]["extensions"]["fieldErrors"] == [
        {"path": ["input", "lostReason"], "message": "Only a lost deal has a lost reason"}
    ]
    assert await rows(superuser_db, account.workspace_id, "deals", "activities") == before


STATS = "query { dealStats { lostReasons { reason count } } }"


async def test_the_dashboard_counts_lost_deals_by_reason(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    ids = await stages(gql, account)
    for name, reason in [("A", "Price"), ("B", "Timing"), ("C", "Price"), ("D", None)]:
        created = await deal(gql, account, name=name)
        await gql.data(MOVE, {"id": created["id"], "stage": ids["Lost"], "reason": reason}, token=account.access_token)
    await deal(gql, account, name="Still open")

    stats = await gql.data(STATS, token=account.access_token)

    assert stats["dealStats"]["lostReasons"] == [
        {"reason": "Price", "count": 2},
        {"reason": "Timing", "count": 1},
        {"reason": None, "count": 1},
    ]
