"""Deals in pipelines: the default pipeline, the kanban drag, closing by stage kind, contacts with roles."""

from __future__ import annotations

from typing import Any

from rapport.db import Database
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, CREATE_DEAL, PIPELINES, Account, GraphQLClient, sign_up
from tests.state import rows

MOVE = """
mutation($id: UUID!, $stage: UUID!, $position: Float) {
  moveDeal(id: $id, stageId: $stage, position: $position) { id position status closedAt stage { name } }
}
"""
KANBAN = """
query($id: UUID!) { pipeline(id: $id) { name stages { name dealCount totalAmount { amountMicros currency }
  deals(first: 50) { totalCount edges { node { name position amount { amountMicros currency } company { name } } } } } } }
"""
DEAL_PAGE = """
query($id: UUID!) { deal(id: $id) { name status expectedCloseDate amount { amountMicros currency }
  contacts { role contact { name } } timeline { edges { node { kind summary changes } } } } }
"""


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def stages(gql: GraphQLClient, account: Account) -> dict[str, str]:
    pipeline = (await gql.data(PIPELINES, token=account.access_token))["pipelines"][0]
    return {stage["name"]: stage["id"] for stage in pipeline["stages"]} | {"pipeline": pipeline["id"]}


async def deal(gql: GraphQLClient, account: Account, **fields: Any) -> dict[str, Any]:
    return (await gql.data(CREATE_DEAL, {"input": fields}, token=account.access_token))["createDeal"]


async def test_a_new_workspace_has_a_default_sales_pipeline(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    pipelines = (await gql.data(PIPELINES, token=account.access_token))["pipelines"]

    assert [(p["name"], p["isDefault"]) for p in pipelines] == [("Sales", True)]
    assert [(s["name"], s["kind"], s["probability"], s["position"]) for s in pipelines[0]["stages"]] == [
        ("Lead", "OPEN", 0.1, 0),
        ("Qualified", "OPEN", 0.25, 1),
        ("Proposal", "OPEN", 0.5, 2),
        ("Negotiation", "OPEN", 0.75, 3),
        ("Won", "WON", 1.0, 4),
        ("Lost", "LOST", 0.0, 5),
    ]


async def test_deals_start_in_the_first_open_stage_and_append_to_the_column(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    first = await deal(gql, account, name="One", amount={"amountMicros": "5000000000", "currency": "eur"})
    second = await deal(gql, account, name="Two")

    assert first["stage"]["name"] == "Lead"
    assert first["status"] == "OPEN"
    assert second["position"] > first["position"]


async def test_moving_a_deal_orders_the_column_closes_it_and_writes_the_timeline(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    ids = await stages(gql, account)
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Acme Corp"}}, token=account.access_token))[
        "createCompany"
    ]
    a = await deal(
        gql, account, name="A", amount={"amountMicros": "1000000", "currency": "USD"}, companyId=company["id"]
    )
    b = await deal(gql, account, name="B", amount={"amountMicros": "2500000", "currency": "USD"})
    c = await deal(gql, account, name="C", amount={"amountMicros": "7000000", "currency": "EUR"})

    between = (a["position"] + b["position"]) / 2
    await gql.data(MOVE, {"id": c["id"], "stage": ids["Lead"], "position": between}, token=account.access_token)
    moved = await gql.data(MOVE, {"id": b["id"], "stage": ids["Qualified"]}, token=account.access_token)
    won = await gql.data(MOVE, {"id": a["id"], "stage": ids["Won"]}, token=account.access_token)
    kanban = (await gql.data(KANBAN, {"id": ids["pipeline"]}, token=account.access_token))["pipeline"]
    reopened = await gql.data(MOVE, {"id": a["id"], "stage": ids["Proposal"]}, token=account.access_token)
    page = (await gql.data(DEAL_PAGE, {"id": a["id"]}, token=account.access_token))["deal"]

    columns = {stage["name"]: stage for stage in kanban["stages"]}
    assert moved["moveDeal"]["stage"]["name"] == "Qualified"
    assert won["moveDeal"]["status"] == "WON"
    assert won["moveDeal"]["closedAt"] is not None
    assert [e["node"]["name"] for e in columns["Lead"]["deals"]["edges"]] == ["C"]
    assert columns["Lead"]["totalAmount"] == [{"amountMicros": "7000000", "currency": "EUR"}]
    assert (columns["Qualified"]["dealCount"], columns["Won"]["dealCount"], columns["Lost"]["dealCount"]) == (1, 1, 0)
    assert columns["Won"]["deals"]["edges"][0]["node"]["company"] == {"name": "Acme Corp"}
    assert columns["Won"]["totalAmount"] == [{"amountMicros": "1000000", "currency": "USD"}]
    assert reopened["moveDeal"]["status"] == "OPEN"
    assert reopened["moveDeal"]["closedAt"] is None
    entries = [edge["node"] for edge in page["timeline"]["edges"]]
    assert [e["kind"] for e in entries] == ["STAGE_CHANGED", "STAGE_CHANGED", "CREATED"]
    assert entries[1]["summary"] == "Moved from Lead to Won"
    assert entries[1]["changes"] == {"stage": {"from": "Lead", "to": "Won"}, "status": {"from": "OPEN", "to": "WON"}}


async def test_kanban_orders_a_column_by_position(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    ids = await stages(gql, account)
    made = [await deal(gql, account, name=name) for name in ("first", "second", "third")]
    await gql.data(
        MOVE,
        {"id": made[2]["id"], "stage": ids["Lead"], "position": made[0]["position"] - 1},
        token=account.access_token,
    )

    kanban = (await gql.data(KANBAN, {"id": ids["pipeline"]}, token=account.access_token))["pipeline"]

    lead = next(stage for stage in kanban["stages"] if stage["name"] == "Lead")
    assert [edge["node"]["name"] for edge in lead["deals"]["edges"]] == ["third", "first", "second"]
    assert lead["deals"]["totalCount"] == 3


async def test_deal_contacts_with_roles_and_bad_deal_input(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    contact = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Dana", "lastName": "Scully"}}, token=token))[
        "createContact"
    ]
    made = await deal(gql, account, name="X-Files", expectedCloseDate="2027-03-31")
    set_role = (
        "mutation($d: UUID!, $c: UUID!, $r: String) { setDealContact(dealId: $d, contactId: $c, role: $r) { id } }"
    )

    await gql.data(set_role, {"d": made["id"], "c": contact["id"], "r": "champion"}, token=token)
    await gql.data(set_role, {"d": made["id"], "c": contact["id"], "r": "decision maker"}, token=token)
    page = (await gql.data(DEAL_PAGE, {"id": made["id"]}, token=token))["deal"]
    removed = await gql.data(
        "mutation($d: UUID!, $c: UUID!) { removeDealContact(dealId: $d, contactId: $c) { contacts { role } } }",
        {"d": made["id"], "c": contact["id"]},
        token=token,
    )
    contact_deals = await gql.data(
        "query($id: UUID!) { contact(id: $id) { dealCount } }", {"id": contact["id"]}, token=token
    )

    assert page["contacts"] == [{"role": "decision maker", "contact": {"name": "Dana Scully"}}]
    assert page["expectedCloseDate"] == "2027-03-31"
    assert removed["removeDealContact"]["contacts"] == []
    assert contact_deals["contact"]["dealCount"] == 0
    for fields, path in (
        ({"name": ""}, ["input", "name"]),
        ({"name": "x", "amount": {"amountMicros": "1.5", "currency": "EUR"}}, ["input", "amount", "amountMicros"]),
        ({"name": "x", "amount": {"amountMicros": "10", "currency": "EURO"}}, ["input", "amount", "currency"]),
        ({"name": "x", "expectedCloseDate": "31/03/2027"}, ["input", "expectedCloseDate"]),
        ({"name": "x", "customFields": {"unknown": 1}}, ["input", "customFields", "unknown"]),
    ):
        body = await gql(CREATE_DEAL, {"input": fields}, token=token)
        assert codes(body) == ["BAD_USER_INPUT"], (fields, body)
        assert body["errors"][0]["extensions"]["fieldErrors"][0]["path"] == path


async def test_pipelines_and_stages_are_managed_by_admins(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    created = await gql.data(
        'mutation { createPipeline(name: "Partners", stages: ["Intro", "Pilot", "Won"]) { id name isDefault stages { name kind probability } } }',
        token=token,
    )
    pipeline = created["createPipeline"]
    added = await gql.data(
        'mutation($p: UUID!) { addStage(pipelineId: $p, input: {name: "Contract", probability: 0.9}, position: 2) { id position } }',
        {"p": pipeline["id"]},
        token=token,
    )
    after_add = await gql.data(
        "query($p: UUID!) { pipeline(id: $p) { stages { id name position } } }", {"p": pipeline["id"]}, token=token
    )
    order = [stage["id"] for stage in reversed(after_add["pipeline"]["stages"])]
    await gql.data(
        "mutation($p: UUID!, $s: [UUID!]!) { reorderStages(pipelineId: $p, stageIds: $s) { id } }",
        {"p": pipeline["id"], "s": order},
        token=token,
    )
    reordered = await gql.data(
        "query($p: UUID!) { pipeline(id: $p) { stages { name } } }", {"p": pipeline["id"]}, token=token
    )
    in_use = await deal(gql, account, name="Partner deal", pipelineId=pipeline["id"])
    delete_used = await gql("mutation($p: UUID!) { deletePipeline(id: $p) }", {"p": pipeline["id"]}, token=token)
    duplicate = await gql('mutation { createPipeline(name: "Dup", stages: ["A", "a"]) { id } }', token=token)

    assert pipeline["isDefault"] is False
    assert [(s["name"], s["kind"]) for s in pipeline["stages"]] == [
        ("Intro", "OPEN"),
        ("Pilot", "OPEN"),
        ("Won", "WON"),
        ("Lost", "LOST"),
    ]
    assert added["addStage"]["position"] == 2
    assert [s["name"] for s in after_add["pipeline"]["stages"]] == ["Intro", "Pilot", "Contract", "Won", "Lost"]
    assert [s["name"] for s in reordered["pipeline"]["stages"]] == ["Lost", "Won", "Contract", "Pilot", "Intro"]
    assert in_use["stage"]["name"] == "Contract", "the first open stage in the new order"
    assert codes(delete_used) == ["CONFLICT"]
    assert codes(duplicate) == ["BAD_USER_INPUT"]


UPDATE_DEAL = """mutation($id: UUID!, $input: DealInput!) { updateDeal(id: $id, input: $input) {
  id name status closedAt expectedCloseDate amount { amountMicros currency } customFields
  stage { name } pipeline { name } company { name } } }"""
DEAL_TABLES = ("deals", "activities", "outbox_events")


async def test_update_changes_fields_moves_between_pipelines_and_logs_each_change(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    ids = await stages(gql, account)
    await gql.data(
        'mutation { createFieldDefinition(input: {objectType: DEAL, key: "plan", label: "Plan", type: TEXT}) { id } }',
        token=token,
    )
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Soylent"}}, token=token))["createCompany"]
    partners = (
        await gql.data('mutation { createPipeline(name: "Partners", stages: ["Intro", "Pilot"]) { id } }', token=token)
    )["createPipeline"]
    created = await deal(gql, account, name="Green")

    fields = await gql.data(
        UPDATE_DEAL,
        {
            "id": created["id"],
            "input": {
                "name": "Green deal",
                "amount": {"amountMicros": "1500000000", "currency": "usd"},
                "expectedCloseDate": "2027-03-31",
                "companyId": company["id"],
                "customFields": {"plan": "enterprise"},
            },
        },
        token=token,
    )
    won = await gql.data(UPDATE_DEAL, {"id": created["id"], "input": {"stageId": ids["Won"]}}, token=token)
    other_pipeline = await gql.data(
        UPDATE_DEAL, {"id": created["id"], "input": {"pipelineId": partners["id"]}}, token=token
    )
    no_op = await gql.data(
        UPDATE_DEAL, {"id": created["id"], "input": {"name": "Green deal", "pipelineId": partners["id"]}}, token=token
    )
    cleared = await gql.data(UPDATE_DEAL, {"id": created["id"], "input": {"amount": None}}, token=token)
    page = (await gql.data(DEAL_PAGE, {"id": created["id"]}, token=token))["deal"]

    assert fields["updateDeal"] == {
        "id": created["id"],
        "name": "Green deal",
        "status": "OPEN",
        "closedAt": None,
        "expectedCloseDate": "2027-03-31",
        "amount": {"amountMicros": "1500000000", "currency": "USD"},
        "customFields": {"plan": "enterprise"},
        "stage": {"name": "Lead"},
        "pipeline": {"name": "Sales"},
        "company": {"name": "Soylent"},
    }
    assert (won["updateDeal"]["stage"], won["updateDeal"]["status"]) == ({"name": "Won"}, "WON")
    assert won["updateDeal"]["closedAt"] is not None
    moved = other_pipeline["updateDeal"]
    assert (moved["pipeline"], moved["stage"], moved["status"], moved["closedAt"]) == (
        {"name": "Partners"},
        {"name": "Intro"},
        "OPEN",
        None,
    ), "another pipeline: its first open stage, and the deal is open again"
    assert no_op["updateDeal"] == moved
    assert cleared["updateDeal"]["amount"] is None
    entries = [edge["node"] for edge in page["timeline"]["edges"]]
    assert [(e["kind"], e["summary"]) for e in entries] == [
        ("UPDATED", "Updated amountMicros, currency"),
        ("STAGE_CHANGED", "Moved from Won to Intro"),
        ("STAGE_CHANGED", "Moved from Lead to Won"),
        ("UPDATED", "Updated name, amountMicros, currency, expectedCloseDate, companyId, customFields"),
        ("CREATED", "Created deal Green in Lead"),
    ]
    assert entries[0]["changes"] == {
        "amountMicros": {"from": 1500000000, "to": None},
        "currency": {"from": "USD", "to": None},
    }
    assert entries[1]["changes"] == {"stage": {"from": "Won", "to": "Intro"}, "status": {"from": "WON", "to": "OPEN"}}


async def test_a_refused_deal_update_changes_nothing(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    token = account.access_token
    ids = await stages(gql, account)
    await gql.data(
        'mutation { createFieldDefinition(input: {objectType: DEAL, key: "seats", label: "Seats", type: NUMBER}) { id } }',
        token=token,
    )
    partners = (await gql.data('mutation { createPipeline(name: "Partners", stages: ["Intro"]) { id } }', token=token))[
        "createPipeline"
    ]
    created = await deal(gql, account, name="Steady")
    unknown = "01890000-0000-7000-8000-000000000000"
    before = await rows(superuser_db, account.workspace_id, *DEAL_TABLES)

    refused = [
        # A valid move with an invalid custom field: the move must not stay behind.
        await gql(
            UPDATE_DEAL,
            {"id": created["id"], "input": {"stageId": ids["Won"], "customFields": {"seats": "x"}}},
            token=token,
        ),
        await gql(
            UPDATE_DEAL,
            {"id": created["id"], "input": {"stageId": ids["Won"], "pipelineId": partners["id"]}},
            token=token,
        ),
        await gql(UPDATE_DEAL, {"id": created["id"], "input": {"name": ""}}, token=token),
        await gql(UPDATE_DEAL, {"id": created["id"], "input": {"expectedCloseDate": "31/03/2027"}}, token=token),
        await gql(UPDATE_DEAL, {"id": created["id"], "input": {"companyId": unknown}}, token=token),
        await gql(UPDATE_DEAL, {"id": created["id"], "input": {"stageId": unknown}}, token=token),
        await gql(UPDATE_DEAL, {"id": unknown, "input": {"name": "x"}}, token=token),
    ]
    after = await rows(superuser_db, account.workspace_id, *DEAL_TABLES)

    assert [codes(body) for body in refused] == [
        ["BAD_USER_INPUT"],
        ["BAD_USER_INPUT"],
        ["BAD_USER_INPUT"],
        ["BAD_USER_INPUT"],
        ["NOT_FOUND"],
        ["NOT_FOUND"],
        ["NOT_FOUND"],
    ]
    assert [
        [tuple(f["path"]) for f in body["errors"][0]["extensions"].get("fieldErrors", [])] for body in refused[:4]
    ] == [
        [("input", "customFields", "seats")],
        [("input", "stageId")],
        [("input", "name")],
        [("input", "expectedCloseDate")],
    ]
    assert after == before


async def test_a_deleted_deal_is_restored_to_its_stage(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    ids = await stages(gql, account)
    created = await deal(gql, account, name="Phoenix", stageId=ids["Proposal"])
    await gql.data("mutation($id: UUID!) { deleteDeal(id: $id) }", {"id": created["id"]}, token=token)
    hidden = await gql.data(KANBAN, {"id": ids["pipeline"]}, token=token)

    restored = await gql.data(
        "mutation($id: UUID!) { restoreDeal(id: $id) { id name status stage { name } } }",
        {"id": created["id"]},
        token=token,
    )
    again = await gql.data("mutation($id: UUID!) { restoreDeal(id: $id) { id } }", {"id": created["id"]}, token=token)
    unknown = await gql(
        "mutation($id: UUID!) { restoreDeal(id: $id) { id } }",
        {"id": "01890000-0000-7000-8000-000000000000"},
        token=token,
    )
    shown = await gql.data(KANBAN, {"id": ids["pipeline"]}, token=token)
    page = (await gql.data(DEAL_PAGE, {"id": created["id"]}, token=token))["deal"]

    def proposal_names(kanban: dict[str, Any]) -> list[str]:
        (stage,) = [s for s in kanban["pipeline"]["stages"] if s["name"] == "Proposal"]
        return [edge["node"]["name"] for edge in stage["deals"]["edges"]]

    assert proposal_names(hidden) == []
    assert restored["restoreDeal"] == {
        "id": created["id"],
        "name": "Phoenix",
        "status": "OPEN",
        "stage": {"name": "Proposal"},
    }
    assert again["restoreDeal"] == {"id": created["id"]}
    assert codes(unknown) == ["NOT_FOUND"]
    assert proposal_names(shown) == ["Phoenix"]
    assert [(e["node"]["kind"], e["node"]["summary"]) for e in page["timeline"]["edges"]] == [
        ("RESTORED", "Restored deal Phoenix"),
        ("DELETED", "Deleted deal Phoenix"),
        ("CREATED", "Created deal Phoenix in Proposal"),
    ]
