"""Typed filter inputs shared by every list: one per field type, composed with and/or/not."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Generic, TypeVar

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
