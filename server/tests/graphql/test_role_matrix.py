"""Every mutation × every role (issue 17, "Tests that can fail" item 5).

The matrix is generated from the schema: each Mutation field's declared permission class gives the
least role it needs, so a new mutation is covered the day it is added. Each is sent by an OWNER, an
ADMIN, a MEMBER and a VIEWER of one workspace, with arguments made from its argument types. A role
below the declared one must get the permission's FORBIDDEN and change nothing; a role at or above
it must get past the permission (its answer may still be NOT_FOUND or BAD_USER_INPUT for made-up
ids, but never that FORBIDDEN). Then the ADMIN mutations on pipelines, stages and custom fields are
sent with real arguments by a MEMBER and a VIEWER (FORBIDDEN, nothing changed) and by an ADMIN (done).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)
from strawberry.utils.str_converters import to_camel_case

from rapport.graphql.permissions import CanManage, CanRead, CanWrite, Public, SignedIn
from rapport.graphql.schema import build_schema
from tests.conftest import Servers
from tests.factories import GraphQLClient, join, seed_records, sign_up

ROLES = ("OWNER", "ADMIN", "MEMBER", "VIEWER")
RANK = {"VIEWER": 0, "MEMBER": 1, "ADMIN": 2, "OWNER": 3}
LEAST_ROLE: dict[type, str | None] = {
    Public: None,
    SignedIn: None,
    CanRead: "VIEWER",
    CanWrite: "MEMBER",
    CanManage: "ADMIN",
}

SNAPSHOT = """
query {
  workspace { name }
  members { id role }
  pipelines { id name isDefault stages { id name kind probability position } }
  fieldDefinitions { id key label type options required }
  contacts { totalCount } companies { totalCount } deals { totalCount } tasks { totalCount }
}
"""


@dataclass(frozen=True)
class Mutation:
    name: str
    least_role: str | None  # None: no workspace role needed (Public, SignedIn)
    document: str
    variables: dict[str, Any]


def sample(type_: GraphQLInputType) -> Any:
    """A value of the type: every required field filled, optional ones left out."""
    if isinstance(type_, GraphQLNonNull):
        return sample(type_.of_type)
    if isinstance(type_, GraphQLList):
        return [sample(type_.of_type)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {
            name: sample(field.type) for name, field in type_.fields.items() if isinstance(field.type, GraphQLNonNull)
        }
    assert isinstance(type_, GraphQLScalarType)
    return {
        "UUID": str(uuid.uuid4()),
        "String": "Matrix",
        "ID": str(uuid.uuid4()),
        "Int": 1,
        "Float": 1.0,
        "Boolean": False,
        "DateTime": dt.datetime(2030, 1, 1, tzinfo=dt.UTC).isoformat(),
        "Date": "2030-01-01",
        "JSON": {},
    }[type_.name]


def mutations(servers: Servers) -> list[Mutation]:
    schema = build_schema(servers.settings())
    declared = {}
    for field in schema.mutation.__strawberry_definition__.fields:  # type: ignore[union-attr]
        (least_role,) = [LEAST_ROLE[p] for p in field.permission_classes if p in LEAST_ROLE]
        declared[field.graphql_name or to_camel_case(field.python_name)] = least_role
    root = schema._schema.mutation_type
    assert root is not None
    found = []
    for name, field in root.fields.items():
        required = {arg: value for arg, value in field.args.items() if isinstance(value.type, GraphQLNonNull)}
        signature = f"({', '.join(f'${arg}: {value.type}' for arg, value in required.items())})" if required else ""
        arguments = f"({', '.join(f'{arg}: ${arg}' for arg in required)})" if required else ""
        document = f"mutation{signature} {{ {name}{arguments}{selection(field)} }}"
        variables = {arg: sample(value.type) for arg, value in required.items()}
        found.append(Mutation(name, declared[name], document, variables))
    # Those that end sessions run last: after them the team's tokens are signed out.
    return sorted(found, key=lambda mutation: mutation.name in SESSION_ENDING)


SESSION_ENDING = frozenset({"signOut", "signOutEverywhere", "changePassword"})


def selection(field: GraphQLField) -> str:
    # An object or a union (undoMerge answers a RecordNode) needs a selection.
    named = get_named_type(field.type)
    return " { __typename }" if isinstance(named, GraphQLObjectType | GraphQLUnionType) else ""


def permission_denial(least_role: str, role: str) -> str:
    return f"This needs the {least_role} role or higher; you are {role}."


@pytest.fixture
async def team(gql: GraphQLClient) -> dict[str, str]:
    """A fresh team per test: the matrix signs its members out at the end."""
    owner = await sign_up(gql, name="Olga Owner")
    await seed_records(gql, owner)
    tokens = {"OWNER": owner.access_token}
    for role in ("ADMIN", "MEMBER", "VIEWER"):
        person = await sign_up(gql, name=f"{role.title()} Person")
        _, tokens[role] = await join(gql, owner, person, role)
    return tokens


# The mutations that need ADMIN: pipelines, stages and custom fields.
ADMIN_MUTATIONS = frozenset(
    {
        "createPipeline",
        "updatePipeline",
        "deletePipeline",
        "addStage",
        "updateStage",
        "reorderStages",
        "deleteStage",
        "createFieldDefinition",
        "updateFieldDefinition",
        "deleteFieldDefinition",
    }
)


async def test_the_matrix_covers_every_mutation_and_every_permission(servers: Servers) -> None:
    found = mutations(servers)

    assert len(found) >= 45
    assert {m.least_role for m in found} == {None, "VIEWER", "MEMBER", "ADMIN"}
    assert {m.name for m in found if m.least_role == "ADMIN"} >= ADMIN_MUTATIONS


async def test_every_mutation_by_every_role(servers: Servers, gql: GraphQLClient, team: dict[str, str]) -> None:
    wrong: list[str] = []
    cells = {"denied": 0, "allowed": 0}
    found = mutations(servers)
    for mutation in found:
        # Lower roles first: an allowed call by a higher role may change what the next one finds.
        for role in reversed(ROLES):
            denied = mutation.least_role is not None and RANK[role] < RANK[mutation.least_role]
            before = await gql.data(SNAPSHOT, token=team["OWNER"]) if denied else None
            body = await gql(mutation.document, mutation.variables, token=team[role])
            cells["denied" if denied else "allowed"] += 1
            errors = body.get("errors") or []
            codes = [error["extensions"]["code"] for error in errors]
            if "INTERNAL_SERVER_ERROR" in codes:
                wrong.append(f"{mutation.name} as {role}: {errors}")
            elif denied:
                assert mutation.least_role is not None
                expected = [{"code": "FORBIDDEN", "message": permission_denial(mutation.least_role, role)}]
                got = [{"code": e["extensions"]["code"], "message": e["message"]} for e in errors]
                if got != expected or body["data"] is not None:
                    wrong.append(f"{mutation.name} as {role}: expected FORBIDDEN, got {body}")
                elif await gql.data(SNAPSHOT, token=team["OWNER"]) != before:
                    wrong.append(f"{mutation.name} as {role}: refused but the workspace changed")
            elif any(e["message"].startswith("This needs the ") for e in errors):
                wrong.append(f"{mutation.name} as {role}: allowed by its declaration, refused: {errors}")
    assert wrong == []
    below = {None: 0, "VIEWER": 0, "MEMBER": 1, "ADMIN": 2}
    assert cells == {
        "denied": sum(below[m.least_role] for m in found),
        "allowed": sum(4 - below[m.least_role] for m in found),
    }
    assert cells["denied"] >= 20


@dataclass(frozen=True)
class RealCall:
    name: str
    document: str
    variables: dict[str, Any]


async def real_admin_calls(gql: GraphQLClient, owner_token: str) -> list[RealCall]:
    """The pipeline, stage and custom field mutations with arguments that name real records."""
    pipeline = await gql.data(
        'mutation { createPipeline(name: "Partners", stages: ["Intro", "Pilot"]) { id stages { id name kind } } }',
        token=owner_token,
    )
    created = pipeline["createPipeline"]
    stage_ids = [stage["id"] for stage in created["stages"]]
    field = await gql.data(
        'mutation { createFieldDefinition(input: {objectType: DEAL, key: "region", label: "Region", type: SELECT,'
        ' options: ["emea", "apac"]}) { id } }',
        token=owner_token,
    )
    field_id = field["createFieldDefinition"]["id"]
    return [
        RealCall(
            "createPipeline",
            'mutation { createPipeline(name: "Resellers", stages: ["One"]) { id } }',
            {},
        ),
        RealCall(
            "updatePipeline",
            'mutation($id: UUID!) { updatePipeline(id: $id, name: "Partners 2", isDefault: false) { id } }',
            {"id": created["id"]},
        ),
        RealCall(
            "reorderStages",
            "mutation($id: UUID!, $ids: [UUID!]!) { reorderStages(pipelineId: $id, stageIds: $ids) { id } }",
            {"id": created["id"], "ids": [stage_ids[1], stage_ids[0], *stage_ids[2:]]},
        ),
        RealCall(
            "addStage",
            'mutation($id: UUID!) { addStage(pipelineId: $id, input: {name: "Legal", probability: 0.5}) { id } }',
            {"id": created["id"]},
        ),
        RealCall(
            "updateStage",
            'mutation($id: UUID!) { updateStage(id: $id, input: {name: "First call", probability: 0.2}) { id } }',
            {"id": stage_ids[0]},
        ),
        RealCall("deleteStage", "mutation($id: UUID!) { deleteStage(id: $id) }", {"id": stage_ids[1]}),
        RealCall(
            "createFieldDefinition",
            'mutation { createFieldDefinition(input: {objectType: CONTACT, key: "nickname", label: "Nickname",'
            " type: TEXT}) { id } }",
            {},
        ),
        RealCall(
            "updateFieldDefinition",
            'mutation($id: UUID!) { updateFieldDefinition(id: $id, input: {label: "Sales region",'
            ' options: ["emea", "apac", "amer"], required: false}) { id } }',
            {"id": field_id},
        ),
        RealCall("deleteFieldDefinition", "mutation($id: UUID!) { deleteFieldDefinition(id: $id) }", {"id": field_id}),
        RealCall("deletePipeline", "mutation($id: UUID!) { deletePipeline(id: $id) }", {"id": created["id"]}),
    ]


async def test_admin_mutations_with_real_arguments_refuse_member_and_viewer(
    gql: GraphQLClient, team: dict[str, str]
) -> None:
    calls = await real_admin_calls(gql, team["OWNER"])
    assert {call.name for call in calls} == ADMIN_MUTATIONS
    for role in ("MEMBER", "VIEWER"):
        for call in calls:
            before = await gql.data(SNAPSHOT, token=team["OWNER"])

            body = await gql(call.document, call.variables, token=team[role])

            assert body["data"] is None, (call.name, role)
            assert [(e["extensions"]["code"], e["message"]) for e in body["errors"]] == [
                ("FORBIDDEN", permission_denial("ADMIN", role))
            ], (call.name, role)
            assert await gql.data(SNAPSHOT, token=team["OWNER"]) == before, (call.name, role)

    # The same calls are real: an ADMIN makes every one of them, in order.
    for call in calls:
        before = await gql.data(SNAPSHOT, token=team["OWNER"])
        body = await gql(call.document, call.variables, token=team["ADMIN"])
        assert "errors" not in body, (call.name, body)
        assert await gql.data(SNAPSHOT, token=team["OWNER"]) != before, call.name
