from __future__ import annotations

import pytest

from rapport.email.addresses import (
    PUBLIC_MAIL_DOMAINS,
    base_address,
    domain_of,
    is_public_domain,
    normalize_address,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ada@Example.COM ", "ada@example.com"),
        ("<ada@example.com>", "ada@example.com"),
        ("ada@xn--bcher-kva.example", "ada@bücher.example"),
        ("Ada@Bücher.Example", "ada@bücher.example"),
        ("ada@example.com.", "ada@example.com"),
        ("mailer-daemon", "mailer-daemon"),
    ],
)
def test_normalize_address(raw: str, expected: str) -> None:
    assert normalize_address(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ada+crm@x.com", "ada@x.com"),
        ("Ada+CRM+2024@X.com", "ada@x.com"),
        ("ada@x.com", "ada@x.com"),
        ("+ada@x.com", "+ada@x.com"),
        ("+ada+crm@x.com", "+ada@x.com"),
    ],
)
def test_base_address_drops_the_plus_tag(raw: str, expected: str) -> None:
    assert base_address(raw) == expected


def test_domain_of() -> None:
    assert domain_of("Ada@Example.COM") == "example.com"
    assert domain_of("ada@xn--bcher-kva.example") == "bücher.example"
    assert domain_of("no-domain") == ""
    assert domain_of("@example.com") == ""


@pytest.mark.parametrize(
    "domain",
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.co.uk",
        "hotmail.es",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.co.jp",
        "yahoo.com.br",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.ru",
        "yandex.ru",
        "yandex.com.tr",
        "qq.com",
        "163.com",
        "126.com",
        "zoho.com",
        "fastmail.com",
        "hey.com",
        "tutanota.com",
        "GMAIL.COM",
        "@gmail.com",
    ],
)
def test_public_mail_domains(domain: str) -> None:
    assert is_public_domain(domain)


@pytest.mark.parametrize(
    "domain",
    ["example.com", "acme.io", "google.com", "microsoft.com", "apple.com", "yahoo.example.com", "hotmailer.com"],
)
def test_company_domains_are_not_public(domain: str) -> None:
    assert not is_public_domain(domain)


def test_the_public_list_is_large_and_normalised() -> None:
    assert len(PUBLIC_MAIL_DOMAINS) > 1000
    assert all(domain == domain.strip().lower() and "@" not in domain for domain in PUBLIC_MAIL_DOMAINS)
