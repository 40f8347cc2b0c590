"""netguard against the machine's real resolver: what a user-named host may resolve to."""

from __future__ import annotations

import pytest

from rapport.kit import netguard

STRICT = netguard.Policy()


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("localhost", "a loopback address"),
        ("2130706433", "a loopback address"),  # 127.0.0.1 in decimal
        ("0177.0.0.1", "a loopback address"),  # in octal
        ("0x7f.1", "a loopback address"),  # in hex, short form
        ("127.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("[::1]", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),  # IPv4-mapped
        ("::ffff:10.0.0.1", "a private network address"),
        ("64:ff9b::a9fe:a9fe", "a cloud metadata address"),  # NAT64 of 169.254.169.254
        ("2002:7f00:1::", "a loopback address"),  # 6to4 of 127.0.0.1
        ("0.0.0.0", "an unspecified address"),
        ("0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("10.1.2.3", "a private network address"),
        ("172.16.0.1", "a private network address"),
        ("192.168.1.1", "a private network address"),
        ("fd12:3456::1", "a private network address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("169.254.1.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("100.64.0.1", "a carrier-grade NAT address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("255.255.255.255", "a reserved address"),
        ("192.0.2.10", "a private network address"),  # documentation range
    ],
)
async def test_non_public_addresses_are_refused_in_every_spelling(host: str, reason: str) -> None:
    with pytest.raises(netguard.DestinationRefused) as refused:
        await netguard.resolve(host, 993, policy=STRICT)

    assert type(refused.value) is netguard.DestinationRefused
    assert refused.value.reason == f"{host} is {reason}; only servers on the internet can be reached"


@pytest.mark.parametrize(
    ("host", "address"),
    [("8.8.8.8", "8.8.8.8"), ("134744072", "8.8.8.8"), ("2001:4860:4860::8888", "2001:4860:4860::8888")],
)
async def test_public_addresses_resolve_to_the_address_to_connect_to(host: str, address: str) -> None:
    destination = await netguard.resolve(host, 993, policy=STRICT)

    assert destination == netguard.Destination(host=host, address=address, port=993)


async def test_allowed_networks_open_private_addresses_but_never_the_metadata_service() -> None:
    lan = netguard.Policy.allowing(["127.0.0.0/8", "192.168.10.0/24", "169.254.0.0/16"])

    loopback = await netguard.resolve("2130706433", 143, policy=lan)
    mail_server = await netguard.resolve("192.168.10.5", 143, policy=lan)
    with pytest.raises(netguard.DestinationRefused) as other_lan:
        await netguard.resolve("192.168.11.5", 143, policy=lan)
    with pytest.raises(netguard.DestinationRefused) as metadata:
        await netguard.resolve("169.254.169.254", 80, policy=lan)

    assert loopback == netguard.Destination(host="2130706433", address="127.0.0.1", port=143)
    assert mail_server.address == "192.168.10.5"
    assert (
        other_lan.value.reason
        == "192.168.11.5 is a private network address; only servers on the internet can be reached"
    )
    assert (
        metadata.value.reason
        == "169.254.169.254 is a cloud metadata address; only servers on the internet can be reached"
    )


async def test_a_name_that_does_not_resolve_is_unresolvable() -> None:
    with pytest.raises(netguard.Unresolvable) as unresolvable:
        await netguard.resolve("no-such-host.invalid", 993, policy=STRICT)

    assert unresolvable.value.reason == "no-such-host.invalid does not resolve"
