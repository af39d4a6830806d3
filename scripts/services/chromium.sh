#!/usr/bin/env bash
# Make Debian's Chromium and axe-core (npm) available for the browser tests.
#   scripts/services/chromium.sh start   -> prints the Chromium executable path
# axe-core is installed into .run/node; its path is exported by scripts/test as
# NKHR_AXE_JS. Both are idempotent: nothing is downloaded when already present.
source "$(dirname "$0")/../lib.sh"

AXE_VERSION="${NKHR_AXE_VERSION:-4}"
AXE_JS="$RUN_DIR/node/node_modules/axe-core/axe.min.js"

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium fonts-noto-cjk >&2 || return 1
  fi
  # Korean glyphs in screenshots need a CJK font; install it even when Chromium exists.
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || apt_install fonts-noto-cjk >&2 || true
  [ -x /usr/bin/chromium ]
}

ensure_axe() {
  [ -f "$AXE_JS" ] && return 0
  command -v npm >/dev/null || apt_install npm >&2 || return 1
  npm install --silent --no-audit --no-fund --prefix "$RUN_DIR/node" "axe-core@$AXE_VERSION" >&2
  [ -f "$AXE_JS" ]
}

case "${1:-start}" in
  start) ensure_chromium && ensure_axe && echo /usr/bin/chromium ;;
  axe-path) echo "$AXE_JS" ;;
  stop) ;;
  *) echo "usage: $0 start|axe-path|stop" >&2; exit 2 ;;
esac
