"""The web app (Next.js, in the repository's web/ folder) as `rapport up` serves it: installed with
pnpm, built when its sources changed since the last build, then run as `next start`."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

# server/src/rapport/web.py → the repository root holds web/.
WEB_DIR = Path(__file__).resolve().parents[3] / "web"
BUILD_STAMP = Path(".next") / "rapport-build-hash"
INSTALL_STAMP = Path("node_modules") / ".rapport-install-hash"
# What a production build depends on; node_modules and generated output are not inputs.
BUILD_INPUTS = (
    "src",
    "public",
    "package.json",
    "pnpm-lock.yaml",
    "next.config.ts",
    "tsconfig.json",
    "postcss.config.mjs",
)
INSTALL_INPUTS = ("package.json", "pnpm-lock.yaml")


class WebError(Exception):
    """The web app cannot be installed, built or started; the message says what to do."""


@dataclass(frozen=True)
class WebApp:
    directory: Path
    pnpm: str
    node: str

    def next_command(self, host: str, port: int) -> list[str]:
        return [self.node, "node_modules/next/dist/bin/next", "start", "--hostname", host, "--port", str(port)]


def find_web_app(directory: Path = WEB_DIR) -> WebApp | None:
    """The web app of this checkout, or None when there is none (an installed package, say)."""
    if not (directory / "package.json").is_file():
        return None
    node = shutil.which("node")
    pnpm = shutil.which("pnpm")
    if node is None or pnpm is None:
        missing = "Node.js 20+" if node is None else "pnpm (`npm install -g pnpm`)"
        raise WebError(f"the web app needs {missing}; install it or run ./scripts/up, or pass --no-web")
    return WebApp(directory, pnpm, node)


def _files(directory: Path, inputs: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for name in inputs:
        path = directory / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(item for item in path.rglob("*") if item.is_file()))
    return found


def inputs_hash(directory: Path, inputs: Iterable[str] = BUILD_INPUTS) -> str:
    """A digest of the paths and contents of the inputs: equal digests mean an equal build."""
    digest = hashlib.sha256()
    for path in _files(directory, inputs):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _is_current(stamp: Path, digest: str) -> bool:
    try:
        return stamp.read_text().strip() == digest
    except OSError:
        return False


def is_build_stale(directory: Path) -> bool:
    return not _is_current(directory / BUILD_STAMP, inputs_hash(directory))


def _run(command: list[str], cwd: Path, env: dict[str, str], should_stop: Callable[[], bool]) -> None:
    process = subprocess.Popen(command, cwd=cwd, env=env)  # noqa: S603 - our own fixed commands
    try:
        while process.poll() is None:
            if should_stop():
                process.terminate()
                process.wait(timeout=20)
                raise WebError("stopped while preparing the web app")
            time.sleep(0.2)
    finally:
        if process.poll() is None:
            process.kill()
    if process.returncode != 0:
        raise WebError(f"`{' '.join(command[:3])}` failed with code {process.returncode} in {cwd}")


def prepare(app: WebApp, env: dict[str, str], should_stop: Callable[[], bool] = lambda: False) -> bool:
    """Installs the locked packages and builds when the sources changed; True when it built."""
    web_env = {**env, "NEXT_TELEMETRY_DISABLED": "1"}
    install_digest = inputs_hash(app.directory, INSTALL_INPUTS)
    if not _is_current(app.directory / INSTALL_STAMP, install_digest):
        print("rapport: installing the web app's packages (pnpm install --frozen-lockfile)…", flush=True)
        _run([app.pnpm, "install", "--frozen-lockfile"], app.directory, web_env, should_stop)
        (app.directory / INSTALL_STAMP).write_text(install_digest + "\n")
    build_digest = inputs_hash(app.directory)
    if _is_current(app.directory / BUILD_STAMP, build_digest):
        return False
    print("rapport: building the web app (pnpm build)…", flush=True)
    started = time.monotonic()
    _run([app.pnpm, "build"], app.directory, web_env, should_stop)
    (app.directory / BUILD_STAMP).write_text(build_digest + "\n")
    print(f"rapport: web app built in {time.monotonic() - started:.0f}s", flush=True)
    return True


def launch(app: WebApp, env: dict[str, str], *, host: str, port: int, api_url: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment of `next start` of the last build, talking to the api at api_url
    (server side only); it runs in the app's directory."""
    web_env = {
        **env,
        "NEXT_TELEMETRY_DISABLED": "1",
        "NODE_ENV": "production",
        "RAPPORT_API_URL": api_url,
        "PORT": str(port),
    }
    web_env.pop("NODE_OPTIONS", None)
    return app.next_command(host, port), web_env


def build_only(env: dict[str, str] | None = None) -> int:
    """`rapport build-web`: what `rapport up` does before serving, without serving."""
    try:
        app = find_web_app()
        if app is None:
            print(f"rapport: no web app at {WEB_DIR}", flush=True)
            return 1
        built = prepare(app, dict(env or os.environ))
    except WebError as error:
        print(f"rapport: {error}", flush=True)
        return 1
    if not built:
        print("rapport: the web app's build is up to date", flush=True)
    return 0
