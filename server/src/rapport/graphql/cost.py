"""What an operation costs, known before it runs, and the limits on it (finding 1 of the security review).

The cost counts the objects an operation can make the server load: each field with a selection
costs 1, times the page it asks for (`first`/`last`, its default when absent) for every list it sits
in. `contacts(first: 200) { edges { node { company { name } } } }` costs 200 × (1 + 1 + 1 + 1) + ...;
aliases are fields like any other and fragments are counted where they are spread. A list without a
page argument counts `unpaged_list_size` items; `edges` and `nodes` count once (their connection
already counted the page). Introspection counts 1: it reads no table.

Two limits use it: `max_query_cost` per operation (QUERY_TOO_COSTLY, naming the cost and the limit)
and `query_cost_per_minute` per principal (user, or client address when signed out), kept in Redis
so that it holds across api replicas (RATE_LIMITED with `retryAfter`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from functools import lru_cache
from typing import Generic, TypeVar

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    parse,
)
from graphql.error import GraphQLSyntaxError
from redis.asyncio import Redis

from rapport.errors import AppError, RateLimited
from rapport.graphql.walk import nodes_of

PAGE_ARGUMENTS = ("first", "last")
CONNECTION_LISTS = frozenset({"edges", "nodes"})
# Deeper selections are refused by the depth limit before they would matter here.
_MAX_WALK_DEPTH = 64

T = TypeVar("T")


class QueryTooCostly(AppError):
    code = "QUERY_TOO_COSTLY"
    http_status = 400

    def __init__(self, cost: int, limit: int) -> None:
        super().__init__(
            f"This query could load {cost} objects, more than the {limit} one request may: "
            "ask for smaller pages (`first`), fewer aliases or less nesting."
        )
        self.cost = cost
        self.limit = limit

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "cost": self.cost, "maxCost": self.limit}


@lru_cache(maxsize=1000)
def parsed(query: str) -> DocumentNode | None:
    """The document, or None when it does not parse (the executor answers that, with its code)."""
    try:
        return parse(query)
    except GraphQLSyntaxError:
        return None


def is_mutation(document: DocumentNode, operation_name: str | None, *, allowed: frozenset[str]) -> bool:
    """True when the request runs a mutation with a root field outside `allowed` (emergency mode lets
    signing in through; a fragment at the root counts as not allowed)."""
    operations = [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]
    chosen = [op for op in operations if operation_name is None or (op.name and op.name.value == operation_name)]
    if len(chosen) != 1 or chosen[0].operation is not OperationType.MUTATION:
        return False
    return any(
        not isinstance(node, FieldNode) or node.name.value not in allowed | {"__typename"}
        for node in chosen[0].selection_set.selections
    )


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, object] | None,
    *,
    unpaged_list_size: int,
) -> int:
    """The cost of the operation the request runs (0 when it names none that exists: nothing runs)."""
    operations = [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]
    chosen = [op for op in operations if operation_name is None or (op.name and op.name.value == operation_name)]
    if len(chosen) != 1:
        return 0
    operation = chosen[0]
    fragments = {node.name.value: node for node in document.definitions if isinstance(node, FragmentDefinitionNode)}
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    if root is None:
        return 0
    key = (operation_name, unpaged_list_size, id(schema))
    known = _FIXED_COSTS.get(document, key)
    if known is not None:
        return known
    defaults: dict[str, object] = {
        definition.variable.name.value: definition.default_value for definition in operation.variable_definitions or ()
    }
    walker = _Walker(schema, fragments, dict(variables or {}), defaults, unpaged_list_size)
    spent = walker.selection_cost(operation.selection_set, root, depth=0, spread=frozenset())
    if not walker.read_variables:
        _FIXED_COSTS.put(document, key, spent)
    return spent


class _PerDocument(Generic[T]):
    """Values worked out from a parsed document, kept for the next request that sends the same text:
    `parsed` caches documents by their text, so it is the same node again. Keyed by the node's identity
    (and checked against it, so a node that was dropped and whose id was reused is not mistaken for it),
    bounded: cleared when full."""

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self.entries: dict[tuple[int, object], tuple[DocumentNode, T]] = {}

    def get(self, document: DocumentNode, key: object = None) -> T | None:
        entry = self.entries.get((id(document), key))
        return entry[1] if entry is not None and entry[0] is document else None

    def put(self, document: DocumentNode, key: object, value: T) -> None:
        if len(self.entries) >= self.size:
            self.entries.clear()
        self.entries[(id(document), key)] = (document, value)


# Costs that do not depend on the variables (no page size given by one): most documents the web app sends.
_FIXED_COSTS: _PerDocument[int] = _PerDocument()


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, object],
        defaults: dict[str, object],
        unpaged_list_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.defaults = defaults
        self.unpaged_list_size = unpaged_list_size
        self.read_variables = False  # whether the cost depends on the variables' values

    def selection_cost(
        self, selection_set: SelectionSetNode, parent: object, *, depth: int, spread: frozenset[str]
    ) -> int:
        if depth > _MAX_WALK_DEPTH:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field_cost(selection, parent, depth=depth, spread=spread)
            elif isinstance(selection, InlineFragmentNode):
                target = self._type_named(selection.type_condition.name.value) if selection.type_condition else parent
                total += self.selection_cost(selection.selection_set, target, depth=depth + 1, spread=spread)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in spread:  # a cycle: validation refuses it
                    continue
                target = self._type_named(fragment.type_condition.name.value)
                total += self.selection_cost(fragment.selection_set, target, depth=depth + 1, spread=spread | {name})
        return total

    def field_cost(self, node: FieldNode, parent: object, *, depth: int, spread: frozenset[str]) -> int:
        if node.selection_set is None:
            return 0
        name = node.name.value
        if name.startswith("__"):
            return 1
        definition = parent.fields.get(name) if isinstance(parent, GraphQLObjectType) else None
        if definition is None:
            # An interface or a field validation will refuse: count it as one object.
            return 1 + self.selection_cost(node.selection_set, None, depth=depth + 1, spread=spread)
        children = self.selection_cost(
            node.selection_set, get_named_type(definition.type), depth=depth + 1, spread=spread
        )
        return self._multiplier(node, definition) * (1 + children)

    def _multiplier(self, node: FieldNode, definition: GraphQLField) -> int:
        for argument in PAGE_ARGUMENTS:
            if argument not in definition.args:
                continue
            value = self._argument(node, argument)
            if value is None:
                value = definition.args[argument].default_value
            if isinstance(value, int) and not isinstance(value, bool):
                return max(value, 1)
            return self.unpaged_list_size
        if node.name.value in CONNECTION_LISTS:
            return 1
        field_type = definition.type
        if isinstance(field_type, GraphQLNonNull):
            field_type = field_type.of_type
        return self.unpaged_list_size if isinstance(field_type, GraphQLList) else 1

    def _argument(self, node: FieldNode, name: str) -> object:
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                self.read_variables = True
                variable = value.name.value
                if variable in self.variables:
                    return self.variables[variable]
                default = self.defaults.get(variable)
                return int(default.value) if isinstance(default, IntValueNode) else None
        return None

    def _type_named(self, name: str) -> object:
        return self.schema.type_map.get(name)


async def spend_budget(redis: Redis, principal: str, cost: int, *, per_minute: int) -> None:
    """Adds `cost` to the principal's spending this minute; RATE_LIMITED once it passes `per_minute`."""
    now = time.time()
    window = int(now // 60)
    key = f"rapport:query-cost:{principal}:{window}"
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incrby(key, cost)
        pipe.expire(key, 120)
        spent, _ = await pipe.execute()
    if int(spent) > per_minute:
        retry_after = max(1, int((window + 1) * 60 - now) + 1)
        raise RateLimited(
            f"This account used its query budget of {per_minute} per minute; try again in {retry_after}s.",
            retry_after_seconds=retry_after,
        )


FilterPath = tuple[str | int, ...]


def filter_problems(
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, object] | None,
    *,
    max_in_values: int,
    max_conditions: int,
) -> dict[FilterPath, str]:
    """Filters too big to run (BAD_USER_INPUT): an `in` list longer than `max_in_values`, or a filter
    with more than `max_conditions` conditions (each operator given, and/or/not branches included).
    Paths start at the argument's name, as the executor's field errors do."""
    operations = [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]
    chosen = [op for op in operations if operation_name is None or (op.name and op.name.value == operation_name)]
    if len(chosen) != 1:
        return {}
    values = dict(variables or {})
    problems: dict[FilterPath, str] = {}

    def literal(node: object) -> object:
        if isinstance(node, VariableNode):
            return values.get(node.name.value)
        if isinstance(node, ObjectValueNode):
            return {field.name.value: literal(field.value) for field in node.fields}
        if isinstance(node, ListValueNode):
            return [literal(item) for item in node.values]
        return getattr(node, "value", None)

    def conditions(value: object, path: FilterPath) -> int:
        if isinstance(value, dict):
            count = 0
            for key, item in value.items():
                if key == "in" and isinstance(item, list) and len(item) > max_in_values:
                    problems[(*path, key)] = f"at most {max_in_values} values"
                count += conditions(item, (*path, key)) if isinstance(item, dict | list) else 1
            return count
        if isinstance(value, list):
            if path and path[-1] == "in":
                return 1
            return sum(conditions(item, (*path, index)) for index, item in enumerate(value))
        return 1

    arguments = _FILTER_ARGUMENTS.get(document, operation_name)
    if arguments is None:
        arguments = _filter_arguments(chosen[0])
        _FILTER_ARGUMENTS.put(document, operation_name, arguments)
    for node in arguments:
        path: FilterPath = (node.name.value,)
        if conditions(literal(node.value), path) > max_conditions:
            problems.setdefault(path, f"at most {max_conditions} conditions")
    return problems


_FILTER_ARGUMENTS: _PerDocument[list[ArgumentNode]] = _PerDocument()


def _filter_arguments(operation: OperationDefinitionNode) -> list[ArgumentNode]:
    found = nodes_of(operation, (ArgumentNode,))
    return [node for node in found if isinstance(node, ArgumentNode) and node.name.value == "filter"]
