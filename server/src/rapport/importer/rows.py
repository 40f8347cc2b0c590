"""One CSV row as the input a record service takes, validated as the API validates it."""

from __future__ import annotations

from urllib.parse import urlsplit

from rapport.company.service import CompanyData
from rapport.contact.service import ContactData
from rapport.errors import BadUserInput
from rapport.kit.validation import validate
from rapport.models import ObjectType

ImportData = ContactData | CompanyData


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


def to_input(object_type: ObjectType, values: dict[str, str]) -> ImportData:
    """The service input for a row's mapped, non-empty cells (BAD_USER_INPUT when a cell is invalid)."""
    if object_type is ObjectType.CONTACT:
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
        return validate(ContactData, fields)
    company: dict[str, object] = {}
    for field in ("name", "industry"):
        if values.get(field):
            company[field] = values[field]
    if values.get("domain"):
        company["domain"] = _domain(values["domain"])
    if values.get("employees"):
        company["employees"] = _integer(values["employees"], "employees")
    return validate(CompanyData, company)
