"""The development signing secret, kept in the data directory and read again only when it changed."""

from __future__ import annotations

import os
from pathlib import Path

from rapport.auth.tokens import _development_secret


def test_the_secret_is_made_once_and_read_again_when_the_file_changes(tmp_path: Path) -> None:
    first = _development_secret(tmp_path)
    path = tmp_path / "secret_key"

    assert len(first) > 40
    assert _development_secret(tmp_path) == first

    path.write_text("another-secret-of-another-length")
    assert _development_secret(tmp_path) == "another-secret-of-another-length"

    # The same length, written within the same tick: told apart by the modification time.
    path.write_text("another-secret-of-another-lengtX")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert _development_secret(tmp_path) == "another-secret-of-another-lengtX"

    path.unlink()
    made = _development_secret(tmp_path)
    assert made not in (first, "another-secret-of-another-lengtX")
    assert _development_secret(tmp_path) == made
