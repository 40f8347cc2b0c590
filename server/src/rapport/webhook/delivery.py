"""One HTTP attempt at a webhook: the SSRF guard, the request, what came back.

The URL's host is resolved and checked by `kit.netguard` at every attempt (a name that pointed at a
public address when the endpoint was made may point at the loopback interface now), and the
request goes to the checked address, with the name in `Host` and in TLS's SNI and certificate
check. Redirects are not followed (a 3xx is a failure); the attempt has a connect timeout and a
total one; at most `response_bytes` of the answer are read.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from rapport.kit import netguard

USER_AGENT = "Rapport-Webhooks/1"


@dataclass(frozen=True, slots=True)
class Attempt:
    status: int | None  # None: no HTTP answer (refused, unreachable, timed out)
    error: str | None  # None: a 2xx answer
    response: str | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    host: str
    port: int


def parse_target(url: str) -> Target:
    """Scheme, host and port of a webhook URL; ValueError with a reason a person can read."""
    if len(url) > 2000:
        raise ValueError("the URL is over 2000 characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValueError("not a valid URL") from None
    if parts.scheme not in ("https", "http"):
        raise ValueError("the URL must start with https:// (or http://)")
    if not parts.hostname:
        raise ValueError("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise ValueError("the URL may not carry a user name or password")
    if any(character.isspace() or ord(character) < 32 for character in url):
        raise ValueError("the URL may not contain spaces or control characters")
    return Target(parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80))


async def check_url(url: str, *, policy: netguard.Policy) -> None:
    """Raises ValueError (bad URL) or netguard.DestinationRefused (not a host on the internet)."""
    target = parse_target(url)
    await netguard.resolve(target.host, target.port, policy=policy)


async def post(
    url: str,
    *,
    headers: dict[str, str],
    body: bytes,
    policy: netguard.Policy,
    connect_timeout: float,
    total_timeout: float,
    response_bytes: int,
) -> Attempt:
    started = time.perf_counter()

    def done(status: int | None, error: str | None, response: str | None = None) -> Attempt:
        return Attempt(status, error, response, round((time.perf_counter() - started) * 1000))

    try:
        target = parse_target(url)
        destination = await netguard.resolve(target.host, target.port, policy=policy)
    except ValueError as error:
        return done(None, f"bad URL: {error}")
    except netguard.DestinationRefused as refused:
        return done(None, f"refused: {refused.reason}")
    parts = urlsplit(url)
    address = destination.address
    if ipaddress.ip_address(address).version == 6:
        address = f"[{address}]"
    connect_url = urlunsplit((parts.scheme, f"{address}:{destination.port}", parts.path or "/", parts.query, ""))
    default_port = 443 if target.scheme == "https" else 80
    host_header = parts.hostname if target.port == default_port else f"{parts.hostname}:{target.port}"
    request_headers = {**headers, "Host": host_header or "", "User-Agent": USER_AGENT}
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    timeout = httpx.Timeout(total_timeout, connect=connect_timeout)
    try:
        async with asyncio.timeout(total_timeout):
            async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client:
                request = client.build_request("POST", connect_url, headers=request_headers, content=body)
                request.extensions.update(extensions)
                response = await client.send(request, stream=True)
                try:
                    excerpt = await _read_capped(response, response_bytes)
                finally:
                    await response.aclose()
    except TimeoutError:
        return done(None, f"timed out after {total_timeout:g} s")
    except httpx.TimeoutException:
        return done(None, "timed out")
    except httpx.HTTPError as error:
        return done(None, f"connection failed: {type(error).__name__}")
    status = response.status_code
    if 200 <= status < 300:
        return done(status, None, excerpt)
    if 300 <= status < 400:
        return done(status, f"answered {status} (redirects are not followed)", excerpt)
    return done(status, f"answered {status}", excerpt)


async def _read_capped(response: httpx.Response, limit: int) -> str:
    kept = bytearray()
    async for chunk in response.aiter_raw():
        kept += chunk[: limit - len(kept)]
        if len(kept) >= limit:
            break
    return kept.decode("utf-8", errors="replace")
