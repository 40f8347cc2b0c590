"""Relay connections in SQL: a page of rows numbered in sort order, their cursors, pageInfo and
totalCount, as the executor's `Connection` prints them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from graphql import FieldNode
from graphql.execution.values import VariableValues
from sqlalchemy import Select, cast, func, literal, select, true
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.types import Text

from rapport.auth.actor import Actor
from rapport.graphql.compiled.lists import Listed
from rapport.graphql.compiled.plan import NotCompiled, Plan, fields
from rapport.graphql.compiled.sql import SQL, Builder, Selection, array, cursor, json_object, utc
from rapport.kit.listing import SortKey, inline, page_query

if TYPE_CHECKING:
    from rapport.graphql.compiled.compiler import Compiler

DEFAULT_PAGE_SIZE = 50
CURSOR = "edge_cursor"  # the numbered page's column of cursors


class Translation:
    """One request's translation: variables, the actor and the session used to read definitions."""

    def __init__(self, compiler: Compiler, plan: Plan, variables: VariableValues, actor: Actor, session: AsyncSession):
        self.compiler = compiler
        self.plan = plan
        self.variables = variables
        self.actor = actor
        self.session = session
        self.nullable_roots: set[str] = set()
        # The lists under a record, by (field node, parent row): see types.Request.prepare_lists.
        self.prepared: dict[tuple[int, int], Listed] = {}

    def fields(self, node: FieldNode, type_name: str) -> Selection:
        return fields(self.plan, node.selection_set, type_name)

    def args(self, type_name: str, node: FieldNode) -> dict[str, Any]:
        return self.compiler.arguments(type_name, node, self.variables)

    def field_of(self, node: FieldNode, type_name: str, name: str) -> FieldNode | None:
        """The one sub-field `name` selected on `node` (None when not selected)."""
        matches = [field for _, field in self.fields(node, type_name) if field.name.value == name]
        if len(matches) > 1:
            raise NotCompiled
        return matches[0] if matches else None

    def object(self, node: FieldNode, type_name: str, builders: dict[str, Builder]) -> SQL:
        """The JSON object of the fields selected on `node`; a field without a builder is not compiled."""
        parts = []
        for key, field in self.fields(node, type_name):
            name = field.name.value
            if name == "__typename":
                parts.append((key, literal(type_name)))
            elif name in builders:
                parts.append((key, builders[name](field)))
            else:
                raise NotCompiled
        return json_object(parts)

    def connection(
        self,
        node: FieldNode,
        type_name: str,
        query: Select[Any],
        keys: list[SortKey],
        model: Any,
        args: dict[str, Any],
        build: Callable[[FieldNode, Any], SQL],
        default_first: int = DEFAULT_PAGE_SIZE,
        total: SQL | None = None,
    ) -> SQL:
        """A page of `query` (a select of `model`, filtered) in the order of `keys`; `total`: its
        totalCount when known without counting the query (else the query is counted)."""
        first: int = default_first if args.get("first") is None else args["first"]
        after: str | None = args.get("after")
        page = page_query(query, id_column=model.id, keys=keys, first=first, after=after).lateral("page")
        page_row = aliased(model, page)
        sorts = [page.c[f"sort_{i}"] for i in range(len(keys))]
        page_cursor = cursor(
            [
                *[utc(column) if key.is_timestamp else column for key, column in zip(keys, sorts, strict=True)],
                cast(page_row.id, Text),
            ]
        )
        # Each row's cursor is made once, here, for its edge and for startCursor / endCursor alike (when
        # nothing selects it, PostgreSQL leaves the column out).
        numbered = select(
            page,
            func.row_number().over(order_by=_reordered(keys, page, page_row)).label("n"),
            page_cursor.label(CURSOR),
        ).lateral("numbered")
        row = aliased(model, numbered)
        edge_cursor = numbered.c[CURSOR]
        if total is None:
            total = select(func.count()).select_from(query.order_by(None).lateral("counted")).scalar_subquery()
        return self.page(node, type_name, numbered, first, after, edge_cursor, lambda n: build(n, row), total)

    def page(
        self,
        node: FieldNode,
        type_name: str,
        numbered: Any,
        first: int,
        after: str | None,
        edge_cursor: SQL,
        build_node: Builder,
        total: SQL,
    ) -> SQL:
        """The connection object over `numbered` (a page, one row more than `first`, numbered `n`): one
        aggregate over it, so the page is read once for its edges, cursors and hasNextPage alike (as
        scalar subqueries of their own, each read it again)."""
        edge_type = type_name.removesuffix("Connection") + "Edge"
        shown = numbered.c.n <= inline(first)

        def edges(field: FieldNode) -> SQL:
            edge = self.object(field, edge_type, {"cursor": lambda _: edge_cursor, "node": build_node})
            return array(aggregate_order_by(edge, numbered.c.n), where=shown)

        def cursor_at(last: bool) -> SQL:
            order = numbered.c.n.desc() if last else numbered.c.n.asc()
            return func.array_agg(aggregate_order_by(edge_cursor, order), type_=ARRAY(Text)).filter(shown)[1]

        def page_info(field: FieldNode) -> SQL:
            return self.object(
                field,
                "PageInfo",
                {
                    "hasNextPage": lambda _: func.count() > inline(first),
                    "hasPreviousPage": lambda _: literal(after is not None),
                    "startCursor": lambda _: cursor_at(last=False),
                    "endCursor": lambda _: cursor_at(last=True),
                },
            )

        connection = self.object(
            node, type_name, {"edges": edges, "pageInfo": page_info, "totalCount": lambda _: total}
        )
        # HAVING makes it one group, so one row even when nothing selected is an aggregate (totalCount alone).
        return select(connection).select_from(numbered).having(true()).scalar_subquery()


def _reordered(keys: list[SortKey], page: Any, row: Any) -> list[SQL]:
    ordered = []
    for index, key in enumerate(keys):
        column = page.c[f"sort_{index}"]
        expression = column.desc() if key.direction.descending else column.asc()
        ordered.append(expression.nulls_first() if key.direction.nulls_first else expression.nulls_last())
    descending = keys[0].direction.descending if keys else False
    ordered.append(row.id.desc() if descending else row.id.asc())
    return ordered
