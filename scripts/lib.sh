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
