"""One attempt over real HTTP to a real receiver: the SSRF guard at delivery time, redirects, the
timeout and the response cap."""

from __future__ import annotations

import asyncio

import pytest

from rapport.kit import netguard
from rapport.webhook import delivery
from tests.webhook.receiver import Answer, running_receiver

LOOPBACK_ALLOWED = netguard.Policy.allowing(["127.0.0.0/8"])
NOTHING_ALLOWED = netguard.Policy()


async def post(
    url: str, *, policy: netguard.Policy, total_timeout: float = 5, response_bytes: int = 100
) -> delivery.Attempt:
    return await delivery.post(
        url,
        headers={"webhook-id": "msg_1"},
        body=b'{"a":1}',
        policy=policy,
        connect_timeout=2,
        total_timeout=total_timeout,
        response_bytes=response_bytes,
    )


async def test_a_post_reaches_the_receiver_with_the_name_in_host() -> None:
    with running_receiver() as receiver:
        result = await post(f"http://localhost:{receiver.port}{receiver.prefix}/hooks?x=1", policy=LOOPBACK_ALLOWED)

        assert (result.status, result.error, result.response) == (200, None, "ok")
        (request,) = receiver.received
        assert (request.path, request.body) == ("/hooks", b'{"a":1}')
        assert request.headers["host"] == f"localhost:{receiver.port}"
        assert request.headers["webhook-id"] == "msg_1"


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("localhost", "a loopback address"),  # a name that resolves to loopback now
        ("10.0.0.1", "a private network address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("[::1]", "a loopback address"),
        ("[::ffff:127.0.0.1]", "a loopback address"),
        ("2130706433", "a loopback address"),
    ],
)
async def test_a_refused_destination_is_never_reached(host: str, reason: str) -> None:
    with running_receiver() as receiver:
        result = await post(f"http://{host}:{receiver.port}/", policy=NOTHING_ALLOWED)

        assert result.status is None
        assert result.error is not None
        assert result.error.startswith("refused: ")
        assert reason in result.error
        assert receiver.received == []


async def test_metadata_stays_refused_even_when_its_network_is_allowed() -> None:
    result = await post("http://169.254.169.254/latest/meta-data/", policy=netguard.Policy.allowing(["169.254.0.0/16"]))

    assert result.status is None
    assert (
        result.error
        == "refused: 169.254.169.254 is a cloud metadata address; only servers on the internet can be reached"
    )


async def test_a_redirect_is_not_followed() -> None:
    with running_receiver() as target, running_receiver() as redirecting:
        redirecting.plan.append(Answer(status=307, headers=[(b"location", f"{target.url}/internal".encode())]))

        result = await post(f"{redirecting.url}/", policy=LOOPBACK_ALLOWED)

        assert result.status == 307
        assert result.error == "answered 307 (redirects are not followed)"
        assert len(redirecting.received) == 1
        assert target.received == []


async def test_a_slow_receiver_times_out() -> None:
    with running_receiver() as receiver:
        receiver.plan.append(Answer(delay=3))

        started = asyncio.get_running_loop().time()
        result = await post(f"{receiver.url}/", policy=LOOPBACK_ALLOWED, total_timeout=0.5)

        assert result.status is None
        assert result.error is not None
        assert "timed out" in result.error
        assert asyncio.get_running_loop().time() - started < 2


async def test_only_the_start_of_a_big_answer_is_kept() -> None:
    with running_receiver() as receiver:
        receiver.plan.append(Answer(status=500, body=b"x" * 1_000_000))

        result = await post(f"{receiver.url}/", policy=LOOPBACK_ALLOWED, response_bytes=100)

        assert (result.status, result.error, result.response) == (500, "answered 500", "x" * 100)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/", "the URL must start with https:// (or http://)"),
        ("https://user:pw@example.com/", "the URL may not carry a user name or password"),
        ("https:///nohost", "the URL has no host"),
    ],
)
async def test_unusable_urls_are_refused_before_any_connection(url: str, message: str) -> None:
    result = await post(url, policy=LOOPBACK_ALLOWED)

    assert (result.status, result.error) == (None, f"bad URL: {message}")
