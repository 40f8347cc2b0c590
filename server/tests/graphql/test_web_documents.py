"""Every query the web app sends gives the same answer on the compiled path and on the executor,
and the list, record page, kanban and search queries take the compiled path.

The documents are the web app's own, read from its generated and committed `web/src/gql/gql.ts`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    Node,
    OperationDefinitionNode,
    OperationType,
    parse,
    print_ast,
    visit,
)
from graphql.language import Visitor

from rapport.config import Settings
from rapport.graphql.cost import operation_cost
from rapport.graphql.schema import build_schema
from rapport.kit.pagination import MAX_PAGE_SIZE
from tests.conftest import TEST_SECRET
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, GraphQLClient, sign_up
from tests.graphql.test_compiler import differences, normalise

GQL_TS = Path(__file__).resolve().parents[3] / "web" / "src" / "gql" / "gql.ts"

# The queries answered without the executor: the lists, the record pages, the kanban (each one SQL
# statement), and search.
MUST_COMPILE = {
    "ContactsList",
    "CompaniesList",
    "DealsTable",
    "ContactRecord",
    "CompanyRecord",
    "DealRecord",
    "DealsBoard",
    # `me` alone (graphql/compiled/viewer.py); the shell's Viewer asks for workspaces and members too,
    # which the executor answers.
    "SignedInEmail",
    # `search` alone (graphql/compiled/search.py): the palette as one types, and the results page.
    "PaletteSearch",
    "SearchResults",
}
# Not a first paint: a kanban column's next page (StageDealsPage) reads `stage(id) { deals(after:) }`, which
# the compiler leaves to the executor; it is still compared above.


def web_queries() -> dict[str, str]:
    """Each query operation of the web app with the fragments it uses, by operation name."""
    source = GQL_TS.read_text()
    literals = re.findall(r'^    ("(?:[^"\\]|\\.)*"): typeof types\.\w+,$', source, re.MULTILINE)
    documents = [parse(json.loads(literal)) for literal in literals]
    fragments = {
        definition.name.value: definition
        for document in documents
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    queries = {}
    for document in documents:
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.operation == OperationType.QUERY:
                assert definition.name is not None
                used = _fragments_used(definition, fragments)
                queries[definition.name.value] = "\n".join(print_ast(node) for node in [definition, *used])
    return queries


class Spreads(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: Any) -> None:
        self.names.append(spread.name.value)


def _fragments_used(node: Node, fragments: dict[str, FragmentDefinitionNode]) -> list[FragmentDefinitionNode]:
    found: dict[str, FragmentDefinitionNode] = {}
    pending = [node]
    while pending:
        spreads = Spreads()
        visit(pending.pop(), spreads)
        for name in spreads.names:
            if name not in found:
                found[name] = fragments[name]
                pending.append(fragments[name])
    return [found[name] for name in sorted(found)]


def forced_to_executor(query: str) -> str:
    """The same document with a no-op directive on its first root field: the compiler declines it."""
    operation = next(d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode))
    first = operation.selection_set.selections[0]
    assert isinstance(first, FieldNode)
    assert first.loc is not None
    if first.selection_set is None:
        return f"{query[: first.loc.end]} @include(if: true){query[first.loc.end :]}"
    assert first.selection_set.loc is not None
    at = first.selection_set.loc.start
    return f"{query[:at]}@include(if: true) {query[at:]}"


@pytest.fixture(scope="module")
async def seeded(gql: GraphQLClient) -> dict[str, Any]:
    account = await sign_up(gql)
    token = account.access_token
    await gql.data(
        'mutation { createFieldDefinition(input: {objectType: CONTACT, key: "tier", label: "Tier", type: SELECT, '
        'options: ["gold", "silver"]}) { id } }',
        token=token,
    )
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Acme", "domain": "acme.example.org"}}, token=token))[
        "createCompany"
    ]["id"]
    contacts = []
    for index in range(6):
        fields: dict[str, Any] = {
            "firstName": f"Ana{index}",
            "lastName": "Smith",
            "emails": [f"ana{index}@acme.example.org"],
            "customFields": {"tier": "gold" if index % 2 else "silver"},
        }
        if index % 2:
            fields["companyId"] = company
        contacts.append((await gql.data(CREATE_CONTACT, {"input": fields}, token=token))["createContact"]["id"])
    pipeline = (await gql.data("query { pipelines { id stages { id } } }", token=token))["pipelines"][0]
    deals = []
    for index in range(5):
        made = await gql.data(
            "mutation($i: DealInput!) { createDeal(input: $i) { id } }",
            {
                "i": {
                    "name": f"Acme deal {index}",
                    "companyId": company,
                    "amount": {"amountMicros": str(1_000_000 * (index + 1)), "currency": "EUR"},
                    "stageId": pipeline["stages"][index % 2]["id"],
                }
            },
            token=token,
        )
        deals.append(made["createDeal"]["id"])
    await gql.data(
        'mutation($d: UUID!, $c: UUID!) { setDealContact(dealId: $d, contactId: $c, role: "champion") { id } }',
        {"d": deals[0], "c": contacts[0]},
        token=token,
    )
    for target in (contacts[0], company, deals[0]):
        await gql.data(
            'mutation($id: UUID!) { addNote(targetId: $id, body: "met at the fair") { id } }',
            {"id": target},
            token=token,
        )
    member = (await gql.data("query { members { id } }", token=token))["members"][0]["id"]
    return {
        "token": token,
        "contact": contacts[0],
        "company": company,
        "deal": deals[0],
        "pipeline": pipeline["id"],
        "stage": pipeline["stages"][0]["id"],
        "member": member,
    }


def variables_for(name: str, seeded: dict[str, Any]) -> dict[str, Any]:
    """What the page sends for each query (ids from the seeded workspace)."""
    table: dict[str, dict[str, Any]] = {
        "PaletteSearch": {"query": "acme", "first": 8},
        "SearchResults": {"query": "ana", "first": 20},
        "SimilarRecords": {"id": seeded["deal"], "first": 5},
        "CompaniesList": {"first": 50},
        "CompanySearch": {"filter": {"name": {"contains": "ac"}}},
        "ContactsList": {"first": 4, "orderBy": [{"field": "NAME", "direction": "ASC_NULLS_LAST"}]},
        "ContactSearch": {"filter": {"name": {"contains": "ana1"}}},
        "Dashboard": {"pipelineId": seeded["pipeline"], "months": 6},
        "MyTasks": {"assigneeId": seeded["member"], "first": 10},
        "DealsBoard": {"pipelineId": seeded["pipeline"], "first": 2},
        "StageDealsPage": {"stageId": seeded["stage"], "first": 2},
        "DealsTable": {"first": 50, "orderBy": [{"field": "AMOUNT", "direction": "DESC_NULLS_LAST"}]},
        "PipelineDealCount": {"pipelineId": seeded["pipeline"]},
        "EmailThreads": {"first": 20},
        "EmailThread": {"id": seeded["deal"]},
        "ContactRecord": {"id": seeded["contact"]},
        "CompanyRecord": {"id": seeded["company"]},
        "DealRecord": {"id": seeded["deal"]},
        "SettingsFields": {"objectType": "CONTACT"},
        "SettingsQuarantine": {"first": 20},
        "ContactTimeline": {"id": seeded["contact"], "first": 2},
        "CompanyTimeline": {"id": seeded["company"], "first": 2},
        "DealTimeline": {"id": seeded["deal"], "first": 2},
        "TimelineCompanyName": {"id": seeded["company"]},
    }
    return table.get(name, {})


async def answer(http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]) -> tuple[str, Any]:
    """Which path answered (from Server-Timing) and the answer."""
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers={"authorization": f"Bearer {token}"}
    )
    timing = re.match(r'db;desc="(\w+)', response.headers.get("server-timing", ""))
    assert timing is not None, response.text
    return timing.group(1), normalise(response.json())


async def test_every_web_query_answers_the_same_on_both_paths(http: httpx.AsyncClient, seeded: dict[str, Any]) -> None:
    queries = web_queries()
    assert set(queries) >= MUST_COMPILE, "a page's query was renamed: update MUST_COMPILE"
    compiled_by = set()
    for name, query in sorted(queries.items()):
        variables = variables_for(name, seeded)
        path, fast = await answer(http, seeded["token"], query, variables)
        forced_path, slow = await answer(http, seeded["token"], forced_to_executor(query), variables)

        assert forced_path == "executed", name
        assert fast == slow, (name, differences(fast, slow))
        if path == "compiled":
            compiled_by.add(name)

    assert compiled_by >= MUST_COMPILE, sorted(MUST_COMPILE - compiled_by)


async def test_the_pages_queries_return_the_seeded_records(http: httpx.AsyncClient, seeded: dict[str, Any]) -> None:
    queries = web_queries()
    _, contacts = await answer(http, seeded["token"], queries["ContactsList"], variables_for("ContactsList", seeded))
    _, board = await answer(http, seeded["token"], queries["DealsBoard"], variables_for("DealsBoard", seeded))
    _, record = await answer(http, seeded["token"], queries["DealRecord"], variables_for("DealRecord", seeded))

    assert [edge["node"]["name"] for edge in contacts["data"]["contacts"]["edges"]] == [
        "Ana0 Smith",
        "Ana1 Smith",
        "Ana2 Smith",
        "Ana3 Smith",
    ]
    assert [len(stage["deals"]["edges"]) for stage in board["data"]["pipeline"]["stages"]][:2] == [2, 2]
    assert record["data"]["deal"]["name"] == "Acme deal 0"


def test_every_web_query_stays_under_the_cost_limit_even_at_the_largest_page() -> None:
    """The app's own queries must never meet QUERY_TOO_COSTLY: each is costed with every `first`
    variable at the largest page the API allows (200), which no screen asks for."""
    settings = Settings(env="test", secret_key=TEST_SECRET)
    schema = build_schema(settings)._schema
    costs = {}
    for name, document in web_queries().items():
        parsed = parse(document)
        variables = {
            definition.variable.name.value: MAX_PAGE_SIZE
            for operation in parsed.definitions
            if isinstance(operation, OperationDefinitionNode)
            for definition in operation.variable_definitions or ()
            if definition.variable.name.value in ("first", "contactsFirst", "dealsFirst")
        }
        costs[name] = operation_cost(
            schema, parsed, None, variables, unpaged_list_size=settings.query_cost_unpaged_list_size
        )

    assert len(costs) == len(web_queries()) > 30
    assert {name: cost for name, cost in costs.items() if cost > settings.max_query_cost} == {}
    assert max(costs.values()) == costs["EmailThreads"] == 42800  # the largest: threads with their emails' people
