"""Compiled reads: the hot list and record queries answered by one SQL statement that builds the
response JSON in PostgreSQL, the way PostGraphile does, instead of resolving field by field.

A document is compiled once (parsed, validated with the schema's own rules, its fields checked
against what this module can translate) and cached. A request whose document compiled runs in the
same kind of transaction as any other (row-level security scoped to the token's workspace) and
checks membership in the same statement. Anything this module does not handle — another field, a
directive, a mutation, an error of any kind (bad cursor, unknown custom field, a record that is not
there) — falls back to the ordinary executor, which gives the documented answer and errors.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from pydantic.alias_generators import to_camel
from sqlalchemy import Select, Uuid, and_, bindparam, case, cast, func, literal, null, select, true
from sqlalchemy.dialects.postgresql import JSON, aggregate_order_by
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.types import Text
from strawberry import Schema as StrawberrySchema
from strawberry.types.arguments import convert_arguments

from rapport.auth.actor import Actor
from rapport.company import service as company_service
from rapport.contact import service as contact_service
from rapport.deal import service as deal_service
from rapport.errors import AppError
from rapport.graphql.schema import MAX_TOKENS
from rapport.kit.listing import SortKey, page_query
from rapport.kit.pagination import check_page_size, decode_cursor
from rapport.models import (
    Activity,
    ActivityKind,
    Company,
    Contact,
    Deal,
    DealContact,
    Pipeline,
    Stage,
    User,
    WorkspaceMember,
)

MAX_CACHED_DOCUMENTS = 500
MAX_CACHED_STATEMENTS = 2000
# A statement is rebuilt after this long: it embeds the workspace's custom field definitions, and
# a definition deleted through another api process reaches this one's cache within this time.
STATEMENT_TTL_SECONDS = 30.0


class NotCompiled(Exception):
    """This request goes to the ordinary executor."""


@dataclass(frozen=True)
class Plan:
    key: str
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    # Variables that only give a root field's `id`: they become bind parameters, so one statement
    # serves every record (the other variables shape the SQL and are part of the cache key).
    id_variables: frozenset[str]


@dataclass
class CachedStatement:
    """A statement compiled once to SQL text for asyncpg, with how to fill its parameters."""

    sql: str
    names: tuple[str, ...]
    values: dict[str, Any]
    processors: dict[str, Callable[[Any], Any]]
    made_at: float

    def arguments(self, overrides: dict[str, Any]) -> list[Any]:
        values = {**self.values, **overrides}
        return [self.processors[name](values[name]) if name in self.processors else values[name] for name in self.names]


Selection = list[tuple[str, FieldNode]]
# A SQL expression of any kind: columns, mapped attributes, functions, scalar subqueries.
SQL = Any
Builder = Callable[[FieldNode], SQL]


def _utc(column: Any) -> SQL:
    """A timestamptz as the DateTime scalar prints it: UTC, microseconds, +00:00."""
    return func.to_char(func.timezone("UTC", column), literal('YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'))


def _cursor(values: Sequence[SQL]) -> SQL:
    """The same cursor the ordinary path makes: url-safe base64 of ["v1", sort values…, id]."""
    payload = func.json_build_array(literal("v1"), *values)
    encoded = func.encode(func.convert_to(cast(payload, Text), literal("UTF8")), literal("base64"))
    return func.translate(encoded, literal("+/=\n"), literal("-_"))


class Compiler:
    def __init__(self, schema: StrawberrySchema, validation_rules: Sequence[Any]) -> None:
        self.strawberry = schema
        self.schema: GraphQLSchema = schema._schema
        self.rules = [*specified_rules, *validation_rules]
        self.dialect = asyncpg_dialect()  # type: ignore[no-untyped-call]
        self._plans: dict[str, Plan | None] = {}
        self._statements: OrderedDict[tuple[str, uuid.UUID, str], CachedStatement] = OrderedDict()

    # ---------- documents ----------

    def plan(self, query: str, operation_name: str | None) -> Plan:
        key = f"{operation_name or ''}\x00{query}"
        if key not in self._plans:
            if len(self._plans) >= MAX_CACHED_DOCUMENTS:
                self._plans.clear()
            self._plans[key] = self._build_plan(key, query, operation_name)
        plan = self._plans[key]
        if plan is None:
            raise NotCompiled
        return plan

    def _build_plan(self, key: str, query: str, operation_name: str | None) -> Plan | None:
        try:
            document: DocumentNode = parse(query, max_tokens=MAX_TOKENS)
        except GraphQLError:
            return None
        if validate(self.schema, document, self.rules):
            return None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if operation_name is not None:
            operations = [o for o in operations if o.name is not None and o.name.value == operation_name]
        if len(operations) != 1 or operations[0].operation != OperationType.QUERY or operations[0].directives:
            return None
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        plan = Plan(key, operations[0], fragments, frozenset())
        try:
            fields = self.fields(plan, operations[0].selection_set, "Query")
            if not fields or any(node.name.value not in ROOT_FIELDS for _, node in fields):
                return None
        except NotCompiled:
            return None
        id_variables = {
            argument.value.name.value
            for _, node in fields
            for argument in node.arguments or ()
            if argument.name.value == "id" and isinstance(argument.value, VariableNode)
        }
        used_elsewhere = _variables_outside_ids(operations[0], fragments)
        return Plan(key, operations[0], fragments, frozenset(id_variables - used_elsewhere))

    def fields(self, plan: Plan, selection_set: SelectionSetNode | None, type_name: str) -> Selection:
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
                collected += self.fields(plan, selection.selection_set, type_name)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = plan.fragments[selection.name.value]
                if fragment.type_condition.name.value != type_name:
                    raise NotCompiled
                collected += self.fields(plan, fragment.selection_set, type_name)
        keys = [key for key, _ in collected]
        if len(keys) != len(set(keys)):
            raise NotCompiled
        return collected

    def arguments(self, type_name: str, node: FieldNode, variables: VariableValues) -> dict[str, Any]:
        """The field's arguments as its resolver receives them: python names, input objects built."""
        parent = self.schema.get_type(type_name)
        assert isinstance(parent, GraphQLObjectType)
        raw = get_argument_values(parent.fields[node.name.value], node, variables)
        field = self.strawberry.get_field_for_type(node.name.value, type_name)
        assert field is not None
        return convert_arguments(
            raw,
            field.arguments,
            scalar_registry=self.strawberry.schema_converter.scalar_registry,
            config=self.strawberry.config,
        )

    # ---------- execution ----------

    async def execute(
        self, session: AsyncSession, actor: Actor, plan: Plan, raw_variables: dict[str, Any] | None
    ) -> str:
        """The response body, or NotCompiled."""
        coerced = get_variable_values(self.schema, plan.operation.variable_definitions or [], raw_variables or {})
        if isinstance(coerced, list):
            raise NotCompiled
        raw = raw_variables or {}
        shape = json.dumps({k: v for k, v in raw.items() if k not in plan.id_variables}, sort_keys=True, default=str)
        cache_key = (plan.key, actor.workspace_id, shape)
        ids = {f"var_{name}": coerced.coerced[name] for name in plan.id_variables}
        cached = self._statements.get(cache_key)
        if cached is None or time.monotonic() - cached.made_at > STATEMENT_TTL_SECONDS:
            statement = await self._statement(Request(self, plan, coerced, actor, session))
            cached = self._remember(cache_key, statement)
        else:
            self._statements.move_to_end(cache_key)
        connection = await (await session.connection()).get_raw_connection()
        row = await connection.driver_connection.fetchrow(cached.sql, *cached.arguments(ids))  # type: ignore[union-attr]
        if not row[1]:  # a record that is not there: the executor answers NOT_FOUND
            raise NotCompiled
        return '{"data":' + str(row[0]) + "}"

    async def _statement(self, request: Request) -> Any:
        try:
            roots = [
                (key, await request.root_field(node))
                for key, node in self.fields(request.plan, request.plan.operation.selection_set, "Query")
            ]
        except AppError as error:
            raise NotCompiled from error
        values = select(*[expression.label(f"r{i}") for i, (_, expression) in enumerate(roots)]).subquery("roots")
        found = and_(
            true(),
            *[values.c[f"r{i}"].is_not(None) for i, (key, _) in enumerate(roots) if key in request.nullable_roots],
        )
        data = func.json_build_object(*_pairs([(key, values.c[f"r{i}"]) for i, (key, _) in enumerate(roots)]))
        return select(cast(data, Text), found)

    def _remember(self, key: tuple[str, uuid.UUID, str], statement: Any) -> CachedStatement:
        compiled = statement.compile(dialect=self.dialect, compile_kwargs={"render_postcompile": True})
        cached = CachedStatement(
            sql=str(compiled),
            names=tuple(compiled.positiontup or ()),
            values=dict(compiled.params),
            processors=dict(compiled._bind_processors),
            made_at=time.monotonic(),
        )
        self._statements[key] = cached
        if len(self._statements) > MAX_CACHED_STATEMENTS:
            self._statements.popitem(last=False)
        return cached


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


def _array(element: SQL) -> SQL:
    """json_agg that gives [] rather than null for no rows."""
    return func.coalesce(func.json_agg(element), cast(literal("[]"), JSON))


def _pairs(items: Sequence[tuple[str, SQL]]) -> list[Any]:
    flat: list[Any] = []
    for key, value in items:
        flat += [literal(key), value]
    return flat


ROOT_FIELDS = {"contacts", "contact", "companies", "company", "deals", "deal", "pipelines", "pipeline"}


class Request:
    """One request's translation: variables, the actor and the session used to read definitions."""

    def __init__(self, compiler: Compiler, plan: Plan, variables: VariableValues, actor: Actor, session: AsyncSession):
        self.compiler = compiler
        self.plan = plan
        self.variables = variables
        self.actor = actor
        self.session = session
        self.nullable_roots: set[str] = set()

    def fields(self, node: FieldNode, type_name: str) -> Selection:
        return self.compiler.fields(self.plan, node.selection_set, type_name)

    def args(self, type_name: str, node: FieldNode) -> dict[str, Any]:
        return self.compiler.arguments(type_name, node, self.variables)

    async def root_field(self, node: FieldNode) -> SQL:
        name = node.name.value
        args = self.args("Query", node)
        key = (node.alias or node.name).value
        if name == "contacts":
            contacts, keys = await contact_service.contacts_query(
                self.session, self.actor, filter=args.get("filter"), order_by=args.get("order_by") or []
            )
            return self.connection(node, "ContactConnection", contacts, keys, Contact, args, self.contact_object)
        if name == "companies":
            companies, keys = await company_service.companies_query(
                self.session, self.actor, filter=args.get("filter"), order_by=args.get("order_by") or []
            )
            return self.connection(node, "CompanyConnection", companies, keys, Company, args, self.company_object)
        if name == "deals":
            deals, keys = await deal_service.deals_query(
                self.session, self.actor, filter=args.get("filter"), order_by=args.get("order_by") or []
            )
            return self.connection(node, "DealConnection", deals, keys, Deal, args, self.deal_object)
        if name == "deal":
            self.nullable_roots.add(key)
            return self.lookup(aliased(Deal), node, args, self.deal_object)
        if name == "pipeline":
            self.nullable_roots.add(key)
            pipeline = aliased(Pipeline)
            condition = and_(
                pipeline.workspace_id == self.actor.workspace_id, pipeline.id == self.record_id(node, args["id"])
            )
            return select(await self.pipeline_object(node, pipeline)).where(condition).scalar_subquery()
        if name == "pipelines":
            pipeline = aliased(Pipeline)
            ordered = aggregate_order_by(
                await self.pipeline_object(node, pipeline),
                pipeline.is_default.desc(),
                pipeline.position,
                pipeline.created_at,
            )
            return select(_array(ordered)).where(pipeline.workspace_id == self.actor.workspace_id).scalar_subquery()
        if name == "contact":
            self.nullable_roots.add(key)
            return self.lookup(aliased(Contact), node, args, self.contact_object)
        if name == "company":
            self.nullable_roots.add(key)
            return self.lookup(aliased(Company), node, args, self.company_object)
        raise NotCompiled

    def record_id(self, node: FieldNode, value: uuid.UUID) -> SQL:
        """A root field's `id`: a named bind parameter when it comes from an id-only variable."""
        argument = next(arg for arg in node.arguments or () if arg.name.value == "id")
        if isinstance(argument.value, VariableNode) and argument.value.name.value in self.plan.id_variables:
            return bindparam(f"var_{argument.value.name.value}", value, type_=Uuid())
        return literal(value, type_=Uuid())

    def lookup(self, row: Any, node: FieldNode, args: dict[str, Any], build: Callable[[FieldNode, Any], SQL]) -> SQL:
        record_id = self.record_id(node, args["id"])
        condition = and_(row.workspace_id == self.actor.workspace_id, row.id == record_id, row.deleted_at.is_(None))
        return select(build(node, row)).where(condition).scalar_subquery()

    # ---------- connections ----------

    def connection(
        self,
        node: FieldNode,
        type_name: str,
        query: Select[Any],
        keys: list[SortKey],
        model: Any,
        args: dict[str, Any],
        build: Callable[[FieldNode, Any], SQL],
    ) -> SQL:
        first: int = 50 if args.get("first") is None else args["first"]
        after: str | None = args.get("after")
        page = page_query(query, id_column=model.id, keys=keys, first=first, after=after).lateral("page")
        numbered = select(
            page, func.row_number().over(order_by=self._reordered(keys, page, aliased(model, page))).label("n")
        ).lateral("numbered")
        row = aliased(model, numbered)
        sorts = [numbered.c[f"sort_{i}"] for i in range(len(keys))]
        cursor = _cursor(
            [
                *[_utc(column) if key.is_timestamp else column for key, column in zip(keys, sorts, strict=True)],
                cast(row.id, Text),
            ]
        )
        edge_fields: dict[str, Builder] = {
            "cursor": lambda _: cursor,
            "node": lambda n: build(n, row),
        }
        parts: list[tuple[str, SQL]] = []
        for key, field in self.fields(node, type_name):
            name = field.name.value
            if name == "__typename":
                parts.append((key, literal(type_name)))
            elif name == "edges":
                edge = func.json_build_object(
                    *_pairs(self._object(field, type_name.replace("Connection", "Edge"), edge_fields))
                )
                parts.append(
                    (
                        key,
                        select(_array(aggregate_order_by(edge, numbered.c.n)))
                        .where(numbered.c.n <= first)
                        .scalar_subquery(),
                    )
                )
            elif name == "pageInfo":
                parts.append((key, self._page_info(field, numbered, first, after, cursor)))
            elif name == "totalCount":
                parts.append(
                    (key, select(func.count()).select_from(query.order_by(None).lateral("counted")).scalar_subquery())
                )
            else:
                raise NotCompiled
        return func.json_build_object(*_pairs(parts))

    @staticmethod
    def _reordered(keys: list[SortKey], page: Any, row: Any) -> list[SQL]:
        ordered = []
        for index, key in enumerate(keys):
            column = page.c[f"sort_{index}"]
            expression = column.desc() if key.direction.descending else column.asc()
            ordered.append(expression.nulls_first() if key.direction.nulls_first else expression.nulls_last())
        descending = keys[0].direction.descending if keys else False
        ordered.append(row.id.desc() if descending else row.id.asc())
        return ordered

    def _page_info(self, node: FieldNode, numbered: Any, first: int, after: str | None, cursor: Any) -> SQL:
        def edge_cursor(position: Any) -> SQL:
            return select(cursor).where(numbered.c.n == position, numbered.c.n <= first).scalar_subquery()

        last = select(func.least(func.count(), first)).select_from(numbered).scalar_subquery()
        fields: dict[str, Builder] = {
            "hasNextPage": lambda _: select(func.count() > first).select_from(numbered).scalar_subquery(),
            "hasPreviousPage": lambda _: literal(after is not None),
            "startCursor": lambda _: edge_cursor(1),
            "endCursor": lambda _: edge_cursor(last),
        }
        return func.json_build_object(*_pairs(self._object(node, "PageInfo", fields)))

    def _object(self, node: FieldNode, type_name: str, fields: dict[str, Builder]) -> list[tuple[str, SQL]]:
        parts = []
        for key, field in self.fields(node, type_name):
            name = field.name.value
            if name == "__typename":
                parts.append((key, literal(type_name)))
            elif name in fields:
                parts.append((key, fields[name](field)))
            else:
                raise NotCompiled
        return parts

    # ---------- object types ----------

    async def pipeline_object(self, node: FieldNode, row: Any) -> SQL:
        stage = aliased(Stage)
        stage_fields = self.fields_of(node, "Pipeline", "stages")
        stage_json = await self.stage_object(stage_fields, stage) if stage_fields is not None else null()
        fields: dict[str, Builder] = {
            "id": lambda _: row.id,
            "name": lambda _: row.name,
            "isDefault": lambda _: row.is_default,
            "stages": lambda _: (
                select(_array(aggregate_order_by(stage_json, stage.position, stage.id)))
                .where(stage.workspace_id == row.workspace_id, stage.pipeline_id == row.id)
                .scalar_subquery()
            ),
        }
        return func.json_build_object(*_pairs(self._object(node, "Pipeline", fields)))

    def fields_of(self, node: FieldNode, type_name: str, name: str) -> FieldNode | None:
        """The one sub-field `name` selected on `node` (None when not selected)."""
        matches = [field for _, field in self.fields(node, type_name) if field.name.value == name]
        if len(matches) > 1:
            raise NotCompiled
        return matches[0] if matches else None

    async def stage_object(self, node: FieldNode, stage: Any) -> SQL:
        live = and_(Deal.workspace_id == stage.workspace_id, Deal.stage_id == stage.id, Deal.deleted_at.is_(None))
        totals = (
            select(Deal.currency.label("currency"), func.sum(Deal.amount_micros).label("amount"))
            .where(live, Deal.currency.is_not(None))
            .group_by(Deal.currency)
            .correlate(stage)
            .lateral("totals")
        )
        money = func.json_build_object(
            literal("amountMicros"), cast(totals.c.amount, Text), literal("currency"), totals.c.currency
        )
        deals_node = self.fields_of(node, "Stage", "deals")
        deals_json: SQL = null()
        if deals_node is not None:
            args = self.args("Stage", deals_node)
            deals, keys = await deal_service.deals_query(
                self.session, self.actor, filter=args.get("filter"), order_by=[], stage_id=stage.id
            )
            deals = deals.correlate(stage)  # the stage is two query levels up: say so explicitly
            deals_json = self.connection(deals_node, "DealConnection", deals, keys, Deal, args, self.deal_object)
        fields: dict[str, Builder] = {
            "id": lambda _: stage.id,
            "name": lambda _: stage.name,
            "position": lambda _: stage.position,
            "probability": lambda _: stage.probability,
            "kind": lambda _: cast(stage.kind, Text),
            "dealCount": lambda _: select(func.count()).where(live).scalar_subquery(),
            "totalAmount": lambda _: select(_array(aggregate_order_by(money, totals.c.currency))).scalar_subquery(),
            "deals": lambda _: deals_json,
        }
        return func.json_build_object(*_pairs(self._object(node, "Stage", fields)))

    def deal_object(self, node: FieldNode, row: Any) -> SQL:
        company = aliased(Company)
        stage = aliased(Stage)
        pipeline = aliased(Pipeline)
        link = aliased(DealContact)
        contact = aliased(Contact)

        def simple(type_name: str, target: Any, names: Sequence[str]) -> Builder:
            def build(n: FieldNode) -> SQL:
                plain = {**_scalars(target, names)}
                if type_name == "Stage":
                    plain["kind"] = lambda _: cast(target.kind, Text)
                return func.json_build_object(*_pairs(self._object(n, type_name, plain)))

            return build

        def contacts(n: FieldNode) -> SQL:
            entry = func.json_build_object(
                *_pairs(
                    self._object(
                        n,
                        "DealContact",
                        {"role": lambda _: link.role, "contact": lambda c: self.contact_object(c, contact)},
                    )
                )
            )
            return (
                select(_array(aggregate_order_by(entry, link.created_at, contact.id)))
                .select_from(link)
                .join(contact, and_(contact.id == link.contact_id, contact.workspace_id == link.workspace_id))
                .where(link.workspace_id == row.workspace_id, link.deal_id == row.id, contact.deleted_at.is_(None))
                .scalar_subquery()
            )

        fields: dict[str, Builder] = {
            **_scalars(row, ("id", "name", "position", "custom_fields")),
            "status": lambda _: cast(row.status, Text),
            "closedAt": lambda _: case((row.closed_at.is_(None), null()), else_=_utc(row.closed_at)),
            "createdAt": lambda _: _utc(row.created_at),
            "updatedAt": lambda _: _utc(row.updated_at),
            "expectedCloseDate": lambda _: func.to_char(row.expected_close_date, literal("YYYY-MM-DD")),
            "amount": lambda n: case(
                (row.amount_micros.is_(None), null()),
                else_=func.json_build_object(
                    *_pairs(
                        self._object(
                            n,
                            "Money",
                            {
                                "amountMicros": lambda _: cast(row.amount_micros, Text),
                                "currency": lambda _: cast(row.currency, Text),
                            },
                        )
                    )
                ),
            ),
            "company": lambda n: (
                select(self.company_object(n, company))
                .where(
                    company.workspace_id == row.workspace_id, company.id == row.company_id, company.deleted_at.is_(None)
                )
                .scalar_subquery()
            ),
            "owner": lambda n: self.member_by_id(n, row.workspace_id, row.owner_id),
            "stage": lambda n: (
                select(simple("Stage", stage, ("id", "name", "position", "probability"))(n))
                .where(stage.workspace_id == row.workspace_id, stage.id == row.stage_id)
                .scalar_subquery()
            ),
            "pipeline": lambda n: (
                select(simple("Pipeline", pipeline, ("id", "name", "is_default"))(n))
                .where(pipeline.workspace_id == row.workspace_id, pipeline.id == row.pipeline_id)
                .scalar_subquery()
            ),
            "contacts": contacts,
            "timeline": lambda n: self.timeline(n, row, "Deal"),
        }
        return func.json_build_object(*_pairs(self._object(node, "Deal", fields)))

    def contact_object(self, node: FieldNode, row: Any) -> SQL:
        company = aliased(Company)
        fields = {
            **_scalars(
                row, ("id", "first_name", "last_name", "name", "emails", "phones", "job_title", "custom_fields")
            ),
            "createdAt": lambda _: _utc(row.created_at),
            "updatedAt": lambda _: _utc(row.updated_at),
            "company": lambda n: (
                select(self.company_object(n, company))
                .where(
                    company.workspace_id == row.workspace_id, company.id == row.company_id, company.deleted_at.is_(None)
                )
                .scalar_subquery()
            ),
            "owner": lambda n: self.member_by_id(n, row.workspace_id, row.owner_id),
            "dealCount": lambda _: (
                select(func.count())
                .select_from(DealContact)
                .join(Deal, and_(Deal.id == DealContact.deal_id, Deal.workspace_id == DealContact.workspace_id))
                .where(
                    DealContact.workspace_id == row.workspace_id,
                    DealContact.contact_id == row.id,
                    Deal.deleted_at.is_(None),
                )
                .scalar_subquery()
            ),
            "timeline": lambda n: self.timeline(n, row, "Contact"),
        }
        return func.json_build_object(*_pairs(self._object(node, "Contact", fields)))

    def company_object(self, node: FieldNode, row: Any) -> SQL:
        fields = {
            **_scalars(row, ("id", "name", "domain", "industry", "employees", "custom_fields")),
            "createdAt": lambda _: _utc(row.created_at),
            "updatedAt": lambda _: _utc(row.updated_at),
            "owner": lambda n: self.member_by_id(n, row.workspace_id, row.owner_id),
            "contactCount": lambda _: (
                select(func.count())
                .where(
                    Contact.workspace_id == row.workspace_id, Contact.company_id == row.id, Contact.deleted_at.is_(None)
                )
                .scalar_subquery()
            ),
            "dealCount": lambda _: (
                select(func.count())
                .where(Deal.workspace_id == row.workspace_id, Deal.company_id == row.id, Deal.deleted_at.is_(None))
                .scalar_subquery()
            ),
            "timeline": lambda n: self.timeline(n, row, "Company"),
        }
        return func.json_build_object(*_pairs(self._object(node, "Company", fields)))

    def member_object(self, node: FieldNode, member: Any) -> SQL:
        user = aliased(User)
        fields = {
            "id": lambda _: member.id,
            "role": lambda _: cast(member.role, Text),
            "joinedAt": lambda _: _utc(member.joined_at),
            "user": lambda n: (
                select(
                    func.json_build_object(
                        *_pairs(
                            self._object(
                                n,
                                "User",
                                {
                                    "id": lambda _: user.id,
                                    "email": lambda _: user.email,
                                    "name": lambda _: user.name,
                                    "mfaEnabled": lambda _: user.mfa_enabled,
                                },
                            )
                        )
                    )
                )
                .where(user.id == member.user_id)
                .scalar_subquery()
            ),
        }
        return func.json_build_object(*_pairs(self._object(node, "Member", fields)))

    def member_by_id(self, node: FieldNode, workspace_id: Any, member_id: Any) -> SQL:
        member = aliased(WorkspaceMember)
        return (
            select(self.member_object(node, member))
            .where(member.workspace_id == workspace_id, member.id == member_id)
            .scalar_subquery()
        )

    def member_by_user(self, node: FieldNode, workspace_id: Any, user_id: Any) -> SQL:
        member = aliased(WorkspaceMember)
        return (
            select(self.member_object(node, member))
            .where(member.workspace_id == workspace_id, member.user_id == user_id)
            .scalar_subquery()
        )

    def timeline(self, node: FieldNode, subject: Any, type_name: str) -> SQL:
        args = self.args(type_name, node)
        first: int = check_page_size(20 if args.get("first") is None else args["first"])
        after: str | None = args.get("after")
        query = (
            select(Activity)
            .where(Activity.workspace_id == subject.workspace_id, Activity.subject_id == subject.id)
            .correlate(subject)
        )
        if after is not None:
            occurred_at, activity_id = decode_cursor(after, arity=2)
            try:
                query = query.where(
                    func.row(Activity.occurred_at, Activity.id)
                    < func.row(cast(literal(str(occurred_at)), Activity.occurred_at.type), uuid.UUID(str(activity_id)))
                )
            except ValueError as error:
                raise NotCompiled from error
        page = query.order_by(Activity.occurred_at.desc(), Activity.id.desc()).limit(first + 1).lateral("timeline")
        numbered = select(
            page, func.row_number().over(order_by=(page.c.occurred_at.desc(), page.c.id.desc())).label("n")
        ).lateral("numbered_timeline")
        activity = aliased(Activity, numbered)
        cursor = _cursor([_utc(activity.occurred_at), cast(activity.id, Text)])
        node_fields: dict[str, Builder] = {
            **_scalars(activity, ("id", "summary", "changes", "body", "subject_type", "subject_id")),
            "kind": lambda _: cast(activity.kind, Text),
            "occurredAt": lambda _: _utc(activity.occurred_at),
            "dueAt": lambda _: case((activity.due_at.is_(None), null()), else_=_utc(activity.due_at)),
            "doneAt": lambda _: case((activity.done_at.is_(None), null()), else_=_utc(activity.done_at)),
            "done": lambda _: case((activity.kind == ActivityKind.TASK, activity.done_at.is_not(None)), else_=null()),
            "actor": lambda n: self.member_by_user(n, activity.workspace_id, activity.actor_user_id),
            "assignee": lambda n: self.member_by_id(n, activity.workspace_id, activity.assignee_id),
        }
        edge_fields: dict[str, Builder] = {
            "cursor": lambda _: cursor,
            "node": lambda n: func.json_build_object(*_pairs(self._object(n, "Activity", node_fields))),
        }
        parts: list[tuple[str, SQL]] = []
        for key, field in self.fields(node, "ActivityConnection"):
            name = field.name.value
            if name == "__typename":
                parts.append((key, literal("ActivityConnection")))
            elif name == "edges":
                edge = func.json_build_object(*_pairs(self._object(field, "ActivityEdge", edge_fields)))
                parts.append(
                    (
                        key,
                        select(_array(aggregate_order_by(edge, numbered.c.n)))
                        .where(numbered.c.n <= first)
                        .scalar_subquery(),
                    )
                )
            elif name == "pageInfo":
                parts.append((key, self._page_info(field, numbered, first, after, cursor)))
            elif name == "totalCount":
                parts.append(
                    (
                        key,
                        select(func.count())
                        .where(Activity.workspace_id == subject.workspace_id, Activity.subject_id == subject.id)
                        .scalar_subquery(),
                    )
                )
            else:
                raise NotCompiled
        return func.json_build_object(*_pairs(parts))


def _scalars(row: Any, names: Sequence[str]) -> dict[str, Builder]:
    """Columns that print as they are, by their GraphQL (camelCase) names."""
    return {to_camel(name): (lambda column: lambda _: column)(getattr(row, name)) for name in names}
