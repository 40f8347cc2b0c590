"""`search` alone is answered without the executor's completion (graphql/compiled/search.py): the same
answer as the executor's for every field a hit offers, and for anything that path does not take on, or
any error, the executor's answer with its code."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from rapport.db import Database
from tests.email.test_queries import deliver, mail
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, CREATE_DEAL, GraphQLClient, join, sign_up
from tests.graphql.test_compiler import differences
from tests.graphql.test_web_documents import answer, forced_to_executor, web_queries

# Every field of every kind of hit that takes no arguments, nested records included.
EVERY_FIELD = """query Every($q: String!, $types: [SearchType!], $first: Int, $after: String) {
  found: search(query: $q, types: $types, first: $first, after: $after) {
    __typename degraded degradedReason
    pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
    edges { __typename cursor node { __typename type score snippet matchedBy node { ...Hit } } }
  }
}
fragment Hit on SearchHit {
  __typename
  ... on Contact { id firstName lastName name emails phones jobTitle customFields createdAt updatedAt lastActivityAt
    dealCount company { id name domain industry employees contactCount } owner { id role user { name } } }
  ... on Company { id name domain industry employees customFields contactCount dealCount createdAt updatedAt }
  ... on Deal { id name createdAt company { name } }
  ... on EmailThread { id subject messageCount lastMessageAt contacts { id name emails } companies { id name } }
  ... on Activity { id kind occurredAt summary body subjectType subjectId subjectName dueAt done doneAt changes
    editedAt canEdit actor { id } assignee { id } }
}"""
LEAN = "query($q: String!) { search(query: $q, first: 10) { degraded edges { node { score } } } }"


async def both(http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]) -> tuple[str, Any, Any]:
    """The path that answered the document, its answer, and the executor's answer to it."""
    path, fast = await answer(http, token, query, variables)
    forced, slow = await answer(http, token, forced_to_executor(query), variables)
    assert forced == "executed"
    return path, fast, slow


@pytest.fixture
async def workspace(
    http: httpx.AsyncClient, gql: GraphQLClient, superuser_db: Database, worker: object
) -> dict[str, Any]:
    """Records, notes, a task and an email thread (delivered, and filed by the worker) that "invoice" finds."""
    owner = await sign_up(gql)
    token = owner.access_token
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Globex", "domain": "globex.io"}}, token=token))[
        "createCompany"
    ]["id"]
    grace = (
        await gql.data(
            CREATE_CONTACT,
            {
                "input": {
                    "firstName": "Grace",
                    "lastName": "Hopper",
                    "emails": ["grace@globex.io"],
                    "companyId": company,
                }
            },
            token=token,
        )
    )["createContact"]["id"]
    for name in ("Gracia Invoice", "Invoice Owens"):
        first, last = name.split()
        await gql.data(CREATE_CONTACT, {"input": {"firstName": first, "lastName": last}}, token=token)
    deal = (
        await gql.data(CREATE_DEAL, {"input": {"name": "Globex invoice audit", "companyId": company}}, token=token)
    )["createDeal"]["id"]
    for target, body in (
        (grace, "Grace says the invoice is wrong"),
        (deal, "Invoice audit kick-off"),
        (company, "invoice"),
    ):
        await gql.data(
            "mutation($t: UUID!, $b: String!) { addNote(targetId: $t, body: $b) { id } }",
            {"t": target, "b": body},
            token=token,
        )
    await gql.data(
        'mutation($t: UUID!) { addTask(targetId: $t, body: "Send the invoice again", dueAt: "2027-01-01T10:00:00Z") { id } }',
        {"t": grace},
        token=token,
    )
    raws = [
        mail(
            sender="Grace <grace@globex.io>", to=f"<{owner.email}>", subject="Invoice dispute", body="Wrong totals.\n"
        ),
        mail(sender="Grace <grace@globex.io>", to=f"<{owner.email}>", subject="Lunch", body="About the invoice?\n"),
    ]
    await deliver(http, gql, token, superuser_db, *raws)
    await indexed(superuser_db, owner.workspace_id)
    return {"owner": owner, "token": token, "company": company}


async def indexed(db: Database, workspace_id: str) -> None:
    """Returns once every change of the workspace is published and embedded: a vector landing between the
    two answers of a pair would make them differ (a hit matched by meaning in one and not the other)."""
    for _ in range(600):
        async with db.transaction() as session:
            waiting = await session.scalar(
                text(
                    "SELECT (SELECT count(*) FROM outbox_events WHERE workspace_id = :ws AND published_at IS NULL)"
                    " + (SELECT count(*) FROM embedding_queue WHERE workspace_id = :ws)"
                ),
                {"ws": workspace_id},
            )
        if waiting == 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the worker did not embed the workspace's records in 60 s")


async def test_every_field_of_every_hit_is_answered_as_the_executor_answers(
    http: httpx.AsyncClient, workspace: dict[str, Any]
) -> None:
    token = workspace["token"]
    cases: list[dict[str, Any]] = [
        {"q": "invoice"},
        {"q": "grace", "first": 3},
        {"q": "globex invoice", "types": ["DEAL", "NOTE", "EMAIL"]},
        {"q": "gra", "types": ["CONTACT"]},
        {"q": "globex", "types": ["COMPANY", "DEAL"]},
        {"q": "nothing like this"},
        {"q": " ... "},
        {"q": "invoice", "first": 0},
    ]
    _, first_page, _ = await both(http, token, EVERY_FIELD, {"q": "invoice", "first": 2})
    cases.append({"q": "invoice", "first": 2, "after": first_page["data"]["found"]["pageInfo"]["endCursor"]})
    kinds = set()
    for variables in cases:
        path, fast, slow = await both(http, token, EVERY_FIELD, variables)

        assert path == "compiled", variables
        assert fast == slow, (variables, differences(fast, slow))
        kinds |= {edge["node"]["type"] for edge in fast["data"]["found"]["edges"]}
    assert kinds == {"CONTACT", "COMPANY", "DEAL", "NOTE", "EMAIL"}
    # The hits are there, with their nested records: not only equal, but equal and full.
    _, found, _ = await both(http, token, EVERY_FIELD, {"q": "invoice dispute", "types": ["EMAIL"]})
    thread = found["data"]["found"]["edges"][0]["node"]["node"]
    assert thread["subject"] == "Invoice dispute"
    assert [contact["name"] for contact in thread["contacts"]] == ["Grace Hopper"]
    assert [company["name"] for company in thread["companies"]] == ["Globex"]
    _, notes, _ = await both(http, token, EVERY_FIELD, {"q": "grace says", "types": ["NOTE"]})
    assert notes["data"]["found"]["edges"][0]["node"]["node"]["subjectName"] == "Grace Hopper"


async def test_the_web_apps_search_documents_take_this_path(http: httpx.AsyncClient, workspace: dict[str, Any]) -> None:
    queries = web_queries()
    for name, variables in (
        ("PaletteSearch", {"query": "invoice", "first": 8}),
        ("SearchResults", {"query": "invoice", "first": 20, "types": None}),
        ("SearchResults", {"query": "grace", "first": 2, "types": ["CONTACT", "EMAIL"]}),
    ):
        path, fast, slow = await both(http, workspace["token"], queries[name], variables)

        assert path == "compiled", name
        assert fast == slow, (name, differences(fast, slow))
        assert fast["data"]["search"]["edges"], name


async def test_what_this_path_does_not_take_on_the_executor_answers_with_its_code(
    http: httpx.AsyncClient, workspace: dict[str, Any]
) -> None:
    token = workspace["token"]
    executed = {
        "a field with arguments": (
            'query { search(query: "grace") { edges { node { node { ... on Contact { deals(first: 1) { totalCount } } } } } } }',
            {},
        ),
        "a directive": ("query($q: String!) { search(query: $q) { degraded @skip(if: false) } }", {"q": "grace"}),
        "another root field": ("query($q: String!) { search(query: $q) { degraded } me { id } }", {"q": "grace"}),
    }
    for case, (query, variables) in executed.items():
        path, fast = await answer(http, token, query, variables)
        assert path == "executed", case
        assert "errors" not in fast, (case, fast)
        assert fast["data"]["search"], case
    refused = {
        "first above 50": {"q": "grace", "first": 51},
        "a cursor of another kind": {"q": "grace", "after": "bm90LWEtY3Vyc29y"},
        "a query too long": {"q": "a" * 501},
        "a variable of the wrong type": {"q": 7},
        "no query": {},
    }
    for case, variables in refused.items():
        path, fast = await answer(http, token, EVERY_FIELD, variables)
        assert path == "executed", case
        assert fast["data"] is None, case
        assert [error["extensions"]["code"] for error in fast["errors"]] == ["BAD_USER_INPUT"], (case, fast)


async def test_the_membership_is_checked_as_the_executor_checks_it(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    await gql.data(CREATE_CONTACT, {"input": {"firstName": "Grace", "lastName": "Hopper"}}, token=owner.access_token)
    viewer = await sign_up(gql, name="Vera Viewer")
    member_id, viewer_token = await join(gql, owner, viewer, "VIEWER")
    stranger = await sign_up(gql, name="Sam Stranger")

    path, seen = await answer(http, viewer_token, LEAN, {"q": "grace"})
    assert path == "compiled"
    assert len(seen["data"]["search"]["edges"]) == 1
    # Another workspace's member finds nothing of this one's, on this path too.
    path, other = await answer(http, stranger.access_token, LEAN, {"q": "grace"})
    assert (path, other["data"]["search"]["edges"]) == ("compiled", [])

    await gql.data("mutation($id: UUID!) { removeMember(memberId: $id) }", {"id": member_id}, token=owner.access_token)
    path, removed = await answer(http, viewer_token, LEAN, {"q": "grace"})
    assert path == "executed"
    assert [error["extensions"]["code"] for error in removed["errors"]] == ["FORBIDDEN"]

    await gql.data("mutation { signOutEverywhere }", token=owner.access_token)
    path, signed_out = await answer(http, owner.access_token, LEAN, {"q": "grace"})
    assert path == "executed"
    assert [error["extensions"]["code"] for error in signed_out["errors"]] == ["UNAUTHENTICATED"]
