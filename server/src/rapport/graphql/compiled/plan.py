"""Documents: parsed and validated once, fragments flattened, each root field's permission read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    parse,
    validate,
)
from strawberry import Schema as StrawberrySchema

from rapport.graphql.compiled.sql import Selection
from rapport.graphql.permissions import WorkspaceRole
from rapport.graphql.schema import MAX_TOKENS
from rapport.models import Role

# How many documents each cache of plans holds before it forgets them all.
MAX_CACHED_DOCUMENTS = 500
PlanT = TypeVar("PlanT")


class NotCompiled(Exception):
    """This request goes to the ordinary executor."""


class DocumentPlans(Generic[PlanT]):
    """Plans per document and operation name, each built once by `build(key, query, operation_name)`
    (None: the executor answers that document); at most MAX_CACHED_DOCUMENTS, then all are forgotten."""

    def __init__(self, build: Callable[[str, str, str | None], PlanT | None]) -> None:
        self._build = build
        self._plans: dict[str, PlanT | None] = {}

    def get(self, query: str, operation_name: str | None) -> PlanT | None:
        key = f"{operation_name or ''}\x00{query}"
        try:
            return self._plans[key]
        except KeyError:
            pass
        if len(self._plans) >= MAX_CACHED_DOCUMENTS:
            self._plans.clear()
        plan = self._plans[key] = self._build(key, query, operation_name)
        return plan


@dataclass(frozen=True)
class Plan:
    key: str
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    # Variables that only give a root field's `id`: they become bind parameters, so one statement
    # serves every record (the other variables shape the SQL and are part of the cache key).
    id_variables: frozenset[str]
    # The lowest role every root field's declared permission lets through.
    role: Role


def fields(plan: Plan, selection_set: SelectionSetNode | None, type_name: str) -> Selection:
    """The fields selected on `type_name`, fragments flattened; a response key may appear once."""
    if selection_set is None:
        raise NotCompiled
    collected: Selection = []
    for selection in selection_set.selections:
        if selection.directives:
            raise NotCompiled
        if isinstance(selection, FieldNode):
            collected.append(((selection.alias or selection.name).value, selection))
        elif isinstance(selection, InlineFragmentNode):
            if selection.type_condition is not None and selection.type_condition.name.value != type_name:
                raise NotCompiled
            collected += fields(plan, selection.selection_set, type_name)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = plan.fragments[selection.name.value]
            if fragment.type_condition.name.value != type_name:
                raise NotCompiled
            collected += fields(plan, fragment.selection_set, type_name)
    keys = [key for key, _ in collected]
    if len(keys) != len(set(keys)):
        raise NotCompiled
    return collected


def required_role(schema: StrawberrySchema, field_name: str) -> Role:
    """The role a root Query field's declared permission requires. Only workspace roles compile:
    a field open to anyone, or guarded otherwise, is left to the executor."""
    field = schema.get_field_for_type(field_name, "Query")
    if field is None:
        raise NotCompiled
    roles = [
        permission.min_role
        for permission in field.permission_classes
        if isinstance(permission, type) and issubclass(permission, WorkspaceRole)
    ]
    if not roles or len(roles) != len(field.permission_classes):
        raise NotCompiled
    return max(roles, key=lambda role: role.rank)


def build_plan(
    schema: StrawberrySchema,
    graphql_schema: GraphQLSchema,
    rules: list[Any],
    compilable: Callable[[str], bool],
    key: str,
    query: str,
    operation_name: str | None,
) -> Plan | None:
    """The plan of a query document, or None when the executor must answer it."""
    found = query_operation(graphql_schema, rules, query, operation_name)
    if found is None:
        return None
    operation, fragments = found
    draft = Plan(key, operation, fragments, frozenset(), Role.VIEWER)
    try:
        roots = fields(draft, operation.selection_set, "Query")
        if not roots or not all(compilable(node.name.value) for _, node in roots):
            return None
        role = max((required_role(schema, node.name.value) for _, node in roots), key=lambda role: role.rank)
    except NotCompiled:
        return None
    id_variables = {
        argument.value.name.value
        for _, node in roots
        for argument in node.arguments or ()
        if argument.name.value == "id" and isinstance(argument.value, VariableNode)
    }
    used_elsewhere = _variables_outside_ids(operation, fragments)
    return Plan(key, operation, fragments, frozenset(id_variables - used_elsewhere), role)


def query_operation(
    graphql_schema: GraphQLSchema, rules: list[Any], query: str, operation_name: str | None
) -> tuple[OperationDefinitionNode, dict[str, FragmentDefinitionNode]] | None:
    """The document's one query operation to run (parsed and valid, without directives) and its
    fragments, or None when the executor must answer it (with its error, if it has one)."""
    try:
        document: DocumentNode = parse(query, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return None
    if validate(graphql_schema, document, rules):
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name is not None and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY or operations[0].directives:
        return None
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    return operations[0], fragments


def _variables_outside_ids(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> set[str]:
    """Variables used anywhere but as a root field's `id` (those must stay in the cache key)."""
    used: set[str] = set()
    roots = {id(node) for node in operation.selection_set.selections if isinstance(node, FieldNode)}

    def walk(node: Any, parent: Any = None, argument: str | None = None) -> None:
        if isinstance(node, VariableNode):
            if not (argument == "id" and id(parent) in roots):
                used.add(node.name.value)
            return
        if isinstance(node, FieldNode):
            for arg in node.arguments or ():
                walk(arg.value, node, arg.name.value)
            walk(node.selection_set)
        elif isinstance(node, SelectionSetNode):
            for selection in node.selections:
                walk(selection)
        elif isinstance(node, InlineFragmentNode):
            walk(node.selection_set)
        elif isinstance(node, FragmentSpreadNode):
            walk(fragments[node.name.value].selection_set)
        elif isinstance(node, ObjectValueNode):
            for field in node.fields:
                walk(field.value)
        elif isinstance(node, ListValueNode):
            for value in node.values:
                walk(value)

    walk(operation.selection_set)
    return used
