"""Outbound connections to hosts a user names (IMAP servers today, webhooks next): where they may go.

A user who can make the server connect somewhere can reach what only the server can reach: the
loopback interface, the private network, the cloud's metadata service. So the host is resolved
here, every address it resolves to is checked, and the caller connects to the checked address
(never to the name again: a second lookup could answer something else, "DNS rebinding").

    destination = await netguard.resolve(host, port, policy=policy)
    await loop.create_connection(factory, destination.address, destination.port, server_hostname=host)

Refused: loopback, private (RFC 1918, ULA), link-local, unspecified, carrier-grade NAT, multicast,
reserved and documentation ranges, anything else that is not globally routable, and IPv6 forms that
embed such an IPv4 address (IPv4-mapped, 6to4, Teredo, NAT64). Numeric forms such as `2130706433`
or `0177.0.0.1` are caught because the check is made on what the name resolves to. A policy may
allow named private networks (tests, a mail server on the company LAN); the metadata addresses
stay refused whatever it says.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud instance metadata (AWS, GCP, Azure, OpenStack; AWS's IPv6 one): refused even when allowed.
METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),
        ipaddress.ip_address("fd00:ec2::254"),
        ipaddress.ip_address("100.100.100.200"),
    }
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
RESOLVE_TIMEOUT = 5.0


class DestinationRefused(Exception):
    """The host may not be connected to; `reason` says why in words a person can read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Unresolvable(DestinationRefused):
    """The name does not resolve (or not in time)."""


@dataclass(frozen=True, slots=True)
class Policy:
    """Which non-public addresses are allowed anyway; none by default."""

    allowed_networks: tuple[IPNetwork, ...] = field(default=())

    @classmethod
    def allowing(cls, networks: Iterable[str | IPNetwork]) -> Policy:
        return cls(tuple(ipaddress.ip_network(network, strict=False) for network in networks))


@dataclass(frozen=True, slots=True)
class Destination:
    """A checked address to connect to; `host` is the name asked for (for TLS and messages)."""

    host: str
    address: str
    port: int


def refusal(address: IPAddress, policy: Policy) -> str | None:
    """Why `address` may not be connected to under `policy`, or None when it may."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return refusal(embedded, policy)
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if any(address.version == network.version and address in network for network in policy.allowed_networks):
        return None
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.version == 4 and address in _CGNAT:
        return "a carrier-grade NAT address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private network address"
    if not address.is_global:
        return "a reserved address"
    return None


async def resolve(host: str, port: int, *, policy: Policy) -> Destination:
    """The address to connect to for `host`, after checking every address the name resolves to.

    Raises `Unresolvable` when the name does not resolve and `DestinationRefused` when any of its
    addresses is refused (a name that points at a public and a private address is refused: which
    one a client would use is not ours to guess)."""
    name = host.strip("[]")
    try:
        infos = await asyncio.wait_for(
            asyncio.get_running_loop().getaddrinfo(name, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP),
            RESOLVE_TIMEOUT,
        )
    except (OSError, TimeoutError, UnicodeError):
        raise Unresolvable(f"{host} does not resolve") from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos))
    if not addresses:
        raise Unresolvable(f"{host} does not resolve")
    for address in addresses:
        reason = refusal(address, policy)
        if reason is not None:
            raise DestinationRefused(f"{host} is {reason}; only servers on the internet can be reached")
    return Destination(host=host, address=str(addresses[0]), port=port)


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (IPv4-mapped, 6to4, Teredo, NAT64), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None
