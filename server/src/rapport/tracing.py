"""OpenTelemetry traces: one trace from a request through the outbox into the jobs it caused.

Every process installs the SDK's tracer provider at start (`configure_tracing`), so spans carry ids and
every log line written inside one carries its `trace_id` (observability.py), whether or not anything
exports them. The api's HTTP spans are FastAPI's own (it continues a caller's `traceparent`); GraphQL
operations, jobs and outbox events get Rapport's. With OTEL_EXPORTER_OTLP_ENDPOINT set (the standard
OpenTelemetry variables: endpoint, headers, OTEL_SERVICE_NAME, ...), spans are batched to that
OTLP/gRPC endpoint, and SQL statements, Redis commands and gRPC calls to the AI service get spans of
their own.

Carrying a trace across a process boundary is W3C `traceparent` text:

- an outbox event stores the traceparent of the transaction that wrote it (`outbox_events.trace_parent`,
  `current_traceparent()`), and the relay publishes it in a span continued from there;
- a job enqueued through `JobQueue.enqueue` carries the enqueuer's traceparent, and the worker runs the
  job in a span continued from it (worker/queue.py);
- **webhook deliveries** (and any other work caused by an outbox event): run the delivery inside
  `continued(event.trace_parent, "webhook.deliver", attributes=...)`, or enqueue its job from within
  such a span, and the delivery shows in the trace of the mutation that caused it.

Root spans of SQL and Redis calls (no request or job around them: the relay's polling, BullMQ's own
commands) are not recorded: they would bury the traces that matter.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import Decision, ParentBased, Sampler, SamplingResult
from opentelemetry.trace import Link, Span, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from opentelemetry.util.types import Attributes
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

tracer = trace.get_tracer("rapport")
_propagator = TraceContextTextMapPropagator()
_provider: TracerProvider | None = None
_instrumented = False
SQL_STATEMENT_CHARS = 2000


class _NoRootClientSpans(Sampler):
    """Samples every root span except a client call's (a SQL statement or Redis command on its own)."""

    def should_sample(
        self,
        parent_context: otel_context.Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: Any = None,
    ) -> SamplingResult:
        if kind == SpanKind.CLIENT:
            return SamplingResult(Decision.DROP)
        return SamplingResult(Decision.RECORD_AND_SAMPLE, attributes)

    def get_description(self) -> str:
        return "NoRootClientSpans"


def exporting() -> bool:
    return bool(os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))


def recording() -> bool:
    """Whether spans reach an exporter (OTLP, or a test's): a span that only marks a moment (the relay's
    per-event `outbox.publish`) is skipped when none does, as it costs the relay more than the event."""
    return _instrumented


def configure_tracing(service: str, *, exporter: SpanExporter | None = None) -> None:
    """Installs the tracer provider of this process (once; `service`: api, worker, ...). `exporter`
    (tests: the SDK's in-memory exporter) receives every span as it ends, and turns the SQL, Redis and
    gRPC spans on as OTLP export does."""
    global _provider
    if _provider is None:
        _provider = TracerProvider(
            resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME") or f"rapport-{service}"}),
            sampler=ParentBased(root=_NoRootClientSpans()),
        )
        if exporting():
            from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

            _provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(_provider)
    if exporter is not None:
        _provider.add_span_processor(SimpleSpanProcessor(exporter))
    if exporting() or exporter is not None:
        _instrument_libraries()


def shutdown_tracing() -> None:
    """Sends the spans still batched (at a process's end)."""
    if _provider is not None:
        _provider.force_flush(timeout_millis=5000)


def _instrument_libraries() -> None:
    global _instrumented
    if _instrumented:
        return
    _instrumented = True
    from opentelemetry.instrumentation.grpc import GrpcAioInstrumentorClient
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    RedisInstrumentor().instrument()
    GrpcAioInstrumentorClient().instrument()  # type: ignore[no-untyped-call]


def instrument_engine(engine: AsyncEngine) -> None:
    """A span per SQL statement of `engine` (when spans are exported). Statements carry bound parameters,
    never their values (the engines hide parameters)."""
    if not _instrumented:
        return
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "before_cursor_execute")
    def _start(connection: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if context is None:
            return  # a statement sent to asyncpg directly (db.fetch_on_driver): statement_span traces it
        context._rapport_span = _start_statement_span(sync_engine.url.database or "", statement)

    @event.listens_for(sync_engine, "after_cursor_execute")
    def _end(connection: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        span: Span | None = getattr(context, "_rapport_span", None)
        if span is not None:
            span.end()
            context._rapport_span = None

    @event.listens_for(sync_engine, "handle_error")
    def _failed(exception_context: Any) -> None:
        context = exception_context.execution_context
        span: Span | None = getattr(context, "_rapport_span", None)
        if span is not None:
            span.set_status(Status(StatusCode.ERROR, type(exception_context.original_exception).__name__))
            span.end()
            context._rapport_span = None


def _start_statement_span(database: str, statement: str) -> Span:
    """A client span for one SQL statement, named after its first word (`SELECT rapport`, `WITH rapport`);
    the statement's text without its parameters' values."""
    operation = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "SQL"
    return tracer.start_span(
        f"{operation} {database}".strip(),
        kind=SpanKind.CLIENT,
        attributes={
            "db.system": "postgresql",
            "db.name": database,
            "db.operation": operation,
            "db.statement": statement[:SQL_STATEMENT_CHARS],
        },
    )


@contextmanager
def statement_span(database: str, statement: str) -> Iterator[None]:
    """The span `instrument_engine` makes for a statement, for one sent to asyncpg directly (the compiled
    path); nothing when spans are not recorded."""
    if not _instrumented:
        yield
        return
    span = _start_statement_span(database, statement)
    try:
        yield
    except BaseException as error:
        span.set_status(Status(StatusCode.ERROR, type(error).__name__))
        raise
    finally:
        span.end()


def current_traceparent() -> str | None:
    """The W3C traceparent of the current span, to store with work another process does later."""
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


def context_from(traceparent: str | None) -> otel_context.Context | None:
    if not traceparent:
        return None
    return _propagator.extract({"traceparent": traceparent})


@contextmanager
def continued(
    traceparent: str | None,
    name: str,
    *,
    kind: SpanKind = SpanKind.CONSUMER,
    attributes: Attributes = None,
) -> Iterator[Span]:
    """A span continuing the trace `traceparent` names (from an outbox event or a job), or a new trace
    when there is none: for work done later, elsewhere, because of that trace."""
    with tracer.start_as_current_span(
        name, context=context_from(traceparent), kind=kind, attributes=attributes
    ) as span:
        yield span
