"""Pipelines and stages through the API: renaming, the default, stage edits and every refusal,
each refusal proved harmless by the pipelines, stages and deals being unchanged."""

from __future__ import annotations

from typing import Any

from rapport.db import Database
from tests.factories import CREATE_DEAL, PIPELINES, Account, GraphQLClient, sign_up
from tests.state import rows

UPDATE_PIPELINE = """mutation($id: UUID!, $name: String!, $default: Boolean! = false) {
  updatePipeline(id: $id, name: $name, isDefault: $default) { id name isDefault } }"""
UPDATE_STAGE = """mutation($id: UUID!, $input: StageInput!) {
  updateStage(id: $id, input: $input) { id name probability kind position } }"""
ADD_STAGE = """mutation($p: UUID!, $input: StageInput!, $position: Int) {
  addStage(pipelineId: $p, input: $input, position: $position) { id name position } }"""
DELETE_STAGE = "mutation($id: UUID!) { deleteStage(id: $id) }"
DELETE_PIPELINE = "mutation($id: UUID!) { deletePipeline(id: $id) }"
REORDER = "mutation($p: UUID!, $s: [UUID!]!) { reorderStages(pipelineId: $p, stageIds: $s) { id } }"
CREATE_PIPELINE = """mutation($name: String!, $stages: [String!]!) {
  createPipeline(name: $name, stages: $stages) { id name isDefault stages { id name kind position } } }"""
TABLES = ("pipelines", "stages", "deals", "activities", "outbox_events")
UNKNOWN = "01890000-0000-7000-8000-000000000000"


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def paths(body: dict[str, Any]) -> list[tuple[object, ...]]:
    return [tuple(f["path"]) for e in body["errors"] for f in e["extensions"].get("fieldErrors", [])]


async def pipelines(gql: GraphQLClient, account: Account) -> list[dict[str, Any]]:
    return list((await gql.data(PIPELINES, token=account.access_token))["pipelines"])


async def create_pipeline(gql: GraphQLClient, account: Account, name: str, stages: list[str]) -> dict[str, Any]:
    data = await gql.data(CREATE_PIPELINE, {"name": name, "stages": stages}, token=account.access_token)
    return dict(data["createPipeline"])


async def test_a_pipeline_is_renamed_and_made_the_default(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    sales = (await pipelines(gql, account))[0]
    partners = await create_pipeline(gql, account, "Partners", ["Intro", "Pilot"])

    renamed = await gql.data(UPDATE_PIPELINE, {"id": partners["id"], "name": "  Channel partners "}, token=token)
    made_default = await gql.data(
        UPDATE_PIPELINE, {"id": partners["id"], "name": "Channel partners", "default": True}, token=token
    )
    deal = (await gql.data(CREATE_DEAL, {"input": {"name": "Reseller"}}, token=token))["createDeal"]
    still_default = await gql.data(UPDATE_PIPELINE, {"id": partners["id"], "name": "Channel"}, token=token)
    listed = await pipelines(gql, account)

    assert renamed["updatePipeline"] == {"id": partners["id"], "name": "Channel partners", "isDefault": False}
    assert made_default["updatePipeline"] == {"id": partners["id"], "name": "Channel partners", "isDefault": True}
    assert (deal["pipeline"]["id"], deal["stage"]["name"]) == (partners["id"], "Intro"), "new deals go to the default"
    assert still_default["updatePipeline"]["isDefault"] is True, "isDefault: false does not unset the default"
    assert [(p["id"], p["name"], p["isDefault"]) for p in listed] == [
        (partners["id"], "Channel", True),
        (sales["id"], "Sales", False),
    ]


async def test_stages_are_renamed_reweighted_and_rekinded(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    partners = await create_pipeline(gql, account, "Partners", ["Intro", "Pilot", "Contract"])
    ids = {stage["name"]: stage["id"] for stage in partners["stages"]}

    renamed = await gql.data(UPDATE_STAGE, {"id": ids["Pilot"], "input": {"name": "Trial"}}, token=token)
    recased = await gql.data(UPDATE_STAGE, {"id": ids["Pilot"], "input": {"name": "trial"}}, token=token)
    weighted = await gql.data(UPDATE_STAGE, {"id": ids["Intro"], "input": {"probability": 0.05}}, token=token)
    rekinded = await gql.data(UPDATE_STAGE, {"id": ids["Contract"], "input": {"kind": "WON"}}, token=token)
    nothing = await gql.data(UPDATE_STAGE, {"id": ids["Intro"], "input": {}}, token=token)
    pipeline = (
        await gql.data(
            "query($id: UUID!) { pipeline(id: $id) { stages { name probability kind position } } }",
            {"id": partners["id"]},
            token=token,
        )
    )["pipeline"]

    assert renamed["updateStage"] == {
        "id": ids["Pilot"],
        "name": "Trial",
        "probability": 0.5,
        "kind": "OPEN",
        "position": 1,
    }
    assert recased["updateStage"]["name"] == "trial", "its own name in another case is no duplicate"
    assert weighted["updateStage"]["probability"] == 0.05
    assert rekinded["updateStage"]["kind"] == "WON"
    assert nothing["updateStage"] == {
        "id": ids["Intro"],
        "name": "Intro",
        "probability": 0.05,
        "kind": "OPEN",
        "position": 0,
    }
    assert [(s["name"], s["probability"], s["kind"], s["position"]) for s in pipeline["stages"]] == [
        ("Intro", 0.05, "OPEN", 0),
        ("trial", 0.5, "OPEN", 1),
        ("Contract", 0.75, "WON", 2),
        ("Won", 1.0, "WON", 3),
        ("Lost", 0.0, "LOST", 4),
    ]


async def test_a_stage_is_deleted_and_the_others_close_up(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    partners = await create_pipeline(gql, account, "Partners", ["Intro", "Pilot", "Contract"])
    ids = {stage["name"]: stage["id"] for stage in partners["stages"]}

    deleted = await gql.data(DELETE_STAGE, {"id": ids["Pilot"]}, token=token)
    closing_deleted = await gql.data(DELETE_STAGE, {"id": ids["Lost"]}, token=token)
    pipeline = (
        await gql.data(
            "query($id: UUID!) { pipeline(id: $id) { stages { id name position } } }",
            {"id": partners["id"]},
            token=token,
        )
    )["pipeline"]
    again = await gql(DELETE_STAGE, {"id": ids["Pilot"]}, token=token)
    removed = await gql.data(DELETE_PIPELINE, {"id": partners["id"]}, token=token)
    gone = await gql("query($id: UUID!) { pipeline(id: $id) { id } }", {"id": partners["id"]}, token=token)

    assert deleted == closing_deleted == {"deleteStage": True}
    assert [(s["name"], s["position"]) for s in pipeline["stages"]] == [("Intro", 0), ("Contract", 1), ("Won", 2)]
    assert codes(again) == ["NOT_FOUND"]
    assert removed == {"deletePipeline": True}
    assert codes(gone) == ["NOT_FOUND"]
    assert [p["name"] for p in await pipelines(gql, account)] == ["Sales"]


async def test_every_refused_pipeline_change_changes_nothing(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    token = account.access_token
    sales = (await pipelines(gql, account))[0]
    sales_ids = {stage["name"]: stage["id"] for stage in sales["stages"]}
    single = await create_pipeline(gql, account, "Single", ["Only"])
    single_ids = {stage["name"]: stage["id"] for stage in single["stages"]}
    busy = (await gql.data(CREATE_DEAL, {"input": {"name": "Busy", "stageId": sales_ids["Qualified"]}}, token=token))[
        "createDeal"
    ]
    other = await sign_up(gql)
    foreign = (await pipelines(gql, other))[0]
    before = await rows(superuser_db, account.workspace_id, *TABLES)

    default_deleted = await gql(DELETE_PIPELINE, {"id": sales["id"]}, token=token)
    duplicate_added = await gql(ADD_STAGE, {"p": sales["id"], "input": {"name": " lead"}}, token=token)
    duplicate_added_exact = await gql(ADD_STAGE, {"p": sales["id"], "input": {"name": "Won"}}, token=token)
    duplicate_renamed = await gql(
        UPDATE_STAGE, {"id": sales_ids["Proposal"], "input": {"name": "qualified"}}, token=token
    )
    nameless_added = await gql(ADD_STAGE, {"p": sales["id"], "input": {"probability": 0.3}}, token=token)
    bad_probability = await gql(UPDATE_STAGE, {"id": sales_ids["Lead"], "input": {"probability": 1.5}}, token=token)
    missing_stage = list(sales_ids.values())[:-1]
    reorder_short = await gql(REORDER, {"p": sales["id"], "s": missing_stage}, token=token)
    reorder_twice = await gql(REORDER, {"p": sales["id"], "s": [*missing_stage, missing_stage[0]]}, token=token)
    reorder_foreign = await gql(REORDER, {"p": sales["id"], "s": [*missing_stage, single_ids["Only"]]}, token=token)
    last_open_deleted = await gql(DELETE_STAGE, {"id": single_ids["Only"]}, token=token)
    last_open_rekinded = await gql(UPDATE_STAGE, {"id": single_ids["Only"], "input": {"kind": "LOST"}}, token=token)
    busy_deleted = await gql(DELETE_STAGE, {"id": sales_ids["Qualified"]}, token=token)
    busy_rekinded = await gql(UPDATE_STAGE, {"id": sales_ids["Qualified"], "input": {"kind": "WON"}}, token=token)
    busy_pipeline_deleted = await gql(DELETE_PIPELINE, {"id": sales["id"]}, token=token)
    empty_name = await gql(UPDATE_PIPELINE, {"id": single["id"], "name": " "}, token=token)
    unknown = [
        await gql(UPDATE_PIPELINE, {"id": UNKNOWN, "name": "x"}, token=token),
        await gql(UPDATE_PIPELINE, {"id": foreign["id"], "name": "x"}, token=token),
        await gql(UPDATE_STAGE, {"id": foreign["stages"][0]["id"], "input": {"name": "x"}}, token=token),
        await gql(DELETE_STAGE, {"id": UNKNOWN}, token=token),
        await gql(ADD_STAGE, {"p": UNKNOWN, "input": {"name": "x"}}, token=token),
        await gql(REORDER, {"p": foreign["id"], "s": [s["id"] for s in foreign["stages"]]}, token=token),
    ]
    after = await rows(superuser_db, account.workspace_id, *TABLES)

    assert codes(default_deleted) == ["CONFLICT"]
    assert default_deleted["errors"][0]["message"] == (
        "The default pipeline cannot be deleted; make another one the default first."
    )
    assert codes(duplicate_added) == ["CONFLICT"]
    assert codes(duplicate_added_exact) == ["CONFLICT"]
    assert codes(duplicate_renamed) == ["CONFLICT"]
    assert duplicate_renamed["errors"][0]["message"] == "This pipeline has a stage named qualified already."
    assert (codes(nameless_added), paths(nameless_added)) == (["BAD_USER_INPUT"], [("input", "name")])
    assert (codes(bad_probability), paths(bad_probability)) == (["BAD_USER_INPUT"], [("input", "probability")])
    for reorder in (reorder_short, reorder_twice, reorder_foreign):
        assert (codes(reorder), paths(reorder)) == (["BAD_USER_INPUT"], [("stageIds",)])
    assert codes(last_open_deleted) == codes(last_open_rekinded) == ["CONFLICT"]
    assert (
        last_open_deleted["errors"][0]["message"]
        == last_open_rekinded["errors"][0]["message"]
        == ("A pipeline needs at least one open stage.")
    )
    assert codes(busy_deleted) == codes(busy_rekinded) == codes(busy_pipeline_deleted) == ["CONFLICT"]
    assert busy_rekinded["errors"][0]["message"] == (
        "This stage still has deals; move them to another stage before changing its kind."
    )
    assert (codes(empty_name), paths(empty_name)) == (["BAD_USER_INPUT"], [("name",)])
    assert [codes(body) for body in unknown] == [["NOT_FOUND"]] * 6
    assert after == before
    assert busy["status"] == "OPEN"


STAGE_PAGE = """query($id: UUID!, $after: String) {
  stage(id: $id) { id name deals(first: 2, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { name } } } } }"""


async def test_a_stage_reads_its_deals_page_by_page_and_only_in_its_workspace(gql: GraphQLClient) -> None:
    account, stranger = await sign_up(gql), await sign_up(gql)
    lead = (await pipelines(gql, account))[0]["stages"][0]
    for name in ("One", "Two", "Three"):
        await gql.data(CREATE_DEAL, {"input": {"name": name, "stageId": lead["id"]}}, token=account.access_token)

    first = await gql.data(STAGE_PAGE, {"id": lead["id"]}, token=account.access_token)
    cursor = first["stage"]["deals"]["pageInfo"]["endCursor"]
    second = await gql.data(STAGE_PAGE, {"id": lead["id"], "after": cursor}, token=account.access_token)
    foreign = await gql(STAGE_PAGE, {"id": lead["id"]}, token=stranger.access_token)
    unknown = await gql(STAGE_PAGE, {"id": UNKNOWN}, token=account.access_token)

    assert (first["stage"]["id"], first["stage"]["name"]) == (lead["id"], lead["name"])
    assert [edge["node"]["name"] for edge in first["stage"]["deals"]["edges"]] == ["One", "Two"]
    assert first["stage"]["deals"]["pageInfo"]["hasNextPage"] is True
    assert [edge["node"]["name"] for edge in second["stage"]["deals"]["edges"]] == ["Three"]
    assert second["stage"]["deals"]["pageInfo"]["hasNextPage"] is False
    assert (codes(foreign), foreign["data"]) == (["NOT_FOUND"], {"stage": None})
    assert (codes(unknown), unknown["data"]) == (["NOT_FOUND"], {"stage": None})
