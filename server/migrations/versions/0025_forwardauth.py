"""Forwarded-in mail records whether its From was authenticated (security review, issue 12 finding 8).

`emails.authentication` (enum `email_authentication`: PASS, FAIL, NONE) is what the trusted upstream's
Authentication-Results header said of the From domain, for mail that came in by the SMTP listener or
the webhook; NULL for IMAP and for mail sent from Rapport (and for mail stored before this revision).

Revision ID: 0025_forwardauth
Revises: 0024_sysrole
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_forwardauth"
down_revision: str | None = "0024_sysrole"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUTHENTICATION = sa.Enum("PASS", "FAIL", "NONE", name="email_authentication")


def upgrade() -> None:
    AUTHENTICATION.create(op.get_bind())
    op.add_column("emails", sa.Column("authentication", AUTHENTICATION, nullable=True))


def downgrade() -> None:
    op.drop_column("emails", "authentication")
    AUTHENTICATION.drop(op.get_bind())
