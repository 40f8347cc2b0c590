"""The api and the worker refuse to serve through a role that owns the tables (security review, issue 12
finding 5): an owner can turn row-level security off, so tenancy would hang on the app's good behaviour."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rapport.db import Database, create_engine, unsafe_role
from tests.conftest import Servers, free_port

OWNS = b"the database role owns tables ("


@pytest.mark.parametrize("command", ["api", "worker"])
def test_a_process_connected_as_the_tables_owner_refuses_to_start(servers: Servers, command: str) -> None:
    # As if migrations had run with the app's own URL: the app connects as the role that owns everything.
    env = servers.env(RAPPORT_DATABASE_URL=servers.owner_url, RAPPORT_API_PORT=str(free_port()))
    finished = subprocess.run(
        [sys.executable, "-m", "rapport", command], env=env, capture_output=True, timeout=120, check=False
    )
    assert finished.returncode != 0
    output = finished.stdout + finished.stderr
    assert OWNS in output, output[-2000:]
    assert b"RAPPORT_DATABASE_OWNER_URL" in output


async def test_the_app_role_owns_nothing_and_the_owner_is_named(servers: Servers) -> None:
    app = Database(create_engine(servers.database_url, pool_size=1), create_engine(servers.system_url, pool_size=1))
    owner = Database(create_engine(servers.owner_url, pool_size=1))
    try:
        assert await unsafe_role(app) == (None, None)
        privileged, owns = await unsafe_role(owner)
        assert privileged is None
        assert owns is not None
        assert owns.startswith("the database role owns tables (activities, ")
    finally:
        await app.dispose()
        await owner.dispose()
