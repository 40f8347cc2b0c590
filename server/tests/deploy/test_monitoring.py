"""The monitoring in deploy/: Prometheus rules pass their promtool unit tests, Alertmanager's config
passes amtool, the dashboards are what deploy/grafana/dashboards.py writes, and a real Prometheus
scraping a running `rapport up` (its api, worker and AI service, each on its own port) evaluates every
dashboard and alert expression, and finds a series for every metric they read except the exporters'."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.conftest import free_port, wait_ready
from tests.deploy.tools import DEPLOY, run, tool
from tests.factories import SIGN_UP, unique_email

RULES = DEPLOY / "prometheus" / "rules" / "rapport.rules.yml"
RULE_TESTS = DEPLOY / "prometheus" / "rules" / "rapport.rules.test.yml"
DASHBOARDS = DEPLOY / "grafana" / "dashboards"

# Metrics the dashboards and alerts read that only Kubernetes (the kubelet reports volumes) or a
# replicated PostgreSQL has. Every
# other metric read must have a series: Rapport's from its api, worker and AI ports, PostgreSQL's,
# Redis's and the disks' from the exporters the test runs beside `rapport up` (as compose.yaml does).
FROM_ELSEWHERE = {
    # Reported for replicas: the embedded PostgreSQL has none.
    "pg_replication_lag_seconds": "replicas",
    "kubelet_volume_stats_available_bytes": "kubelet",
    "kubelet_volume_stats_capacity_bytes": "kubelet",
}


def dashboard_exprs() -> list[str]:
    exprs = []
    for path in sorted(DASHBOARDS.glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            exprs.extend(target["expr"] for target in panel.get("targets", []))
    return exprs


def rule_exprs() -> list[str]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def for_prometheus(expr: str) -> str:
    return expr.replace("$__rate_interval", "1m")


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads (identifiers with an underscore that are not a
    function call, a label name in braces or a by/without/on clause, or inside a string)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', "", for_prometheus(expr))
    text = re.sub(r"\{[^}]*\}", "", text)
    text = re.sub(r"\[[^\]]*\]", "", text)
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", text)
    names = set(re.findall(r"\b([a-zA-Z_][a-zA-Z0-9_]*)\b(?!\s*\()", text))
    return {name for name in names if "_" in name or name == "up"}


def test_alert_rules_pass_their_unit_tests() -> None:
    promtool = tool("promtool")
    checked = run(promtool, "check", "rules", str(RULES))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 19 rules found" in checked.stdout
    tested = run(promtool, "test", "rules", str(RULE_TESTS))
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout


def test_every_alert_has_a_severity_a_summary_and_a_runbook() -> None:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    alerts = [rule for group in groups for rule in group["rules"] if "alert" in rule]
    assert len(alerts) == 16
    runbook = (DEPLOY.parent / "docs" / "runbook.md").read_text()
    headings = re.findall(r"^## (.+)$", runbook, re.MULTILINE)
    anchors = {re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-") for heading in headings}
    for alert in alerts:
        assert alert["labels"]["severity"] in ("critical", "warning"), alert["alert"]
        assert alert["annotations"]["summary"], alert["alert"]
        section = alert["annotations"]["runbook_url"].removeprefix("docs/runbook.md#")
        assert section in anchors, (alert["alert"], section)


def test_alertmanager_pages_critical_alerts() -> None:
    amtool = tool("amtool")
    config = DEPLOY / "alertmanager" / "alertmanager.yml"
    result = run(amtool, "check-config", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    routed = run(amtool, "config", "routes", "test", "--config.file", str(config), "severity=critical", "alertname=X")
    assert routed.stdout.strip() == "pagerduty"
    routed = run(amtool, "config", "routes", "test", "--config.file", str(config), "severity=warning", "alertname=X")
    assert routed.stdout.strip() == "team"


def test_prometheus_config_is_valid() -> None:
    promtool = tool("promtool")
    result = run(promtool, "check", "config", "--syntax-only", str(DEPLOY / "prometheus" / "prometheus.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_dashboards_are_what_the_script_writes(tmp_path: Path) -> None:
    copy = tmp_path / "grafana"
    shutil.copytree(DEPLOY / "grafana", copy)
    result = run(sys.executable, str(copy / "dashboards.py"))
    assert result.returncode == 0, result.stderr
    written = {p.name: p.read_text() for p in (copy / "dashboards").glob("*.json")}
    committed = {p.name: p.read_text() for p in DASHBOARDS.glob("*.json")}
    assert set(committed) == {"overview.json", "api.json", "jobs-email.json", "database-redis.json", "ai.json"}
    assert written == committed, "run python3 deploy/grafana/dashboards.py"


def test_metric_names_are_read_from_expressions() -> None:
    assert metric_names(
        'histogram_quantile(0.95, sum by (le, route) (rate(rapport_http_request_duration_seconds_bucket{route="/a_b"}[5m])))'
    ) == {"rapport_http_request_duration_seconds_bucket"}
    assert metric_names("max by (instance) (rapport_db_pool_in_use / rapport_db_pool_size) > 0.9") == {
        "rapport_db_pool_in_use",
        "rapport_db_pool_size",
    }
    assert metric_names('sum(up{job="rapport-api"}) == 0 or absent(up{job="rapport-api"})') == {"up"}


# ---- a real Prometheus scraping a real `rapport up`


@dataclass(frozen=True)
class Up:
    base: str
    data_dir: Path
    targets: dict[str, str]  # scrape job -> host:port


@pytest.fixture(scope="module")
def rapport_up() -> Iterator[Up]:
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-prom-"))
    port, worker_port, ai_port, ai_metrics_port = free_port(), free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAPPORT_")}
    env.update(
        RAPPORT_DATA_DIR=str(data_dir),
        RAPPORT_API_PORT=str(port),
        RAPPORT_SMTP_PORT="0",
        RAPPORT_LOG_LEVEL="WARNING",
        RAPPORT_AI_PORT=str(ai_port),
        RAPPORT_WORKER_METRICS_PORT=str(worker_port),
        RAPPORT_AI_METRICS_PORT=str(ai_metrics_port),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "rapport", "up", "--no-web"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # PostgreSQL, Valkey, the migrations, the AI model and the api's processes: slow on a loaded machine.
        wait_ready(base, process, timeout=300)
        yield Up(
            base,
            data_dir,
            {
                "rapport-api": f"127.0.0.1:{port}",
                "rapport-worker": f"127.0.0.1:{worker_port}",
                "rapport-ai": f"127.0.0.1:{ai_metrics_port}",
            },
        )
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        shutil.rmtree(data_dir, ignore_errors=True)


def traffic(base: str) -> None:
    """A little of everything the api counts: GraphQL, REST, an inbound email, a 4xx."""
    with httpx.Client(base_url=base, timeout=30) as client:
        signed_up = client.post(
            "/graphql",
            json={
                "query": SIGN_UP,
                "variables": {
                    "input": {
                        "email": unique_email("prom"),
                        "password": "long enough pw",
                        "name": "Prom Etheus",
                        "workspaceName": "Metrics",
                    }
                },
            },
        ).json()
        token = signed_up["data"]["signUp"]["accessToken"]
        auth = {"authorization": f"Bearer {token}"}
        inbound = client.post(
            "/graphql", json={"query": "query { inboundEmail { address token } }"}, headers=auth
        ).json()
        message = (
            "From: Ada <ada@example.org>\r\nTo: sales@example.com\r\nSubject: Hello\r\n"
            "Message-ID: <prom-1@example.org>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nHello there.\r\n"
        )
        accepted = client.post(
            "/api/v1/webhooks/inbound/email",
            content=message.encode(),
            headers={"content-type": "message/rfc822", "x-inbound-token": inbound["data"]["inboundEmail"]["token"]},
        )
        assert accepted.status_code == 202, accepted.text
        assert client.get("/readyz").status_code == 200
        assert client.post("/graphql", json={"query": "{"}).status_code in (200, 400)


def exporters(up: Up) -> Iterator[dict[str, str]]:
    """postgres_exporter, redis_exporter and node_exporter on the embedded servers' sockets."""
    ports = {"postgres": free_port(), "redis": free_port(), "node": free_port()}
    socket_dir = up.data_dir / "postgres"
    commands = {
        "postgres": (
            [tool("prometheus-postgres-exporter"), f"--web.listen-address=127.0.0.1:{ports['postgres']}"],
            {"DATA_SOURCE_NAME": f"postgresql://postgres@/rapport?host={socket_dir}&sslmode=disable"},
        ),
        "redis": (
            [
                tool("prometheus-redis-exporter"),
                f"--web.listen-address=127.0.0.1:{ports['redis']}",
                f"--redis.addr=unix://{up.data_dir / 'valkey' / 'valkey.sock'}",
            ],
            {},
        ),
        "node": (
            [
                tool("prometheus-node-exporter"),
                f"--web.listen-address=127.0.0.1:{ports['node']}",
                "--collector.disable-defaults",
                "--collector.filesystem",
            ],
            {},
        ),
    }
    processes = [
        subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for command, env in commands.values()
    ]
    try:
        yield {name: f"127.0.0.1:{port}" for name, port in ports.items()}
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def prometheus(rapport_up: Up) -> Iterator[str]:
    binary = tool("prometheus")
    work = Path(tempfile.mkdtemp(prefix="rapport-prometheus-"))
    exporting = exporters(rapport_up)
    targets = {**rapport_up.targets, **next(exporting)}
    (work / "prometheus.yml").write_text(
        yaml.safe_dump(
            {
                "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                "rule_files": [str(RULES)],
                "scrape_configs": [
                    {"job_name": job, "static_configs": [{"targets": [target]}]} for job, target in targets.items()
                ],
            }
        )
    )
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            f"--config.file={work / 'prometheus.yml'}",
            f"--storage.tsdb.path={work / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_prometheus_ready(base)
        # A first scrape before the traffic, then two after it, so that rates see the counters move.
        for job in targets:
            wait_for(base, f'up{{job="{job}"}} == 1', timeout=120)
        traffic(rapport_up.base)
        wait_for(base, "sum(rate(rapport_http_requests_total[1m])) > 0")
        # The email reached the worker: its delay and the job that stored it are counted.
        wait_for(base, "sum(rapport_email_ingest_delay_seconds_count) > 0")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        exporting.close()
        shutil.rmtree(work, ignore_errors=True)


def wait_prometheus_ready(base: str, timeout: float = 60) -> None:
    """Prometheus answers 503 "Service Unavailable" in plain text until it has loaded its storage and rules."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base}/-/ready", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "Prometheus never became ready"
        time.sleep(0.25)


def wait_for(base: str, expr: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not series(base, expr):
        assert time.monotonic() < deadline, f"Prometheus never answered {expr}"
        time.sleep(0.25)


def query(base: str, expr: str) -> dict[str, Any]:
    try:
        response = httpx.get(f"{base}/api/v1/query", params={"query": expr}, timeout=10)
    except httpx.TransportError:
        return {"status": "unreachable"}
    return dict(response.json())


def series(base: str, expr: str) -> list[Any]:
    answer = query(base, expr)
    return list(answer["data"]["result"]) if answer.get("status") == "success" else []


def test_every_expression_evaluates_on_a_real_prometheus(prometheus: str) -> None:
    failed = {}
    for expr in dashboard_exprs() + rule_exprs():
        answer = query(prometheus, for_prometheus(expr))
        if answer["status"] != "success":
            failed[expr] = answer.get("error")
    assert failed == {}


def test_every_metric_read_has_series_but_the_exporters(prometheus: str) -> None:
    used = set().union(*map(metric_names, dashboard_exprs() + rule_exprs()))
    missing = {name for name in sorted(used) if not series(prometheus, f"count({name})")}
    assert missing == set(FROM_ELSEWHERE)
    assert {
        "rapport_http_requests_total",
        "rapport_emails_received_total",
        "rapport_process_up",
        "rapport_graphql_operations_total",
        "rapport_queue_oldest_job_age_seconds",
        "rapport_ai_batch_size_bucket",
        "up",
    } <= used


def test_dashboard_panels_on_rapport_metrics_show_data(prometheus: str) -> None:
    """Every panel on metrics that exist shows a series, except those counting failures (none here)."""
    failures = re.compile(r'status(?:=~"5\.\."|="503"|=~"4\.\.")|outcome="failed"')
    empty = [
        expr
        for expr in dashboard_exprs()
        if not metric_names(expr) & set(FROM_ELSEWHERE) and not series(prometheus, for_prometheus(expr))
    ]
    assert [expr for expr in empty if not failures.search(expr)] == []
