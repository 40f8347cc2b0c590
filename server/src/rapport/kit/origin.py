"""Where a request comes from: the client's address (through trusted proxies only) and user agent.

The web app's server calls the api for every person using it, so the api would see one address for
all of them. It forwards the person's address in `X-Forwarded-For`; the api believes that header only
when the connection comes from an address in `RAPPORT_TRUSTED_PROXIES`, and then takes the rightmost
address that is not itself a trusted proxy (the leftmost ones are whatever the client wrote).

The origin of the request being served is kept in a context variable, set by the api's middleware,
so that the audit log can record it without every service passing it along.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

FORWARDED_FOR = "x-forwarded-for"
MAX_USER_AGENT = 512

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Origin:
    ip: str | None
    user_agent: str | None


NO_ORIGIN = Origin(ip=None, user_agent=None)
current_origin: ContextVar[Origin] = ContextVar("rapport_request_origin", default=NO_ORIGIN)


@lru_cache(maxsize=16)
def networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in trusted if value.strip())


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def client_ip(peer: str | None, forwarded_for: Iterable[str], trusted: tuple[str, ...]) -> str:
    """The client's address: the peer's, or, when the peer is a trusted proxy, the rightmost address of
    `X-Forwarded-For` that is not a trusted proxy (or the leftmost one when all are trusted)."""
    if peer is None:
        return "unknown"
    nets = networks(trusted)
    if not nets or not _is_trusted(peer, nets):
        return peer
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed chain: believe only the connection
        if not _is_trusted(hop, nets):
            return hop
    return hops[0] if hops else peer


def user_agent(value: str | None) -> str | None:
    return value[:MAX_USER_AGENT] if value else None
