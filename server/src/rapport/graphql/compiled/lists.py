"""The list queries the compiled path pages through, registered by the domains that own them.

The GraphQL shell imports no domain service: each domain registers, for its connection, the same
function its service pages through on the executor path (its list spec: filters, sort keys). So
both paths filter and sort a list the same way, from one definition.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.kit.listing import SortKey

Listed = tuple[Select[Any], list[SortKey]]


class ListQuery(Protocol):
    """The rows of a root list (`contacts`), filtered, with its sort keys."""

    async def __call__(
        self, session: AsyncSession, actor: Actor, *, filter: Any, order_by: Sequence[Any]
    ) -> Listed: ...


class NestedListQuery(Protocol):
    """The rows of a list under a parent row (`Stage.deals`); `parent` is that row in SQL, to correlate with."""

    async def __call__(self, session: AsyncSession, actor: Actor, *, filter: Any, parent: Any) -> Listed: ...


_ROOT: dict[str, ListQuery] = {}
_NESTED: dict[str, NestedListQuery] = {}


def register_list(field: str, query: ListQuery) -> None:
    """Makes the root list field `field` (e.g. "contacts") compilable."""
    _ROOT[field] = query


def register_nested_list(field: str, query: NestedListQuery) -> None:
    """Makes the list field `field` (e.g. "Stage.deals") compilable."""
    _NESTED[field] = query


def root_list(field: str) -> ListQuery | None:
    return _ROOT.get(field)


def nested_list(field: str) -> NestedListQuery | None:
    return _NESTED.get(field)
