"""Input helpers: which fields a client sent, batches that report per-item errors, and the standard
Query and Mutation fields of the record types (`RecordFields`)."""

from __future__ import annotations

import dataclasses
import types
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, Protocol, TypeVar

import strawberry
from strawberry.scalars import JSON

from rapport.auth.actor import Actor
from rapport.errors import AppError, BadUserInput
from rapport.graphql.context import Info
from rapport.graphql.permissions import CanRead, CanWrite
from rapport.graphql.types import Connection
from rapport.kit.bulk import MAX_BULK, UNDO_WINDOW, BulkOutcome
from rapport.kit.pagination import Page
from rapport.kit.rows import in_savepoint
from rapport.kit.validation import InputModel, validate

MAX_BATCH = 100
UNDO_HOURS = int(UNDO_WINDOW.total_seconds() // 3600)
T = TypeVar("T")
Path = tuple[str | int, ...]


def given(value: object) -> dict[str, Any]:
    """The fields the client sent (explicit nulls included), by python name; omitted ones are left out."""
    return {
        field.name: getattr(value, field.name)
        for field in dataclasses.fields(value)  # type: ignore[arg-type]
        if getattr(value, field.name) is not strawberry.UNSET
    }


def sent(fields: dict[str, object], **optional: object) -> dict[str, object]:
    """`fields` and those of `optional` the client sent (not `strawberry.UNSET`)."""
    return fields | {name: value for name, value in optional.items() if value is not strawberry.UNSET}


@strawberry.type(description="Why one input of a batch was refused.")
class BatchItemError:
    index: int = strawberry.field(description="The input's position in the list, from 0.")
    code: str = strawberry.field(description="BAD_USER_INPUT, NOT_FOUND, CONFLICT, …")
    message: str = strawberry.field(description="What is wrong, for a person.")
    field_errors: JSON = strawberry.field(description="`[{ path, message }]` for BAD_USER_INPUT.")


@strawberry.type(description="Why one record of a bulk change was refused.")
class BulkItemError:
    id: uuid.UUID = strawberry.field(description="The record.")
    code: str = strawberry.field(description="NOT_FOUND, BAD_USER_INPUT, CONFLICT, …")
    message: str = strawberry.field(description="What is wrong, for a person.")


@strawberry.type(description="What a bulk change did. It is all or nothing: with any error, `updated` is 0.")
class BulkResult:
    id: uuid.UUID = strawberry.field(description="This bulk change's id.")
    matched: int = strawberry.field(description="How many records the ids and filter addressed.")
    updated: int = strawberry.field(description="How many were changed: all of them, or none when any was refused.")
    errors: list[BulkItemError] = strawberry.field(description="One per refused record.")

    @staticmethod
    def of(outcome: BulkOutcome) -> BulkResult:
        return BulkResult(
            id=outcome.id,
            matched=outcome.matched,
            updated=outcome.updated,
            errors=[BulkItemError(id=item.id, code=item.code, message=item.message) for item in outcome.errors],
        )


async def run_batch(
    info: Info, inputs: Sequence[Any], create: Callable[[Actor, Any, Path], Awaitable[T]]
) -> tuple[list[T], list[BatchItemError]]:
    """Creates each input in a savepoint: the valid ones are written, the others are reported."""
    if len(inputs) > MAX_BATCH:
        raise BadUserInput(f"At most {MAX_BATCH} inputs per call.", field_errors={("inputs",): f"at most {MAX_BATCH}"})
    actor = await info.context.actor()
    session = info.context.session
    created: list[T] = []
    errors: list[BatchItemError] = []
    for index, item in enumerate(inputs):
        answer = await in_savepoint(session, partial(create, actor, item, ("inputs", index)))
        if isinstance(answer, AppError):
            field_errors = JSON(answer.extensions().get("fieldErrors", []))
            errors.append(
                BatchItemError(index=index, code=answer.code, message=answer.message, field_errors=field_errors)
            )
        else:
            created.append(answer)
    return created, errors


async def as_actor(info: Info, call: Callable[..., Awaitable[T]], /, **arguments: object) -> T:
    """A service function called with the request's session and actor, and `arguments` by keyword."""
    return await call(info.context.session, await info.context.actor(), **arguments)


ConnectionT = TypeVar("ConnectionT", bound=Connection[Any])
RowT = TypeVar("RowT")
NodeT = TypeVar("NodeT")


async def connection_of(
    info: Info,
    connection: type[ConnectionT],
    node: Callable[[RowT], NodeT],
    lister: Callable[..., Awaitable[Page[RowT]]],
    /,
    *,
    first: int,
    after: str | None,
    **arguments: object,
) -> ConnectionT:
    """One page of a list service function (called as the request's actor) as `connection`."""
    page = await as_actor(info, lister, first=first, after=after, **arguments)
    return connection.from_page(page, after, node)


class RecordService(Protocol):
    """What a record module's service offers the resolvers of `RecordFields`."""

    @property
    def get(self) -> Callable[..., Awaitable[Any]]: ...
    @property
    def create(self) -> Callable[..., Awaitable[Any]]: ...
    @property
    def update(self) -> Callable[..., Awaitable[Any]]: ...
    @property
    def delete(self) -> Callable[..., Awaitable[bool]]: ...
    @property
    def restore(self) -> Callable[..., Awaitable[Any]]: ...
    @property
    def bulk_update(self) -> Callable[..., Awaitable[BulkOutcome]]: ...
    @property
    def bulk_delete(self) -> Callable[..., Awaitable[BulkOutcome]]: ...


def _typed(
    resolve: Callable[..., Awaitable[Any]], answer: object, **arguments: object
) -> Callable[..., Awaitable[Any]]:
    """`resolve` with the GraphQL types of its arguments and answer, which only the record module knows."""
    resolve.__annotations__ = {"info": Info, **arguments, "return": answer}
    return resolve


def _object_type(
    name: str,
    fields: dict[str, object],
    *,
    annotations: dict[str, object] | None = None,
    description: str | None = None,
) -> type:
    """A Strawberry object type named `name` with `fields` in their order."""
    namespace = {"__module__": __name__, "__annotations__": annotations or {}, **fields}
    return strawberry.type(
        types.new_class(name, (), exec_body=lambda body: body.update(namespace)), description=description
    )


@dataclass(frozen=True)
class RecordFields(Generic[ConnectionT]):
    """The fields every record type (contacts, companies, deals) has in Query and Mutation, with the same
    resolvers: `query` and `mutation` make a module's types of them, or a type that has fields of its own
    declares them (`create_deal = DEALS.create()`) in the order the schema shows. `node` is the GraphQL type
    (its `of` makes one of a row), `lister` is the service's list function, `data` the service's input model,
    which `fields_of` (the fields the client sent, unless told) fills from an input."""

    node: type
    connection: type[ConnectionT]
    input: type
    plural: str
    lister: Callable[..., Awaitable[Page[Any]]]
    data: type[InputModel]
    service: RecordService
    fields_of: Callable[[Any], dict[str, Any]] = given

    @property
    def noun(self) -> str:
        return self.node.__name__.lower()

    def to_data(self, value: object, path: Path = ("input",)) -> InputModel:
        """The service's data of an input, its errors named at `path`."""
        return validate(self.data, self.fields_of(value), path=path)

    def node_of(self, row: object) -> object:
        of: Callable[[object], object] = getattr(self.node, "of")  # noqa: B009 (every record type has one)
        return of(row)

    async def page(self, info: Info, *, first: int, after: str | None, **arguments: object) -> ConnectionT:
        """A page of the records (`lister` called with `arguments`) as the connection."""
        return await connection_of(
            info, self.connection, self.node_of, self.lister, first=first, after=after, **arguments
        )

    def query(self, description: str, *, filter: type, order: type) -> type:
        """`ContactQuery`: the list (`contacts`, described by `description`) and one record (`contact`)."""
        fields = {self.plural: self.list(description, filter=filter, order=order), self.noun: self.one()}
        return _object_type(f"{self.node.__name__}Query", fields)

    def mutation(self, *, filter: type) -> type:
        """`ContactMutation`: create one, create many, update, bulk update, bulk delete, delete and restore."""
        payload = _object_type(
            f"Create{self.plural.capitalize()}Payload",
            {
                self.plural: strawberry.field(description=f"The {self.plural} created, in input order."),
                "errors": strawberry.field(description="One per refused input, with its index."),
            },
            annotations={self.plural: list[self.node], "errors": list[BatchItemError]},  # type: ignore[name-defined]
            description="What a batch create did: the records written, and the inputs refused with why.",
        )
        fields = {
            f"create_{self.noun}": self.create(),
            f"create_{self.plural}": self.create_many(payload),
            f"update_{self.noun}": self.update(),
            f"bulk_update_{self.plural}": self.bulk_update(filter=filter),
            f"bulk_delete_{self.plural}": self.bulk_delete(filter=filter),
            f"delete_{self.noun}": self.delete(),
            f"restore_{self.noun}": self.restore(),
        }
        return _object_type(f"{self.node.__name__}Mutation", fields)

    def list(self, description: str, *, filter: type, order: type) -> Any:
        """The workspace's records, a page at a time (`contacts`)."""

        async def resolve(
            root: object,
            info: Info,
            first: int | None = 50,
            after: str | None = None,
            filter: object | None = None,
            order_by: Sequence[object] | None = None,
        ) -> Any:
            first = 50 if first is None else first
            return await self.page(info, first=first, after=after, filter=filter, order_by=order_by or [])

        arguments = {"first": int | None, "after": str | None, "filter": filter | None, "order_by": list[order] | None}  # type: ignore[valid-type]
        return strawberry.field(
            resolver=_typed(resolve, self.connection, **arguments),
            description=description,
            permission_classes=[CanRead],
        )

    def one(self) -> Any:
        """One record by id (`contact`)."""

        async def resolve(root: object, info: Info, id: uuid.UUID) -> Any:
            return self.node_of(await as_actor(info, self.service.get, id=id))

        return strawberry.field(
            resolver=_typed(resolve, self.node | None, id=uuid.UUID),
            description=f"One {self.noun} by id; NOT_FOUND when there is none in this workspace (or it was deleted).",
            permission_classes=[CanRead],
        )

    def create(self, description: str | None = None) -> Any:
        """`createContact`."""

        async def resolve(root: object, info: Info, input: object) -> Any:
            return self.node_of(await as_actor(info, self.service.create, data=self.to_data(input)))

        return strawberry.mutation(
            resolver=_typed(resolve, self.node, input=self.input),
            description=description or f"Creates a {self.noun}.",
            permission_classes=[CanWrite],
        )

    def create_many(self, payload: type) -> Any:
        """`createContacts`: up to MAX_BATCH records, each written or refused on its own, as `payload`."""

        async def resolve(root: object, info: Info, inputs: list[object]) -> Any:
            session = info.context.session
            created, errors = await run_batch(
                info,
                inputs,
                lambda actor, item, path: self.service.create(session, actor, data=self.to_data(item, path), path=path),
            )
            return payload(**{self.plural: [self.node_of(row) for row in created], "errors": errors})

        return strawberry.mutation(
            resolver=_typed(resolve, payload, inputs=list[self.input]),  # type: ignore[name-defined]
            description=f"Creates up to {MAX_BATCH} {self.plural}: valid inputs are written, invalid ones come back "
            "in `errors`.",
            permission_classes=[CanWrite],
        )

    def update(self, description: str | None = None) -> Any:
        """`updateContact`."""

        async def resolve(root: object, info: Info, id: uuid.UUID, input: object) -> Any:
            data = self.to_data(input)
            return self.node_of(await as_actor(info, self.service.update, **{f"{self.noun}_id": id, "data": data}))

        return strawberry.mutation(
            resolver=_typed(resolve, self.node, id=uuid.UUID, input=self.input),
            description=description or f"Changes a {self.noun}'s fields.",
            permission_classes=[CanWrite],
        )

    def bulk_update(self, *, filter: type) -> Any:
        """`bulkUpdateContacts`: one input for the records of `ids` and/or matching `filter`, all or none."""

        async def resolve(
            root: object, info: Info, input: object, ids: list[uuid.UUID] | None = None, filter: object | None = None
        ) -> BulkResult:
            data = self.to_data(input)
            outcome = await as_actor(info, self.service.bulk_update, ids=ids, filter=filter, data=data)
            return BulkResult.of(outcome)

        return strawberry.mutation(
            resolver=_typed(resolve, BulkResult, input=self.input, ids=list[uuid.UUID] | None, filter=filter | None),
            description=f"Changes the {self.plural} of `ids`, or all that match `filter` (both: those of `ids` that "
            f"match), with the same input, as `update{self.noun.capitalize()}` would one by one: at most {MAX_BULK}, "
            "all or none (any refusal leaves every record as it was and comes back in `errors`). "
            f"`undoBulk(id)` gives them their earlier values back (for {UNDO_HOURS} hours).",
            permission_classes=[CanWrite],
        )

    def bulk_delete(self, *, filter: type) -> Any:
        """`bulkDeleteContacts`: the records of `ids` and/or matching `filter` to the trash, all or none."""

        async def resolve(
            root: object, info: Info, ids: list[uuid.UUID] | None = None, filter: object | None = None
        ) -> BulkResult:
            outcome = await as_actor(info, self.service.bulk_delete, ids=ids, filter=filter)
            return BulkResult.of(outcome)

        return strawberry.mutation(
            resolver=_typed(resolve, BulkResult, ids=list[uuid.UUID] | None, filter=filter | None),
            description=f"Moves the {self.plural} of `ids`, or all that match `filter` (both: those of `ids` that "
            f"match), to the trash as `delete{self.noun.capitalize()}` would one by one: at most {MAX_BULK}, all or "
            f"none. `undoBulk(id)` brings them back (for {UNDO_HOURS} hours).",
            permission_classes=[CanWrite],
        )

    def delete(self) -> Any:
        """`deleteContact`: to the trash."""

        async def resolve(root: object, info: Info, id: uuid.UUID) -> bool:
            return await as_actor(info, self.service.delete, id=id)

        return strawberry.mutation(
            resolver=_typed(resolve, bool, id=uuid.UUID),
            description=f"Moves a {self.noun} to the trash (restorable).",
            permission_classes=[CanWrite],
        )

    def restore(self) -> Any:
        """`restoreContact`: back from the trash."""

        async def resolve(root: object, info: Info, id: uuid.UUID) -> Any:
            return self.node_of(await as_actor(info, self.service.restore, id=id))

        return strawberry.mutation(
            resolver=_typed(resolve, self.node, id=uuid.UUID),
            description=f"Brings a deleted {self.noun} back.",
            permission_classes=[CanWrite],
        )
