"""Why an OAuth sign-in did not finish. Each reason is shown on the web app's sign-in page."""

from __future__ import annotations

from rapport.errors import AppError, ServiceUnavailable


class SignInRefused(AppError):
    """The sign-in cannot go on; `reason` is the code the sign-in page explains (`?error=<reason>`)."""

    code = "UNAUTHENTICATED"
    http_status = 401

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class ProviderUnavailable(ServiceUnavailable):
    """The provider could not be reached or answered nonsense (discovery, keys, token endpoint)."""

    reason = "provider_unavailable"
