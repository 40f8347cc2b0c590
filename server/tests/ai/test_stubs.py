"""The committed gRPC stubs are what protoc makes of proto/rapport/ai/v1/ai.proto today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_committed_stubs_match_the_proto() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "ai" / "scripts" / "gen_proto.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
