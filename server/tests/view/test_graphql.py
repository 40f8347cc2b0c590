"""Saved views: personal or shared, only the author changes one, admins may delete shared ones."""

from __future__ import annotations

from typing import Any

from rapport.db import Database
from tests.factories import GraphQLClient, join, sign_up
from tests.state import rows

SAVE = """
mutation($name: String!, $type: ObjectType!, $state: JSON!, $shared: Boolean!) {
  saveView(name: $name, objectType: $type, state: $state, shared: $shared) { id name objectType state shared owner { id } }
}
"""
VIEWS = "query($type: ObjectType!) { savedViews(objectType: $type) { name shared state } }"
DELETE = "mutation($id: UUID!) { deleteView(id: $id) }"
STATE = {
    "search": "acme",
    "filters": [{"field": "ownerId", "op": "is", "value": "me"}],
    "sort": "name",
    "columns": ["email"],
}


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def save(
    gql: GraphQLClient, token: str, name: str, *, shared: bool, type: str = "CONTACT", state: Any = None
) -> Any:
    return await gql(SAVE, {"name": name, "type": type, "state": state or STATE, "shared": shared}, token=token)


async def test_views_are_personal_unless_shared_and_saving_a_name_again_replaces_it(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    member = await sign_up(gql, name="Grace Hopper")
    _, member_token = await join(gql, owner, member, "MEMBER")

    await save(gql, owner.access_token, "Mine", shared=False)
    await save(gql, owner.access_token, "Team", shared=True)
    await save(gql, owner.access_token, "Deals", shared=True, type="DEAL")
    again = await save(gql, owner.access_token, "Mine", shared=False, state={"search": "globex"})

    assert again["data"]["saveView"]["state"] == {"search": "globex"}
    mine = (await gql.data(VIEWS, {"type": "CONTACT"}, token=owner.access_token))["savedViews"]
    theirs = (await gql.data(VIEWS, {"type": "CONTACT"}, token=member_token))["savedViews"]
    assert mine == [
        {"name": "Mine", "shared": False, "state": {"search": "globex"}},
        {"name": "Team", "shared": True, "state": STATE},
    ]
    assert theirs == [{"name": "Team", "shared": True, "state": STATE}]


async def test_only_the_author_or_an_admin_deletes_a_shared_view_and_nobody_another_s_personal_one(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    member = await sign_up(gql, name="Grace Hopper")
    admin = await sign_up(gql, name="Alan Turing")
    _, member_token = await join(gql, owner, member, "MEMBER")
    _, admin_token = await join(gql, owner, admin, "ADMIN")
    personal = (await save(gql, owner.access_token, "Mine", shared=False))["data"]["saveView"]["id"]
    shared = (await save(gql, owner.access_token, "Team", shared=True))["data"]["saveView"]["id"]
    before = await rows(superuser_db, owner.workspace_id, "saved_views")

    assert codes(await gql(DELETE, {"id": shared}, token=member_token)) == ["FORBIDDEN"]
    assert codes(await gql(DELETE, {"id": personal}, token=member_token)) == ["NOT_FOUND"]
    assert codes(await gql(DELETE, {"id": personal}, token=admin_token)) == ["NOT_FOUND"]
    assert await rows(superuser_db, owner.workspace_id, "saved_views") == before

    assert (await gql.data(DELETE, {"id": shared}, token=admin_token))["deleteView"] is True
    assert (await gql.data(DELETE, {"id": personal}, token=owner.access_token))["deleteView"] is True
    assert await rows(superuser_db, owner.workspace_id, "saved_views") == {"saved_views": []}


async def test_a_viewer_keeps_personal_views_only_and_bad_input_writes_nothing(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    owner = await sign_up(gql)
    viewer = await sign_up(gql, name="Grace Hopper")
    _, viewer_token = await join(gql, owner, viewer, "VIEWER")

    assert codes(await save(gql, viewer_token, "Team", shared=True)) == ["FORBIDDEN"]
    assert (await save(gql, viewer_token, "Mine", shared=False))["data"]["saveView"]["shared"] is False
    blank = await save(gql, owner.access_token, "  ", shared=False)
    not_an_object = await gql(
        SAVE, {"name": "List", "type": "CONTACT", "state": [1, 2], "shared": False}, token=owner.access_token
    )
    too_big = await save(gql, owner.access_token, "Big", shared=False, state={"search": "x" * 9000})

    assert codes(blank) == codes(not_an_object) == codes(too_big) == ["BAD_USER_INPUT"]
    assert [e["path"] for e in blank["errors"][0]["extensions"]["fieldErrors"]] == [["name"]]
    assert [e["path"] for e in too_big["errors"][0]["extensions"]["fieldErrors"]] == [["state"]]
    saved = await rows(superuser_db, owner.workspace_id, "saved_views")
    assert [row["name"] for row in saved["saved_views"]] == ["Mine"]


async def test_another_workspace_s_view_is_not_found_and_stays(gql: GraphQLClient, superuser_db: Database) -> None:
    victim = await sign_up(gql)
    attacker = await sign_up(gql, name="Mallory")
    shared = (await save(gql, victim.access_token, "Team", shared=True))["data"]["saveView"]["id"]

    assert codes(await gql(DELETE, {"id": shared}, token=attacker.access_token)) == ["NOT_FOUND"]
    assert (await gql.data(VIEWS, {"type": "CONTACT"}, token=attacker.access_token))["savedViews"] == []
    assert len((await rows(superuser_db, victim.workspace_id, "saved_views"))["saved_views"]) == 1
