"""The REST API's error bodies, as OpenAPI describes them.

Every REST answer that is not a success has the body ARCHITECTURE.md gives, with the HTTP status
matching its code: `{"error": {"code", "message", "fieldErrors"?, "retryAfter"?, "requestId"?}}`.
Routes name the statuses they can answer with `error_responses(...)`; `document_errors` adds what
any route can answer (500, 503) and drops FastAPI's 422, which Rapport never sends (bad input is a
400 BAD_USER_INPUT).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

ErrorCode = Literal[
    "BAD_USER_INPUT",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "CONFLICT",
    "PAYLOAD_TOO_LARGE",
    "RATE_LIMITED",
    "INTERNAL_SERVER_ERROR",
    "SERVICE_UNAVAILABLE",
]


class FieldError(BaseModel):
    path: list[str | int] = Field(description='Where in the input, e.g. `["url"]` or `["events", 1]`.')
    message: str = Field(description="What is wrong there.")


class ErrorDetail(BaseModel):
    code: ErrorCode = Field(description="The same codes GraphQL answers in `extensions.code`.")
    message: str = Field(description="For a person to read.")
    fieldErrors: list[FieldError] | None = Field(default=None, description="With BAD_USER_INPUT: per field.")
    retryAfter: int | None = Field(
        default=None, description="With RATE_LIMITED and SERVICE_UNAVAILABLE: seconds to wait (also `Retry-After`)."
    )
    requestId: str | None = Field(default=None, description="With INTERNAL_SERVER_ERROR: quote it to support.")


class ErrorBody(BaseModel):
    """The body of every REST error."""

    error: ErrorDetail


DESCRIPTIONS = {
    400: "BAD_USER_INPUT: the request is not valid (`fieldErrors` says where); nothing was changed.",
    401: "UNAUTHENTICATED: no valid bearer token, API key or web session.",
    403: "FORBIDDEN: the caller's role does not allow this.",
    404: "NOT_FOUND: no such resource in the caller's workspace (another workspace's ids answer this too).",
    409: "CONFLICT: the resource changed meanwhile.",
    413: "PAYLOAD_TOO_LARGE: the body is over the size limit (or the workspace's storage quota).",
    429: "RATE_LIMITED: too many requests; see `retryAfter` and the `Retry-After` header.",
    500: "INTERNAL_SERVER_ERROR: unexpected; logged with `requestId`.",
    503: "SERVICE_UNAVAILABLE: the database or queue is unreachable for a moment; retry after `retryAfter` s.",
}
# Any route can answer these.
ALWAYS = (500, 503)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: its error statuses, each with the error body."""
    return {status: {"model": ErrorBody, "description": DESCRIPTIONS[status]} for status in (*statuses, *ALWAYS)}


def document_errors(document: dict[str, Any]) -> dict[str, Any]:
    """Adds 500/503 to every REST operation and removes FastAPI's 422 and its schemas."""
    for path, operations in document.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for status in ALWAYS:
                responses.setdefault(
                    str(status),
                    {
                        "description": DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
                    },
                )
    schemas = document.get("components", {}).get("schemas", {})
    still_used = str(document.get("paths", {}))
    for name in ("HTTPValidationError", "ValidationError"):
        if f"#/components/schemas/{name}" not in still_used:
            schemas.pop(name, None)
    return document
