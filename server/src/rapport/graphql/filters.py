"""Typed filter inputs shared by every list: one per field type, composed with and/or/not."""

from __future__ import annotations

import enum
import types
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast

import strawberry

from rapport.kit.listing import Direction

OrderDirection = strawberry.enum(
    Direction, name="OrderDirection", description="Sort direction with explicit null ordering."
)


@strawberry.input(description="Conditions on a text field; all given conditions must hold.")
class StringFilter:
    eq: str | None = strawberry.field(default=None, description="Exactly this value.")
    neq: str | None = strawberry.field(default=None, description="Anything but this value (or empty).")
    in_: list[str] | None = strawberry.field(default=None, name="in", description="One of these values.")
    contains: str | None = strawberry.field(default=None, description="Contains this text, ignoring case.")
    starts_with: str | None = strawberry.field(default=None, description="Starts with this text, ignoring case.")
    ilike: str | None = strawberry.field(default=None, description="SQL ILIKE pattern (`%` and `_`).")
    is_null: bool | None = strawberry.field(default=None, description="True: empty; false: set.")


@strawberry.input(description="Conditions on a number; all given conditions must hold.")
class NumberFilter:
    eq: float | None = strawberry.field(default=None, description="Equal to.")
    neq: float | None = strawberry.field(default=None, description="Not equal to (or empty).")
    in_: list[float] | None = strawberry.field(default=None, name="in", description="One of these.")
    gt: float | None = strawberry.field(default=None, description="Greater than.")
    gte: float | None = strawberry.field(default=None, description="Greater than or equal to.")
    lt: float | None = strawberry.field(default=None, description="Less than.")
    lte: float | None = strawberry.field(default=None, description="Less than or equal to.")
    is_null: bool | None = strawberry.field(default=None, description="True: empty; false: set.")


@strawberry.input(description="Conditions on a date-time; all given conditions must hold.")
class DateTimeFilter:
    eq: datetime | None = strawberry.field(default=None, description="At exactly this instant.")
    gt: datetime | None = strawberry.field(default=None, description="After.")
    gte: datetime | None = strawberry.field(default=None, description="At or after.")
    lt: datetime | None = strawberry.field(default=None, description="Before.")
    lte: datetime | None = strawberry.field(default=None, description="At or before.")
    is_null: bool | None = strawberry.field(default=None, description="True: empty; false: set.")


@strawberry.input(description="Conditions on a reference to another record.")
class UUIDFilter:
    eq: uuid.UUID | None = strawberry.field(default=None, description="This record.")
    in_: list[uuid.UUID] | None = strawberry.field(default=None, name="in", description="One of these records.")
    is_null: bool | None = strawberry.field(default=None, description="True: no reference; false: any.")


@strawberry.input(
    description="A custom field by key, with the operators of its type, "
    'e.g. `{ key: "tier", string: { eq: "gold" } }`. '
    "TEXT, SELECT, MULTI_SELECT (eq/in: has the option), URL and EMAIL take `string`; NUMBER and CURRENCY "
    "(amountMicros) take `number`; DATE takes `date`; BOOLEAN takes `bool`."
)
class CustomFieldFilter:
    key: str = strawberry.field(description="The field definition's key.")
    string: StringFilter | None = strawberry.field(default=None, description="For text-like fields.")
    number: NumberFilter | None = strawberry.field(default=None, description="For NUMBER and CURRENCY fields.")
    date: DateTimeFilter | None = strawberry.field(default=None, description="For DATE fields (compared by day).")
    bool: bool | None = strawberry.field(default=None, description="For BOOLEAN fields.")


FieldT = TypeVar("FieldT")


@strawberry.input
class Order(Generic[FieldT]):
    """One sort key of a list's `orderBy`; each list names its own (`ContactOrder`) over its field enum."""

    field: FieldT | None = strawberry.field(default=None, description="A built-in field.")
    custom_field_key: str | None = strawberry.field(default=None, description="Or a custom field's key.")
    direction: OrderDirection = strawberry.field(description="Direction and null placement.")  # type: ignore[valid-type]


class RecordFilter:
    """The base of a record list's filter (`ContactFilter`), which `record_filter` makes into an input."""

    if TYPE_CHECKING:
        and_: list[Self] | None
        or_: list[Self] | None
        not_: Self | None


FilterT = TypeVar("FilterT", bound=type[RecordFilter])


def record_filter(*, plural: str, name: str = "On the name.", updated_at: bool = False) -> Callable[[FilterT], FilterT]:
    """Names and describes a record list's filter input, `class ContactFilter(RecordFilter)` declaring the
    record's own conditions. Every record's list filters the same way around them: and/or/not over the
    filter itself and the name (`name` describes it) first; the creation time (and with `updated_at` the
    last change) and a custom field last, as `records.list_spec` reads them."""

    def wrap(cls: FilterT) -> FilterT:
        itself = cls.__name__
        fields: dict[str, tuple[object, str, str | None]] = {
            "and_": (f"list[{itself}] | None", "All of these.", "and"),
            "or_": (f"list[{itself}] | None", "Any of these.", "or"),
            "not_": (f"{itself} | None", "Not this.", "not"),
            "name": (StringFilter | None, name, None),
        }
        own = {field: getattr(cls, field) for field in cls.__annotations__}
        fields["created_at"] = (DateTimeFilter | None, "On the creation time.", None)
        if updated_at:
            fields["updated_at"] = (DateTimeFilter | None, "On the last change.", None)
        fields["custom_field"] = (CustomFieldFilter | None, "On a custom field.", None)
        declared = {
            field: strawberry.field(default=None, name=graphql_name, description=description)
            for field, (_, description, graphql_name) in fields.items()
        }
        order = [*list(fields)[:4], *own, *list(fields)[4:]]
        annotations = {field: fields[field][0] for field in fields} | dict(cls.__annotations__)
        cls.__annotations__ = {field: annotations[field] for field in order}
        for field in order:
            setattr(cls, field, declared.get(field) or own[field])
        return strawberry.input(cls, description=f"Conditions on {plural}; all given conditions must hold.")

    return wrap


def record_order(record: str, *fields: str) -> type:
    """A record list's sort key input (`ContactOrder`) over its field enum (`ContactOrderField`): NAME,
    CREATED_AT, UPDATED_AT and LAST_ACTIVITY_AT, which every record sorts by (`records.list_spec`), then
    the record's own `fields`."""
    names = ("NAME", "CREATED_AT", "UPDATED_AT", "LAST_ACTIVITY_AT", *fields)
    values: type[enum.StrEnum] = cast(Any, enum.StrEnum)(f"{record}OrderField", [(name, name) for name in names])
    field_enum = strawberry.enum(values, description=f"{record} fields to sort by.")
    base = cast(Any, Order)[field_enum]
    order = types.new_class(f"{record}Order", (base,), exec_body=lambda body: body.update(__module__=__name__))
    return strawberry.input(order, description="One sort key: a field or a custom field, with a direction.")
