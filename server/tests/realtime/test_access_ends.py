"""Sockets end when the access behind them ends: signing out one session, signing out everywhere,
revoking an API key. Each api process checks every RAPPORT_REALTIME_ACCESS_CHECK_SECONDS (2 s) and
closes the affected sockets with 4442, on whichever process they are; the others keep receiving.
Also: a deal moved within its column is a dealMoved too."""

from __future__ import annotations

import asyncio
import subprocess
import time

from tests.auth.support import sign_in
from tests.factories import GraphQLClient, seed_records, sign_up
from tests.realtime.client import Socket, signed_in
from tests.realtime.test_subscriptions import DEAL_MOVED, RECORD_CHANGED, create_contact, data

SIGN_OUT = "mutation Out($token: String!) { signOut(refreshToken: $token) }"
EVERYWHERE = "mutation { signOutEverywhere }"
CREATE_KEY = "mutation($name: String!) { createApiKey(name: $name, role: MEMBER) { secret apiKey { id } } }"
REVOKE_KEY = "mutation Revoke($id: UUID!) { revokeApiKey(id: $id) }"
MOVE_TO = "mutation($id: UUID!, $stage: UUID!, $at: Float) { moveDeal(id: $id, stageId: $stage, position: $at) { id } }"
REVOKED = (4442, "Signed out: this sign-in or API key was revoked.")


async def closed_within(socket: Socket, seconds: float) -> tuple[tuple[int | None, str], float]:
    started = time.monotonic()
    closed = await socket.closed(wait=seconds)
    return closed, time.monotonic() - started


async def test_signing_out_closes_that_sessions_sockets_and_no_others(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    other = await sign_in(gql, account)
    async with (
        signed_in(apis[0], account.access_token) as first,
        signed_in(apis[1], account.access_token) as first_elsewhere,
        signed_in(apis[0], other["accessToken"]) as second,
    ):
        for socket in (first, first_elsewhere, second):
            await socket.subscribe(RECORD_CHANGED, {})
        await asyncio.sleep(0.3)
        assert await gql.data(SIGN_OUT, {"token": account.refresh_token}) == {"signOut": True}
        (code, took) = await closed_within(first, 15)
        (code_elsewhere, took_elsewhere) = await closed_within(first_elsewhere, 15)
        contact_id = await create_contact(gql, other["accessToken"], "Still here")
        message = await second.receive()

    assert code == REVOKED
    assert code_elsewhere == REVOKED
    assert took < 8
    assert took_elsewhere < 8
    assert data(message, "recordChanged")["id"] == contact_id


async def test_signing_out_everywhere_closes_every_session_of_the_user(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    other = await sign_in(gql, account)
    bystander = await sign_up(gql, name="Bea Bystander")
    async with (
        signed_in(apis[0], account.access_token) as first,
        signed_in(apis[1], other["accessToken"]) as second,
        signed_in(apis[0], bystander.access_token) as unrelated,
    ):
        for socket in (first, second, unrelated):
            await socket.subscribe(RECORD_CHANGED, {})
        await asyncio.sleep(0.3)
        assert await gql.data(EVERYWHERE, token=account.access_token) == {"signOutEverywhere": True}
        (first_code, first_took) = await closed_within(first, 15)
        (second_code, _) = await closed_within(second, 15)
        contact_id = await create_contact(gql, bystander.access_token, "Unaffected")
        message = await unrelated.receive()

    assert first_code == REVOKED
    assert second_code == REVOKED
    assert first_took < 8
    assert data(message, "recordChanged")["id"] == contact_id


async def test_revoking_an_api_key_closes_its_sockets_and_not_another_keys(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    owner = await sign_up(gql)
    revoked = (await gql.data(CREATE_KEY, {"name": "Zapier"}, token=owner.access_token))["createApiKey"]
    kept = (await gql.data(CREATE_KEY, {"name": "Make"}, token=owner.access_token))["createApiKey"]
    async with (
        signed_in(apis[1], revoked["secret"]) as with_revoked,
        signed_in(apis[0], kept["secret"]) as with_kept,
    ):
        await with_revoked.subscribe(RECORD_CHANGED, {})
        await with_kept.subscribe(RECORD_CHANGED, {})
        await asyncio.sleep(0.3)
        result = await gql.data(REVOKE_KEY, {"id": revoked["apiKey"]["id"]}, token=owner.access_token)
        (code, took) = await closed_within(with_revoked, 15)
        contact_id = await create_contact(gql, owner.access_token, "Keyed")
        message = await with_kept.receive()

    assert result == {"revokeApiKey": True}
    assert code == REVOKED
    assert took < 8
    assert data(message, "recordChanged")["id"] == contact_id


async def test_a_deal_moved_within_its_column_is_a_deal_moved(
    gql: GraphQLClient, apis: list[str], worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    records = await seed_records(gql, account)
    stage = records.stage_ids[1]
    async with signed_in(apis[0], token) as socket:
        moved = await socket.subscribe(DEAL_MOVED, {"id": records.pipeline_id})
        await asyncio.sleep(0.3)
        await gql.data(MOVE_TO, {"id": records.deal_id, "stage": stage, "at": 5000.0}, token=token)
        across = await socket.receive()
        await gql.data(MOVE_TO, {"id": records.deal_id, "stage": stage, "at": 1234.5}, token=token)
        within = await socket.receive()

    assert across["id"] == moved
    assert within["id"] == moved
    across_data, within_data = data(across, "dealMoved"), data(within, "dealMoved")
    assert across_data["position"] == 5000.0
    assert across_data["fromStage"] != across_data["toStage"]
    assert within_data["position"] == 1234.5
    assert within_data["deal"] == {"id": records.deal_id, "name": "TPS reports"}
    assert within_data["fromStage"] == within_data["toStage"] == across_data["toStage"]
    assert within_data["actor"] == {"role": "OWNER"}
    assert int(within_data["eventId"]) > int(across_data["eventId"])
