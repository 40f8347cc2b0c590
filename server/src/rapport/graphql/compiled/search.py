"""`search` alone, answered without the executor's field-by-field completion.

A search's answer is a few hundred fields (ten hits, each with its record and cursor), and completing
them through Strawberry and graphql-core cost ~1.5 CPU-ms a search, two thirds of what the service's own
Python work costs (bench/README.md, "A search answered without the executor"). A query whose only root field is
`search` is answered here instead: in the same kind of transaction, scope and membership check as the
executor's (the router's `_search`), with the same service call and the same answer objects
(`search.graphql.search_connection`), written to JSON by walking the document over those objects and
serialising each leaf with the schema's own scalar and enum types, as graphql-core does.

What the walk gives: plain fields, `of_row` fields (the row's attribute), and fields whose resolver
takes no arguments (called as Strawberry calls it, with an `Info` stand-in holding the context and the
field's python name: loaders batch as they do under the executor). A document with another root field,
a field with arguments or a field extension (a permission), a directive, or a mutation is not planned
here. Anything that fails while answering (a service error such as a bad cursor, a resolver's error, a
null where the schema says non-null) goes to the executor, which answers it as before, with its code.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.values import get_argument_values, get_variable_values
from graphql.pyutils import is_awaitable
from strawberry import Schema as StrawberrySchema
from strawberry.types import get_object_definition
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

from rapport.auth.actor import Actor
from rapport.graphql.compiled.plan import DocumentPlans, NotCompiled, query_operation, required_role
from rapport.graphql.context import Context
from rapport.graphql.types import ROW_COLUMNS
from rapport.models import Role
from rapport.search.graphql import search_connection

ROOT = "search"

Fields = dict[str, list[FieldNode]]


@dataclass(frozen=True)
class SearchPlan:
    key: str  # the root field's response key
    node: FieldNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    role: Role
    # The fields collected on an object type under the same field nodes, kept with the document (whose
    # nodes they are): every answer walks the same few.
    collected: dict[tuple[str, tuple[int, ...]], Fields] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class _Info:
    """What a resolver without arguments reads of its `info`: the request's context (its loaders, the
    actor) and the field's python name. Anything else it asks for fails, and the executor answers."""

    context: Context
    python_name: str


class Searches:
    """The plans of `search` documents (None: the executor answers), and answering one."""

    def __init__(self, schema: StrawberrySchema, graphql_schema: GraphQLSchema, rules: Sequence[Any]) -> None:
        self.strawberry = schema
        self.schema = graphql_schema
        self.rules = list(rules)
        self._plans = DocumentPlans(self._build)
        self._fields: dict[tuple[str, str], tuple[StrawberryField, GraphQLOutputType]] = {}
        query = graphql_schema.query_type
        assert query is not None
        self._root = query.fields[ROOT]
        root = schema.get_field_for_type(ROOT, query.name)
        assert root is not None
        self._root_field: StrawberryField = root

    def field(self, runtime: GraphQLObjectType, name: str) -> tuple[StrawberryField, GraphQLOutputType]:
        """A field of an object type, as Strawberry and graphql-core know it (looked up once)."""
        key = (runtime.name, name)
        found = self._fields.get(key)
        if found is None:
            strawberry_field = self.strawberry.get_field_for_type(name, runtime.name)
            assert strawberry_field is not None  # the document is valid: its fields are the schema's
            found = self._fields[key] = (strawberry_field, runtime.fields[name].type)
        return found

    def plan(self, query: str, operation_name: str | None) -> SearchPlan | None:
        return self._plans.get(query, operation_name)

    def _build(self, _key: str, query: str, operation_name: str | None) -> SearchPlan | None:
        found = query_operation(self.schema, self.rules, query, operation_name)
        if found is None:
            return None
        operation, fragments = found
        try:
            roots = _collect(self.schema, fragments, [operation.selection_set], self._query_type())
            if len(roots) != 1:
                return None
            ((key, nodes),) = roots.items()
            if len(nodes) != 1 or nodes[0].name.value != ROOT or nodes[0].directives:
                return None
            self._check(fragments, self._root.type, nodes)
            role = required_role(self.strawberry, ROOT)
        except NotCompiled:
            return None
        return SearchPlan(key, nodes[0], operation, fragments, role)

    def _query_type(self) -> GraphQLObjectType:
        query = self.schema.query_type
        assert query is not None
        return query

    def _check(
        self, fragments: dict[str, FragmentDefinitionNode], type_: GraphQLOutputType, nodes: list[FieldNode]
    ) -> None:
        """NotCompiled unless every field selected under `nodes` is one the walk gives."""
        named = get_named_type(type_)
        if is_leaf_type(named):
            return
        runtimes = self.schema.get_possible_types(named) if is_abstract_type(named) else [named]
        for runtime in runtimes:
            assert is_object_type(runtime)
            for fields in _collect(self.schema, fragments, _selections(nodes), runtime).values():
                name = fields[0].name.value
                if name == "__typename":
                    continue
                if any(field.arguments for field in fields):
                    raise NotCompiled
                field, graphql_type = self.field(runtime, name)
                if not _walkable(field):
                    raise NotCompiled
                self._check(fragments, graphql_type, fields)

    async def answer(
        self, plan: SearchPlan, context: Context, actor: Actor, raw_variables: dict[str, Any] | None
    ) -> str:
        """The response body (NotCompiled when the executor must answer: the actor's role is too low for
        the field, the variables do not coerce, or anything fails on the way)."""
        if not actor.role.at_least(plan.role):
            raise NotCompiled  # the executor answers FORBIDDEN, from the field's own permission
        coerced = get_variable_values(self.schema, plan.operation.variable_definitions or [], raw_variables or {})
        if isinstance(coerced, list):
            raise NotCompiled
        raw = get_argument_values(self._root, plan.node, coerced)
        arguments = convert_arguments(
            raw,
            self._root_field.arguments,
            scalar_registry=self.strawberry.schema_converter.scalar_registry,
            config=self.strawberry.config,
        )
        connection = await search_connection(
            context,
            actor,
            query=arguments["query"],
            types=arguments.get("types"),
            first=arguments.get("first"),
            after=arguments.get("after"),
            retrievers=arguments.get("retrievers"),
        )
        walk = _Walk(self, plan, context)
        (data,) = await walk.complete(self._root.type, [connection], [plan.node])
        return json.dumps({"data": {plan.key: data}}, separators=(",", ":"))


class _Walk:
    """One answer's walk: values level by level, every root of a type at once (so loaders batch)."""

    def __init__(self, searches: Searches, plan: SearchPlan, context: Context) -> None:
        self.searches = searches
        self.schema = searches.schema
        self.plan = plan
        self.context = context

    async def complete(self, type_: GraphQLOutputType, values: list[Any], nodes: list[FieldNode]) -> list[Any]:
        if is_non_null_type(type_):
            inner = await self.complete(type_.of_type, values, nodes)
            if any(value is None for value in inner):
                raise NotCompiled  # the executor's error for a null in a non-null field
            return inner
        if is_list_type(type_):
            items = [None if value is None else list(value) for value in values]
            flat = [item for listed in items if listed is not None for item in listed]
            completed = iter(await self.complete(type_.of_type, flat, nodes))
            return [None if listed is None else [next(completed) for _ in listed] for listed in items]
        if is_leaf_type(type_):
            return [None if value is None else type_.serialize(value) for value in values]
        done: list[Any] = [None] * len(values)
        groups: dict[str, tuple[GraphQLObjectType, list[int]]] = {}
        for index, value in enumerate(values):
            if value is None:
                continue
            runtime = type_ if is_object_type(type_) else self._runtime(type_, value)
            groups.setdefault(runtime.name, (runtime, []))[1].append(index)
        for runtime, indexes in groups.values():
            objects = await self._objects(runtime, [values[index] for index in indexes], nodes)
            for index, answer in zip(indexes, objects, strict=True):
                done[index] = answer
        return done

    def _runtime(self, abstract: GraphQLOutputType, value: Any) -> GraphQLObjectType:
        """The object type of a union's or interface's value, as Strawberry resolves it: its definition's
        name, or the possible type whose `is_type_of` takes it (a row served as its type)."""
        definition = get_object_definition(value)
        possible = self.schema.get_possible_types(abstract)  # type: ignore[arg-type]
        for runtime in possible:
            if definition is not None:
                if runtime.name == definition.name:
                    return runtime
            elif runtime.is_type_of is not None and runtime.is_type_of(value, None):  # type: ignore[arg-type]
                return runtime
        raise NotCompiled

    async def _objects(
        self, runtime: GraphQLObjectType, roots: list[Any], nodes: list[FieldNode]
    ) -> list[dict[str, Any]]:
        key = (runtime.name, tuple(id(node) for node in nodes))
        collected = self.plan.collected.get(key)
        if collected is None:
            collected = self.plan.collected[key] = _collect(
                self.schema, self.plan.fragments, _selections(nodes), runtime
            )
        answers: list[dict[str, Any]] = [{} for _ in roots]
        for name, fields in collected.items():
            if fields[0].name.value == "__typename":
                for answer in answers:
                    answer[name] = runtime.name
                continue
            strawberry_field, graphql_type = self.searches.field(runtime, fields[0].name.value)
            done = await self.complete(graphql_type, await self._resolve(strawberry_field, roots), fields)
            for answer, value in zip(answers, done, strict=True):
                answer[name] = value
        return answers

    async def _resolve(self, field: StrawberryField, roots: list[Any]) -> list[Any]:
        resolver = field.base_resolver
        if resolver is None:
            return [getattr(root, field.python_name) for root in roots]
        if resolver.wrapped_func in ROW_COLUMNS:
            column = ROW_COLUMNS[resolver.wrapped_func] or field.python_name
            return [getattr(root.row, column) for root in roots]
        info = _Info(self.context, field.python_name)
        results = []
        for root in roots:
            # As Strawberry passes them (schema_converter.get_arguments): self, parent, root, info.
            args: list[Any] = [root] if resolver.self_parameter else []
            kwargs: dict[str, Any] = {}
            for parameter in (resolver.parent_parameter, resolver.root_parameter):
                if parameter is not None:
                    kwargs[parameter.name] = root
            if resolver.info_parameter is not None:
                kwargs[resolver.info_parameter.name] = info
            results.append(field.get_result(root, info=None, args=args, kwargs=kwargs))
        pending = [index for index, result in enumerate(results) if is_awaitable(result)]
        if pending:
            # Each as its own task (Context.run_to_completion), as RequestTransaction runs resolvers.
            awaited = await asyncio.gather(*(self.context.run_to_completion(results[index]) for index in pending))
            for index, value in zip(pending, awaited, strict=True):
                results[index] = value
        return results


def _walkable(field: StrawberryField) -> bool:
    """A field the walk gives: no arguments, no field extension (a permission is one), a plain attribute
    or a resolver that takes none."""
    return not field.arguments and not field.extensions and not field.permission_classes


def _selections(nodes: list[FieldNode]) -> list[SelectionSetNode]:
    return [node.selection_set for node in nodes if node.selection_set is not None]


def _collect(
    schema: GraphQLSchema,
    fragments: dict[str, FragmentDefinitionNode],
    selection_sets: list[SelectionSetNode],
    runtime: GraphQLObjectType,
) -> Fields:
    """The fields selected on an object of type `runtime`, by response key, fragments that apply to it
    flattened (graphql-core's CollectFields without directives: a directive is NotCompiled)."""
    collected: Fields = {}

    def visit(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if selection.directives:
                raise NotCompiled
            if isinstance(selection, FieldNode):
                collected.setdefault((selection.alias or selection.name).value, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if _applies(schema, selection.type_condition, runtime):
                    visit(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = fragments[selection.name.value]
                if fragment.directives:
                    raise NotCompiled
                if _applies(schema, fragment.type_condition, runtime):
                    visit(fragment.selection_set)

    for selection_set in selection_sets:
        visit(selection_set)
    return collected


def _applies(schema: GraphQLSchema, condition: NamedTypeNode | None, runtime: GraphQLObjectType) -> bool:
    if condition is None or condition.name.value == runtime.name:
        return True
    named = schema.get_type(condition.name.value)
    return named is not None and is_abstract_type(named) and schema.is_sub_type(named, runtime)
