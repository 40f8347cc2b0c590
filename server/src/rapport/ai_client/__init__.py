"""The api's and worker's client of the AI service (`ai/`, proto/rapport/ai/v1/ai.proto).

    client = AiClient.from_settings(settings)          # one per process and event loop
    result = await client.embed(["text", ...], kind=EmbedKind.DOCUMENT)
    result.vectors      # list of 384-float lists, unit length (cosine similarity = dot product)
    result.model, result.model_version                 # store these with every vector
    vector = await client.embed_query("text", within=1.5)  # a search's query: kept, see below
    await client.close()

Any number of texts: the client sends them in calls of at most MAX_TEXTS_PER_CALL and cuts a text past
MAX_TEXT_CHARS (the model reads its first 256 tokens anyway). It retries UNAVAILABLE (the service is
down, restarting or loading its model) and RESOURCE_EXHAUSTED (its queue is full) with exponential
backoff and full jitter, within the call's time (`within` seconds, the client's `timeout` by default).
When it gives up it raises `AiUnavailable`: search answers keyword results with `degraded: true`, the
indexing job waits and retries later.

`embed_query` embeds one search query and keeps its vector in a bounded per-client LRU (QUERY_CACHE_SIZE
entries, QUERY_CACHE_SECONDS each), keyed by the model and version the service last answered with and the
exact text: embedding is deterministic, and paging with `after` and typing in the palette ask the same
query again. A new model is seen at the first miss after it is deployed (or when the entries expire), and
from then on the old model's entries are never read.
"""

from __future__ import annotations

import array
import asyncio
import enum
import random
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from rapport_ai.v1 import ai_pb2

from rapport.config import Settings
from rapport.kit.expiring import ExpiringCache

MAX_TEXTS_PER_CALL = 128
# The model reads 256 tokens, a few hundred words: the client sends no more of a text than this.
MAX_TEXT_CHARS = 8_192
MAX_CALL_BYTES = 3 * 1024 * 1024  # under the service's 4 MiB message limit
DEFAULT_PORT = 50051
# A query's vector is 1.5 kB (384 float32): 2,048 of them are about 4 MB a process.
QUERY_CACHE_SIZE = 2_048
QUERY_CACHE_SECONDS = 600.0
_RETRIED = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED})
_EMBED = "/rapport.ai.v1.AiService/Embed"
_MODEL_INFO = "/rapport.ai.v1.AiService/ModelInfo"
_HEALTH = "/grpc.health.v1.Health/Check"


class EmbedKind(enum.Enum):
    QUERY = ai_pb2.EMBED_KIND_QUERY
    DOCUMENT = ai_pb2.EMBED_KIND_DOCUMENT


class AiUnavailable(Exception):
    """The AI service could not answer in time (down, overloaded, or the deadline passed)."""

    def __init__(self, code: str, details: str) -> None:
        super().__init__(f"AI service: {code}: {details}")
        self.code = code
        self.details = details


class AiRequestRefused(Exception):
    """The AI service refused the request itself (INVALID_ARGUMENT...): retrying will not help."""

    def __init__(self, code: str, details: str) -> None:
        super().__init__(f"AI service refused the request: {code}: {details}")
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Embeddings:
    vectors: list[list[float]]
    tokens: list[int]
    truncated: list[bool]
    model: str
    model_version: str


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str
    dimensions: int
    max_tokens: int
    runtime: str


@dataclass(frozen=True)
class Target:
    address: str  # host:port
    tls: bool


def parse_url(url: str | None, *, port: int = DEFAULT_PORT, tls: bool = False) -> Target:
    """`host:port`, `grpc://host:port` or `grpcs://host:port` (TLS); None is the local one on `port`."""
    if url is None or not url.strip():
        return Target(f"127.0.0.1:{port}", tls)
    url = url.strip()
    if url.startswith("grpcs://"):
        return Target(url.removeprefix("grpcs://").rstrip("/"), True)
    if url.startswith("grpc://"):
        return Target(url.removeprefix("grpc://").rstrip("/"), tls)
    if "://" in url:
        raise ValueError(f"RAPPORT_AI_URL: use host:port, grpc://host:port or grpcs://host:port, not {url!r}")
    return Target(url.rstrip("/"), tls)


def _chunks(texts: list[str]) -> list[list[str]]:
    """Calls of at most MAX_TEXTS_PER_CALL texts and MAX_CALL_BYTES of UTF-8."""
    chunks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for text in texts:
        length = len(text.encode("utf-8", errors="surrogatepass")) + 8
        if current and (len(current) == MAX_TEXTS_PER_CALL or size + length > MAX_CALL_BYTES):
            chunks.append(current)
            current, size = [], 0
        current.append(text)
        size += length
    if current:
        chunks.append(current)
    return chunks


class AiClient:
    def __init__(
        self,
        target: Target,
        *,
        timeout: float = 10.0,
        ca_file: Path | None = None,
        max_attempts: int = 6,
        first_backoff: float = 0.05,
        max_backoff: float = 2.0,
        query_cache_size: int = QUERY_CACHE_SIZE,
    ) -> None:
        self.target = target
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        options = [
            ("grpc.max_receive_message_length", 8 * 1024 * 1024),
            ("grpc.max_send_message_length", 4 * 1024 * 1024),
            # Reconnect quickly once a restarted service is back.
            ("grpc.initial_reconnect_backoff_ms", 100),
            ("grpc.max_reconnect_backoff_ms", 2000),
        ]
        channel: Any
        if target.tls:
            root = ca_file.read_bytes() if ca_file is not None else None
            channel = grpc.aio.secure_channel(target.address, grpc.ssl_channel_credentials(root), options=options)
        else:
            channel = grpc.aio.insecure_channel(target.address, options=options)
        self._channel = channel
        self._embed = channel.unary_unary(
            _EMBED,
            request_serializer=ai_pb2.EmbedRequest.SerializeToString,
            response_deserializer=ai_pb2.EmbedResponse.FromString,
        )
        self._model_info = channel.unary_unary(
            _MODEL_INFO,
            request_serializer=ai_pb2.ModelInfoRequest.SerializeToString,
            response_deserializer=ai_pb2.ModelInfoResponse.FromString,
        )
        # (model, version, text) -> the query's vector, as float32 (what the service sent).
        self._queries: ExpiringCache[tuple[str, str, str], array.array[float]] = ExpiringCache(
            maxsize=query_cache_size, ttl=QUERY_CACHE_SECONDS
        )
        self._model: tuple[str, str] | None = None  # what the service last answered with

    @classmethod
    def from_settings(cls, settings: Settings) -> AiClient:
        target = parse_url(settings.ai_url, port=settings.ai_port or DEFAULT_PORT, tls=settings.ai_tls)
        return cls(target, timeout=settings.ai_timeout_seconds, ca_file=settings.ai_tls_ca)

    async def close(self) -> None:
        await self._channel.close()

    async def __aenter__(self) -> AiClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def embed(
        self, texts: list[str], *, kind: EmbedKind = EmbedKind.DOCUMENT, within: float | None = None
    ) -> Embeddings:
        """One unit vector per text, in order. Raises AiUnavailable or AiRequestRefused."""
        deadline = time.monotonic() + (within if within is not None else self.timeout)
        vectors: list[list[float]] = []
        tokens: list[int] = []
        truncated: list[bool] = []
        model = version = ""
        for chunk in _chunks([text[:MAX_TEXT_CHARS] for text in texts]):
            request = ai_pb2.EmbedRequest(texts=chunk, kind=kind.value)
            response = await self._call(self._embed, request, deadline)
            for embedding in response.embeddings:
                vectors.append(list(embedding.values))
                tokens.append(embedding.tokens)
                truncated.append(embedding.truncated)
            model, version = response.model, response.model_version
        return Embeddings(vectors, tokens, truncated, model, version)

    async def embed_query(self, text: str, *, within: float | None = None) -> Sequence[float]:
        """The unit vector of one search query (EmbedKind.QUERY), from the cache when this client has
        embedded the same text with the service's current model. Raises AiUnavailable or AiRequestRefused."""
        if self._model is not None:
            cached = self._queries.get((*self._model, text))
            if cached is not None:
                return cached
        embedded = await self.embed([text], kind=EmbedKind.QUERY, within=within)
        self._model = (embedded.model, embedded.model_version)
        vector = array.array("f", embedded.vectors[0])
        self._queries[(embedded.model, embedded.model_version, text)] = vector
        return vector

    async def model_info(self, *, within: float | None = None) -> ModelInfo:
        deadline = time.monotonic() + (within if within is not None else self.timeout)
        response = await self._call(self._model_info, ai_pb2.ModelInfoRequest(), deadline)
        return ModelInfo(response.name, response.version, response.dimensions, response.max_tokens, response.runtime)

    async def ready(self, *, within: float = 1.0) -> bool:
        """The standard health check: True when the service is up and its model is loaded."""
        from grpc_health.v1 import health_pb2

        check = self._channel.unary_unary(
            _HEALTH,
            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
            response_deserializer=health_pb2.HealthCheckResponse.FromString,
        )
        try:
            response = await check(health_pb2.HealthCheckRequest(service="rapport.ai.v1.AiService"), timeout=within)
        except grpc.aio.AioRpcError:
            return False
        return bool(response.status == health_pb2.HealthCheckResponse.SERVING)

    async def _call(self, method: Any, request: Any, deadline: float) -> Any:
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AiUnavailable("DEADLINE_EXCEEDED", f"no answer within the timeout after {attempt} attempts")
            try:
                return await method(request, timeout=remaining)
            except grpc.aio.AioRpcError as error:
                code = error.code()
                details = error.details() or ""
                if code == grpc.StatusCode.DEADLINE_EXCEEDED:
                    raise AiUnavailable(code.name, details) from error
                if code not in _RETRIED or "larger than max" in details:
                    raise AiRequestRefused(code.name, details) from error
                attempt += 1
                if attempt >= self.max_attempts:
                    raise AiUnavailable(code.name, details) from error
                backoff = random.uniform(0, min(self.max_backoff, self.first_backoff * 2**attempt))  # noqa: S311
                await asyncio.sleep(min(backoff, max(0.0, deadline - time.monotonic())))


_SHARED: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Target, AiClient]] = weakref.WeakKeyDictionary()


def shared_client(settings: Settings) -> AiClient:
    """The api's client for its settings' AI service: one per event loop (a gRPC channel belongs to
    the loop it was made on), made on first use and kept for the process's life."""
    target = parse_url(settings.ai_url, port=settings.ai_port or DEFAULT_PORT, tls=settings.ai_tls)
    clients = _SHARED.setdefault(asyncio.get_running_loop(), {})
    client = clients.get(target)
    if client is None:
        client = clients[target] = AiClient(target, timeout=settings.ai_timeout_seconds, ca_file=settings.ai_tls_ca)
    return client
