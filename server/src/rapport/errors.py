"""Expected failures, each with the code clients see in `extensions.code` (or a REST body)."""

from __future__ import annotations

from collections.abc import Mapping

FieldPath = tuple[str | int, ...]


class AppError(Exception):
    code = "INTERNAL_SERVER_ERROR"
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def extensions(self) -> dict[str, object]:
        return {"code": self.code}


class Unauthenticated(AppError):
    code = "UNAUTHENTICATED"
    http_status = 401


class Forbidden(AppError):
    code = "FORBIDDEN"
    http_status = 403


class NotFound(AppError):
    code = "NOT_FOUND"
    http_status = 404


class Conflict(AppError):
    code = "CONFLICT"
    http_status = 409


class RateLimited(AppError):
    code = "RATE_LIMITED"
    http_status = 429

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "retryAfter": self.retry_after_seconds}


class BadUserInput(AppError):
    code = "BAD_USER_INPUT"
    http_status = 400

    def __init__(self, message: str, *, field_errors: Mapping[FieldPath, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors = {tuple(path): text for path, text in (field_errors or {}).items()}

    def extensions(self) -> dict[str, object]:
        return {
            "code": self.code,
            "fieldErrors": [{"path": list(path), "message": text} for path, text in self.field_errors.items()],
        }
