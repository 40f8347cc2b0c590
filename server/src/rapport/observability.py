"""Structured JSON logs (structlog) carrying the request id, and Prometheus metrics."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, MutableMapping
from contextvars import ContextVar
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

HTTP_REQUESTS = Counter("rapport_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
HTTP_LATENCY = Histogram(
    "rapport_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5),
)
GRAPHQL_SQL_STATEMENTS = Histogram(
    "rapport_graphql_sql_statements",
    "SQL statements run by one GraphQL operation",
    buckets=(1, 2, 3, 5, 8, 13, 21, 34, 55, 89),
)
# Which path answered a GraphQL request: "compiled" (one SQL statement, graphql/compiled/),
# "executed" (the executor, the document never compiled) or "fallback" (the document compiled but
# this request went to the executor: an error to report, a record not there, a role too low).
GRAPHQL_ANSWERS = Counter("rapport_graphql_answers_total", "GraphQL requests answered, by path", ["path"])
OUTBOX_PUBLISHED = Counter("rapport_outbox_events_published_total", "Outbox events relayed to Redis")
JOBS = Counter("rapport_jobs_total", "Background jobs run", ["name", "outcome"])
EMAILS = Counter("rapport_emails_total", "Inbound emails processed, by outcome", ["outcome"])
# Set by the api when scraped, from the embedding queue of every workspace.
SEARCH_INDEX_PENDING = Gauge(
    "rapport_search_index_pending", "Records, notes and emails waiting to be embedded (all workspaces)"
)
SEARCH_INDEX_LAG = Gauge(
    "rapport_search_index_lag_seconds", "How long the oldest change waiting to be embedded has waited"
)
EMAILS_RECEIVED = Counter("rapport_emails_received_total", "Inbound emails accepted, by source", ["source"])


class _ProcessCollector(Collector):
    def __init__(self, processes: dict[str, dict[str, object]]) -> None:
        self.processes = processes

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        restarts = CounterMetricFamily(
            "rapport_process_restarts", "Restarts of a process by `rapport up`'s supervisor", labels=["process"]
        )
        up = GaugeMetricFamily(
            "rapport_process_up", "1 while the supervisor's process runs, 0 otherwise", labels=["process"]
        )
        given_up = GaugeMetricFamily(
            "rapport_process_given_up", "1 when the supervisor gave up restarting the process", labels=["process"]
        )
        for name, process in sorted(self.processes.items()):
            count = process.get("restarts")
            restarts.add_metric([name], float(count) if isinstance(count, int) else 0.0)
            up.add_metric([name], 1.0 if process.get("state") == "running" else 0.0)
            given_up.add_metric([name], 1.0 if process.get("state") == "given_up" else 0.0)
        yield from (restarts, up, given_up)


def process_metrics(supervisor_state: dict[str, object] | None) -> bytes:
    """The supervisor's counts in the Prometheus text format (empty when not under `rapport up`):
    the supervisor writes them to its state file, and the api, which is scraped, reads them there."""
    processes = (supervisor_state or {}).get("processes")
    if not isinstance(processes, dict):
        return b""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_ProcessCollector({str(k): v for k, v in processes.items() if isinstance(v, dict)}))
    return generate_latest(registry)


def _add_request_id(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    request_id = request_id_var.get()
    if request_id is not None:
        event.setdefault("request_id", request_id)
    return event


def configure_logging(level: str = "INFO", fmt: str = "json") -> None:
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer()
    )
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        _add_request_id,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("uvicorn.access", "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
