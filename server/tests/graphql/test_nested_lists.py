"""Nested lists resolve many fields concurrently on the request's one session (issue 17, crash 2).

When one field failed, graphql-core cancelled its siblings in the middle of their statements, or left
them running after the transaction closed: the fields that were fine answered INTERNAL_SERVER_ERROR
(`connection is closed`, `got result for unknown protocol state`) instead of the one documented error.
"""

from __future__ import annotations

import httpx

from tests.factories import CREATE_CONTACT, CREATE_DEAL, PIPELINES, GraphQLClient, sign_up
from tests.graphql.test_compiler import both, differences

SOURCE_FIELD = (
    'mutation { createFieldDefinition(input: {objectType: DEAL, key: "source", label: "Source", type: TEXT}) { id } }'
)
STAGE_DEALS = """
query($good: DealFilter, $bad: DealFilter) {
  pipelines { id stages { id
    good: deals(filter: $good) { totalCount edges { node { id stage { id } company { id } } } }
    bad: deals(filter: $bad) { totalCount }
  } }
}
"""
GOOD_ONLY = """
query($good: DealFilter) { pipelines { id stages { id deals(filter: $good) { totalCount edges { node { id } } } } } }
"""


def combined_filter(pipeline_id: str) -> dict[str, object]:
    return {
        "or": [
            {"pipelineId": {"eq": pipeline_id, "isNull": False}},
            {"createdAt": {"gte": "2000-01-01T00:00:00Z", "lte": "2999-01-01T00:00:00Z"}},
        ],
        "customField": {"key": "source", "string": {"isNull": True}},
    }


async def test_stage_deals_with_a_combined_filter_answer_for_every_stage(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    token = owner.access_token
    await gql.data(SOURCE_FIELD, token=token)
    for name in ("Renewals", "Partners"):
        await gql.data(f'mutation {{ createPipeline(name: "{name}", stages: ["a", "b", "c"]) {{ id }} }}', token=token)
    default = (await gql.data(PIPELINES, token=token))["pipelines"][0]
    deal = (await gql.data(CREATE_DEAL, {"input": {"name": "Big one"}}, token=token))["createDeal"]

    data = await gql.data(GOOD_ONLY, {"good": combined_filter(default["id"])}, token=token)

    by_pipeline = {p["id"]: [s["deals"]["totalCount"] for s in p["stages"]] for p in data["pipelines"]}
    assert sum(sum(counts) for counts in by_pipeline.values()) == 1
    first_stage = data["pipelines"][0]["stages"][0]
    assert data["pipelines"][0]["id"] == default["id"]
    assert first_stage["deals"]["edges"] == [{"node": {"id": deal["id"]}}]


async def test_a_failing_sibling_leaves_one_bad_user_input_and_no_internal_error(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    token = owner.access_token
    await gql.data(SOURCE_FIELD, token=token)
    for name in ("Renewals", "Partners", "Channel"):
        await gql.data(
            f'mutation {{ createPipeline(name: "{name}", stages: ["a", "b", "c", "d"]) {{ id }} }}', token=token
        )
    default = (await gql.data(PIPELINES, token=token))["pipelines"][0]
    await gql.data(CREATE_DEAL, {"input": {"name": "Big one"}}, token=token)
    variables = {
        "good": combined_filter(default["id"]),
        "bad": {"or": [{"customField": {"key": "nope", "string": {"eq": "x"}}}]},
    }

    # Before the fix every one of these answered INTERNAL_SERVER_ERROR for a `good` field.
    for _ in range(5):
        body = await gql(STAGE_DEALS, variables, token=token)

        assert body["data"] is None
        assert {error["extensions"]["code"] for error in body["errors"]} == {"BAD_USER_INPUT"}
        assert body["errors"][0]["path"][-1] == "bad"
        assert body["errors"][0]["extensions"]["fieldErrors"] == [
            {"path": ["filter", "or", 0, "customField", "key"], "message": "unknown custom field"}
        ]

    # The session is still sound: the same request without the bad field answers.
    data = await gql.data(GOOD_ONLY, {"good": variables["good"]}, token=token)
    assert len(data["pipelines"]) == 4


CONTACT_DEALS = """query($id: UUID!) {
  contact(id: $id) { id name dealCount deals(first: 100) { totalCount edges { node { id name } } } }
}"""


async def test_a_contacts_deals_are_the_deals_it_takes_part_in_on_both_paths(
    gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    """The compiled path once answered `contact { deals }` (the contact alone in the document) with every
    deal of the workspace."""
    account = await sign_up(gql)
    token = account.access_token
    ada = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ada"}}, token=token))["createContact"]["id"]
    grace = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Grace"}}, token=token))["createContact"]["id"]
    hers = (await gql.data(CREATE_DEAL, {"input": {"name": "Hers"}}, token=token))["createDeal"]["id"]
    await gql.data(CREATE_DEAL, {"input": {"name": "Nobody's"}}, token=token)
    link = "mutation($d: UUID!, $c: UUID!) { setDealContact(dealId: $d, contactId: $c) { id } }"
    await gql.data(link, {"d": hers, "c": ada}, token=token)

    for contact, expected in ((ada, [{"node": {"id": hers, "name": "Hers"}}]), (grace, [])):
        compiled, executed = await both(http, token, CONTACT_DEALS, {"id": contact})
        assert compiled == executed, differences(compiled, executed)
        deals = compiled["data"]["contact"]["deals"]
        assert (deals["totalCount"], deals["edges"]) == (len(expected), expected)
        assert compiled["data"]["contact"]["dealCount"] == len(expected)
