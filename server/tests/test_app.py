"""Operations endpoints and request handling every route shares."""

from __future__ import annotations

import gc

import httpx

from rapport.app import freeze_startup_heap


async def test_healthz_and_readyz(http: httpx.AsyncClient) -> None:
    health = await http.get("/healthz")
    ready = await http.get("/readyz")

    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok", "redis": "ok"}}


async def test_request_ids_are_echoed_or_made(http: httpx.AsyncClient) -> None:
    given = await http.get("/healthz", headers={"x-request-id": "abc-123"})
    made = await http.get("/healthz")
    hostile = await http.get("/healthz", headers={"x-request-id": "bad id\twith spaces"})

    assert given.headers["x-request-id"] == "abc-123"
    assert len(made.headers["x-request-id"]) == 32
    assert hostile.headers["x-request-id"] != "bad id\twith spaces"


async def test_metrics_are_exposed_for_prometheus(http: httpx.AsyncClient) -> None:
    await http.post("/graphql", json={"query": "{ __typename }"})
    metrics = await http.get("/metrics")

    assert metrics.status_code == 200
    assert 'rapport_http_requests_total{method="POST",route="/graphql",status="200"}' in metrics.text
    assert "rapport_http_request_duration_seconds_bucket" in metrics.text


async def test_malformed_http_requests_get_clear_errors(http: httpx.AsyncClient) -> None:
    not_json = await http.post("/graphql", content=b"{not json", headers={"content-type": "application/json"})
    no_query = await http.post("/graphql", json={"variables": {}})

    assert not_json.status_code == 400
    assert not_json.json()["error"]["code"] == "BAD_USER_INPUT"
    assert no_query.status_code == 400
    assert no_query.json()["error"] == {"code": "BAD_USER_INPUT", "message": "No GraphQL query found in the request"}


def test_the_start_up_heap_is_frozen_out_of_the_collector() -> None:
    # What start-up allocated is kept out of every full collection (bench/README.md, issue 15); objects
    # made later are collected as before, the young ones after 20,000 allocations rather than 700.
    thresholds = gc.get_threshold()
    try:
        freeze_startup_heap()
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
        assert gc.get_threshold() == (20_000, 20, 20)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
