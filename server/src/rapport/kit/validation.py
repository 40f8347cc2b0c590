"""Input models: pydantic validation whose errors become BAD_USER_INPUT with per-field paths."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from rapport.errors import BadUserInput


class InputModel(BaseModel):
    """Field errors name the GraphQL (camelCase) field, so clients can show them next to it."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        str_strip_whitespace=True,
        extra="forbid",
        frozen=True,
    )


M = TypeVar("M", bound=InputModel)


def validate(model: type[M], data: Mapping[str, object], *, path: tuple[str | int, ...] = ()) -> M:
    try:
        return model.model_validate({to_camel(key): value for key, value in data.items()})
    except ValidationError as error:
        field_errors: dict[tuple[str | int, ...], str] = {}
        for item in error.errors(include_url=False):
            message = item["msg"].removeprefix("Value error, ")
            field_errors.setdefault((*path, *item["loc"]), message)
        raise BadUserInput("Some fields are not valid.", field_errors=field_errors) from None
