"""Sign-in with Google and Microsoft: `user_identities`, one row per account at an OpenID provider
that signs in as a user, found by the provider's stable subject.

Like `users`, the table is global (no workspace) and has no row-level security: the callback looks an
identity up by (provider, subject) before it knows which user signs in, as password sign-in looks a
user up by email. When `users` gets a policy (a user sees themself), this table takes the same one.

Revision ID: 0011_oauth
Revises: 0010_semantic
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.config import get_settings
from rapport.migrate import execute_script

revision: str = "0011_oauth"
down_revision: str | None = "0010_semantic"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    app_role = get_settings().database_app_role
    execute_script(
        f"""
CREATE TABLE user_identities (
  id uuid CONSTRAINT pk_user_identities PRIMARY KEY,
  user_id uuid NOT NULL
    CONSTRAINT fk_user_identities_user_id_users REFERENCES users (id) ON DELETE CASCADE,
  provider varchar(40) NOT NULL,
  subject varchar(255) NOT NULL,
  email varchar(254) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uq_user_identities_provider_subject UNIQUE (provider, subject)
);
CREATE INDEX ix_user_identities_user_id ON user_identities (user_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON user_identities TO {app_role};
"""
    )


def downgrade() -> None:
    execute_script("DROP TABLE user_identities;")
