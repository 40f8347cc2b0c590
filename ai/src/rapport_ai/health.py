"""`python -m rapport_ai.health`: asks the running service's gRPC health service whether it serves
(exit 0) or not (exit 1). The container image's HEALTHCHECK and Kubernetes' exec probe run it.

It reads the service's own settings: RAPPORT_AI_PORT (50051), and when RAPPORT_AI_TLS_CERT is set it
speaks TLS, trusting RAPPORT_AI_TLS_CA (the CA that signed the certificate) or else the very certificate
it serves, for the name RAPPORT_AI_TLS_NAME (default localhost, which the certificate must name).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

SERVICE = "rapport.ai.v1.AiService"


def check(port: int, *, tls_cert: Path | None = None, tls_ca: Path | None = None, name: str = "localhost") -> bool:
    target = f"127.0.0.1:{port}"
    if tls_cert is not None:
        roots = (tls_ca or tls_cert).read_bytes()
        channel = grpc.secure_channel(
            target,
            grpc.ssl_channel_credentials(root_certificates=roots),
            options=[("grpc.ssl_target_name_override", name)],
        )
    else:
        channel = grpc.insecure_channel(target)
    with channel:
        stub = health_pb2_grpc.HealthStub(channel)
        try:
            answer = stub.Check(health_pb2.HealthCheckRequest(service=SERVICE), timeout=3)
        except grpc.RpcError:
            return False
    return bool(answer.status == health_pb2.HealthCheckResponse.SERVING)


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    cert = os.environ.get("RAPPORT_AI_TLS_CERT")
    ca = os.environ.get("RAPPORT_AI_TLS_CA")
    serving = check(
        int(os.environ.get("RAPPORT_AI_PORT") or 50051),
        tls_cert=Path(cert) if cert else None,
        tls_ca=Path(ca) if ca else None,
        name=os.environ.get("RAPPORT_AI_TLS_NAME") or "localhost",
    )
    print("serving" if serving else "not serving")
    return 0 if serving else 1


if __name__ == "__main__":
    sys.exit(main())
