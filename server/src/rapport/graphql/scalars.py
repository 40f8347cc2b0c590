"""Scalar formats, the same whichever path answers: DateTime always in UTC with microseconds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import dateutil.parser
import strawberry
from strawberry.schema.types.base_scalars import wrap_parser


def serialize_datetime(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


DateTime = strawberry.scalar(
    dt.datetime,
    name="DateTime",
    description="Date with time, ISO 8601: `2026-11-26T08:50:34.123456+00:00` (answers are always in UTC).",
    serialize=serialize_datetime,
    parse_value=wrap_parser(dateutil.parser.isoparse, "DateTime"),
)

SCALAR_OVERRIDES: dict[object, Any] = {dt.datetime: DateTime}
