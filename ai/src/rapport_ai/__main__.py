"""`rapport-ai` / `python -m rapport_ai` / `rapport ai`: runs the AI service alone.

Settings come from the command line or the environment: RAPPORT_AI_HOST (127.0.0.1), RAPPORT_AI_PORT
(50051), RAPPORT_AI_MAX_BATCH (64 texts per model run), RAPPORT_AI_MAX_QUEUE (1024 texts waiting),
RAPPORT_AI_BATCH_WAIT_MS (2), RAPPORT_AI_THREADS (documents' intra-op threads: the CPUs it may use, within
its control group's quota), RAPPORT_AI_QUERY_THREADS (queries' intra-op threads: 1), RAPPORT_AI_DEVICE
(cpu or cuda), RAPPORT_AI_CACHE_DIR (where the exported model is kept), RAPPORT_AI_TLS_CERT and
RAPPORT_AI_TLS_KEY (PEM files: serve TLS), RAPPORT_AI_METRICS_PORT (Prometheus /metrics on host:port; 0,
the default, serves none) and RAPPORT_METRICS_TOKEN (the Bearer token the scraper must send).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Sequence
from pathlib import Path

from rapport_ai.server import Config, serve


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value else default


def parse(argv: Sequence[str] | None = None) -> Config:
    parser = argparse.ArgumentParser(prog="rapport-ai", description="Rapport's AI service (gRPC embeddings)")
    parser.add_argument("--host", default=_env("RAPPORT_AI_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(_env("RAPPORT_AI_PORT", "50051") or 50051))
    parser.add_argument("--max-batch", type=int, default=int(_env("RAPPORT_AI_MAX_BATCH", "64") or 64))
    parser.add_argument("--max-queue", type=int, default=int(_env("RAPPORT_AI_MAX_QUEUE", "1024") or 1024))
    parser.add_argument("--batch-wait-ms", type=float, default=float(_env("RAPPORT_AI_BATCH_WAIT_MS", "2") or 2))
    threads = _env("RAPPORT_AI_THREADS")
    parser.add_argument("--threads", type=int, default=int(threads) if threads else None)
    parser.add_argument("--query-threads", type=int, default=int(_env("RAPPORT_AI_QUERY_THREADS", "1") or 1))
    parser.add_argument("--device", choices=["cpu", "cuda"], default=_env("RAPPORT_AI_DEVICE", "cpu"))
    cache = _env("RAPPORT_AI_CACHE_DIR")
    parser.add_argument("--cache-dir", type=Path, default=Path(cache) if cache else None)
    cert, key = _env("RAPPORT_AI_TLS_CERT"), _env("RAPPORT_AI_TLS_KEY")
    parser.add_argument("--tls-cert", type=Path, default=Path(cert) if cert else None)
    parser.add_argument("--tls-key", type=Path, default=Path(key) if key else None)
    parser.add_argument(
        "--metrics-port", type=int, default=int(_env("RAPPORT_AI_METRICS_PORT", "0") or 0), help="0: none"
    )
    args = parser.parse_args(argv)
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("TLS needs both --tls-cert and --tls-key")
    return Config(
        host=args.host,
        port=args.port,
        max_batch=args.max_batch,
        max_queue=args.max_queue,
        batch_wait=args.batch_wait_ms / 1000,
        threads=args.threads,
        query_threads=args.query_threads,
        device=args.device,
        cache_dir=args.cache_dir,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        metrics_port=args.metrics_port,
        metrics_token=_env("RAPPORT_METRICS_TOKEN"),
    )


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(serve(parse(argv)))


if __name__ == "__main__":
    main()
