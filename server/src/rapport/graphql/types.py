"""Types shared by every module's GraphQL: Relay page info, one generic connection, money."""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, Self, TypeVar, cast

import strawberry
from strawberry.types import get_object_definition

from rapport.kit.pagination import Page

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")
TypeT = TypeVar("TypeT", bound=type)


@strawberry.type(description="Where a page of a connection sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow `endCursor`.")
    has_previous_page: bool = strawberry.field(description="True when this page did not start at the beginning.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of this page.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` to fetch the next page.")


def page_info(cursors: list[str], *, has_next_page: bool, after: str | None) -> PageInfo:
    return PageInfo(
        has_next_page=has_next_page,
        has_previous_page=after is not None,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


@strawberry.type
class Edge(Generic[NodeT]):
    """One item of a connection. Each list names its own subclass (`ContactEdge`) with `edge_type`."""

    cursor: str = strawberry.field(description="Pass as `after` to continue after this {noun}.")
    node: NodeT = strawberry.field(description="The {noun}.")


@strawberry.type
class Connection(Generic[NodeT]):
    """A Relay connection. Each list names its own subclass (`ContactConnection`) with `connection_type`,
    narrowing `edges` to its edge type."""

    edge: ClassVar[type[Edge[Any]]]
    edges: Sequence[Edge[NodeT]] = strawberry.field(description="The {plural} of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    page: strawberry.Private[Page[Any]]

    @strawberry.field(description="How many {plural} match, over all pages.")
    async def total_count(self) -> int:
        return await self.page.total()

    @classmethod
    def from_page(cls, page: Page[RowT], after: str | None, node: Callable[[RowT], NodeT]) -> Self:
        """The connection of one page, each row wrapped by `node`."""
        edges = [cls.edge(cursor=cursor, node=node(row)) for cursor, row in page.items]
        cursors = [edge.cursor for edge in edges]
        return cls(edges=edges, page_info=page_info(cursors, has_next_page=page.has_next_page, after=after), page=page)


ConnectionT = TypeVar("ConnectionT", bound=type[Connection[Any]])


def _described(cls: TypeT, description: str, words: dict[str, str], overrides: dict[str, str]) -> TypeT:
    """`cls` as a Strawberry type whose field descriptions are the generic's, filled in with `words`."""
    typed = strawberry.type(cls, description=description)
    definition = get_object_definition(typed, strict=True)
    templates = {
        field.python_name: field.description
        for base in typed.__mro__[1:]
        if (base_definition := get_object_definition(base)) is not None
        for field in base_definition.fields
    }
    fields = []
    for field in definition.fields:
        # The generic's fields are shared objects: each subclass gets its own copies to describe.
        described = copy.copy(field)
        template = overrides.get(field.python_name) or field.description or templates.get(field.python_name)
        described.description = template.format(**words) if template else None
        fields.append(described)
    definition.fields = fields
    return typed


def connection_type(
    *, noun: str, plural: str, description: str, total_count: str | None = None
) -> Callable[[ConnectionT], ConnectionT]:
    """Names and describes one list's connection, `class ContactConnection(Connection[Contact])`, and
    makes its edge type (`ContactEdge`, "A contact and its cursor.") for `edges` to hold."""
    edge = f"{'An' if noun[0] in 'aeiou' else 'A'} {noun} and its cursor."

    def wrap(cls: ConnectionT) -> ConnectionT:
        (node,) = typing.get_args(cls.__orig_bases__[0])  # type: ignore[attr-defined]
        edge_name = cls.__name__.removesuffix("Connection") + "Edge"
        base = cast(Any, Edge)[node]
        edge_class = types.new_class(
            edge_name, (base,), exec_body=lambda namespace: namespace.update(__module__=cls.__module__)
        )
        edge_class = _described(edge_class, edge, {"noun": noun}, {})
        cls.__annotations__["edges"] = Sequence[edge_class]  # type: ignore[valid-type]
        typed = _described(cls, description, {"plural": plural}, {"total_count": total_count} if total_count else {})
        typed.edge = edge_class
        return typed

    return wrap


def served_by_rows(row: type) -> Any:
    """`is_type_of` of a type whose rows of `row` serve as it is: in a union (search hits, record nodes)
    such a row is this type."""

    def is_type_of(cls: type, obj: object, info: object) -> bool:
        return isinstance(obj, cls | row)

    return classmethod(is_type_of)


@strawberry.type
class RowType(Generic[RowT]):
    """A type that wraps a database row, `class User(RowType[UserRow])`, made as `User(row=row)`: its plain
    fields read the row (`of_row`), its other resolvers go from it."""

    row: strawberry.Private[RowT]

    @classmethod
    def of_all(cls, rows: Iterable[RowT]) -> list[Self]:
        """Each row as this type."""
        return [cls(row=row) for row in rows]


# The resolvers `of_row` made, with their column (None: the field's python name): the compiled search
# (graphql/compiled/search.py) reads the row's attribute instead of calling them.
ROW_COLUMNS: dict[Callable[..., Any], str | None] = {}


def of_row(graphql_type: object, description: str, *, column: str | None = None) -> Any:
    """A field of a `RowType`: the row's attribute of the field's name (or `column`), as `graphql_type`
    (`id = of_row(uuid.UUID, "The user's id.")`)."""

    def resolve(root: Any, info: strawberry.Info) -> Any:
        return getattr(root.row, column or info.python_name)

    resolve.__annotations__["return"] = graphql_type
    ROW_COLUMNS[resolve] = column
    return strawberry.field(resolver=resolve, description=description)


@strawberry.type(description="The sum of amounts in one currency.")
class Money:
    amount_micros: str = strawberry.field(description="An integer as a string; 1 unit = 1,000,000 micros.")
    currency: str = strawberry.field(description="ISO 4217 code.")


@strawberry.input(description="An amount of money.")
class MoneyInput:
    amount_micros: str = strawberry.field(description="An integer as a string; 1 unit = 1,000,000 micros.")
    currency: str = strawberry.field(description="ISO 4217 code, e.g. EUR.")
