"""Custom fields: per-workspace definitions, validation of every write, and SQL to filter and sort.

Values live in each record's `custom_fields` JSONB object, normalised on write: TEXT, SELECT, URL
and EMAIL as strings, NUMBER as a JSON number, BOOLEAN as true/false, DATE as "YYYY-MM-DD",
MULTI_SELECT as a list of options, CURRENCY as {"amountMicros": int, "currency": "EUR"}. An unset
value is an absent key, never null.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlparse

from email_validator import EmailNotValidError, validate_email
from pydantic import Field, field_validator, model_validator
from sqlalchemy import ColumnElement, and_, false, literal_column, not_, or_, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from rapport.auth.actor import Actor, Principal
from rapport.customfield import repository
from rapport.errors import BadUserInput, Conflict, found
from rapport.kit.filters import (
    CustomFieldConditions,
    Filter,
    Path,
    StringConditions,
    datetime_condition,
    jsonb_literal,
    number_condition,
    string_condition,
    uses_custom_fields,
)
from rapport.kit.ids import new_id
from rapport.kit.listing import Direction, ListSpec, Order, SortKey
from rapport.kit.text import unsafe_character
from rapport.kit.validation import InputModel
from rapport.models import FieldDefinition, FieldType, ObjectType, Role

KEY_PATTERN = repository.KEY_PATTERN
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
WITH_OPTIONS = (FieldType.SELECT, FieldType.MULTI_SELECT)
MAX_TEXT = 10_000
# Every field is a key in the records' JSON and may get an index on the shared table: a bound per workspace.
MAX_DEFINITIONS = 100

# A column or a SQL expression (mapped attributes included).
Column = ColumnElement[Any] | InstrumentedAttribute[Any]


def clean_options(options: list[str] | None) -> list[str] | None:
    if options is None:
        return None
    cleaned = [option.strip() for option in options]
    if any(not option or len(option) > 100 for option in cleaned):
        raise ValueError("options must be 1 to 100 characters")
    if len(set(cleaned)) != len(cleaned):
        raise ValueError("options must be unique")
    return cleaned


class DefinitionData(InputModel):
    object_type: ObjectType
    key: str = Field(min_length=1, max_length=64)
    label: str = Field(min_length=1, max_length=100)
    type: FieldType
    options: list[str] | None = Field(default=None, max_length=200)
    required: bool = False

    @field_validator("required", mode="before")
    @classmethod
    def _required(cls, value: object) -> object:
        return False if value is None else value

    @field_validator("key")
    @classmethod
    def _key(cls, key: str) -> str:
        if not KEY_PATTERN.match(key):
            raise ValueError("lower-case letters, digits and _, starting with a letter")
        return key

    @field_validator("options")
    @classmethod
    def _options(cls, options: list[str] | None) -> list[str] | None:
        return clean_options(options)

    @model_validator(mode="after")
    def _options_for_selects(self) -> DefinitionData:
        if self.type in WITH_OPTIONS and not self.options:
            raise ValueError("SELECT and MULTI_SELECT fields need at least one option")
        if self.type not in WITH_OPTIONS and self.options:
            raise ValueError("only SELECT and MULTI_SELECT fields take options")
        return self


class DefinitionChanges(InputModel):
    label: str | None = Field(default=None, min_length=1, max_length=100)
    options: list[str] | None = Field(default=None, max_length=200)
    required: bool | None = None

    @field_validator("options")
    @classmethod
    def _options(cls, options: list[str] | None) -> list[str] | None:
        return clean_options(options)


async def list_definitions(
    session: AsyncSession, actor: Actor, *, object_type: ObjectType | None = None
) -> Sequence[FieldDefinition]:
    return await repository.list_definitions(session, actor.workspace_id, object_type)


async def definitions_by_key(
    session: AsyncSession, actor: Principal, object_type: ObjectType
) -> dict[str, FieldDefinition]:
    return {d.key: d for d in await repository.list_definitions(session, actor.workspace_id, object_type)}


async def create_definition(session: AsyncSession, actor: Actor, *, data: DefinitionData) -> FieldDefinition:
    """A new field; its key's index (for sorting and range filters) is built by the worker, concurrently."""
    actor.require(Role.ADMIN)
    if await repository.count_definitions(session, actor.workspace_id) >= MAX_DEFINITIONS:
        raise BadUserInput(
            f"A workspace can have at most {MAX_DEFINITIONS} custom fields; delete one first.",
            field_errors={("input", "key"): f"at most {MAX_DEFINITIONS} custom fields per workspace"},
        )
    position = await repository.next_position(session, actor.workspace_id, data.object_type)
    definition = await repository.insert_definition(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "object_type": data.object_type,
            "key": data.key,
            "label": data.label,
            "type": data.type,
            "options": data.options,
            "required": data.required,
            "position": position,
        },
    )
    if definition is None:
        raise Conflict(f"A {data.object_type.value.lower()} field with the key {data.key!r} exists already.")
    return definition


async def update_definition(
    session: AsyncSession, actor: Actor, *, definition_id: uuid.UUID, data: DefinitionChanges
) -> FieldDefinition:
    actor.require(Role.ADMIN)
    definition = await _get(session, actor, definition_id)
    values: dict[str, object] = {}
    if data.label is not None:
        values["label"] = data.label
    if data.required is not None:
        values["required"] = data.required
    if data.options is not None:
        if definition.type not in WITH_OPTIONS:
            raise BadUserInput(
                "Only SELECT and MULTI_SELECT fields take options.", field_errors={("input", "options"): "not a select"}
            )
        if not data.options:
            raise BadUserInput(
                "A select needs at least one option.", field_errors={("input", "options"): "at least one"}
            )
        values["options"] = data.options
    if not values:
        return definition
    return await repository.update_definition(session, definition.id, values)


async def delete_definition(session: AsyncSession, actor: Actor, *, definition_id: uuid.UUID) -> bool:
    """Deletes the definition and removes its values from every record of the workspace."""
    actor.require(Role.ADMIN)
    await repository.delete_definition(session, await _get(session, actor, definition_id))
    return True


async def _get(session: AsyncSession, actor: Actor, definition_id: uuid.UUID) -> FieldDefinition:
    return found(
        await repository.get_definition(session, actor.workspace_id, definition_id),
        "No custom field with this id in this workspace.",
    )


class CustomFieldsInput(Protocol):
    """A record's input: the fields it was given, and its custom field values."""

    @property
    def model_fields_set(self) -> set[str]: ...

    @property
    def custom_fields(self) -> dict[str, Any] | None: ...


async def update_values(
    session: AsyncSession,
    actor: Principal,
    object_type: ObjectType,
    values: dict[str, Any],
    data: CustomFieldsInput,
    *,
    current: Mapping[str, Any],
    path: Path,
) -> None:
    """On an update that gives `customFields`: sets `values["custom_fields"]` to the record's new ones."""
    if "custom_fields" in data.model_fields_set:
        definitions = await definitions_by_key(session, actor, object_type)
        values["custom_fields"] = validate_values(definitions, data.custom_fields, current=current, path=path)


def validate_values(
    definitions: Mapping[str, FieldDefinition],
    values: Mapping[str, Any] | None,
    *,
    current: Mapping[str, Any] | None,
    path: Path,
    allow_missing_required: bool = False,
) -> dict[str, Any]:
    """Returns the record's new custom fields: `current` with `values` applied (null unsets).

    Raises BAD_USER_INPUT naming each unknown key, wrong type, unknown option or missing required
    value; with `allow_missing_required` (records Rapport creates itself, see `missing_required`) a
    required value may be absent, every other rule still holds.
    """
    if values is not None and not isinstance(values, Mapping):
        raise BadUserInput("customFields must be an object.", field_errors={path: "must be an object of field values"})
    result = dict(current or {})
    errors: dict[Path, str] = {}
    for key, raw in (values or {}).items():
        definition = definitions.get(key)
        if definition is None:
            errors[(*path, key)] = "unknown custom field"
            continue
        if raw is None:
            result.pop(key, None)
            continue
        try:
            result[key] = _normalise(definition, raw)
        except ValueError as error:
            errors[(*path, key)] = str(error)
    if not allow_missing_required:
        for key in missing_required(definitions, result):
            if (*path, key) not in errors:
                errors[(*path, key)] = "required"
    if errors:
        raise BadUserInput("Some custom fields are not valid.", field_errors=errors)
    return result


def validate_new(
    definitions: Mapping[str, FieldDefinition], values: Mapping[str, Any] | None, *, path: Path, allow_incomplete: bool
) -> tuple[dict[str, Any], list[str]]:
    """A new record's custom fields, and the labels of the required fields it lacks (none unless
    `allow_incomplete`: see `validate_values`)."""
    custom = validate_values(definitions, values, current=None, path=path, allow_missing_required=allow_incomplete)
    return custom, [definitions[key].label for key in missing_required(definitions, custom)]


def missing_required(definitions: Mapping[str, FieldDefinition], values: Mapping[str, Any]) -> list[str]:
    """The keys of the required fields that `values` has no value for, in key order."""
    return sorted(key for key, definition in definitions.items() if definition.required and key not in values)


def _normalise(definition: FieldDefinition, raw: Any) -> Any:
    kind = definition.type
    if kind == FieldType.TEXT:
        if not isinstance(raw, str):
            raise ValueError("must be text")
        if len(raw) > MAX_TEXT:
            raise ValueError(f"at most {MAX_TEXT} characters")
        if unsafe_character(raw) is not None:  # refused at the api's edge too; imports reach here directly
            raise ValueError("must not contain control characters")
        return raw
    if kind == FieldType.NUMBER:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise ValueError("must be a number")
        return raw
    if kind == FieldType.BOOLEAN:
        if not isinstance(raw, bool):
            raise ValueError("must be true or false")
        return raw
    if kind == FieldType.DATE:
        try:
            if not isinstance(raw, str) or len(raw) != 10:
                raise ValueError
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            raise ValueError("must be a date as YYYY-MM-DD") from None
    if kind == FieldType.SELECT:
        if not isinstance(raw, str) or raw not in (definition.options or []):
            raise ValueError(f"must be one of: {', '.join(definition.options or [])}")
        return raw
    if kind == FieldType.MULTI_SELECT:
        if not isinstance(raw, list) or any(not isinstance(v, str) or v not in (definition.options or []) for v in raw):
            raise ValueError(f"must be a list of: {', '.join(definition.options or [])}")
        return list(dict.fromkeys(raw))
    if kind == FieldType.URL:
        parsed = urlparse(raw) if isinstance(raw, str) else None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc or len(raw) > 2048:
            raise ValueError("must be an http(s) URL")
        return raw
    if kind == FieldType.EMAIL:
        try:
            if not isinstance(raw, str):
                raise EmailNotValidError("not text")
            return validate_email(raw, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            raise ValueError("must be an email address") from None
    return _money(raw)


def _money(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping) or set(raw) != {"amountMicros", "currency"}:
        raise ValueError('must be {"amountMicros": "<integer>", "currency": "<ISO 4217 code>"}')
    amount, currency = raw["amountMicros"], raw["currency"]
    try:
        micros = int(amount) if isinstance(amount, str | int) and not isinstance(amount, bool) else None
    except ValueError:
        micros = None
    if micros is None or abs(micros) > 10**18:
        raise ValueError("amountMicros must be an integer (as a string)")
    if not isinstance(currency, str) or not CURRENCY_PATTERN.match(currency):
        raise ValueError("currency must be a three-letter ISO 4217 code")
    return {"amountMicros": micros, "currency": currency}


def value_expression(column: Column, key: str) -> ColumnElement[Any]:
    """`custom_fields -> 'key'` with the key inlined (it matched KEY_PATTERN), so it uses the expression index."""
    if not KEY_PATTERN.match(key):
        raise BadUserInput("Not a custom field key.", field_errors={("key",): "not a custom field key"})
    return column.op("->", return_type=JSONB)(literal_column(f"'{key}'"))


def filter_condition(
    column: Column, definitions: Mapping[str, FieldDefinition], f: CustomFieldConditions, path: Path
) -> ColumnElement[bool]:
    definition = definitions.get(f.key)
    if definition is None:
        raise BadUserInput(f"No custom field {f.key!r} here.", field_errors={(*path, "key"): "unknown custom field"})
    kind = definition.type
    value = value_expression(column, f.key)
    given = [name for name in ("string", "number", "date", "bool") if getattr(f, name) is not None]
    expected = {
        FieldType.NUMBER: "number",
        FieldType.CURRENCY: "number",
        FieldType.DATE: "date",
        FieldType.BOOLEAN: "bool",
    }.get(kind, "string")
    if given != [expected]:
        raise BadUserInput(
            f"Filter the {kind.value} field {f.key!r} with `{expected}`.",
            field_errors={(*path, expected): f"a {kind.value} field filters with `{expected}`"},
        )
    # The check above leaves exactly the operators of the field's type given.
    if kind == FieldType.BOOLEAN:
        return column.contains(jsonb_literal({f.key: f.bool}))
    if f.number is not None:
        amount = value.op("->")(literal_column("'amountMicros'")) if kind == FieldType.CURRENCY else value
        return number_condition(amount, f.number, jsonb_literal)
    if f.date is not None:
        return datetime_condition(value, f.date, lambda moment: jsonb_literal(moment.date().isoformat()))
    strings = f.string
    assert strings is not None, "the check above requires `string` for every other type"
    if kind == FieldType.MULTI_SELECT:
        return _multi_select_condition(column, f.key, strings, path)
    text_value = column.op("->>")(literal_column(f"'{f.key}'"))
    if strings.eq is None:
        return string_condition(text_value, strings)
    # Equality as containment alone: the GIN index can answer it, and PostgreSQL estimates it well
    # (adding the same test on `->>` makes it guess a handful of rows and choose a full scan).
    return and_(
        column.contains(jsonb_literal({f.key: strings.eq})), string_condition(text_value, strings, with_eq=False)
    )


def _multi_select_condition(column: Column, key: str, f: StringConditions, path: Path) -> ColumnElement[bool]:
    if any(getattr(f, op) is not None for op in ("contains", "starts_with", "ilike")):
        raise BadUserInput(
            "A MULTI_SELECT field filters with eq, neq, in and isNull.",
            field_errors={(*path, "string"): "use eq, neq, in or isNull"},
        )
    parts: list[ColumnElement[bool]] = []
    if f.eq is not None:
        parts.append(column.contains(jsonb_literal({key: [f.eq]})))
    if f.neq is not None:
        parts.append(not_(column.contains(jsonb_literal({key: [f.neq]}))))
    if f.in_ is not None:
        parts.append(or_(false(), *[column.contains(jsonb_literal({key: [v]})) for v in f.in_]))
    if f.is_null is not None:
        present = column.has_key(key)
        parts.append(not_(present) if f.is_null else present)
    return and_(true(), *parts)


def sort_key(
    column: Column, definitions: Mapping[str, FieldDefinition], key: str, direction: Direction, path: Path
) -> SortKey:
    if key not in definitions:
        raise BadUserInput(f"No custom field {key!r} to sort by.", field_errors={path: "unknown custom field"})
    return SortKey.jsonb(value_expression(column, key), direction)


async def list_conditions(
    session: AsyncSession,
    actor: Actor,
    spec: ListSpec,
    *,
    filter: Filter | None,
    order_by: Sequence[Order],
    default_order: tuple[str, Direction] | None = None,
) -> tuple[ColumnElement[bool], list[SortKey]]:
    """A list's condition and sort keys from its spec, custom fields included; the workspace's
    definitions load only when the filter or the order names a custom field."""
    definitions = (
        await definitions_by_key(session, actor, spec.object_type) if uses_custom_fields(filter, order_by) else {}
    )
    condition = spec.condition(filter, lambda f, path: filter_condition(spec.custom_fields, definitions, f, path))
    keys = spec.sort_keys(
        order_by,
        lambda key, direction, path: sort_key(spec.custom_fields, definitions, key, direction, path),
        default_order,
    )
    return condition, keys
