"""The one property every answer of the api has: it is never an internal error.

Schemathesis' own GraphQL check fails on every GraphQL error, the documented ones (NOT_FOUND,
FORBIDDEN, BAD_USER_INPUT, ...) included; those are right answers to generated input, so this
check looks only for INTERNAL_SERVER_ERROR and HTTP 5xx."""

from __future__ import annotations

import json
from typing import Any

import schemathesis


def internal_errors(status: int, text: str) -> list[str]:
    """What in one answer is an internal error: a 5xx, or a GraphQL error with that code."""
    if status >= 500:
        return [f"HTTP {status}: {text[:1000]}"]
    try:
        body = json.loads(text)
    except ValueError:
        return []
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return []
    return [
        json.dumps(error)
        for error in errors
        if isinstance(error, dict) and (error.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR"
    ]


@schemathesis.check
def no_internal_error(ctx: Any, response: Any, case: Any) -> bool | None:
    found = internal_errors(response.status_code, response.text)
    if found:
        raise AssertionError("the api answered an internal error:\n" + "\n".join(found))
    return None
