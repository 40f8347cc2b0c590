"""Structured JSON logs (structlog) carrying the request id and trace id, and Prometheus metrics.

Metrics of the api are gathered across its processes: `rapport api` points PROMETHEUS_MULTIPROC_DIR
at a directory it empties on start (cli.py, `prepare_metrics_dir`) before any process imports
prometheus_client, each process writes its values there, and `/metrics` sums them (`metrics_payload`).
Gauges say how (`livesum`: the sum over the processes alive). The worker and the AI service are one
process each and serve their own /metrics port (`rapport_ai.metrics.serve_metrics`).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, MutableMapping
from contextvars import ContextVar
from typing import Any

import structlog
from opentelemetry import trace
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# The latency buckets of a request, over HTTP or GraphQL (seconds).
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5)
HTTP_REQUESTS = Counter("rapport_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
HTTP_LATENCY = Histogram(
    "rapport_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=REQUEST_BUCKETS,
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
    "rapport_search_index_pending",
    "Records, notes and emails waiting to be embedded (all workspaces)",
    multiprocess_mode="livemostrecent",
)
SEARCH_INDEX_LAG = Gauge(
    "rapport_search_index_lag_seconds",
    "How long the oldest change waiting to be embedded has waited",
    multiprocess_mode="livemostrecent",
)
EMAILS_RECEIVED = Counter("rapport_emails_received_total", "Inbound emails accepted, by source", ["source"])

# RED per GraphQL operation: its name (bounded, see graphql/operations.py), type and outcome.
GRAPHQL_OPERATIONS = Counter(
    "rapport_graphql_operations_total",
    "GraphQL operations answered over HTTP, by operation name, type and outcome (ok or error)",
    ["operation", "type", "outcome"],
)
GRAPHQL_LATENCY = Histogram(
    "rapport_graphql_operation_duration_seconds",
    "GraphQL operation latency over HTTP, by operation name and type",
    ["operation", "type"],
    buckets=REQUEST_BUCKETS,
)
# The database pool of each process (api and worker): connections checked out, the most it may hold
# (twice its configured size, kept open once made), and the checkouts that found every connection taken and waited.
DB_POOL_IN_USE = Gauge(
    "rapport_db_pool_in_use", "Database connections checked out of the pool", multiprocess_mode="livesum"
)
DB_POOL_SIZE = Gauge(
    "rapport_db_pool_size", "Database connections the pool may hold (twice its size)", multiprocess_mode="livesum"
)
DB_POOL_WAITS = Counter(
    "rapport_db_pool_waits_total", "Checkouts that found every pool connection in use and had to wait"
)
DB_POOL_WAIT = Histogram(
    "rapport_db_pool_wait_seconds",
    "Time to check a connection out of the pool (a new connection's connect included)",
    buckets=(0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
# Realtime: GraphQL subscription sockets open in the api processes.
WEBSOCKETS = Gauge("rapport_websocket_connections", "GraphQL subscription WebSockets open", multiprocess_mode="livesum")
# The worker's: each job's duration; its queue, the outbox and Redis read at scrape time.
JOB_DURATION = Histogram(
    "rapport_job_duration_seconds",
    "Background job run time, by job name and outcome",
    ["name", "outcome"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
QUEUE_WAITING = Gauge("rapport_queue_waiting_jobs", "Jobs waiting to run, by queue", ["queue"])
QUEUE_JOBS = Gauge("rapport_queue_jobs", "Jobs in a queue, by queue and state", ["queue", "state"])
QUEUE_OLDEST = Gauge(
    "rapport_queue_oldest_job_age_seconds", "Age of the oldest job waiting to run (0: none waits)", ["queue"]
)
OUTBOX_OLDEST = Gauge(
    "rapport_outbox_oldest_unpublished_age_seconds", "Age of the oldest outbox event not yet relayed (0: none)"
)
OUTBOX_DELAY = Histogram(
    "rapport_outbox_publish_delay_seconds",
    "From an outbox event's commit to its publication by the relay",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
EMAIL_INGEST_DELAY = Histogram(
    "rapport_email_ingest_delay_seconds",
    "Inbound email from receipt (accepted by the api, SMTP or IMAP) to stored",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900),
)
REDIS_UP = Gauge("rapport_redis_up", "1 when Redis answered the scrape's PING")
REDIS_PING = Gauge("rapport_redis_ping_seconds", "Round trip of the scrape's PING to Redis")
REDIS_MEMORY = Gauge("rapport_redis_memory_used_bytes", "Redis INFO used_memory")
REDIS_CLIENTS = Gauge("rapport_redis_connected_clients", "Redis INFO connected_clients")
REDIS_COMMANDS = Gauge("rapport_redis_commands_processed", "Redis INFO total_commands_processed (a counter)")

# The api's processes under PROMETHEUS_MULTIPROC_DIR, where prometheus_client's process_* metrics are
# not collected: each process writes its own here every few seconds (`record_process_usage`).
API_CPU = Gauge("rapport_api_cpu_seconds", "CPU time of the api's processes (a counter)", multiprocess_mode="livesum")
API_MEMORY = Gauge(
    "rapport_api_resident_memory_bytes", "Resident memory of the api's processes", multiprocess_mode="livesum"
)
API_OPEN_FDS = Gauge(
    "rapport_api_open_fds", "Open file descriptors of the api's processes", multiprocess_mode="livesum"
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def record_process_usage() -> None:
    """This process's CPU, memory and descriptors into the gauges above (Linux /proc)."""
    values = {
        sample.name: sample.value for family in ProcessCollector(registry=None).collect() for sample in family.samples
    }
    API_CPU.set(values.get("process_cpu_seconds_total", 0.0))
    API_MEMORY.set(values.get("process_resident_memory_bytes", 0.0))
    API_OPEN_FDS.set(values.get("process_open_fds", 0.0))


def mark_process_dead() -> None:
    """Drops this process's `live*` gauges (its pool and sockets) from the sum, when it stops."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def metrics_payload() -> bytes:
    """This process's metrics, or under PROMETHEUS_MULTIPROC_DIR those of every process of the api."""
    if not os.environ.get(MULTIPROC_ENV):
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


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


def _add_trace_id(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """The current span's trace and span ids (W3C hex), so a log line leads to its trace."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", format(context.trace_id, "032x"))
        event.setdefault("span_id", format(context.span_id, "016x"))
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
        _add_trace_id,
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
