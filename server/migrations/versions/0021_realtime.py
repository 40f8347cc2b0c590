"""Live sockets end when their credentials are revoked: each api process asks, every few seconds and
in one system-scoped read, which sign-ins (`auth_sessions`) and API keys were revoked lately, and
closes the sockets that use them (docs/design.md, close code 4442).

- `auth_sessions` and `api_keys` gain a `system_read` policy (SELECT only, under the system scope that
  the outbox relay and the sweepers already use); tenants still see only their own rows.
- Partial indexes on `revoked_at`, so the read touches only revoked rows.

Revision ID: 0021_realtime
Revises: 0020_invites
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0021_realtime"
down_revision: str | None = "0020_invites"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    execute_script(
        """
CREATE POLICY system_read ON auth_sessions FOR SELECT USING (rapport_is_system());
CREATE POLICY system_read ON api_keys FOR SELECT USING (rapport_is_system());
CREATE INDEX ix_auth_sessions_revoked_at ON auth_sessions (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX ix_api_keys_revoked_at ON api_keys (revoked_at) WHERE revoked_at IS NOT NULL;
"""
    )


def downgrade() -> None:
    execute_script(
        """
DROP INDEX ix_api_keys_revoked_at;
DROP INDEX ix_auth_sessions_revoked_at;
DROP POLICY system_read ON api_keys;
DROP POLICY system_read ON auth_sessions;
"""
    )
