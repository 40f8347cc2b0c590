"""The fast split of plain email addresses answers exactly what `email-validator`'s own split does."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError
from pydantic import ValidationError

from rapport.contact.service import ContactData
from rapport.kit import validation

ADDRESSES = [
    "ada@example.com",
    "Ada.Lovelace+crm@Example.COM",
    "a@b@example.com",
    "@example.com",
    "ada@",
    "ada",
    "ada..lovelace@example.com",
    ".ada@example.com",
    "ada.@example.com",
    "a\\b@example.com",
    "ada lovelace@example.com",
    "ada@exa mple.com",
    "ada@[127.0.0.1]",
    "POSTMASTER@example.com",
    "x" * 65 + "@example.com",
    '"ada lovelace"@example.com',
    '"a@b"@example.com',
    "Ada <ada@example.com>",
    "<ada@example.com>",
    "adá@example.com",
    "ada@exämple.com",
    "ada＠example.com",
    "ada\u0301@example.com",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_split_is_the_librarys(address: str) -> None:
    try:
        expected: object = validation._split_email(address)
    except EmailNotValidError as error:
        expected = ("refused", str(error))
    try:
        answered: object = validation._split_plain_email(address)
    except EmailNotValidError as error:
        answered = ("refused", str(error))
    assert answered == expected


def test_plain_addresses_take_the_fast_path_and_others_do_not() -> None:
    assert validation._split_plain_email("Ada.L+x@Example.com") == (None, "Ada.L+x", "Ada.L+x", False, "Example.com")
    assert validation._split_plain_email('"a b"@example.com') == validation._split_email('"a b"@example.com')


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_contact_email_is_validated_as_before(address: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def outcome() -> object:
        try:
            return ContactData.model_validate({"emails": [address]}).emails
        except ValidationError as error:
            return [(item["loc"], item["msg"]) for item in error.errors(include_url=False)]

    fast = outcome()
    monkeypatch.setattr(validation._email_validator, "split_email", validation._split_email)
    assert fast == outcome()
