"""The embedded PostgreSQL's settings reach data directories made by earlier versions."""

from __future__ import annotations

from pathlib import Path

from rapport.embedded import POSTGRES_CONF, POSTGRES_CONF_MARKER, _write_settings, shared_buffers_mb

OLD_BLOCK = f"""
{POSTGRES_CONF_MARKER}
max_connections = 200
synchronous_commit = off
jit = off
"""


def test_an_earlier_block_of_settings_is_replaced_and_the_rest_kept(tmp_path: Path) -> None:
    conf = tmp_path / "postgresql.conf"
    conf.write_text("# initdb's own settings\nlisten_addresses = ''\n" + OLD_BLOCK)

    _write_settings(conf)
    _write_settings(conf)  # a second start changes nothing

    text = conf.read_text()
    assert (
        text
        == "# initdb's own settings\nlisten_addresses = ''\n"
        + POSTGRES_CONF
        + "log_min_duration_statement = 500\nshared_buffers = 256MB\n"
    )
    assert text.count(POSTGRES_CONF_MARKER) == 1
    assert "synchronous_commit = off" not in text
    assert "synchronous_commit = on" in text
    assert "commit_delay = 1000" in text


def test_slow_statements_are_logged_past_the_configured_duration(tmp_path: Path) -> None:
    conf = tmp_path / "postgresql.conf"
    conf.write_text("# initdb's own settings\n")

    _write_settings(conf, slow_statement_ms=250, shared_buffers=1024)
    _write_settings(conf, slow_statement_ms=-1, shared_buffers=2048)

    text = conf.read_text()
    assert text == (
        "# initdb's own settings\n" + POSTGRES_CONF + "log_min_duration_statement = -1\nshared_buffers = 2048MB\n"
    )


def test_shared_buffers_are_a_quarter_of_the_memory_within_bounds() -> None:
    gib = 2**30
    assert shared_buffers_mb(24 * gib) == 6144
    assert shared_buffers_mb(256 * 2**20) == 128  # never below 128 MB
    assert shared_buffers_mb(512 * gib) == 8192  # nor above 8 GB
    assert 128 <= shared_buffers_mb() <= 8192  # this machine's
