"""What a merge takes from the duplicates: blank fields and custom fields filled (the primary wins),
list fields united. Pure functions; the services write, and keep what each duplicate gave for undo."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Taken:
    """What one duplicate gave the primary: column values, custom field values, list items."""

    filled: dict[str, Any] = field(default_factory=dict)
    custom_fields: dict[str, Any] = field(default_factory=dict)
    added: dict[str, list[str]] = field(default_factory=dict)


def merge_values(
    primary: Mapping[str, Any],
    primary_custom: Mapping[str, Any],
    duplicates: Sequence[tuple[uuid.UUID, Mapping[str, Any], Mapping[str, Any]]],
    *,
    scalars: Sequence[str],
    lists: Mapping[str, int],
) -> tuple[dict[str, Any], dict[str, Any], dict[uuid.UUID, Taken]]:
    """The primary's new column values and custom fields, and what each duplicate (id, columns,
    custom fields) gave. A blank scalar takes the first duplicate's value; a list (`lists`: name →
    longest allowed) gains the duplicates' items it lacks, in order, up to its limit."""
    values: dict[str, Any] = {}
    custom = dict(primary_custom)
    taken: dict[uuid.UUID, Taken] = {}
    for duplicate_id, columns, duplicate_custom in duplicates:
        given = taken.setdefault(duplicate_id, Taken())
        for column in scalars:
            if primary.get(column) in (None, "") and column not in values and columns.get(column) not in (None, ""):
                values[column] = given.filled[column] = columns[column]
        for column, limit in lists.items():
            current = list(values.get(column, primary.get(column) or []))
            extra = [item for item in columns.get(column) or [] if item not in current][: max(0, limit - len(current))]
            if extra:
                values[column] = current + extra
                given.added[column] = extra
        for key, value in duplicate_custom.items():
            if custom.get(key) in (None, "", []) and value not in (None, "", []):
                custom[key] = given.custom_fields[key] = value
    return values, custom, taken
