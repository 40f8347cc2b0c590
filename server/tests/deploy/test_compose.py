"""deploy/compose.yaml validates with docker-compose (Debian's) and holds what deploy/README.md says."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.tools import DEPLOY, run, tool

COMPOSE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / ".env.example"
SERVICES = {
    "postgres",
    "redis",
    "migrate",
    "api",
    "worker",
    "smtp",
    "ai",
    "web",
    "prometheus",
    "alertmanager",
    "grafana",
    "jaeger",
    "mailpit",
    "postgres-exporter",
    "redis-exporter",
}
# No health check: the migration job exits, and the exporters' images have no shell or client to
# check with (Prometheus's `up` tells). The worker is checked on its metrics port's /healthz.
UNCHECKED = {"migrate", "postgres-exporter", "redis-exporter"}


def clean_env() -> dict[str, str]:
    return {
        k: v for k, v in os.environ.items() if not k.startswith(("RAPPORT_", "POSTGRES_", "GRAFANA_", "PAGERDUTY_"))
    }


def config(*extra: str) -> Any:
    compose = tool("docker-compose")
    result = run(compose, "-f", str(COMPOSE), *extra, "config", env=clean_env())
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


@pytest.fixture(scope="module")
def rendered() -> Any:
    return config("--env-file", str(ENV_EXAMPLE))


def test_compose_validates_with_the_example_environment(rendered: Any) -> None:
    assert set(rendered["services"]) == SERVICES
    api = rendered["services"]["api"]
    assert api["environment"]["RAPPORT_DATABASE_URL"] == (
        "postgresql+asyncpg://rapport:change-me-app@postgres:5432/rapport"
    )
    assert api["environment"]["RAPPORT_DATABASE_SYSTEM_URL"] == (
        "postgresql+asyncpg://rapport_sys:change-me-system@postgres:5432/rapport"
    )
    assert api["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert rendered["services"]["migrate"]["command"] == ["migrate"]
    assert rendered["services"]["worker"]["command"] == ["worker"]


def test_compose_refuses_to_run_without_the_secrets(tmp_path: Path) -> None:
    compose = tool("docker-compose")
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = run(compose, "-f", str(COMPOSE), "--env-file", str(empty), "config", env=clean_env())
    assert result.returncode != 0
    assert "set it in deploy/.env" in result.stderr


def test_every_variable_compose_reads_is_in_the_example() -> None:
    used = set(re.findall(r"\$\{([A-Z_]+)", COMPOSE.read_text()))
    example = {line.split("=", 1)[0] for line in ENV_EXAMPLE.read_text().splitlines() if re.match(r"^[A-Z_]+=", line)}
    assert used - example == set()


def test_services_have_health_checks_volumes_and_hardening(rendered: Any) -> None:
    services = rendered["services"]
    checked = {name for name, s in services.items() if s.get("healthcheck", {}).get("test", ["NONE"]) != ["NONE"]}
    assert checked == SERVICES - UNCHECKED
    for name in ("migrate", "api", "worker", "smtp", "ai", "web"):
        service = services[name]
        assert service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"], name
    assert set(rendered["volumes"]) == {"postgres", "redis", "files", "prometheus", "alertmanager", "grafana"}


def test_the_files_compose_mounts_are_in_the_repository(rendered: Any) -> None:
    sources = [
        Path(volume.split(":", 1)[0])
        for service in rendered["services"].values()
        for volume in service.get("volumes", [])
        if isinstance(volume, str) and volume.startswith("/")
    ]
    assert sources, "compose mounts no file"
    assert [str(s) for s in sources if not s.exists()] == []
