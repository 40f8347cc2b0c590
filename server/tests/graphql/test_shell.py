"""The GraphQL shell: permissions on every root field, the committed SDL, limits and error shapes."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import text

from rapport.auth.tokens import decode_access_token
from rapport.db import Database
from rapport.graphql.context import Context
from rapport.graphql.permissions import ROOT_PERMISSIONS
from rapport.graphql.schema import build_schema, export_sdl
from tests.conftest import Servers
from tests.factories import GraphQLClient, sign_up

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_every_root_field_declares_exactly_one_permission(servers: Servers) -> None:
    schema = build_schema(servers.settings())
    undeclared = []
    for root in (schema.query, schema.mutation, schema.subscription):
        definition = root.__strawberry_definition__  # type: ignore[union-attr]
        for field in definition.fields:
            declared = [p for p in field.permission_classes if p in ROOT_PERMISSIONS]
            if len(declared) != 1:
                undeclared.append(f"{definition.name}.{field.python_name}")
    assert undeclared == []
    assert len(schema.query.__strawberry_definition__.fields) >= 4  # type: ignore[union-attr]


def test_committed_schema_matches_the_code(servers: Servers) -> None:
    committed = (REPO_ROOT / "schema.graphql").read_text()
    assert committed == export_sdl(build_schema(servers.settings())), "run `make schema` and commit schema.graphql"


def test_core_api_names_are_present(servers: Servers) -> None:
    sdl = export_sdl(build_schema(servers.settings()))
    for name in (
        "signUp(input: SignUpInput!): AuthPayload!",
        "signIn(input: SignInInput!): AuthPayload!",
        "refreshToken(refreshToken: String!): AuthPayload!",
        "signOut(refreshToken: String!): Boolean!",
        "createWorkspace(name: String!): AuthPayload!",
        "switchWorkspace(workspaceId: UUID!): AuthPayload!",
        "inviteMember(email: String!, role: Role!): Invitation!",
        "acceptInvitation(token: String!, name: String = null, password: String = null): AuthPayload!",
        "updateMemberRole(memberId: UUID!, role: Role!): Member!",
        "removeMember(memberId: UUID!): Boolean!",
        "me: User!",
        "workspace: Workspace!",
        "workspaces: [Workspace!]!",
        "members: [Member!]!",
    ):
        assert name in sdl, name


async def test_queries_deeper_than_the_limit_are_refused(
    servers: Servers, gql: GraphQLClient, app_db: Database
) -> None:
    settings = servers.settings(max_query_depth=4)
    schema = build_schema(settings)
    account = await sign_up(gql, name="Dee Depth", workspace="Depth Inc")
    deep = "query { workspace { timeline { edges { node { actor { user { id } } } } } } }"
    via_fragments = (
        "query { workspace { ...W } } fragment W on Workspace { timeline { edges { node { actor { id } } } } }"
    )
    at_the_limit = "query { workspace { timeline { edges { node { summary } } } } }"

    def context() -> Context:
        claims = decode_access_token(settings, account.access_token)
        return Context(settings=settings, db=app_db, claims=claims, auth_error=None, request_id="depth-test")

    results = [await schema.execute(query, context_value=context()) for query in (deep, via_fragments, at_the_limit)]

    for result in results[:2]:
        assert result.errors is not None
        assert result.errors[0].extensions == {"code": "GRAPHQL_VALIDATION_FAILED"}
        assert "exceeds maximum operation depth" in result.errors[0].message
        assert result.data is None
    assert results[2].errors is None
    assert results[2].data == {
        "workspace": {"timeline": {"edges": [{"node": {"summary": "Dee Depth created the workspace Depth Inc"}}]}}
    }


async def test_syntax_and_validation_errors_have_codes(gql: GraphQLClient) -> None:
    syntax = await gql("query { me { id }")
    unknown_field = await gql("query { me { password } }")
    wrong_type = await gql("mutation($id: UUID!) { removeMember(memberId: $id) }", {"id": "not-a-uuid"})

    assert syntax["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert unknown_field["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert wrong_type["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert wrong_type["errors"][0]["extensions"]["fieldErrors"][0]["path"] == ["id"]


async def test_bad_input_to_every_mutation_answers_bad_user_input_and_writes_nothing(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    cases = [
        (
            "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }",
            {"i": {"email": "nope", "password": "short", "name": "", "workspaceName": "x" * 101}},
            {("input", "email"), ("input", "password"), ("input", "name"), ("input", "workspaceName")},
            None,
        ),
        (
            "mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }",
            {"i": {"email": "", "password": ""}},
            {("input", "email"), ("input", "password")},
            None,
        ),
        ('mutation { createWorkspace(name: "   ") { accessToken } }', {}, {("name",)}, token),
        ('mutation { renameWorkspace(name: "") { name } }', {}, {("name",)}, token),
        ('mutation { inviteMember(email: "x@", role: MEMBER) { id } }', {}, {("email",)}, token),
        ("mutation($id: UUID!) { updateMemberRole(memberId: $id, role: ADMIN) { id } }", {"id": 12}, {("id",)}, token),
        ("mutation($id: UUID!) { removeMember(memberId: $id) }", {"id": "x"}, {("id",)}, token),
        ("mutation($id: UUID!) { switchWorkspace(workspaceId: $id) { accessToken } }", {"id": []}, {("id",)}, token),
        ("mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }", {"t": 5}, {("t",)}, None),
        ("mutation($t: String!) { signOut(refreshToken: $t) }", {}, {("t",)}, None),
    ]

    async def counts() -> tuple[int, ...]:
        async with superuser_db.transaction() as session:
            row = (
                await session.execute(
                    text(
                        "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM workspaces),"
                        " (SELECT count(*) FROM workspace_members), (SELECT count(*) FROM outbox_events),"
                        " (SELECT name FROM workspaces WHERE id = :ws) = 'Acme'"
                    ),
                    {"ws": account.workspace_id},
                )
            ).one()
            return tuple(row)

    before = await counts()
    for query, variables, paths, bearer in cases:
        body = await gql(query, variables, token=bearer)
        errors = body["errors"]
        assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT", (query, body)
        got = {tuple(f["path"]) for e in errors for f in e["extensions"].get("fieldErrors", [])}
        assert got == paths, (query, got)
    assert await counts() == before


async def test_graphiql_is_off_outside_development(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code in (404, 405)


async def test_oversized_requests_are_refused_with_413(http: httpx.AsyncClient) -> None:
    huge = "x" * 2_000_000
    response = await http.post("/graphql", json={"query": "query { me { id } }", "variables": {"x": huge}})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_unauthenticated_write_changes_nothing(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql, workspace="Untouched")
    rename = 'mutation { renameWorkspace(name: "Hijacked") { name } }'

    async def state() -> tuple[object, ...]:
        async with superuser_db.transaction() as session:
            row = (
                await session.execute(
                    text(
                        "SELECT (SELECT name FROM workspaces WHERE id = :ws),"
                        " (SELECT count(*) FROM workspaces WHERE name = 'Hijacked'),"
                        " (SELECT count(*) FROM outbox_events WHERE workspace_id = :ws)"
                    ),
                    {"ws": account.workspace_id},
                )
            ).one()
            return tuple(row)

    before = await state()
    without_token = await gql(rename)
    forged_token = await gql(rename, token=account.access_token[:-4] + "AAAA")

    assert without_token["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert forged_token["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert without_token["data"] is None
    assert forged_token["data"] is None
    assert before[:2] == ("Untouched", 0)
    assert await state() == before


async def test_concurrent_operations_of_different_kinds_all_succeed(gql: GraphQLClient) -> None:
    """Extensions are made per operation: concurrent requests never see each other's state
    (a shared extension instance once answered "'NoneType' object has no attribute 'definitions'")."""
    import asyncio

    account = await sign_up(gql)
    sign_in = "mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }"
    calls = []
    for index in range(30):
        if index % 3 == 0:
            calls.append(gql(sign_in, {"i": {"email": account.email, "password": account.password}}))
        elif index % 3 == 1:
            calls.append(gql("query { me { id } workspace { name } }", token=account.access_token))
        else:
            calls.append(
                gql(
                    "mutation($n: String!) { createContact(input: {firstName: $n}) { id } }",
                    {"n": f"P{index}"},
                    token=account.access_token,
                )
            )

    results = await asyncio.gather(*calls)

    assert [body.get("errors") for body in results] == [None] * 30
