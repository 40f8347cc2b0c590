"""Writes Rapport's Grafana dashboards (dashboards/*.json), provisioned by Grafana from that folder.

Edit the panels here and run `python3 deploy/grafana/dashboards.py`; the JSON is committed, and
server/tests/deploy/test_monitoring.py fails when it differs from what this script writes and
checks every expression against a real Prometheus scraping `rapport up`.

The api is scraped on its port (job rapport-api), the worker and the AI service on their own metrics
ports (rapport-worker, rapport-ai). Database and Redis panels read postgres_exporter and
redis_exporter (compose.yaml runs both) beside what Rapport itself sees of them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
RATE = "$__rate_interval"


def panel(
    title: str,
    exprs: list[tuple[str, str]],
    *,
    unit: str = "short",
    kind: str = "timeseries",
    description: str = "",
    width: int = 12,
    height: int = 8,
) -> dict[str, object]:
    return {
        "type": kind,
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "gridPos": {"w": width, "h": height},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}} if kind == "timeseries" else {},
        "targets": [
            {"refId": chr(ord("A") + index), "datasource": DATASOURCE, "expr": expr, "legendFormat": legend}
            for index, (expr, legend) in enumerate(exprs)
        ],
    }


def stat(title: str, expr: str, *, unit: str = "short", description: str = "") -> dict[str, object]:
    return panel(title, [(expr, "")], unit=unit, kind="stat", description=description, width=6, height=4)


def row(title: str) -> dict[str, object]:
    return {"type": "row", "title": title, "collapsed": False, "gridPos": {"w": 24, "h": 1}, "panels": []}


def dashboard(uid: str, title: str, panels: list[dict[str, object]], *, description: str) -> dict[str, object]:
    x = y = 0
    line_height = 0
    for index, item in enumerate(panels, start=1):
        grid = item["gridPos"]
        assert isinstance(grid, dict)
        if x + grid["w"] > 24:
            x, y = 0, y + line_height
            line_height = 0
        grid["x"], grid["y"] = x, y
        item["id"] = index
        x += grid["w"]
        line_height = max(line_height, grid["h"])
        if item["type"] == "row":
            x, y, line_height = 0, y + 1, 0
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["rapport"],
        "timezone": "utc",
        "editable": False,
        "schemaVersion": 39,
        "version": 1,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {
            "list": [
                {
                    "name": "datasource",
                    "label": "Prometheus",
                    "type": "datasource",
                    "query": "prometheus",
                    "current": {},
                    "hide": 0,
                }
            ]
        },
        "annotations": {"list": []},
        "links": [{"title": "Rapport", "type": "dashboards", "tags": ["rapport"], "asDropdown": True}],
        "panels": panels,
    }


ERROR_RATIO = (
    f'sum(rate(rapport_http_requests_total{{status=~"5.."}}[{RATE}])) / sum(rate(rapport_http_requests_total[{RATE}]))'
)


def q(quantile: str, metric: str, by: str = "") -> str:
    """A quantile of a histogram (`metric` without _bucket, with its selector)."""
    group = f"le{', ' + by if by else ''}"
    name, _, selector = metric.partition("{")
    selector = "{" + selector if selector else ""
    return f"histogram_quantile({quantile}, sum by ({group}) (rate({name}_bucket{selector}[{RATE}])))"


def p(quantile: str, selector: str, by: str = "") -> str:
    group = f"le{', ' + by if by else ''}"
    return (
        f"histogram_quantile({quantile}, sum by ({group}) "
        f"(rate(rapport_http_request_duration_seconds_bucket{selector}[{RATE}])))"
    )


OVERVIEW = dashboard(
    "rapport-overview",
    "Rapport / Overview",
    [
        stat("api instances up", 'sum(up{job="rapport-api"})'),
        stat("requests / s", f"sum(rate(rapport_http_requests_total[{RATE}]))", unit="reqps"),
        stat("5xx ratio", ERROR_RATIO, unit="percentunit", description="Pages above 1 % (RapportHighErrorRatio)."),
        stat(
            "GraphQL p95",
            p("0.95", '{route="/graphql"}'),
            unit="s",
            description="Target: 100 ms for queries, 200 ms for mutations.",
        ),
        panel(
            "Requests by status",
            [(f"sum by (status) (rate(rapport_http_requests_total[{RATE}]))", "{{status}}")],
            unit="reqps",
        ),
        panel(
            "GraphQL latency",
            [
                (p("0.5", '{route="/graphql"}'), "p50"),
                (p("0.95", '{route="/graphql"}'), "p95"),
                (p("0.99", '{route="/graphql"}'), "p99"),
            ],
            unit="s",
        ),
        panel(
            "Processes under `rapport up`",
            [("max by (process) (rapport_process_up)", "{{process}}")],
            description="1 while running (single-machine installs; Kubernetes reports pods itself).",
        ),
        panel("Process restarts", [("max by (process) (rapport_process_restarts_total)", "{{process}}")]),
        panel(
            "Jobs / s by outcome (worker)",
            [(f"sum by (outcome) (rate(rapport_jobs_total[{RATE}]))", "{{outcome}}")],
            unit="ops",
        ),
        panel(
            "Emails received / s",
            [(f"sum by (source) (rate(rapport_emails_received_total[{RATE}]))", "{{source}}")],
            unit="ops",
        ),
    ],
    description="Is Rapport up, how busy is it, and is it failing?",
)

API = dashboard(
    "rapport-api",
    "Rapport / API",
    [
        row("HTTP"),
        panel(
            "Requests / s by route",
            [(f"sum by (route, method) (rate(rapport_http_requests_total[{RATE}]))", "{{method}} {{route}}")],
            unit="reqps",
        ),
        panel(
            "5xx / s by route",
            [
                (
                    f'sum by (route, status) (rate(rapport_http_requests_total{{status=~"5.."}}[{RATE}]))',
                    "{{route}} {{status}}",
                )
            ],
            unit="reqps",
        ),
        panel("p95 latency by route", [(p("0.95", "", "route"), "{{route}}")], unit="s"),
        panel(
            "4xx / s by route",
            [
                (
                    f'sum by (route, status) (rate(rapport_http_requests_total{{status=~"4.."}}[{RATE}]))',
                    "{{route}} {{status}}",
                )
            ],
            unit="reqps",
        ),
        row("GraphQL"),
        panel(
            "Operations / s by name",
            [
                (
                    f"sum by (operation, type) (rate(rapport_graphql_operations_total[{RATE}]))",
                    "{{type}} {{operation}}",
                )
            ],
            unit="reqps",
            description="By the operation's declared name (at most 300 names per process; then \"other\").",
        ),
        panel(
            "Operations with errors / s by name",
            [
                (
                    f'sum by (operation) (rate(rapport_graphql_operations_total{{outcome="error"}}[{RATE}]))',
                    "{{operation}}",
                )
            ],
            unit="reqps",
        ),
        panel(
            "p95 latency by operation",
            [(q("0.95", "rapport_graphql_operation_duration_seconds", "operation"), "{{operation}}")],
            unit="s",
        ),
        panel(
            "Subscription WebSockets open",
            [("sum by (instance) (rapport_websocket_connections)", "{{instance}}")],
        ),
        panel(
            "Answered by path",
            [(f"sum by (path) (rate(rapport_graphql_answers_total[{RATE}]))", "{{path}}")],
            unit="reqps",
            description="compiled: one SQL statement; executed: the executor; fallback: compiled but executed.",
        ),
        panel(
            "SQL statements per operation",
            [
                (f"histogram_quantile(0.5, sum by (le) (rate(rapport_graphql_sql_statements_bucket[{RATE}])))", "p50"),
                (f"histogram_quantile(0.95, sum by (le) (rate(rapport_graphql_sql_statements_bucket[{RATE}])))", "p95"),
            ],
        ),
        row("Process"),
        panel(
            "CPU by instance (all its processes)",
            [(f'rate(rapport_api_cpu_seconds{{job="rapport-api"}}[{RATE}])', "{{instance}}")],
            unit="percentunit",
        ),
        panel(
            "Memory by instance", [('rapport_api_resident_memory_bytes{job="rapport-api"}', "{{instance}}")], unit="bytes"
        ),
        panel("Open file descriptors", [('rapport_api_open_fds{job="rapport-api"}', "{{instance}}")]),
        panel("Scrape health", [('up{job="rapport-api"}', "{{instance}}")]),
    ],
    description="The api's traffic, errors and latency by route, and how GraphQL answers.",
)

JOBS = dashboard(
    "rapport-jobs-email",
    "Rapport / Jobs and email",
    [
        row("Jobs (the worker's metrics)"),
        panel("Jobs / s by name", [(f"sum by (name) (rate(rapport_jobs_total[{RATE}]))", "{{name}}")], unit="ops"),
        panel(
            "Failed jobs / s by name",
            [(f'sum by (name) (rate(rapport_jobs_total{{outcome="failed"}}[{RATE}]))', "{{name}}")],
            unit="ops",
        ),
        panel(
            "Outbox events relayed / s",
            [(f"sum(rate(rapport_outbox_events_published_total[{RATE}]))", "relayed")],
            unit="ops",
        ),
        panel(
            "Job p95 duration by name",
            [(q("0.95", "rapport_job_duration_seconds", "name"), "{{name}}")],
            unit="s",
        ),
        panel("Waiting jobs by queue", [("sum by (queue) (rapport_queue_waiting_jobs)", "{{queue}}")]),
        panel("Jobs by queue and state", [("sum by (queue, state) (rapport_queue_jobs)", "{{queue}} {{state}}")]),
        panel(
            "Oldest waiting job by queue",
            [("max by (queue) (rapport_queue_oldest_job_age_seconds)", "{{queue}}")],
            unit="s",
            description="Pages past 5 minutes (RapportQueueBacklog).",
        ),
        panel(
            "Outbox lag",
            [
                ("max(rapport_outbox_oldest_unpublished_age_seconds)", "oldest unpublished"),
                (q("0.95", "rapport_outbox_publish_delay_seconds"), "p95 commit to published"),
            ],
            unit="s",
        ),
        row("Email"),
        panel(
            "Emails received / s by source",
            [(f"sum by (source) (rate(rapport_emails_received_total[{RATE}]))", "{{source}}")],
            unit="ops",
        ),
        panel(
            "Emails processed / s by outcome",
            [(f"sum by (outcome) (rate(rapport_emails_total[{RATE}]))", "{{outcome}}")],
            unit="ops",
        ),
        panel(
            "Receipt to stored",
            [
                (q("0.5", "rapport_email_ingest_delay_seconds"), "p50"),
                (q("0.95", "rapport_email_ingest_delay_seconds"), "p95"),
            ],
            unit="s",
        ),
    ],
    description="Background jobs, the outbox relay and inbound email.",
)

DATABASE = dashboard(
    "rapport-database-redis",
    "Rapport / Database and Redis",
    [
        row("Rapport's side"),
        panel(
            "503 SERVICE_UNAVAILABLE / s",
            [(f'sum(rate(rapport_http_requests_total{{status="503"}}[{RATE}]))', "503")],
            unit="reqps",
            description="The api answers 503 while PostgreSQL or Redis is unreachable.",
        ),
        panel(
            "Pool in use / size",
            [("max by (job, instance) (rapport_db_pool_in_use / rapport_db_pool_size)", "{{job}} {{instance}}")],
            unit="percentunit",
            description="Pages above 90 % (RapportDatabasePoolSaturated).",
        ),
        panel(
            "Pool checkouts that waited / s",
            [(f"sum by (job) (rate(rapport_db_pool_waits_total[{RATE}]))", "{{job}}")],
            unit="ops",
        ),
        panel("Pool checkout p95", [(q("0.95", "rapport_db_pool_wait_seconds", "job"), "{{job}}")], unit="s"),
        panel(
            "Redis as the worker sees it",
            [("max(rapport_redis_up)", "up"), ("max(rapport_redis_ping_seconds)", "PING seconds")],
        ),
        row("PostgreSQL (postgres_exporter)"),
        stat("PostgreSQL up", "max(pg_up)"),
        panel("Connections by state", [('sum by (state) (pg_stat_activity_count{datname="rapport"})', "{{state}}")]),
        panel(
            "Transactions / s",
            [
                (f'sum(rate(pg_stat_database_xact_commit{{datname="rapport"}}[{RATE}]))', "commit"),
                (f'sum(rate(pg_stat_database_xact_rollback{{datname="rapport"}}[{RATE}]))', "rollback"),
            ],
            unit="ops",
        ),
        panel("Database size", [('pg_database_size_bytes{datname="rapport"}', "rapport")], unit="bytes"),
        panel(
            "Replication lag (replicas)", [("max by (instance) (pg_replication_lag_seconds)", "{{instance}}")], unit="s"
        ),
        row("Redis (redis_exporter)"),
        stat("Redis up", "max(redis_up)"),
        panel("Redis memory", [("sum by (instance) (redis_memory_used_bytes)", "{{instance}}")], unit="bytes"),
        panel("Redis clients", [("sum by (instance) (redis_connected_clients)", "{{instance}}")]),
        panel(
            "Redis commands / s",
            [(f"sum by (instance) (rate(redis_commands_processed_total[{RATE}]))", "{{instance}}")],
            unit="ops",
        ),
    ],
    description="PostgreSQL and Redis as Rapport sees them and as their exporters report them.",
)

AI = dashboard(
    "rapport-ai",
    "Rapport / AI",
    [
        stat("AI service up", 'sum(up{job="rapport-ai"})'),
        stat("Embed calls / s", f"sum(rate(rapport_ai_requests_total[{RATE}]))", unit="reqps"),
        panel(
            "Embed calls / s by status",
            [(f"sum by (method, code) (rate(rapport_ai_requests_total[{RATE}]))", "{{method}} {{code}}")],
            unit="reqps",
            description="RESOURCE_EXHAUSTED: the queue is full (clients back off).",
        ),
        panel(
            "Embed latency (queueing included)",
            [
                (q("0.5", "rapport_ai_request_duration_seconds"), "p50"),
                (q("0.95", "rapport_ai_request_duration_seconds"), "p95"),
            ],
            unit="s",
        ),
        panel(
            "Texts per model run",
            [
                (q("0.5", "rapport_ai_batch_size", by="lane"), "p50 {{lane}}"),
                (q("0.95", "rapport_ai_batch_size", by="lane"), "p95 {{lane}}"),
            ],
            description="DOCUMENT: the indexing's batches; QUERY: searches' texts, taken as they come, each run alone.",
        ),
        panel(
            "Model run time",
            [
                (q("0.5", "rapport_ai_batch_duration_seconds", by="lane"), "p50 {{lane}}"),
                (q("0.95", "rapport_ai_batch_duration_seconds", by="lane"), "p95 {{lane}}"),
            ],
            unit="s",
        ),
        panel(
            "CPU", [(f'rate(process_cpu_seconds_total{{job="rapport-ai"}}[{RATE}])', "{{instance}}")], unit="percentunit"
        ),
        panel("Memory", [('process_resident_memory_bytes{job="rapport-ai"}', "{{instance}}")], unit="bytes"),
    ],
    description="The AI service: calls, their latency, and how the batcher groups them.",
)

DASHBOARDS = {
    "overview.json": OVERVIEW,
    "api.json": API,
    "jobs-email.json": JOBS,
    "database-redis.json": DATABASE,
    "ai.json": AI,
}


def render(board: dict[str, object]) -> str:
    return json.dumps(board, indent=2, sort_keys=True) + "\n"


def main() -> int:
    for name, board in DASHBOARDS.items():
        (HERE / "dashboards" / name).write_text(render(board))
    return 0


if __name__ == "__main__":
    sys.exit(main())
