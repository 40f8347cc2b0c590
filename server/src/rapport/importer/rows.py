"""One CSV row as the input a record service takes, validated as the API validates it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from rapport.company.service import CompanyData
from rapport.contact.service import ContactData
from rapport.errors import BadUserInput
from rapport.kit.validation import validate_many
from rapport.models import FieldDefinition, FieldType, ObjectType

# A mapping target naming a custom field: "custom:<key>".
CUSTOM = "custom:"
TRUE = frozenset(("true", "yes", "y", "1", "x", "on", "checked"))
FALSE = frozenset(("false", "no", "n", "0", "off", "unchecked"))
_MONEY = re.compile(r"^\s*(?:([A-Za-z]{3})\s*)?([-+]?[\d.,\s\u00a0']+?)\s*(?:([A-Za-z]{3}))?\s*$")


@dataclass(frozen=True)
class DealRow:
    """A deal's cells, checked; its pipeline, stage, company and owner are named, not yet found."""

    name: str
    amount_micros: int | None = None
    currency: str | None = None
    pipeline: str | None = None
    stage: str | None = None
    company: str | None = None
    owner: str | None = None
    expected_close_date: str | None = None
    custom_fields: dict[str, object] = dataclass_field(default_factory=dict)
    given: frozenset[str] = frozenset()


ImportData = ContactData | CompanyData | DealRow


def custom_key(target: str) -> str | None:
    return target[len(CUSTOM) :] if target.startswith(CUSTOM) else None


def _refused(field_name: str, message: str) -> BadUserInput:
    return BadUserInput("Some fields are not valid.", field_errors={(field_name,): message})


def _decimal(text: str) -> Decimal:
    """A number as spreadsheets write it: 1234.5, 1,234.50, 1 234,50, 1.234,50."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("'", "").replace("_", "")
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in cleaned:
        head, _, tail = cleaned.rpartition(",")
        cleaned = cleaned.replace(",", "") if len(tail) == 3 and head else cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{text!r} is not a number")
    return number


def money(text: str) -> tuple[int, str | None]:
    """(micros, currency or None) of "1234.50", "1,234.50 EUR" or "EUR 1234.50"."""
    matched = _MONEY.match(text)
    if matched is None or (matched.group(1) and matched.group(3)):
        raise ValueError(f"{text!r} is not an amount (as 1234.50 or 1234.50 EUR)")
    micros = _decimal(matched.group(2)) * 1_000_000
    if micros != micros.to_integral_value():
        raise ValueError(f"{text!r} has more than 6 decimals")
    currency = matched.group(1) or matched.group(3)
    return int(micros), currency.upper() if currency else None


def cell_value(definition: FieldDefinition, text: str) -> object:
    """A custom field's value from its cell, typed for the definition; the record service then checks
    it as it checks the API's (options, formats). ValueError says what is wrong."""
    kind = definition.type
    if kind is FieldType.NUMBER:
        number = _decimal(text)
        return int(number) if number == number.to_integral_value() and abs(number) < 2**53 else float(number)
    if kind is FieldType.BOOLEAN:
        lowered = text.lower()
        if lowered in TRUE or lowered in FALSE:
            return lowered in TRUE
        raise ValueError(f"{text!r} is not true or false (yes/no, 1/0)")
    if kind is FieldType.DATE:
        candidate = text.replace("/", "-").replace(".", "-")
        try:
            if len(candidate) == 10:
                return date.fromisoformat(candidate).isoformat()
        except ValueError:
            pass
        raise ValueError(f"{text!r} is not a date as YYYY-MM-DD")
    options = {option.lower(): option for option in definition.options or []}
    if kind is FieldType.SELECT:
        return options.get(text.lower(), text)
    if kind is FieldType.MULTI_SELECT:
        parts = [part.strip() for part in re.split(r"[;,|]", text) if part.strip()]
        return [options.get(part.lower(), part) for part in parts]
    if kind is FieldType.CURRENCY:
        micros, currency = money(text)
        if currency is None:
            raise ValueError(f"{text!r} has no currency (as 1234.50 EUR)")
        return {"amountMicros": str(micros), "currency": currency}
    return text


def custom_fields_of(values: Mapping[str, str], definitions: Mapping[str, FieldDefinition]) -> dict[str, object]:
    """The row's custom field values, from its non-empty `custom:<key>` cells."""
    custom: dict[str, object] = {}
    errors: dict[tuple[str | int, ...], str] = {}
    for target, text in values.items():
        key = custom_key(target)
        if key is None or not text:
            continue
        definition = definitions.get(key)
        if definition is None:
            errors[("customFields", key)] = "unknown custom field"
            continue
        try:
            custom[key] = cell_value(definition, text)
        except ValueError as error:
            errors[("customFields", key)] = str(error)
    if errors:
        raise BadUserInput("Some custom fields are not valid.", field_errors=errors)
    return custom


def reason_of(error: BadUserInput) -> str:
    details = "; ".join(
        f"{'.'.join(str(part) for part in path)}: {message}" for path, message in error.field_errors.items()
    )
    return f"{error.message} ({details})" if details else error.message


def _domain(value: str) -> str:
    text = value.strip()
    if "://" in text:
        text = urlsplit(text).netloc or text
    return text.split("/", 1)[0]


def _integer(value: str, field: str) -> int:
    cleaned = value.replace(",", "").replace(" ", "").replace("_", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise BadUserInput(
            "Some fields are not valid.", field_errors={(field,): f"{value!r} is not a number"}
        ) from None
    if not number.is_integer():
        raise BadUserInput("Some fields are not valid.", field_errors={(field,): f"{value!r} is not a whole number"})
    return int(number)


def _deal(values: dict[str, str], custom: dict[str, object]) -> DealRow:
    name = values.get("name")
    if not name:
        raise _refused("name", "a deal needs a name")
    amount_micros = currency = None
    if values.get("amount"):
        try:
            amount_micros, currency = money(values["amount"])
        except ValueError as error:
            raise _refused("amount", str(error)) from None
    if values.get("currency"):
        currency = values["currency"].upper()
    if amount_micros is not None and currency is None:
        raise _refused("currency", "an amount needs a currency (a currency column, or 1234.50 EUR)")
    close = values.get("expectedCloseDate")
    if close:
        try:
            close = date.fromisoformat(close.replace("/", "-")).isoformat()
        except ValueError:
            raise _refused("expectedCloseDate", f"{close!r} is not a date as YYYY-MM-DD") from None
    return DealRow(
        name=name,
        amount_micros=amount_micros,
        currency=currency,
        pipeline=values.get("pipeline") or None,
        stage=values.get("stage") or None,
        company=values.get("company") or None,
        owner=(values.get("owner") or "").lower() or None,
        expected_close_date=close or None,
        custom_fields=custom,
        given=frozenset(target for target, text in values.items() if text),
    )


def _contact_fields(values: dict[str, str], custom: dict[str, object]) -> dict[str, object]:
    fields: dict[str, object] = {}
    first, last = values.get("firstName"), values.get("lastName")
    full = values.get("fullName")
    if full and not (first or last):
        first, _, last = full.strip().rpartition(" ")
        if not first:
            first, last = last, None
    if first:
        fields["firstName"] = first
    if last:
        fields["lastName"] = last
    if values.get("email"):
        fields["emails"] = [values["email"]]
    if values.get("phone"):
        fields["phones"] = [values["phone"]]
    if values.get("jobTitle"):
        fields["jobTitle"] = values["jobTitle"]
    if custom:
        fields["customFields"] = custom
    return fields


def _company_fields(values: dict[str, str], custom: dict[str, object]) -> dict[str, object]:
    company: dict[str, object] = {}
    for field in ("name", "industry"):
        if values.get(field):
            company[field] = values[field]
    if values.get("domain"):
        company["domain"] = _domain(values["domain"])
    if values.get("employees"):
        company["employees"] = _integer(values["employees"], "employees")
    if custom:
        company["customFields"] = custom
    return company


def to_inputs(
    object_type: ObjectType, rows: Sequence[dict[str, str]], definitions: Mapping[str, FieldDefinition] | None = None
) -> list[ImportData | BadUserInput]:
    """The service input for each row's mapped, non-empty cells, or the BAD_USER_INPUT that refuses it
    (a cell not valid as the API validates it); `custom:<key>` cells become custom field values typed
    by `definitions`. The contacts' and companies' inputs are validated in one call."""
    answers: list[ImportData | BadUserInput] = []
    fields: list[dict[str, object]] = []
    for values in rows:
        try:
            custom = custom_fields_of(values, definitions or {})
            if object_type is ObjectType.DEAL:
                answers.append(_deal(values, custom))
                continue
            build = _contact_fields if object_type is ObjectType.CONTACT else _company_fields
            fields.append(build(values, custom))
            answers.append(_PENDING)
        except BadUserInput as error:
            answers.append(error)
    if not fields:
        return answers
    model: type[ContactData] | type[CompanyData] = ContactData if object_type is ObjectType.CONTACT else CompanyData
    validated = iter(validate_many(model, fields))
    return [next(validated) if answer is _PENDING else answer for answer in answers]


# Stands for a row whose input `to_inputs` has yet to validate.
_PENDING = DealRow(name="")
