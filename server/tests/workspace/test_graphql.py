"""Members and roles: who may do what, and the rule that a workspace always keeps an owner."""

from __future__ import annotations

from sqlalchemy import text

from rapport.db import Database
from tests.factories import INVITE, GraphQLClient, join, sign_up

UPDATE_ROLE = "mutation($id: UUID!, $role: Role!) { updateMemberRole(memberId: $id, role: $role) { id role } }"
REMOVE = "mutation($id: UUID!) { removeMember(memberId: $id) }"
MEMBERS = "query { members { id role user { email } } }"
TIMELINE = """
query { workspace { timeline(first: 50) {
  totalCount edges { node { kind summary changes actor { user { email } } } } } } }
"""


def code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


async def test_owner_adds_members_and_they_can_switch_in(gql: GraphQLClient) -> None:
    owner = await sign_up(gql, name="Olive Owner")
    person = await sign_up(gql, name="Pat Person")

    member_id, token = await join(gql, owner, person, "MEMBER")
    members = await gql.data(MEMBERS, token=owner.access_token)
    seen_by_person = await gql.data("query { workspace { id } members { id } }", token=token)

    assert [m["user"]["email"] for m in members["members"]] == [owner.email, person.email]
    assert seen_by_person["workspace"]["id"] == owner.workspace_id
    assert member_id in [m["id"] for m in seen_by_person["members"]]


async def test_inviting_an_existing_member_or_a_bad_email_is_refused(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    person = await sign_up(gql)
    await join(gql, owner, person, "MEMBER")

    twice = await gql(INVITE, {"email": person.email.upper(), "role": "VIEWER"}, token=owner.access_token)
    bad_email = await gql(INVITE, {"email": "not-an-email", "role": "MEMBER"}, token=owner.access_token)
    bad_role = await gql(INVITE, {"email": person.email, "role": "BOSS"}, token=owner.access_token)

    assert code(twice) == "CONFLICT"
    assert code(bad_email) == "BAD_USER_INPUT"
    assert bad_email["errors"][0]["extensions"]["fieldErrors"][0]["path"] == ["email"]
    assert code(bad_role) == "BAD_USER_INPUT"
    pending = await gql.data("query { invitations { id } }", token=owner.access_token)
    assert pending == {"invitations": []}


async def test_a_viewer_can_read_but_not_write(gql: GraphQLClient, superuser_db: Database) -> None:
    owner = await sign_up(gql)
    viewer = await sign_up(gql)
    other = await sign_up(gql)
    member_id, viewer_token = await join(gql, owner, viewer, "VIEWER")

    reads = await gql.data(MEMBERS, token=viewer_token)
    writes = [
        await gql(INVITE, {"email": other.email, "role": "VIEWER"}, token=viewer_token),
        await gql(UPDATE_ROLE, {"id": member_id, "role": "OWNER"}, token=viewer_token),
        await gql('mutation { renameWorkspace(name: "Mine now") { name } }', token=viewer_token),
    ]

    assert len(reads["members"]) == 2
    assert [code(body) for body in writes] == ["FORBIDDEN"] * 3
    async with superuser_db.transaction() as session:
        count = await session.scalar(
            text("SELECT count(*) FROM workspace_members WHERE workspace_id = :ws"), {"ws": owner.workspace_id}
        )
        name = await session.scalar(text("SELECT name FROM workspaces WHERE id = :ws"), {"ws": owner.workspace_id})
    assert count == 2
    assert name == "Acme"


async def test_a_member_cannot_manage_members_and_an_admin_cannot_touch_owners(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    admin = await sign_up(gql)
    member = await sign_up(gql)
    admin_id, admin_token = await join(gql, owner, admin, "ADMIN")
    member_id, member_token = await join(gql, owner, member, "MEMBER")
    owner_member_id = (await gql.data(MEMBERS, token=owner.access_token))["members"][0]["id"]

    by_member = await gql(UPDATE_ROLE, {"id": admin_id, "role": "VIEWER"}, token=member_token)
    admin_demotes_owner = await gql(UPDATE_ROLE, {"id": owner_member_id, "role": "ADMIN"}, token=admin_token)
    admin_makes_owner = await gql(UPDATE_ROLE, {"id": member_id, "role": "OWNER"}, token=admin_token)
    admin_removes_owner = await gql(REMOVE, {"id": owner_member_id}, token=admin_token)
    admin_demotes_member = await gql.data(UPDATE_ROLE, {"id": member_id, "role": "VIEWER"}, token=admin_token)

    assert code(by_member) == "FORBIDDEN"
    assert code(admin_demotes_owner) == "FORBIDDEN"
    assert code(admin_makes_owner) == "FORBIDDEN"
    assert code(admin_removes_owner) == "FORBIDDEN"
    assert admin_demotes_member["updateMemberRole"]["role"] == "VIEWER"


async def test_the_last_owner_can_neither_leave_nor_be_demoted(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    second = await sign_up(gql)
    owner_member_id = (await gql.data(MEMBERS, token=owner.access_token))["members"][0]["id"]

    leave = await gql(REMOVE, {"id": owner_member_id}, token=owner.access_token)
    demote = await gql(UPDATE_ROLE, {"id": owner_member_id, "role": "ADMIN"}, token=owner.access_token)
    second_id, _ = await join(gql, owner, second, "OWNER")
    demote_now = await gql.data(UPDATE_ROLE, {"id": owner_member_id, "role": "ADMIN"}, token=owner.access_token)
    last_again = await gql(UPDATE_ROLE, {"id": second_id, "role": "MEMBER"}, token=owner.access_token)

    assert code(leave) == "CONFLICT"
    assert code(demote) == "CONFLICT"
    assert demote_now["updateMemberRole"]["role"] == "ADMIN"
    assert code(last_again) == "FORBIDDEN", "an ADMIN no longer touches owners"


async def test_a_removed_member_loses_access_at_once_and_a_member_may_leave(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    removed = await sign_up(gql)
    leaver = await sign_up(gql)
    removed_id, removed_token = await join(gql, owner, removed, "MEMBER")
    leaver_id, leaver_token = await join(gql, owner, leaver, "MEMBER")

    assert (await gql.data(REMOVE, {"id": removed_id}, token=owner.access_token)) == {"removeMember": True}
    assert (await gql.data(REMOVE, {"id": leaver_id}, token=leaver_token)) == {"removeMember": True}
    after = await gql(MEMBERS, token=removed_token)
    leaver_after = await gql(MEMBERS, token=leaver_token)
    leaver_writes = await gql('mutation { renameWorkspace(name: "Gone") { name } }', token=leaver_token)

    assert code(after) == "FORBIDDEN"
    assert code(leaver_after) == "FORBIDDEN"
    assert code(leaver_writes) == "FORBIDDEN"
    members = (await gql.data(MEMBERS, token=owner.access_token))["members"]
    assert [m["user"]["email"] for m in members] == [owner.email]
    assert (await gql.data("query { workspace { name } }", token=owner.access_token))["workspace"]["name"] == "Acme"


async def test_a_role_change_applies_to_existing_tokens(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    person = await sign_up(gql)
    other = await sign_up(gql)
    person_id, person_token = await join(gql, owner, person, "ADMIN")

    await gql.data(UPDATE_ROLE, {"id": person_id, "role": "VIEWER"}, token=owner.access_token)
    body = await gql(INVITE, {"email": other.email, "role": "MEMBER"}, token=person_token)

    assert code(body) == "FORBIDDEN"


async def test_member_changes_appear_in_the_workspace_timeline(gql: GraphQLClient) -> None:
    owner = await sign_up(gql, name="Olive Owner", workspace="Timeline Inc")
    person = await sign_up(gql, name="Pat Person")
    person_id, _ = await join(gql, owner, person, "MEMBER")
    await gql.data(UPDATE_ROLE, {"id": person_id, "role": "ADMIN"}, token=owner.access_token)
    await gql.data(REMOVE, {"id": person_id}, token=owner.access_token)

    timeline = (await gql.data(TIMELINE, token=owner.access_token))["workspace"]["timeline"]

    entries = [edge["node"] for edge in timeline["edges"]]
    assert timeline["totalCount"] == 4
    assert [e["summary"] for e in entries] == [
        "Pat Person was removed from the workspace",
        "Pat Person's role changed from MEMBER to ADMIN",
        f"Pat Person <{person.email}> joined as MEMBER",
        "Olive Owner created the workspace Timeline Inc",
    ]
    assert {e["kind"] for e in entries} == {"MEMBER"}
    assert entries[1]["changes"] == {"role": {"from": "MEMBER", "to": "ADMIN"}}
    assert entries[0]["actor"]["user"]["email"] == owner.email


async def test_timeline_pages_with_cursors(gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    for _ in range(3):
        person = await sign_up(gql)
        await join(gql, owner, person, "VIEWER")
    query = """
    query($after: String) { workspace { timeline(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { summary } } } } }
    """

    first = (await gql.data(query, {"after": None}, token=owner.access_token))["workspace"]["timeline"]
    second = (await gql.data(query, {"after": first["pageInfo"]["endCursor"]}, token=owner.access_token))["workspace"][
        "timeline"
    ]
    bad = await gql(query, {"after": "bm90LWEtY3Vyc29y"}, token=owner.access_token)
    too_many = await gql("query { workspace { timeline(first: 500) { totalCount } } }", token=owner.access_token)

    assert first["totalCount"] == 4
    assert first["pageInfo"]["hasNextPage"] is True
    assert second["pageInfo"]["hasNextPage"] is False
    assert len(first["edges"]) + len(second["edges"]) == 4
    assert code(bad) == "BAD_USER_INPUT"
    assert code(too_many) == "BAD_USER_INPUT"
