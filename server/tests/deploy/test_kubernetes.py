"""Every overlay of deploy/k8s renders with `kubectl kustomize`, holds what deploy/README.md promises
(hardened pods, probes, limits, policies, the migration ordering, regions) and passes checkov."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import text

from rapport import migrate
from rapport.db import Database
from tests.conftest import Servers
from tests.deploy.tools import DEPLOY, run, tool

K8S = DEPLOY / "k8s"
OVERLAYS = ["staging", "production/europe-west", "production/us-east"]
PROCESSES = {"rapport-api", "rapport-worker", "rapport-smtp", "rapport-web", "rapport-ai"}
DATABASE_CLIENTS = {"rapport-api", "rapport-worker", "rapport-smtp", "rapport-migrate"}


def render(overlay: str) -> list[dict[str, Any]]:
    kubectl = tool("kubectl")
    result = run(kubectl, "kustomize", str(K8S / "overlays" / overlay))
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict[str, Any]]]:
    return {overlay: render(overlay) for overlay in OVERLAYS}


def of_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == kind}


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return dict(workload["spec"]["template"]["spec"])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_workload_is_hardened_and_bounded(rendered: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    docs = rendered[overlay]
    workloads = {**of_kind(docs, "Deployment"), **of_kind(docs, "Job")}
    assert set(of_kind(docs, "Deployment")) == PROCESSES
    for name, workload in workloads.items():
        spec = pod_spec(workload)
        assert spec["automountServiceAccountToken"] is False, name
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        for container in spec.get("initContainers", []) + spec["containers"]:
            where = f"{name}/{container['name']}"
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["capabilities"] == {"drop": ["ALL"]}, where
            assert security["runAsUser"] == 10001, where
            assert set(container["resources"]["requests"]) == {"cpu", "memory"}, where
            assert set(container["resources"]["limits"]) == {"cpu", "memory"}, where
            for variable in container.get("env", []):
                assert (
                    "value" not in variable
                    or not variable["name"].endswith(("_URL", "_KEY"))
                    or (variable["name"] == "RAPPORT_API_URL")
                    # a path: the key itself is in the mounted Secret rapport-ai-tls
                    or (variable["name"] == "RAPPORT_AI_TLS_KEY" and variable["value"].startswith("/tls/"))
                ), f"{where}: {variable['name']} is a literal"
        mesh = workload["spec"]["template"]["metadata"]["annotations"]["linkerd.io/inject"]
        assert mesh == ("disabled" if workload["kind"] == "Job" else "enabled"), name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_probes_secrets_and_the_migration_gate(rendered: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    docs = rendered[overlay]
    deployments = of_kind(docs, "Deployment")
    api = pod_spec(deployments["rapport-api"])["containers"][0]
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert api["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert api["startupProbe"]["httpGet"]["path"] == "/healthz"
    # No Secret is rendered: they are referenced (rapport-secrets) and created outside the repository.
    assert of_kind(docs, "Secret") == {}
    for name in ("rapport-api", "rapport-worker", "rapport-smtp"):
        assert {
            "name": "RAPPORT_DATABASE_SYSTEM_URL",
            "valueFrom": {"secretKeyRef": {"name": "rapport-secrets", "key": "database-system-url"}},
        } in pod_spec(deployments[name])["containers"][0]["env"], name
        init = pod_spec(deployments[name])["initContainers"]
        assert [c["name"] for c in init] == ["wait-for-migrations"], name
        assert init[0]["command"] == ["python3", "/scripts/wait-for-migrations.py"]
    jobs = of_kind(docs, "Job")
    assert list(jobs) == ([] if overlay == "production/us-east" else ["rapport-migrate"])
    for job in jobs.values():
        container = pod_spec(job)["containers"][0]
        assert container["args"] == ["migrate"]
        assert {
            "name": "RAPPORT_DATABASE_OWNER_URL",
            "valueFrom": {"secretKeyRef": {"name": "rapport-secrets", "key": "database-owner-url"}},
        } in container["env"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_ai_service_serves_tls_to_the_api_and_the_worker(
    rendered: dict[str, list[dict[str, Any]]], overlay: str
) -> None:
    docs = rendered[overlay]
    ai = pod_spec(of_kind(docs, "Deployment")["rapport-ai"])
    container = ai["containers"][0]
    assert container["image"].startswith("registry.example.com/rapport/rapport-ai:")
    env = {v["name"]: v.get("value") for v in container["env"]}
    assert (env["RAPPORT_AI_TLS_CERT"], env["RAPPORT_AI_TLS_KEY"]) == ("/tls/tls.crt", "/tls/tls.key")
    health = {"command": ["python3", "-m", "rapport_ai.health"]}
    assert [container[p]["exec"] for p in ("startupProbe", "livenessProbe", "readinessProbe")] == [health] * 3
    assert {"name": "tls", "secret": {"secretName": "rapport-ai-tls"}} in ai["volumes"]
    config = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("rapport-config"))
    assert config["data"]["RAPPORT_AI_URL"] == "grpcs://rapport-ai:50051"
    assert config["data"]["RAPPORT_AI_TLS_CA"] == "/etc/rapport/ai-tls/ca.crt"
    for name in ("rapport-api", "rapport-worker"):
        spec = pod_spec(of_kind(docs, "Deployment")[name])
        ca = {
            "name": "ai-tls",
            "secret": {"secretName": "rapport-ai-tls", "items": [{"key": "ca.crt", "path": "ca.crt"}]},
        }
        assert ca in spec["volumes"], name
        mounts = spec["containers"][0]["volumeMounts"]
        assert {"name": "ai-tls", "mountPath": "/etc/rapport/ai-tls", "readOnly": True} in mounts, name
    ingress = of_kind(docs, "NetworkPolicy")["ai-ingress"]["spec"]
    assert ingress["ingress"][0]["from"][0]["podSelector"]["matchExpressions"][0]["values"] == [
        "rapport-api",
        "rapport-worker",
    ]
    assert [p["port"] for p in ingress["ingress"][0]["ports"]] == [50051, 4143]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_deny_by_default(rendered: dict[str, list[dict[str, Any]]], overlay: str) -> None:
    policies = of_kind(rendered[overlay], "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    clients = policies["database-clients-egress"]["spec"]
    assert [rule["ports"][0]["port"] for rule in clients["egress"]] == [5432, 6379, 50051]
    assert all("10.250." not in rule["to"][0].get("ipBlock", {}).get("cidr", "") for rule in clients["egress"])
    labelled = {
        doc["metadata"]["name"]
        for doc in rendered[overlay]
        if doc["kind"] in ("Deployment", "Job")
        and doc["spec"]["template"]["metadata"]["labels"].get("rapport.dev/database-client") == "true"
    }
    assert labelled == DATABASE_CLIENTS - ({"rapport-migrate"} if overlay == "production/us-east" else set())
    internet = policies["internet-egress"]["spec"]
    assert internet["podSelector"]["matchExpressions"][0]["values"] == ["rapport-api", "rapport-worker"]
    assert internet["egress"][0]["to"][0]["ipBlock"]["except"][:3] == ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
    assert {name for name, p in policies.items() if "Egress" in p["spec"]["policyTypes"]} == {
        "default-deny",
        "allow-dns-and-mesh",
        "database-clients-egress",
        "internet-egress",
        "web",
    }


def test_ingress_routes_websockets_to_the_api(rendered: dict[str, list[dict[str, Any]]]) -> None:
    ingress = of_kind(rendered["staging"], "Ingress")["rapport"]
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "3600"
    paths = {p["path"]: p["backend"]["service"]["name"] for p in ingress["spec"]["rules"][0]["http"]["paths"]}
    assert paths == {"/graphql": "rapport-api", "/api/v1/": "rapport-api", "/": "rapport-web"}
    assert ingress["spec"]["rules"][0]["host"] == "staging.rapport.example.com"


def test_production_spreads_over_zones_and_scales(rendered: dict[str, list[dict[str, Any]]]) -> None:
    for overlay in ("production/europe-west", "production/us-east"):
        docs = rendered[overlay]
        for name, deployment in of_kind(docs, "Deployment").items():
            spread = pod_spec(deployment)["topologySpreadConstraints"]
            assert [c["topologyKey"] for c in spread] == ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]
            assert spread[0]["whenUnsatisfiable"] == "DoNotSchedule", name
            region = overlay.split("/")[1]
            assert deployment["spec"]["template"]["metadata"]["labels"]["topology.rapport.dev/region"] == region
        hpas = of_kind(docs, "HorizontalPodAutoscaler")
        assert {name: hpa["spec"]["minReplicas"] for name, hpa in hpas.items()} == {
            "rapport-api": 3,
            "rapport-worker": 3,
            "rapport-web": 3,
        }
        worker_metrics = [m["type"] for m in hpas["rapport-worker"]["spec"]["metrics"]]
        assert worker_metrics == ["Resource", "External"]
        assert of_kind(docs, "PodDisruptionBudget")["rapport-api"]["spec"] == {
            "minAvailable": 2,
            "selector": {"matchLabels": {"app.kubernetes.io/name": "rapport-api"}},
        }
    staging = of_kind(rendered["staging"], "Deployment")
    assert {name: d["spec"]["replicas"] for name, d in staging.items()} == dict.fromkeys(PROCESSES, 1)


def test_checkov_finds_nothing(rendered: dict[str, list[dict[str, Any]]], tmp_path: Path) -> None:
    checkov = tool("checkov")
    for overlay, docs in rendered.items():
        (tmp_path / f"{overlay.replace('/', '-')}.yaml").write_text(yaml.safe_dump_all(docs))
    result = run(checkov, "--config-file", str(K8S / ".checkov.yaml"), "--directory", str(tmp_path), timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Failed checks: 0" in result.stdout


WAIT = K8S / "base" / "wait-for-migrations.py"


def test_the_migration_gate_passes_a_database_at_head(servers: Servers) -> None:
    result = run(sys.executable, str(WAIT), env=servers.env(), timeout=60)
    assert (result.returncode, result.stdout) == (0, f"migrations: the database is at {migrate.head_revision()}\n")


async def test_the_migration_gate_waits_for_an_older_database_then_gives_up(
    servers: Servers, owner_db: Database
) -> None:
    async def set_version(version: str) -> None:
        async with owner_db.transaction() as session:
            await session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": version})

    head = migrate.head_revision()
    await set_version("0002")
    try:
        env = servers.env(RAPPORT_MIGRATION_WAIT_SECONDS="1")
        result = await asyncio.to_thread(run, sys.executable, str(WAIT), env=env, timeout=60)
    finally:
        await set_version(head)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"migrations: the database is at 0002, this image needs {head}; waiting"
    assert lines[-1] == "migrations: gave up after 1 s; is the rapport-migrate Job failing?"
