"""Input models: pydantic validation whose errors become BAD_USER_INPUT with per-field paths.

Field errors read as a person would write them ("Enter a name", "Use at least 8 characters"): the same
text reaches API clients in `fieldErrors` and users next to the field. Messages our own validators
raise (`ValueError("...")`) are kept, with a capital first letter.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic.alias_generators import to_camel
from pydantic_core import ErrorDetails

from rapport.errors import BadUserInput

# The module, not the function the package exports under the same name.
_email_validator = importlib.import_module("email_validator.validate_email")
_check_domain = _email_validator.validate_email_domain_name


@functools.lru_cache(maxsize=8192)
def _domain_checked(domain: str, test_environment: bool, globally_deliverable: bool) -> dict[str, Any]:
    return dict(_check_domain(domain, test_environment=test_environment, globally_deliverable=globally_deliverable))


def _check_domain_once(domain: str, test_environment: bool = False, globally_deliverable: bool = True) -> Any:
    """`email-validator`'s domain check (IDNA, label rules, special-use names), a pure function of the
    domain, made once per domain: an import of 100,000 addresses at a few hundred domains spent most of
    its validation there. Refused domains are not cached (the error is raised again each time)."""
    return dict(_domain_checked(domain, test_environment, globally_deliverable))


_split_email = _email_validator.split_email


def _split_plain_email(email: str) -> tuple[str | None, str, str, bool, str]:
    """`email-validator`'s `split_email`, answered at once for the usual address: ASCII with no quote
    and no angle bracket. The library walks such an address character by character, NFC-normalising a
    window at each one (an identity on ASCII) to find the first @-sign; that was half of validating
    an address. Every other address goes through the library's own split."""
    if email.isascii() and "@" in email and '"' not in email and "<" not in email:
        local, _, domain = email.partition("@")
        return None, local, local, False, domain
    result: tuple[str | None, str, str, bool, str] = _split_email(email)
    return result


# `EmailStr` (pydantic) calls `email_validator.validate_email`, which looks these up in its module.
setattr(_email_validator, "validate_email_domain_name", _check_domain_once)  # noqa: B010
setattr(_email_validator, "split_email", _split_plain_email)  # noqa: B010


class InputModel(BaseModel):
    """Field errors name the GraphQL (camelCase) field, so clients can show them next to it."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        str_strip_whitespace=True,
        extra="forbid",
        frozen=True,
    )


M = TypeVar("M", bound=InputModel)

EMAIL_EXAMPLE = "Enter an email address like name@company.com"

# What a field is called in a sentence, where splitting its camelCase name reads wrong.
NOUNS = {
    "email": "email address",
    "emails": "email address",
    "url": "web address",
    "website": "web address",
    "linkedinUrl": "LinkedIn address",
    "amountMicros": "amount",
}


# A field's camelCase name, made once per name (an import validates each row through `validate`).
_camel = functools.lru_cache(maxsize=1024)(to_camel)


def validate(model: type[M], data: Mapping[str, object], *, path: tuple[str | int, ...] = ()) -> M:
    try:
        return model.model_validate({_camel(key): value for key, value in data.items()})
    except ValidationError as error:
        field_errors: dict[tuple[str | int, ...], str] = {}
        for item in error.errors(include_url=False):
            field_errors.setdefault((*path, *item["loc"]), human_message(item))
        raise BadUserInput("Some fields are not valid.", field_errors=field_errors) from None


@functools.cache
def _list_of(model: type[M]) -> TypeAdapter[list[M]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def validate_many(model: type[M], items: Sequence[Mapping[str, object]]) -> list[M | BadUserInput]:
    """`validate` for many inputs in one call of pydantic (an import validates a thousand rows at once):
    each answer is the model, or the BAD_USER_INPUT that `validate` raises for that input."""
    data = [{_camel(key): value for key, value in item.items()} for item in items]
    try:
        return list(_list_of(model).validate_python(data))
    except ValidationError as error:
        refused: dict[int, dict[tuple[str | int, ...], str]] = {}
        for item in error.errors(include_url=False):
            index, *loc = item["loc"]
            refused.setdefault(int(index), {}).setdefault(tuple(loc), human_message(item))
    valid = iter(_list_of(model).validate_python([one for index, one in enumerate(data) if index not in refused]))
    return [
        BadUserInput("Some fields are not valid.", field_errors=refused[index]) if index in refused else next(valid)
        for index in range(len(data))
    ]


def human_message(item: ErrorDetails) -> str:
    """One pydantic error as the sentence shown next to its field."""
    kind = item["type"]
    ctx: dict[str, Any] = dict(item.get("ctx") or {})
    noun = field_noun(item["loc"])
    label = f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"
    text = item["msg"]
    if kind == "value_error":
        if "valid email address" in text:
            return EMAIL_EXAMPLE
        return sentence(text.removeprefix("Value error, "))
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return f"Enter {label}"
    if kind == "string_too_short":
        return f"Use at least {ctx['min_length']} characters"
    if kind == "string_too_long":
        return f"Use at most {ctx['max_length']} characters"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"Add at least one {singular(noun)}" if least == 1 else f"Add at least {least} of them"
    if kind == "too_long":
        return f"Give at most {ctx['max_length']} of them"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "Enter a whole number"
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return "Enter a number"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        return bound_message(kind, ctx)
    if kind in {"enum", "literal_error"}:
        return f"Choose one of {ctx.get('expected', 'the listed values')}"
    if kind in {"date_parsing", "date_from_datetime_parsing", "date_type"}:
        return "Enter a date like 2026-12-31"
    if kind in {"datetime_parsing", "datetime_from_date_parsing", "datetime_type"}:
        return "Enter a date and time like 2026-12-31T09:30:00Z"
    if kind.startswith("url"):
        return "Enter a web address like https://example.com"
    if kind in {"uuid_parsing", "uuid_type"}:
        return "Give an id from this workspace"
    if kind == "bool_parsing":
        return "Choose true or false"
    if kind == "string_type":
        return "Enter text"
    if kind == "string_pattern_mismatch":
        return f"Enter {label} in the expected format"
    if kind == "extra_forbidden":
        return "This field is not accepted here"
    return sentence(text)


def bound_message(kind: str, ctx: Mapping[str, Any]) -> str:
    if kind == "greater_than_equal":
        return f"Enter {ctx['ge']} or more"
    if kind == "greater_than":
        return f"Enter more than {ctx['gt']}"
    if kind == "less_than_equal":
        return f"Enter {ctx['le']} or less"
    return f"Enter less than {ctx['lt']}"


def field_noun(loc: tuple[int | str, ...]) -> str:
    """'firstName' -> 'first name'; no field name -> 'value'."""
    name = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if name in NOUNS:
        return NOUNS[name]
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower().strip()
    return words or "value"


def singular(noun: str) -> str:
    """The name of a list field ('options', 'phones') as one of its items."""
    return noun[:-1] if noun.endswith("s") and not noun.endswith(("ss", "us")) else noun


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
