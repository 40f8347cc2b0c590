"""Finds the command-line tools the deploy tests run (scripts/test installs them: ensure_deploy_tools
in scripts/lib.sh). A missing tool skips its test, which fails the run under CI=true."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"


def tool(name: str) -> str:
    extra = [os.environ.get("RAPPORT_TOOLS_BIN", ""), str(Path.home() / ".local" / "bin")]
    path = os.pathsep.join([os.environ.get("PATH", ""), *filter(None, extra)])
    found = shutil.which(name, path=path)
    if found is None:
        pytest.skip(f"{name} is not installed (scripts/test installs it)")
    return found


def run(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
