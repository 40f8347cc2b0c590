"""Opaque keyset cursors: a versioned, url-safe encoding of the sort key and the id tie-breaker."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from rapport.errors import BadUserInput

T = TypeVar("T")

MAX_PAGE_SIZE = 200


def encode_cursor(values: Sequence[object]) -> str:
    raw = json.dumps(["v1", *values], separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# A cursor holds a list's sort values and id; the longest is a text custom field's (10,000 characters,
# each at most six once JSON-escaped, then base64): under this. A longer one is not ours, and is refused
# before it is decoded.
MAX_CURSOR_LENGTH = 128 * 1024


def decode_cursor(cursor: str, *, arity: int, field: str = "after") -> list[object]:
    decoded: object = None
    if len(cursor) <= MAX_CURSOR_LENGTH:
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            decoded = json.loads(base64.urlsafe_b64decode(padded.encode()))
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[[[[…]]]]" nested deep
            decoded = None
    if not isinstance(decoded, list) or len(decoded) != arity + 1 or decoded[0] != "v1":
        raise BadUserInput("The cursor is not valid.", field_errors={(field,): "not a cursor from this list"})
    return decoded[1:]


def check_page_size(first: int, *, field: str = "first") -> int:
    if first < 0 or first > MAX_PAGE_SIZE:
        raise BadUserInput(
            f"`first` must be between 0 and {MAX_PAGE_SIZE}.",
            field_errors={(field,): f"must be between 0 and {MAX_PAGE_SIZE}"},
        )
    return first


async def _no_count() -> int:
    return -1


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[tuple[str, T]]  # (cursor, item)
    has_next_page: bool
    total_count: int = -1
    # Counting the whole list costs a query: it runs only when a client asks for totalCount.
    count: Callable[[], Awaitable[int]] = field(default=_no_count)

    async def total(self) -> int:
        return self.total_count if self.total_count >= 0 else await self.count()


def decode_newest_first(after: str | None) -> tuple[datetime, uuid.UUID] | None:
    """The (time, id) after which a newest-first page starts, from its `after` cursor (None: the first page)."""
    if after is None:
        return None
    at, row_id = decode_cursor(after, arity=2)
    try:
        return (datetime.fromisoformat(str(at)), uuid.UUID(str(row_id)))
    except ValueError:
        raise BadUserInput("The cursor is not valid.", field_errors={("after",): "not a cursor"}) from None


def newest_first_page(
    rows: Sequence[T],
    first: int,
    *,
    key: Callable[[T], tuple[datetime, uuid.UUID]],
    count: Callable[[], Awaitable[int]],
) -> Page[T]:
    """A newest-first page from the `first + 1` rows read after its cursor; `key` is a row's (time, id),
    which its cursor holds (see `decode_newest_first`)."""
    items = []
    for row in rows[:first]:
        at, row_id = key(row)
        items.append((encode_cursor([at.isoformat(), str(row_id)]), row))
    return Page(items=items, has_next_page=len(rows) > first, count=count)
