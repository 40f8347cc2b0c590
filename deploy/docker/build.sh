#!/usr/bin/env bash
# Builds Rapport's container images on this machine and smoke-tests each one (`make images`).
#
# Base images cannot be pulled here, so the base is made from Debian's own packages:
#   debootstrap --variant=minbase bookworm  ->  a root file system, trimmed like debian:bookworm-slim
#   podman import                           ->  tagged docker.io/library/debian:bookworm-slim
# then `buildah bud --isolation=chroot` builds deploy/docker/*.Dockerfile (no container runtime needed;
# `podman run` does not work on this machine), and `buildah run --isolation=chroot` runs each image's
# entry point: the server image's `rapport up --no-web` on its embedded PostgreSQL and Valkey must
# answer /readyz with "ready" and the api and the worker running; the web image's `node server.js`
# must serve /sign-in; the ai image's `rapport-ai` must answer SERVING on the gRPC health service and
# embed a text with its shipped model, nothing downloaded. Where `docker pull debian:bookworm-slim` works, skip the first step.
#
# Needs root and Debian's debootstrap, buildah and podman (installed when missing).
# RAPPORT_IMAGE_TAG (default dev) tags rapport-server, rapport-ai and rapport-web; RAPPORT_REBUILD_BASE=1
# remakes the base; RAPPORT_IMAGES="server" builds a subset.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAG="${RAPPORT_IMAGE_TAG:-dev}"
IMAGES="${RAPPORT_IMAGES:-server ai web}"
BASE=docker.io/library/debian:bookworm-slim
CACHE="${RAPPORT_IMAGE_CACHE:-/var/tmp/rapport-images}"
NICE=(nice -n 10)

log() { printf '== images: %s\n' "$*" >&2; }

ensure_tools() {
  local missing=()
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
  command -v buildah >/dev/null 2>&1 || missing+=(buildah)
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

make_base() {
  if [ "${RAPPORT_REBUILD_BASE:-0}" != 1 ] && buildah inspect --type image "$BASE" >/dev/null 2>&1; then
    log "base $BASE is there"
    return
  fi
  local rootfs="$CACHE/rootfs"
  rm -rf "$rootfs"
  mkdir -p "$CACHE"
  log "debootstrap --variant=minbase bookworm (the base image, from Debian's packages)"
  "${NICE[@]}" debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$CACHE/debootstrap.log"
  # Trimmed as debian:bookworm-slim is: no documentation now or from later installs, no apt lists.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/docker-no-recommends"
  find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
  rm -rf "$rootfs"/usr/share/{man,info}/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin \
    "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/*
  # This machine reaches the package registries through a TLS proxy whose CA the host trusts: the
  # build stages trust it too (ca-certificates picks up /usr/local/share/ca-certificates).
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$rootfs/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  fi
  log "podman import -> $BASE"
  tar -C "$rootfs" -c . | podman import --quiet - "$BASE" >/dev/null
  rm -rf "$rootfs"
}

build() {  # build NAME
  local name="$1" started
  started=$(date +%s)
  log "buildah bud rapport-$name:$TAG"
  "${NICE[@]}" buildah bud --isolation=chroot --pull=never --layers --format=docker --quiet \
    --build-arg "VERSION=$TAG" \
    --build-arg "REVISION=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)" \
    --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --build-arg "SOURCE=$(git -C "$ROOT" remote get-url origin 2>/dev/null || echo unknown)" \
    -f "$ROOT/deploy/docker/$name.Dockerfile" -t "localhost/rapport-$name:$TAG" "$ROOT" >/dev/null
  log "rapport-$name:$TAG built in $(( $(date +%s) - started )) s, $(buildah images --format '{{.Size}}' "localhost/rapport-$name:$TAG")"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Runs SCRIPT with bash in a working container of IMAGE (chroot isolation: the host's network).
run_in() {  # run_in IMAGE SCRIPT
  local ctr status=0
  ctr=$(buildah from --pull-never "$1")
  "${NICE[@]}" buildah run --isolation=chroot "$ctr" -- bash -c "$2" || status=$?
  buildah rm "$ctr" >/dev/null
  return "$status"
}

smoke_server() {
  local port
  port=$(free_port)
  log "smoke: rapport-server runs \`rapport up --no-web\` (embedded PostgreSQL and Valkey), api on $port"
  run_in "localhost/rapport-server:$TAG" "
    set -u
    [ \"\$(id -u)\" = 10001 ] || { echo 'the image does not run as its own user'; exit 1; }
    export RAPPORT_API_HOST=127.0.0.1 RAPPORT_API_PORT=$port RAPPORT_SMTP_PORT=0 RAPPORT_DATA_DIR=/tmp/rapport-smoke
    rapport up --no-web >/tmp/up.log 2>&1 &
    up=\$!
    for _ in \$(seq 180); do
      if python3 - <<'PY'
import json, sys, urllib.request
try:
    body = json.load(urllib.request.urlopen('http://127.0.0.1:$port/readyz', timeout=2))
except Exception:
    sys.exit(1)
processes = body.get('processes') or {}
ok = body['status'] == 'ready' and all(processes.get(p, {}).get('state') == 'running' for p in ('api', 'worker'))
print(json.dumps(body) if ok else '', end='')
sys.exit(0 if ok else 1)
PY
      then echo; echo 'smoke: /readyz ready, api and worker running'; kill -TERM \$up; wait \$up; exit 0; fi
      sleep 1
    done
    echo 'smoke: /readyz never answered ready'; tail -40 /tmp/up.log; kill -TERM \$up; exit 1
  "
}

smoke_ai() {
  local port
  port=$(free_port)
  log "smoke: rapport-ai runs \`rapport-ai\` with the model in the image, gRPC on $port"
  run_in "localhost/rapport-ai:$TAG" "
    set -u
    [ \"\$(id -u)\" = 10001 ] || { echo 'the image does not run as its own user'; exit 1; }
    export RAPPORT_AI_HOST=127.0.0.1 RAPPORT_AI_PORT=$port
    rapport-ai >/tmp/ai.log 2>&1 &
    ai=\$!
    for _ in \$(seq 120); do
      if python3 -m rapport_ai.health >/dev/null; then
        python3 - <<'PY' || { kill -TERM \$ai; exit 1; }
import grpc
from rapport_ai.v1 import ai_pb2, ai_pb2_grpc
with grpc.insecure_channel('127.0.0.1:$port') as channel:
    answer = ai_pb2_grpc.AiServiceStub(channel).Embed(ai_pb2.EmbedRequest(texts=['smoke test'], kind=ai_pb2.EMBED_KIND_DOCUMENT), timeout=30)
assert len(answer.embeddings) == 1 and len(answer.embeddings[0].values) == 384, answer
print(f'smoke: health SERVING, one text embedded ({answer.model} {answer.model_version})')
PY
        kill -TERM \$ai; wait \$ai; exit 0
      fi
      sleep 1
    done
    echo 'smoke: the health service never answered SERVING'; tail -40 /tmp/ai.log; kill -TERM \$ai; exit 1
  "
}

smoke_web() {
  local port
  port=$(free_port)
  log "smoke: rapport-web runs \`node server.js\` on $port"
  run_in "localhost/rapport-web:$TAG" "
    set -u
    [ \"\$(id -u)\" = 10001 ] || { echo 'the image does not run as its own user'; exit 1; }
    PORT=$port HOSTNAME=127.0.0.1 node server.js >/tmp/web.log 2>&1 &
    web=\$!
    for _ in \$(seq 60); do
      if node -e \"fetch('http://127.0.0.1:$port/sign-in').then(r => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))\"
      then echo 'smoke: /sign-in answered 200'; kill -TERM \$web; wait \$web; exit 0; fi
      sleep 1
    done
    echo 'smoke: /sign-in never answered'; tail -40 /tmp/web.log; kill -TERM \$web; exit 1
  "
}

main() {
  if [ "$(id -u)" != 0 ]; then echo "build.sh: run as root (buildah's chroot isolation)" >&2; exit 1; fi
  local started
  started=$(date +%s)
  ensure_tools
  make_base
  for name in $IMAGES; do build "$name"; done
  for name in $IMAGES; do "smoke_$name"; done
  log "done in $(( $(date +%s) - started )) s"
}

main "$@"
