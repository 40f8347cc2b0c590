"""Planning reads each root field's declared permission; the answers are counted by path."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import strawberry
from graphql import specified_rules

from rapport.graphql.compiled.plan import build_plan
from rapport.graphql.permissions import CanManage, CanRead, Public, SignedIn
from rapport.models import Role
from tests.factories import GraphQLClient, sign_up


@strawberry.type
class Query:
    @strawberry.field(permission_classes=[CanRead])
    def contacts(self) -> int:
        return 0

    @strawberry.field(permission_classes=[CanManage])
    def members(self) -> int:
        return 0

    @strawberry.field(permission_classes=[Public])
    def version(self) -> int:
        return 0

    @strawberry.field(permission_classes=[SignedIn])
    def me(self) -> int:
        return 0


SCHEMA = strawberry.Schema(query=Query)


def plan(query: str) -> Any:
    return build_plan(SCHEMA, SCHEMA._schema, list(specified_rules), lambda _: True, query, query, None)


def test_a_plan_requires_the_highest_role_its_root_fields_declare() -> None:
    read = plan("{ contacts }")
    manage = plan("{ contacts members }")

    assert read is not None
    assert read.role == Role.VIEWER
    assert manage is not None
    assert manage.role == Role.ADMIN


def test_fields_not_guarded_by_a_workspace_role_are_left_to_the_executor() -> None:
    assert plan("{ version }") is None
    assert plan("{ me }") is None
    assert plan("{ contacts me }") is None


async def answers(http: httpx.AsyncClient) -> dict[str, float]:
    text = (await http.get("/metrics")).text
    return {
        path: float(value)
        for path, value in re.findall(r'^rapport_graphql_answers_total\{path="(\w+)"\} (\S+)$', text, re.MULTILINE)
    }


async def test_answers_are_counted_by_the_path_that_gave_them(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    token = (await sign_up(gql)).access_token
    headers = {"authorization": f"Bearer {token}"}
    contact = "query($id: UUID!) { contact(id: $id) { id name } }"
    before = await answers(http)

    compiled = await http.post("/graphql", json={"query": "{ contacts { totalCount } }"}, headers=headers)
    executed = await http.post("/graphql", json={"query": "{ me { id } workspace { id } }"}, headers=headers)
    # Compiles, but the record is not there: the executor answers NOT_FOUND.
    missing = await http.post(
        "/graphql", json={"query": contact, "variables": {"id": str(uuid.uuid4())}}, headers=headers
    )
    after = await answers(http)

    assert compiled.json() == {"data": {"contacts": {"totalCount": 0}}}
    assert "errors" not in executed.json()
    assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert {path: after[path] - before.get(path, 0.0) for path in after} == {
        "compiled": 1.0,
        "executed": 1.0,
        "fallback": 1.0,
    }
