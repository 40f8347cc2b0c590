"""The caches of the compiled path (plans per document, statements per document, workspace and
variables) and running one statement."""

from __future__ import annotations

import json
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, specified_rules
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from sqlalchemy import Select, Uuid, and_, bindparam, cast, select, true
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text
from strawberry import Schema as StrawberrySchema
from strawberry.types.arguments import convert_arguments

from rapport.auth.actor import Actor
from rapport.auth.membership import membership_subquery
from rapport.errors import AppError
from rapport.graphql.compiled import lists
from rapport.graphql.compiled.plan import DocumentPlans, NotCompiled, Plan, build_plan, fields
from rapport.graphql.compiled.sql import json_object
from rapport.graphql.compiled.types import LOOKUPS, ROOT_LISTS, Request
from rapport.kit.listing import inline

MAX_CACHED_STATEMENTS = 2000
# A statement is rebuilt after this long: it embeds the workspace's custom field definitions, and
# a definition deleted through another api process reaches this one's cache within this time.
STATEMENT_TTL_SECONDS = 30.0


# The bind parameters of the membership check every compiled statement carries.
ACTOR_USER = "rapport_actor_user"
ACTOR_SESSION = "rapport_actor_session"


@dataclass(frozen=True)
class Prepared:
    """One request's variables, coerced, and the key of its statement."""

    plan: Plan
    key: tuple[str, uuid.UUID, str]
    coerced: VariableValues
    ids: dict[str, Any]


def answer_of(row: Any) -> str | None:
    """The response body in a compiled statement's row; None when a record asked for is not there (the
    executor answers NOT_FOUND)."""
    return '{"data":' + str(row[0]) + "}" if row[1] else None


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


def compilable(field_name: str) -> bool:
    """Root Query fields this package translates."""
    return field_name in LOOKUPS or (field_name in ROOT_LISTS and lists.root_list(field_name) is not None)


class Compiler:
    def __init__(self, schema: StrawberrySchema, validation_rules: Sequence[Any]) -> None:
        self.strawberry = schema
        # Strawberry offers no public accessor for the graphql-core schema it built.
        self.schema: GraphQLSchema = schema._schema
        self.rules = [*specified_rules, *validation_rules]
        self.dialect = asyncpg_dialect()  # type: ignore[no-untyped-call]
        self._plans = DocumentPlans(self._build)
        self._statements: OrderedDict[tuple[str, uuid.UUID, str], CachedStatement] = OrderedDict()

    def plan(self, query: str, operation_name: str | None) -> Plan:
        plan = self._plans.get(query, operation_name)
        if plan is None:
            raise NotCompiled
        return plan

    def _build(self, key: str, query: str, operation_name: str | None) -> Plan | None:
        return build_plan(self.strawberry, self.schema, self.rules, compilable, key, query, operation_name)

    def arguments(self, type_name: str, node: Any, variables: VariableValues) -> dict[str, Any]:
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

    def prepare(self, plan: Plan, workspace_id: uuid.UUID, raw_variables: dict[str, Any] | None) -> Prepared:
        """The variables coerced, and the key of the statement that answers them (NotCompiled when they
        do not coerce: the executor answers with its error)."""
        coerced = get_variable_values(self.schema, plan.operation.variable_definitions or [], raw_variables or {})
        if isinstance(coerced, list):
            raise NotCompiled
        raw = raw_variables or {}
        shape = json.dumps({k: v for k, v in raw.items() if k not in plan.id_variables}, sort_keys=True, default=str)
        ids = {f"var_{name}": coerced.coerced[name] for name in plan.id_variables}
        return Prepared(plan, (plan.key, workspace_id, shape), coerced, ids)

    def cached(self, prepared: Prepared) -> CachedStatement | None:
        """The statement for `prepared` if one was built and is still fresh."""
        cached = self._statements.get(prepared.key)
        if cached is None or time.monotonic() - cached.made_at > STATEMENT_TTL_SECONDS:
            return None
        self._statements.move_to_end(prepared.key)
        return cached

    async def execute(
        self, session: AsyncSession, actor: Actor, plan: Plan, raw_variables: dict[str, Any] | None
    ) -> str:
        """The response body, or NotCompiled: for an actor whose membership was checked already (the
        statement built if it was not cached; it reads the membership again, which is not looked at)."""
        if not actor.role.at_least(plan.role):
            raise NotCompiled  # the executor answers FORBIDDEN, from the field's own permission
        prepared = self.prepare(plan, actor.workspace_id, raw_variables)
        cached = self.cached(prepared)
        if cached is None:
            statement = await self._statement(Request(self, plan, prepared.coerced, actor, session))
            cached = self._remember(prepared.key, statement)
        connection = await (await session.connection()).get_raw_connection()
        driver = connection.driver_connection
        assert driver is not None
        body = answer_of(await self.fetch(driver, cached, prepared, user_id=actor.user_id, session_id=None))
        if body is None:
            raise NotCompiled
        return body

    @staticmethod
    async def fetch(
        driver: Any, cached: CachedStatement, prepared: Prepared, *, user_id: uuid.UUID, session_id: uuid.UUID | None
    ) -> Any:
        """The statement's row: the answer (`answer_of`) and the membership of `user_id` in the workspace,
        with whether `session_id` is still signed in (`repository.live_membership_of`)."""
        arguments = cached.arguments({**prepared.ids, ACTOR_USER: user_id, ACTOR_SESSION: session_id})
        return await driver.fetchrow(cached.sql, *arguments)

    async def _statement(self, request: Request) -> Select[Any]:
        try:
            roots = [
                (key, await request.root_field(node))
                for key, node in fields(request.plan, request.plan.operation.selection_set, "Query")
            ]
        except AppError as error:
            raise NotCompiled from error
        # OFFSET 0 keeps `roots` a subquery of its own: PostgreSQL would otherwise pull it up and copy each
        # root's SQL into both references below (the answer and the found check), running it twice.
        values = (
            select(*[expression.label(f"r{i}") for i, (_, expression) in enumerate(roots)])
            .offset(inline(0))
            .subquery("roots")
        )
        found = and_(
            true(),
            *[values.c[f"r{i}"].is_not(None) for i, (key, _) in enumerate(roots) if key in request.nullable_roots],
        )
        data = json_object([(key, values.c[f"r{i}"]) for i, (key, _) in enumerate(roots)])
        # The membership check, read in the same round trip (one row at most, NULLs when there is none).
        actor = membership_subquery(
            request.actor.workspace_id,
            bindparam(ACTOR_USER, type_=Uuid(as_uuid=True)),
            bindparam(ACTOR_SESSION, type_=Uuid(as_uuid=True)),
        )
        return select(cast(data, Text), found, *actor.c).select_from(values).outerjoin(actor, true())

    def _remember(self, key: tuple[str, uuid.UUID, str], statement: Select[Any]) -> CachedStatement:
        compiled = statement.compile(dialect=self.dialect, compile_kwargs={"render_postcompile": True})
        cached = CachedStatement(
            sql=str(compiled),
            names=tuple(compiled.positiontup or ()),
            values=dict(compiled.params),
            # SQLAlchemy has no public accessor for the processors of the parameters that
            # render_postcompile expanded; this is the one private attribute the path reads.
            processors=dict(compiled._bind_processors),  # type: ignore[arg-type]
            made_at=time.monotonic(),
        )
        self._statements[key] = cached
        if len(self._statements) > MAX_CACHED_STATEMENTS:
            self._statements.popitem(last=False)
        return cached
