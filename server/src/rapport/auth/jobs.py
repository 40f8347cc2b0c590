"""`auth.password_reset`: makes a reset link for an address, if it has an account, and mails it."""

from __future__ import annotations

import structlog

from rapport.auth import password_reset
from rapport.kit import mailer
from rapport.worker.registry import JobContext, job

log = structlog.get_logger("rapport.auth")


@job(password_reset.JOB)
async def send_password_reset(context: JobContext, data: dict[str, object]) -> dict[str, object]:
    email = password_reset.normalised_email(str(data.get("email", "")))
    if email is None:
        return {"sent": False}
    # The link is committed before the mail goes out: a failed send is retried with a new link, and
    # the unsent one expires unused.
    async with context.db.transaction() as session:
        link = await password_reset.create_link(session, context.settings, email=email)
    if link is None:
        return {"sent": False}
    if not mailer.is_configured(context.settings):
        # No SMTP server: the operator reads the link here and passes it on.
        log.warning("auth.password_reset_link", email=link.email, url=link.url, note="RAPPORT_SMTP_URL is not set")
        return {"sent": False, "logged": True}
    message = mailer.compose(
        context.settings,
        to=link.email,
        subject="Reset your Rapport password",
        text=(
            f"Hello {link.name},\n\n"
            "Someone (we hope you) asked to reset the password of your Rapport account. Choose a new one here:\n\n"
            f"{link.url}\n\n"
            "The link works once, for one hour. If you did not ask, ignore this mail: your password stays as it is.\n"
        ),
    )
    await mailer.send(context.settings, message)
    return {"sent": True}
