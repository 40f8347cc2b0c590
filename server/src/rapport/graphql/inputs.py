"""Input helpers: which fields a client sent, and batches that report per-item errors."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError
from strawberry.scalars import JSON

from rapport.auth.actor import Actor
from rapport.errors import AppError, BadUserInput
from rapport.graphql.context import Info
from rapport.graphql.types import Connection
from rapport.kit.pagination import Page

MAX_BATCH = 100
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
        try:
            async with session.begin_nested():
                created.append(await create(actor, item, ("inputs", index)))
        except AppError as error:
            extensions = error.extensions()
            errors.append(
                BatchItemError(
                    index=index,
                    code=error.code,
                    message=error.message,
                    field_errors=JSON(extensions.get("fieldErrors", [])),
                )
            )
        except IntegrityError:
            errors.append(
                BatchItemError(
                    index=index,
                    code="CONFLICT",
                    message="This conflicts with an existing record.",
                    field_errors=JSON(list[object]()),
                )
            )
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
