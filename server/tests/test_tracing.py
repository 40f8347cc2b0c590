"""Traces: a real OTLP receiver (a gRPC collector in the test) gets, in one trace, the request a client
started, the GraphQL mutation, its SQL, and the work it caused in the worker (the outbox event's relay,
the job the request enqueued); log lines carry the trace id."""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass

import grpc
import httpx
import pytest
import structlog
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.proto.trace.v1 import trace_pb2

from rapport.observability import configure_logging
from rapport.tracing import configure_tracing, continued, current_traceparent, tracer
from tests.conftest import Servers, running_api, start_worker, stop_process
from tests.factories import SIGN_UP, unique_email


@dataclass(frozen=True)
class Received:
    service: str
    span: trace_pb2.Span


class Collector(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self) -> None:
        self.spans: list[Received] = []

    def Export(
        self, request: trace_service_pb2.ExportTraceServiceRequest, context: grpc.ServicerContext
    ) -> trace_service_pb2.ExportTraceServiceResponse:
        for resource_spans in request.resource_spans:
            service = next(
                (a.value.string_value for a in resource_spans.resource.attributes if a.key == "service.name"), ""
            )
            for scope_spans in resource_spans.scope_spans:
                self.spans.extend(Received(service, span) for span in scope_spans.spans)
        return trace_service_pb2.ExportTraceServiceResponse()

    def of_trace(self, trace_id: str) -> list[Received]:
        return [r for r in self.spans if r.span.trace_id.hex() == trace_id]


@pytest.fixture
def collector() -> Iterator[tuple[Collector, int]]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    receiver = Collector()
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(receiver, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield receiver, port
    finally:
        server.stop(0)


def wait_for_spans(receiver: Collector, trace_id: str, wanted: set[tuple[str, str]], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        have = {(r.service, r.span.name) for r in receiver.of_trace(trace_id)}
        if wanted <= have:
            return
        assert time.monotonic() < deadline, f"missing {wanted - have}; the trace has {sorted(have)}"
        time.sleep(0.25)


def test_one_trace_shows_a_mutation_and_the_work_it_caused(servers: Servers, collector: tuple[Collector, int]) -> None:
    receiver, port = collector
    otel = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{port}",
        "OTEL_EXPORTER_OTLP_INSECURE": "true",
        "OTEL_BSP_SCHEDULE_DELAY": "200",
    }
    with running_api(servers, **otel) as base:
        worker = start_worker(servers, env=otel)
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                signed_up = client.post(
                    "/graphql",
                    json={
                        "query": SIGN_UP,
                        "variables": {
                            "input": {
                                "email": unique_email("trace"),
                                "password": "long enough pw",
                                "name": "Tracy Trace",
                                "workspaceName": "Traced",
                            }
                        },
                    },
                ).json()
                auth = {"authorization": f"Bearer {signed_up['data']['signUp']['accessToken']}"}
                # The client starts the trace: its traceparent names the trace and the parent span.
                trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
                created = client.post(
                    "/graphql",
                    json={
                        "query": "mutation CreateTraced($input: ContactInput!) { createContact(input: $input) { id } }",
                        "variables": {"input": {"firstName": "Tracy", "emails": [unique_email("tracy")]}},
                        "operationName": "CreateTraced",
                    },
                    headers={**auth, "traceparent": f"00-{trace_id}-{parent_id}-01"},
                ).json()
                assert "errors" not in created, created

                wait_for_spans(
                    receiver,
                    trace_id,
                    {
                        ("rapport-api", "POST /graphql"),
                        ("rapport-api", "graphql mutation CreateTraced"),
                        ("rapport-worker", "outbox.publish contact.created"),
                    },
                )
                spans = receiver.of_trace(trace_id)
                by_name = {r.span.name: r.span for r in spans}
                request, operation = by_name["POST /graphql"], by_name["graphql mutation CreateTraced"]
                assert request.parent_span_id.hex() == parent_id
                parents = {r.span.span_id: r.span.parent_span_id for r in spans}
                ancestors, at = [], operation.parent_span_id
                while at in parents:
                    ancestors.append(at)
                    at = parents[at]
                assert request.span_id in ancestors  # (FastAPI's own endpoint span may stand between)
                statements = {
                    a.value.string_value
                    for r in spans
                    if r.service == "rapport-api"
                    for a in r.span.attributes
                    if a.key == "db.statement"
                }
                # The contact, its timeline entry and its event are one statement (a WITH of INSERTs).
                assert any("INSERT INTO contacts" in statement for statement in statements), sorted(statements)
                # The relay's span hangs under the request's spans: one trace from the click to the event.
                published = by_name["outbox.publish contact.created"]
                assert published.parent_span_id in {r.span.span_id for r in spans if r.service == "rapport-api"}

                # A job enqueued by a request runs in that request's trace (inbound email -> email.process).
                inbound = client.post(
                    "/graphql", json={"query": "query { inboundEmail { token } }"}, headers=auth
                ).json()
                mail_trace = secrets.token_hex(16)
                accepted = client.post(
                    "/api/v1/webhooks/inbound/email",
                    content=(
                        b"From: Ada <ada@example.org>\r\nTo: sales@example.com\r\nSubject: Traced\r\n"
                        b"Message-ID: <traced-1@example.org>\r\n\r\nHello.\r\n"
                    ),
                    headers={
                        "content-type": "message/rfc822",
                        "x-inbound-token": inbound["data"]["inboundEmail"]["token"],
                        "traceparent": f"00-{mail_trace}-{secrets.token_hex(8)}-01",
                    },
                )
                assert accepted.status_code == 202, accepted.text
                wait_for_spans(
                    receiver,
                    mail_trace,
                    {("rapport-api", "POST /api/v1/webhooks/inbound/email"), ("rapport-worker", "job email.process")},
                )
        finally:
            stop_process(worker)


def test_log_lines_carry_the_trace_id_of_their_span(capsys: pytest.CaptureFixture[str]) -> None:
    configure_tracing("test")
    configure_logging("INFO", "json")
    log = structlog.get_logger("rapport.test")
    with tracer.start_as_current_span("traced work") as span:
        log.info("inside.span")
        expected = format(span.get_span_context().trace_id, "032x")
        traceparent = current_traceparent()
    log.info("outside.span")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    inside = next(line for line in lines if line["event"] == "inside.span")
    outside = next(line for line in lines if line["event"] == "outside.span")
    assert inside["trace_id"] == expected
    assert "trace_id" not in outside
    assert traceparent is not None
    assert traceparent.split("-")[1] == expected

    # Work continued from a stored traceparent (an outbox event's, a job's) joins that trace.
    with continued(traceparent, "later work") as later:
        assert format(later.get_span_context().trace_id, "032x") == expected
    logging.getLogger().handlers.clear()
