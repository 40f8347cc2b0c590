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
