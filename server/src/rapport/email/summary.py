"""The timeline's line for an email, the same whether the pipeline or a backfill writes it."""

from __future__ import annotations

from rapport.models import EmailDirection


def email_summary(direction: EmailDirection, subject: str | None, sender: str | None, recipients: list[str]) -> str:
    """Who it is from (inbound) or to (outbound), and its subject."""
    subject = (subject or "(no subject)").strip()
    if direction is EmailDirection.INBOUND:
        line = f"Email from {sender or 'unknown sender'}: {subject}"
    else:
        who = ", ".join(recipients[:3]) + (f" and {len(recipients) - 3} more" if len(recipients) > 3 else "")
        line = f"Email to {who or 'undisclosed recipients'}: {subject}"
    return line if len(line) <= 200 else line[:199] + "…"
