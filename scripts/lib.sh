# Shared helpers for the project's scripts. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
VENV="$ROOT/.venv"
mkdir -p "$RUN_DIR"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
warn() { printf '\033[1;33m!!! %s\033[0m\n' "$*" >&2; }

# Install Debian packages only when missing (apt-get update once per run).
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    warn "cannot install ${missing[*]}: not root and no sudo"
    return 1
  fi
  local SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  log "Installing Debian packages: ${missing[*]}"
  if [ ! -f "$RUN_DIR/.apt-updated" ]; then
    $SUDO apt-get update -qq && touch "$RUN_DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# OCR for scanned PDFs (search reads their text): Tesseract with Korean and
# English. Optional at run time: without it, scans are reported, not read.
OCR_PACKAGES=(tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng)
ensure_ocr() {
  apt_install "${OCR_PACKAGES[@]}" "$@" ||
    warn "OCR (${OCR_PACKAGES[*]}) not installed: scanned PDFs will not be searchable"
}

# Create the virtualenv and install the project (with extras) when pyproject.toml changed.
ensure_venv() {
  local extras="${1:-}"
  local python="${PYTHON:-python3}"
  if [ ! -x "$VENV/bin/python" ]; then
    log "Creating virtualenv in .venv"
    "$python" -m venv "$VENV"
  fi
  local stamp="$VENV/.installed-$(sha1sum "$ROOT/pyproject.toml" | cut -c1-12)${extras:+-$extras}"
  if [ ! -f "$stamp" ]; then
    log "Installing Python packages${extras:+ (with $extras extras)}"
    local pip_log="$RUN_DIR/pip-install.log"
    if ! { "$VENV/bin/pip" install -q --upgrade pip &&
           "$VENV/bin/pip" install -q -e "$ROOT${extras:+[$extras]}"; } >"$pip_log" 2>&1; then
      cat "$pip_log" >&2
      warn "pip install failed (log above, also in $pip_log)"
      return 1
    fi
    touch "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

# A TCP port free on loopback right now (the kernel picks it). With an offset,
# PORT+OFFSET is free too (Elasticsearch's transport port is its HTTP port + 100).
free_port() {
  python3 - "${1:-0}" <<'PY'
import random, socket, sys

offset = int(sys.argv[1])

def free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True

for _ in range(200):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    if offset == 0 or (port + offset <= 65535 and free(port + offset)):
        print(port)
        sys.exit(0)
    if offset:
        port = random.randint(20000, 65535 - offset)
        if free(port) and free(port + offset):
            print(port)
            sys.exit(0)
sys.exit("no free port pair found")
PY
}

# The pid in PIDFILE if it names a live process whose command line contains
# PATTERN; otherwise the pid file is stale (a crash, a failed start, a reused
# pid): it is removed and nothing is printed, so it never blocks a start nor
# lets a stop kill someone else's process.
live_pid() { # pidfile, pattern
  local pidfile="$1" pattern="$2" pid
  [ -f "$pidfile" ] || return 1
  pid=$(tr -dc '0-9' <"$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
     tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern"; then
    echo "$pid"; return 0
  fi
  rm -f "$pidfile"
  return 1
}

# Stop the process named by PIDFILE (if it is still ours), waiting up to 30s.
stop_pid() { # pidfile, pattern
  local pid
  pid=$(live_pid "$1" "$2") || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$1"
}
