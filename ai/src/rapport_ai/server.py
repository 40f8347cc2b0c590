"""The gRPC server: `Embed` with dynamic batching, `ModelInfo`, and the standard health service.

Concurrent `Embed` calls of documents are queued and run together: the batcher takes what is waiting (up
to `max_batch` texts, waiting at most `batch_wait` for more once the first arrives) and runs the model
once in a worker thread, so eight callers of one text each cost one model run, not eight. Queries (kind
QUERY: a search's text) have a lane of their own: a model session of `query_threads` intra-op threads (one
by default), each query a run of its own as soon as it comes, as many at once as there are CPUs (each
query runs alone anyway: Embedder.embed). A search's query then never waits behind a batch of documents
being indexed, and a short query is not split over threads that cost more CPU than they save
(bench/README.md, "Queries in a lane of their own"). Each lane's queue is bounded in texts (`max_queue`):
past it a call is refused at once with RESOURCE_EXHAUSTED (the client backs off), instead of every caller
waiting longer. A call whose deadline passes while it waits is dropped before the model sees it. The port
is open while the model loads; health says NOT_SERVING and `Embed` answers UNAVAILABLE until it is ready.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import grpc
from google.protobuf.message import DecodeError
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1._async import HealthServicer
from prometheus_client import generate_latest

from rapport_ai import metrics
from rapport_ai.cpus import usable_cpus
from rapport_ai.export import DIMENSIONS, MAX_TOKENS, MODEL_NAME, ensure_model
from rapport_ai.model import Embedded, Embedder
from rapport_ai.v1 import ai_pb2

SERVICE = "rapport.ai.v1.AiService"
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
MAX_TEXTS = 256
MAX_TEXT_CHARS = 32_768


@dataclass
class Config:
    host: str = "127.0.0.1"
    port: int = 50051
    max_batch: int = 64  # texts per model run
    max_queue: int = 1024  # texts waiting; past it RESOURCE_EXHAUSTED
    batch_wait: float = 0.002  # seconds to wait for more texts once one arrived
    threads: int | None = None  # onnxruntime intra-op threads for documents (default: the CPUs we may use)
    query_threads: int = 1  # onnxruntime intra-op threads for queries
    device: str = "cpu"
    cache_dir: Path | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None
    metrics_port: int = 0  # 0: no /metrics port
    metrics_token: str | None = None


class QueueFull(Exception):
    pass


@dataclass
class Pending:
    texts: list[str]
    deadline: float | None  # time.monotonic()
    future: asyncio.Future[Embedded]
    alone: bool = False  # each text in a run of its own (queries: Embedder.embed)
    enqueued: float = field(default_factory=time.monotonic)


class Batcher:
    """One lane: calls queued and taken together (up to `max_batch` texts, waiting at most `batch_wait`
    for more), and up to `runs` model runs at once, each on a worker thread of its own."""

    def __init__(
        self,
        embedder: Embedder,
        *,
        max_batch: int,
        max_queue: int,
        batch_wait: float,
        lane: str = "DOCUMENT",
        runs: int = 1,
    ) -> None:
        self.embedder = embedder
        self.lane = lane
        self.max_batch = max_batch
        self.max_queue = max_queue
        self.batch_wait = batch_wait
        self.runs = runs
        self.waiting: deque[Pending] = deque()
        self.waiting_texts = 0
        self.arrived = asyncio.Event()
        self.executor = ThreadPoolExecutor(max_workers=runs, thread_name_prefix=f"embed-{lane.lower()}")
        self._running: set[asyncio.Task[None]] = set()  # kept: the loop holds a task only weakly
        self.batches = 0
        self.texts = 0

    def submit(self, texts: list[str], deadline: float | None, *, alone: bool = False) -> asyncio.Future[Embedded]:
        if self.waiting_texts + len(texts) > self.max_queue:
            raise QueueFull(f"{self.waiting_texts} texts are waiting (at most {self.max_queue})")
        pending = Pending(texts, deadline, asyncio.get_running_loop().create_future(), alone)
        self.waiting.append(pending)
        self.waiting_texts += len(texts)
        self.arrived.set()
        return pending.future

    def _take(self) -> list[Pending]:
        taken: list[Pending] = []
        count = 0
        now = time.monotonic()
        while self.waiting and (not taken or count + len(self.waiting[0].texts) <= self.max_batch):
            pending = self.waiting.popleft()
            self.waiting_texts -= len(pending.texts)
            if pending.future.done():  # the caller went away (cancelled, deadline)
                continue
            if pending.deadline is not None and pending.deadline <= now:
                pending.future.set_exception(TimeoutError("the deadline passed while the call waited"))
                continue
            taken.append(pending)
            count += len(pending.texts)
        return taken

    async def run(self) -> NoReturn:
        free = asyncio.Semaphore(self.runs)
        while True:
            await self.arrived.wait()
            self.arrived.clear()
            if not self.waiting:
                continue
            first_waited = time.monotonic() - self.waiting[0].enqueued
            if self.waiting_texts < self.max_batch and first_waited < self.batch_wait:
                await asyncio.sleep(self.batch_wait - first_waited)
            # Taken when a run is free, so that what arrived meanwhile joins the batch.
            await free.acquire()
            batch = self._take()
            if self.waiting:
                self.arrived.set()
            if not batch:
                free.release()
                continue
            task = asyncio.get_running_loop().create_task(self._run(batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)
            task.add_done_callback(lambda _: free.release())

    async def _run(self, batch: list[Pending]) -> None:
        texts = [text for pending in batch for text in pending.texts]
        alone = [pending.alone for pending in batch for _ in pending.texts]
        metrics.BATCH_SIZE.labels(self.lane).observe(len(texts))
        started = time.perf_counter()
        try:
            result = await asyncio.get_running_loop().run_in_executor(self.executor, self.embedder.embed, texts, alone)
        except Exception as error:  # noqa: BLE001 - handed to every caller of the batch
            for pending in batch:
                if not pending.future.done():
                    pending.future.set_exception(error)
            return
        finally:
            metrics.BATCH_DURATION.labels(self.lane).observe(time.perf_counter() - started)
        self.batches += 1
        self.texts += len(texts)
        start = 0
        for pending in batch:
            end = start + len(pending.texts)
            if not pending.future.done():
                pending.future.set_result(
                    Embedded(result.vectors[start:end], result.tokens[start:end], result.truncated[start:end])
                )
            start = end


class _BadRequest:
    """What the deserializer hands over when the bytes are no EmbedRequest (e.g. a string not UTF-8)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _parse_embed(data: bytes) -> ai_pb2.EmbedRequest | _BadRequest:
    try:
        request: ai_pb2.EmbedRequest = ai_pb2.EmbedRequest.FromString(data)
        return request
    except DecodeError as error:
        if "UTF-8" in str(error):
            return _BadRequest("every text must be valid UTF-8")
        return _BadRequest("the request is not an EmbedRequest")


class AiService:
    def __init__(self, config: Config, health: HealthServicer) -> None:
        self.config = config
        self.health = health
        self.embedder: Embedder | None = None
        self.batcher: Batcher | None = None  # documents
        self.queries: Batcher | None = None
        self._lanes: list[asyncio.Task[NoReturn]] = []

    async def load(self) -> None:
        loop = asyncio.get_running_loop()

        def build() -> tuple[Embedder, Embedder]:
            files = ensure_model(self.config.cache_dir, say=True)
            built = (
                Embedder(files, threads=self.config.threads, device=self.config.device),
                Embedder(files, threads=self.config.query_threads, device=self.config.device),
            )
            for embedder in built:
                embedder.embed(["warm up"])
            return built

        embedder, query_embedder = await loop.run_in_executor(None, build)
        self.batcher = Batcher(
            embedder,
            max_batch=self.config.max_batch,
            max_queue=self.config.max_queue,
            batch_wait=self.config.batch_wait,
        )
        # A query a run, as many at once as there are CPUs: the session runs each on its caller's thread.
        self.queries = Batcher(
            query_embedder,
            max_batch=1,
            max_queue=self.config.max_queue,
            batch_wait=0,
            lane="QUERY",
            runs=usable_cpus(),
        )
        # Kept: the loop holds a task only weakly.
        self._lanes = [loop.create_task(batcher.run()) for batcher in (self.batcher, self.queries)]
        self.embedder = embedder
        await self.health.set(SERVICE, health_pb2.HealthCheckResponse.SERVING)
        await self.health.set("", health_pb2.HealthCheckResponse.SERVING)
        _say(f"model {MODEL_NAME} {embedder.version} ready ({embedder.runtime})")

    async def embed(
        self, request: ai_pb2.EmbedRequest | _BadRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> ai_pb2.EmbedResponse:
        started = time.perf_counter()
        try:
            return await self._embed(request, context)
        finally:
            code = context.code()
            metrics.REQUESTS.labels("Embed", code.name if isinstance(code, grpc.StatusCode) else "OK").inc()
            metrics.REQUEST_DURATION.labels("Embed").observe(time.perf_counter() - started)

    async def _embed(
        self, request: ai_pb2.EmbedRequest | _BadRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> ai_pb2.EmbedResponse:
        if isinstance(request, _BadRequest):
            await _abort(context, grpc.StatusCode.INVALID_ARGUMENT, request.reason)
        texts = list(request.texts)
        if not texts:
            await _abort(context, grpc.StatusCode.INVALID_ARGUMENT, "texts: give at least one text")
        if len(texts) > MAX_TEXTS:
            await _abort(
                context, grpc.StatusCode.INVALID_ARGUMENT, f"texts: at most {MAX_TEXTS} per call, got {len(texts)}"
            )
        for index, text in enumerate(texts):
            if len(text) > MAX_TEXT_CHARS:
                await _abort(
                    context,
                    grpc.StatusCode.INVALID_ARGUMENT,
                    f"texts[{index}]: at most {MAX_TEXT_CHARS} characters, got {len(text)}",
                )
        if self.batcher is None or self.queries is None or self.embedder is None:
            await _abort(context, grpc.StatusCode.UNAVAILABLE, "the model is loading")
        remaining = context.time_remaining()
        deadline = None if remaining is None else time.monotonic() + remaining
        query = request.kind == ai_pb2.EMBED_KIND_QUERY
        try:
            future = (self.queries if query else self.batcher).submit(texts, deadline, alone=query)
        except QueueFull as full:
            await _abort(context, grpc.StatusCode.RESOURCE_EXHAUSTED, f"the queue is full: {full}; retry with backoff")
        try:
            embedded = await future
        except TimeoutError:
            await _abort(context, grpc.StatusCode.DEADLINE_EXCEEDED, "the deadline passed before the model ran")
        except asyncio.CancelledError:
            future.cancel()
            raise
        return ai_pb2.EmbedResponse(
            embeddings=[
                ai_pb2.Embedding(values=vector.tolist(), tokens=tokens, truncated=truncated)
                for vector, tokens, truncated in zip(embedded.vectors, embedded.tokens, embedded.truncated, strict=True)
            ],
            model=self.embedder.name,
            model_version=self.embedder.version,
        )

    async def model_info(
        self, request: ai_pb2.ModelInfoRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> ai_pb2.ModelInfoResponse:
        if self.embedder is None:
            await _abort(context, grpc.StatusCode.UNAVAILABLE, "the model is loading")
        return ai_pb2.ModelInfoResponse(
            name=self.embedder.name,
            version=self.embedder.version,
            dimensions=DIMENSIONS,
            max_tokens=MAX_TOKENS,
            runtime=self.embedder.runtime,
        )

    def handler(self) -> grpc.GenericRpcHandler:
        return grpc.method_handlers_generic_handler(
            SERVICE,
            {
                "Embed": grpc.unary_unary_rpc_method_handler(
                    self.embed,
                    request_deserializer=_parse_embed,
                    response_serializer=ai_pb2.EmbedResponse.SerializeToString,
                ),
                "ModelInfo": grpc.unary_unary_rpc_method_handler(
                    self.model_info,
                    request_deserializer=ai_pb2.ModelInfoRequest.FromString,
                    response_serializer=ai_pb2.ModelInfoResponse.SerializeToString,
                ),
            },
        )


async def _abort(context: grpc.aio.ServicerContext[Any, Any], code: grpc.StatusCode, details: str) -> NoReturn:
    await context.abort(code, details)
    raise AssertionError("context.abort returned")  # it raises; this tells the type checker so


async def _metrics_payload() -> bytes:
    return generate_latest()


def _say(line: str) -> None:
    print(f"rapport-ai: {line}", file=sys.stderr, flush=True)


async def serve(config: Config) -> None:
    options = [
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ("grpc.so_reuseport", 0),
    ]
    server = grpc.aio.server(options=options)
    health = HealthServicer()
    await health.set(SERVICE, health_pb2.HealthCheckResponse.NOT_SERVING)
    await health.set("", health_pb2.HealthCheckResponse.NOT_SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health, server)
    service = AiService(config, health)
    server.add_generic_rpc_handlers((service.handler(),))
    address = f"{config.host}:{config.port}"
    if config.tls_cert is not None and config.tls_key is not None:
        credentials = grpc.ssl_server_credentials([(config.tls_key.read_bytes(), config.tls_cert.read_bytes())])
        port = server.add_secure_port(address, credentials)
    else:
        port = server.add_insecure_port(address)
    await server.start()
    # Tests and `rapport up` read this line for the port (`--port 0` picks a free one).
    print(f"rapport-ai: listening on {config.host}:{port}", flush=True)
    metrics_server = None
    if config.metrics_port:
        metrics_server = await metrics.serve_metrics(
            config.host, config.metrics_port, _metrics_payload, token=config.metrics_token
        )

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    loading = loop.create_task(service.load())
    waiting = loop.create_task(stop.wait())
    await asyncio.wait({loading, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if loading.done() and loading.exception() is not None:
        _say(f"the model failed to load: {loading.exception()!r}")
        await server.stop(0)
        raise SystemExit(1)
    await waiting
    await health.enter_graceful_shutdown()
    if metrics_server is not None:
        metrics_server.close()
    await server.stop(grace=5)
    loading.cancel()
    with contextlib.suppress(BaseException):
        await loading
