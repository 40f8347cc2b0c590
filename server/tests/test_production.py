"""What production does not expose (findings 1 and 8 of the security review): the API's description,
unauthenticated metrics and schema introspection; and the security headers every answer carries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from tests.conftest import Servers, running_api

METRICS_TOKEN = "metrics-token-for-the-scraper-0123456789"
# Production refuses to start without keys of their own for the secrets it seals at rest.
SEALING_KEYS = {
    "RAPPORT_MAILBOX_KEY": "mailbox-key-for-production-tests-0123456789",
    "RAPPORT_MFA_KEY": "mfa-key-0123456789",
}
INTROSPECTION = "query { __schema { queryType { name } } }"


@pytest.fixture(scope="module")
def production_url(servers: Servers) -> Iterator[str]:
    with running_api(servers, RAPPORT_ENV="production", **SEALING_KEYS) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def scraped_url(servers: Servers) -> Iterator[str]:
    with running_api(
        servers, RAPPORT_ENV="production", RAPPORT_METRICS_TOKEN=METRICS_TOKEN, **SEALING_KEYS
    ) as base_url:
        yield base_url


@pytest.fixture
async def production(production_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=production_url, timeout=30) as client:
        yield client


async def test_production_hides_the_api_description_and_unauthenticated_metrics(
    production: httpx.AsyncClient, scraped_url: str
) -> None:
    hidden = {
        path: (await production.get(path)).status_code
        for path in ("/openapi.json", "/redoc", "/docs", "/api/docs", "/api/openapi.json", "/metrics")
    }
    async with httpx.AsyncClient(base_url=scraped_url, timeout=30) as scraped:
        anonymous = await scraped.get("/metrics")
        wrong = await scraped.get("/metrics", headers={"authorization": "Bearer not-the-token"})
        scraper = await scraped.get("/metrics", headers={"authorization": f"Bearer {METRICS_TOKEN}"})

    assert hidden == dict.fromkeys(
        ("/openapi.json", "/redoc", "/docs", "/api/docs", "/api/openapi.json", "/metrics"), 404
    )
    assert (anonymous.status_code, wrong.status_code, scraper.status_code) == (401, 401, 200)
    assert "rapport_graphql_sql_statements" in scraper.text


async def test_production_refuses_introspection_unless_enabled(
    production: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    refused = await production.post("/graphql", json={"query": INTROSPECTION})
    allowed = await http.post("/graphql", json={"query": INTROSPECTION})  # the test api: not production

    assert refused.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection" in refused.json()["errors"][0]["message"]
    assert allowed.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


async def test_every_answer_carries_the_security_headers(http: httpx.AsyncClient) -> None:
    graphql = await http.post("/graphql", json={"query": "{ __typename }"})
    health = await http.get("/healthz")
    missing = await http.get("/no-such-page")

    for response in (graphql, health, missing):
        assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert response.headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"
