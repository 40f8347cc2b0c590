"""The Dockerfiles: hadolint finds nothing, and each is built the way deploy/README.md promises
(multi-stage, the locks used as they are, non-root, a health check, OCI labels, nothing to build with
in the final stage). `make images` (deploy/docker/build.sh) builds and smoke-tests them for real."""

from __future__ import annotations

import re

import pytest

from tests.deploy.tools import DEPLOY, REPO, run, tool

DOCKERFILES = sorted((DEPLOY / "docker").glob("*.Dockerfile"))
BUILD_TOOLS = re.compile(r"\b(gcc|g\+\+|make|build-essential|python3-dev|python3-pip|uv|pnpm|npm|curl|wget|git)\b")


def stages(path: str) -> list[str]:
    text = (DEPLOY / "docker" / path).read_text()
    joined = re.sub(r"\\\n", " ", text)
    return re.split(r"^FROM ", joined, flags=re.MULTILINE)[1:]


def test_the_images_are_the_server_the_ai_service_and_the_web_app() -> None:
    assert [p.name for p in DOCKERFILES] == ["ai.Dockerfile", "server.Dockerfile", "web.Dockerfile"]


def test_hadolint_finds_nothing() -> None:
    hadolint = tool("hadolint")
    result = run(hadolint, "--config", str(DEPLOY / "docker" / ".hadolint.yaml"), *map(str, DOCKERFILES))
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("name", ["ai.Dockerfile", "server.Dockerfile", "web.Dockerfile"])
def test_the_final_stage_runs_as_its_own_user_with_a_health_check_and_labels(name: str) -> None:
    *builders, final = stages(name)
    assert len(builders) >= 1
    assert re.search(r"^USER 10001:10001$", final, re.MULTILINE)
    assert re.search(r"^HEALTHCHECK ", final, re.MULTILINE)
    labels = set(re.findall(r"org\.opencontainers\.image\.(\w+)=", final))
    assert {"title", "source", "version", "revision", "created", "licenses"} <= labels
    installs = " ".join(re.findall(r"apt-get install[^&]*", final))
    assert BUILD_TOOLS.search(installs) is None, installs
    assert "rm -rf /var/lib/apt/lists/*" in final
    copied = re.findall(r"^COPY (?:--\S+ )*(\S+)", final, re.MULTILINE)
    assert all(not source.startswith(("/opt/uv", "/opt/pnpm")) for source in copied), copied


def test_the_locks_are_used_as_they_are() -> None:
    server = (DEPLOY / "docker" / "server.Dockerfile").read_text()
    web = (DEPLOY / "docker" / "web.Dockerfile").read_text()
    assert "COPY server/pyproject.toml server/uv.lock ./" in server
    assert server.count("uv sync --frozen --no-dev") == 2
    ai = (DEPLOY / "docker" / "ai.Dockerfile").read_text()
    assert "COPY server/pyproject.toml server/uv.lock ./" in ai
    assert "uv sync --frozen --no-dev --no-editable --no-install-project" in ai
    assert "COPY web/package.json web/pnpm-lock.yaml ./" in web
    assert "pnpm install --frozen-lockfile" in web
    # The web image's Node.js is the one Next.js 16 supports (>= 20.9), not bookworm's 18.
    assert re.search(r"^ARG NODE_VERSION=22\.\d+\.\d+$", web, re.MULTILINE)


def test_the_context_leaves_out_local_state() -> None:
    ignored = (REPO / ".dockerignore").read_text().split()
    assert {"**/.venv", "**/node_modules", "**/.next", "**/.rapport", ".git"} <= set(ignored)


def test_the_build_script_is_valid_bash() -> None:
    result = run("bash", "-n", str(DEPLOY / "docker" / "build.sh"))
    assert (result.returncode, result.stderr) == (0, "")


def test_the_ai_image_ships_its_model_and_checks_health_over_grpc() -> None:
    *_, final = stages("ai.Dockerfile")
    assert "COPY --from=build /app/model /app/model" in final
    assert "RAPPORT_AI_CACHE_DIR=/app/model" in final
    assert re.search(r'^HEALTHCHECK .*CMD \["python3", "-m", "rapport_ai.health"\]$', final, re.MULTILINE)
    assert re.search(r'^ENTRYPOINT \["rapport-ai"\]$', final, re.MULTILINE)
