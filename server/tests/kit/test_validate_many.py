"""`validate_many` answers, input by input, what `validate` answers (the model, or its refusal)."""

from __future__ import annotations

from rapport.company.service import CompanyData
from rapport.contact.service import ContactData
from rapport.errors import BadUserInput
from rapport.kit.validation import validate, validate_many

CONTACTS: list[dict[str, object]] = [
    {"first_name": "Ada", "emails": ["Ada@Example.com"]},
    {"first_name": "x" * 101, "emails": ["not an address"]},
    {"last_name": "Hopper", "phones": ["+1 555 0100", "+1 555 0100"]},
    {"phones": ["call me"]},
    {"first_name": "Alan", "surname": "Turing"},
    {},
]


def answer(item: dict[str, object]) -> object:
    try:
        return validate(ContactData, item)
    except BadUserInput as error:
        return (error.message, error.field_errors)


def test_each_input_is_answered_as_validate_answers_it() -> None:
    many = [
        (one.message, one.field_errors) if isinstance(one, BadUserInput) else one
        for one in validate_many(ContactData, CONTACTS)
    ]
    assert many == [answer(item) for item in CONTACTS]
    assert many[0] == ContactData(first_name="Ada", emails=["ada@example.com"])
    assert many[1] == (
        "Some fields are not valid.",
        {("firstName",): "Use at most 100 characters", ("emails", 0): "Enter an email address like name@company.com"},
    )
    assert many[4] == ("Some fields are not valid.", {("surname",): "This field is not accepted here"})


def test_all_valid_and_none() -> None:
    assert validate_many(CompanyData, [{"name": "Acme", "domain": "https://www.Acme.com/"}]) == [
        CompanyData(name="Acme", domain="acme.com")
    ]
    assert validate_many(CompanyData, []) == []
