"""SQL helpers of the compiled path: JSON the way the executor prints it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from graphql import FieldNode
from pydantic.alias_generators import to_camel
from sqlalchemy import cast, func, literal
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.types import Text

# A SQL expression of any kind: columns, mapped attributes, functions, scalar subqueries.
SQL = Any
Builder = Callable[[FieldNode], SQL]
Selection = list[tuple[str, FieldNode]]


def utc(column: SQL) -> SQL:
    """A timestamptz as the DateTime scalar prints it: UTC, microseconds, +00:00."""
    return func.to_char(func.timezone("UTC", column), literal('YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'))


def cursor(values: Sequence[SQL]) -> SQL:
    """The same cursor the ordinary path makes: url-safe base64 of ["v1", sort values…, id]."""
    payload = func.json_build_array(literal("v1"), *values)
    encoded = func.encode(func.convert_to(cast(payload, Text), literal("UTF8")), literal("base64"))
    return func.translate(encoded, literal("+/=\n"), literal("-_"))


def array(element: SQL, where: SQL | None = None) -> SQL:
    """json_agg (of the rows `where` holds for, when given) that gives [] rather than null for no rows."""
    aggregate = func.json_agg(element)
    return func.coalesce(aggregate if where is None else aggregate.filter(where), cast(literal("[]"), JSON))


def json_object(items: Sequence[tuple[str, SQL]]) -> SQL:
    flat: list[Any] = []
    for key, value in items:
        flat += [literal(key), value]
    return func.json_build_object(*flat)


def scalars(row: SQL, names: Sequence[str]) -> dict[str, Builder]:
    """Columns that print as they are, by their GraphQL (camelCase) names."""
    return {to_camel(name): (lambda column: lambda _: column)(getattr(row, name)) for name in names}
