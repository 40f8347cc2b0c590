# syntax=docker/dockerfile:1
# The Python image: one image for the api, the worker, the SMTP listener and the migration job;
# the command picks the process (`rapport api` by default, `rapport worker`, `rapport migrate`, ...).
# Built from the repository root: buildah bud -f deploy/docker/server.Dockerfile . (see build.sh).
ARG BASE_IMAGE=debian:bookworm-slim

# ---- build: uv installs the locked dependencies into /app/.venv, exactly as server/uv.lock pins them
FROM ${BASE_IMAGE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ARG UV_VERSION=0.13.9
RUN python3 -m venv /opt/uv \
 && /opt/uv/bin/pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"
# Debian's Python 3.11, never a downloaded one; no cache left in the layer; bytecode compiled once here.
ENV UV_PYTHON=/usr/bin/python3 \
    UV_PYTHON_DOWNLOADS=never \
    UV_NO_CACHE=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
WORKDIR /app
# Dependencies first (a layer that changes only with the lock), then the project itself.
# rapport-ai (the path dependency ../ai: the client's generated stubs) is an editable install of /ai/src.
COPY server/pyproject.toml server/uv.lock ./
COPY ai /ai
RUN /opt/uv/bin/uv sync --frozen --no-dev --no-install-project
COPY server/alembic.ini ./
COPY server/migrations ./migrations
COPY server/src ./src
RUN /opt/uv/bin/uv sync --frozen --no-dev

# ---- runtime: Debian's Python and the virtual environment; no compiler, no uv, no pip, no cache
FROM ${BASE_IMAGE}
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log \
 && groupadd --system --gid 10001 rapport \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin rapport \
 && mkdir -p /data \
 && chown 10001:10001 /data
COPY --from=build /app /app
COPY --from=build /ai/src /ai/src
# The api listens on every interface in a container; RAPPORT_DATA_DIR (embedded servers and files) is
# a volume when Rapport runs on its own, unused when RAPPORT_DATABASE_URL and RAPPORT_REDIS_URL are set.
# `rapport up` in this image exports the AI model once into the volume (the rapport-ai image ships it).
ENV PATH=/app/.venv/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    RAPPORT_API_HOST=0.0.0.0 \
    RAPPORT_SMTP_HOST=0.0.0.0 \
    RAPPORT_DATA_DIR=/data \
    RAPPORT_AI_CACHE_DIR=/data/ai-cache
WORKDIR /app
USER 10001:10001
VOLUME ["/data"]
EXPOSE 4000 2525
# /healthz answers while the process lives; readiness (/readyz: database, migrations, Redis) is for
# the orchestrator's readiness probe. The worker has no port: compose and Kubernetes override this.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('RAPPORT_API_PORT', '4000')}/healthz\", timeout=2)"]
ENTRYPOINT ["rapport"]
CMD ["api"]
# Labels last: the build time changes at every build and must not invalidate the layers above.
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="rapport-server" \
      org.opencontainers.image.description="Rapport api, worker, SMTP listener and migrations (rapport api|worker|smtp|migrate)" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later" \
      org.opencontainers.image.vendor="Rapport" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="debian:bookworm-slim"
