#!/usr/bin/env bash
# Make Debian's Chromium, axe-core and Lighthouse (npm) available for the browser tests.
#   scripts/services/chromium.sh start   -> prints the Chromium executable path
# axe-core and Lighthouse are installed into .run/node; scripts/test exports their
# paths as NKHR_AXE_JS and NKHR_LIGHTHOUSE_MODULES (axe-path, lighthouse-path).
# All idempotent: nothing is downloaded when already present.
source "$(dirname "$0")/../lib.sh"

AXE_VERSION="${NKHR_AXE_VERSION:-4}"
AXE_JS="$RUN_DIR/node/node_modules/axe-core/axe.min.js"
LIGHTHOUSE_VERSION="12.2.3"  # pinned: its scores are asserted by the suite
NODE_MODULES="$RUN_DIR/node/node_modules"

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

ensure_lighthouse() {
  local installed
  installed=$(node -p "require('$NODE_MODULES/lighthouse/package.json').version" 2>/dev/null)
  [ "$installed" = "$LIGHTHOUSE_VERSION" ] && return 0
  command -v npm >/dev/null || apt_install npm >&2 || return 1
  npm install --silent --no-audit --no-fund --save-exact --prefix "$RUN_DIR/node" \
    "lighthouse@$LIGHTHOUSE_VERSION" >&2
  [ -f "$NODE_MODULES/lighthouse/package.json" ]
}

case "${1:-start}" in
  start) ensure_chromium && ensure_axe && ensure_lighthouse && echo /usr/bin/chromium ;;
  axe-path) echo "$AXE_JS" ;;
  lighthouse-path) echo "$NODE_MODULES" ;;
  stop) ;;
  *) echo "usage: $0 start|axe-path|lighthouse-path|stop" >&2; exit 2 ;;
esac
