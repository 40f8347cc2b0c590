"""Reading a CSV someone exported from another CRM: its encoding, its delimiter, its header, and
which of our fields each column probably is."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from rapport.errors import BadUserInput
from rapport.models import ObjectType

SAMPLE_BYTES = 256 * 1024
SAMPLE_ROWS = 5
MAX_COLUMNS = 500
DELIMITERS = ",;\t|"
csv.field_size_limit(1024 * 1024)

# Header names of Salesforce, HubSpot, Pipedrive, Google, Outlook and Thunderbird exports, normalised
# (lower case, letters and digits only), by the field they hold.
SYNONYMS: dict[ObjectType, dict[str, tuple[str, ...]]] = {
    ObjectType.CONTACT: {
        "firstName": ("firstname", "givenname", "first"),
        "lastName": ("lastname", "familyname", "surname", "last"),
        "fullName": ("name", "fullname", "displayname", "contactname", "personname"),
        "email": ("email", "emailaddress", "primaryemail", "email1value", "workemail", "emails"),
        "phone": (
            "phone",
            "phonenumber",
            "mobilephone",
            "mobile",
            "mobilenumber",
            "workphone",
            "businessphone",
            "primaryphone",
            "phone1value",
            "phones",
        ),
        "jobTitle": ("title", "jobtitle", "organization1title", "position"),
    },
    ObjectType.COMPANY: {
        "name": ("name", "accountname", "companyname", "organization", "organizationname", "organisationname"),
        "domain": ("domain", "website", "websiteurl", "companydomainname", "webpage1", "web", "url"),
        "industry": ("industry", "sector"),
        "employees": ("numberofemployees", "employees", "employeecount", "companysize", "noofemployees"),
    },
    ObjectType.DEAL: {
        "name": ("name", "dealname", "title", "dealtitle", "opportunityname", "opportunity"),
        "amount": ("amount", "value", "dealvalue", "dealamount"),
        "currency": ("currency", "currencyisocode", "dealcurrency"),
        "pipeline": ("pipeline", "dealpipeline", "pipelinename"),
        "stage": ("stage", "dealstage", "stagename", "pipelinestage"),
        "company": (
            "company",
            "companyname",
            "organization",
            "organisation",
            "organizationname",
            "account",
            "accountname",
        ),
        "owner": ("owner", "owneremail", "dealowner", "dealowneremail", "assignedto"),
        "expectedCloseDate": ("expectedclosedate", "closedate", "expectedclose", "closingdate"),
    },
}
FIELDS: dict[ObjectType, tuple[str, ...]] = {kind: tuple(names) for kind, names in SYNONYMS.items()}
_PREFIX = re.compile(r"^(person|organization|organisation|contact|company|account|deal)\s*-\s*", re.IGNORECASE)


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _PREFIX.sub("", header.strip()).lower())


def suggest_mapping(
    columns: list[str], object_type: ObjectType, custom_fields: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Column -> field for the columns whose header names a field (each field once, first column wins);
    `custom_fields` (key -> label) map to "custom:<key>" by their label or key (as exports name them)."""
    by_name = {alias: field for field, aliases in SYNONYMS[object_type].items() for alias in aliases}
    for key, label in (custom_fields or {}).items():
        for alias in (normalise(label), normalise(key), normalise(f"custom{key}")):
            by_name.setdefault(alias, f"custom:{key}")
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        field = by_name.get(normalise(column))
        if field is not None and field not in taken:
            mapping[column] = field
            taken.add(field)
    return mapping


@dataclass(frozen=True)
class Shape:
    encoding: str
    delimiter: str
    columns: list[str]
    sample: list[list[str]]


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 3:  # a character cut by the end of the sample
            return "utf-8"
    results = from_bytes(sample)
    best = results.best()
    if best is None:
        raise BadUserInput("The file is not text: no encoding reads it.", field_errors={("file",): "not text"})
    # A few accented letters cannot tell the Windows code pages apart; exports from Western CRMs are
    # ISO-8859-1 or Windows-1252 (its superset for printable characters) far more often than the rest.
    candidates = {str(result.encoding) for result in results}
    if candidates & {"cp1252", "latin_1", "iso8859_1", "iso8859_15"}:
        return "cp1252"
    return str(best.encoding)


def detect_delimiter(text: str) -> str:
    lines = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(lines, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def inspect(path: Path) -> Shape:
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if not sample.strip():
        raise BadUserInput("The file is empty.", field_errors={("file",): "empty"})
    encoding = detect_encoding(sample)
    if b"\x00" in sample and not encoding.startswith("utf-16"):
        raise BadUserInput("The file is not text: it has NUL bytes.", field_errors={("file",): "not text"})
    encoding = detect_encoding(sample)
    text = sample.decode(encoding, errors="replace")
    delimiter = detect_delimiter(text)
    rows = rows_of(path, encoding, delimiter)
    try:
        columns = next(rows)
        sample_rows = [row for _, row in zip(range(SAMPLE_ROWS), rows, strict=False)]
    except StopIteration:
        raise BadUserInput("The file has no header row.", field_errors={("file",): "no header"}) from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise BadUserInput(f"The file is not a readable CSV: {error}.", field_errors={("file",): "not CSV"}) from None
    columns = [column.strip() for column in columns]
    if len(columns) > MAX_COLUMNS:
        raise BadUserInput(f"The file has over {MAX_COLUMNS} columns.", field_errors={("file",): "too many columns"})
    if not any(columns):
        raise BadUserInput("The header row is empty.", field_errors={("file",): "no header"})
    return Shape(encoding=encoding, delimiter=delimiter, columns=columns, sample=sample_rows)


def rows_of(path: Path, encoding: str, delimiter: str) -> Iterator[list[str]]:
    """Every row, header first; blank lines skipped. Undecodable bytes become U+FFFD."""
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        for row in csv.reader(handle, delimiter=delimiter):
            if row and any(cell.strip() for cell in row):
                yield row
