"""The Authentication-Results reader (RFC 8601), without servers."""

from __future__ import annotations

from rapport.email.authresults import parse, verdict
from rapport.models import EmailAuthentication

PASS, FAIL, NONE = EmailAuthentication.PASS, EmailAuthentication.FAIL, EmailAuthentication.NONE


def test_parse_reads_methods_properties_and_drops_comments() -> None:
    found = parse(
        'MX.Example.com 1; dkim=pass (2048-bit key) header.d=acme.com header.s="s 1";\r\n'
        "\tspf=pass smtp.mailfrom=bounce@mail.acme.com; dmarc = fail (p=reject) header.from=acme.com"
    )
    assert found is not None
    assert found.authserv_id == "mx.example.com"
    assert [(r.method, r.result, r.properties) for r in found.results] == [
        ("dkim", "pass", {"header.d": "acme.com", "header.s": "s 1"}),
        ("spf", "pass", {"smtp.mailfrom": "bounce@mail.acme.com"}),
        ("dmarc", "fail", {"header.from": "acme.com"}),
    ]


def test_parse_of_none_and_of_nothing() -> None:
    found = parse("mx.example.com; none")
    assert found is not None
    assert found.results == ()
    assert parse("  (only a comment) ") is None


def test_verdict_passes_only_aligned_results_of_trusted_servers() -> None:
    trusted = ["mx.example.com"]
    sender = "ada@acme.com"
    assert verdict(["mx.example.com; dmarc=pass"], sender, trusted) is PASS
    assert verdict(["mx.example.com; dkim=pass header.d=acme.com"], "ada@eu.acme.com", trusted) is PASS
    assert verdict(["mx.example.com; spf=pass smtp.mailfrom=b@mail.acme.com"], sender, trusted) is PASS
    assert verdict(["mx.example.com; dkim=pass header.d=sub.acme.com"], sender, trusted) is FAIL
    assert verdict(["mx.example.com; dkim=pass header.d=notacme.com"], sender, trusted) is FAIL
    assert verdict(["mx.example.com; dkim=pass header.d=com"], sender, trusted) is FAIL
    assert verdict(["mx.example.com; dkim=pass header.i=@eu.acme.com"], "ada@eu.acme.com", trusted) is PASS
    assert verdict(["mx.example.com; spf=pass smtp.mailfrom=b@other.com"], sender, trusted) is FAIL
    assert verdict(["mx.example.com; dmarc=pass header.from=other.com"], sender, trusted) is FAIL
    assert verdict(["mx.example.com; dkim=fail header.d=acme.com"], sender, trusted) is FAIL
    assert verdict(["evil.example; dmarc=pass"], sender, trusted) is NONE
    assert verdict([], sender, trusted) is NONE
    assert verdict(["mx.example.com; dmarc=pass"], sender, []) is NONE
    # A forged header above the trusted one does not help; a trusted pass anywhere does.
    assert verdict(["evil.example; dmarc=pass", "mx.example.com; dmarc=fail"], sender, trusted) is FAIL
