"""Alembic, driven from code: `rapport migrate` and the tests use the same entry point."""

from __future__ import annotations

from pathlib import Path

from alembic import command, op
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.util import await_only

SERVER_DIR = Path(__file__).resolve().parents[2]


def alembic_config(owner_url: str) -> Config:
    config = Config(str(SERVER_DIR / "alembic.ini"))
    config.attributes["url"] = owner_url
    return config


def upgrade(owner_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(owner_url), revision)


def downgrade(owner_url: str, revision: str) -> None:
    command.downgrade(alembic_config(owner_url), revision)


def head_revision() -> str:
    head = ScriptDirectory.from_config(Config(str(SERVER_DIR / "alembic.ini"))).get_current_head()
    assert head is not None
    return head


def execute_script(sql: str) -> None:
    """Runs a multi-statement SQL script inside a migration (asyncpg prepares one statement at a
    time, so the script goes through the driver's simple-query path)."""
    driver_connection = op.get_bind().connection.driver_connection
    await_only(driver_connection.execute(sql))  # type: ignore[union-attr]


def owner_member_role_sql(role: str) -> str:
    """A DO block that creates the NOLOGIN group role `role` when it does not exist and makes the
    migrating owner a member, or fails with the statements a database administrator runs instead (the
    owner needs CREATEROLE for both: deploy/postgres/bootstrap.sh)."""
    return f"""
DO $d$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
    BEGIN
      CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'the role {role} does not exist and % may not create it', current_user
        USING HINT = 'As a database administrator: CREATE ROLE {role} NOLOGIN; GRANT {role} TO '
          || quote_ident(current_user) || ';';
    END;
  END IF;
  IF NOT pg_has_role(current_user, '{role}', 'USAGE') THEN
    BEGIN
      EXECUTE format('GRANT {role} TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
      RAISE EXCEPTION '% is not a member of {role} and may not make itself one', current_user
        USING HINT = 'As a database administrator: GRANT {role} TO ' || quote_ident(current_user) || ';';
    END;
  END IF;
END $d$;
"""
