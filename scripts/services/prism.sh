#!/usr/bin/env bash
# Start (or stop) Stoplight Prism serving PortOne's API description on loopback,
# so that the PortOne SDK has a server to talk to in tests.
#   scripts/services/prism.sh start   -> prints its URL (http://127.0.0.1:PORT)
#   scripts/services/prism.sh stop
# Port NKHR_PRISM_PORT (4010); the rewritten spec, pid and log in NKHR_PRISM_DIR
# (/tmp/nkhr-prism). Prism is installed from npm into .run/node, pinned.
# The spec is ../shared/vendor/portone/openapi.json (NKHR_PORTONE_SPEC), served
# as rewritten by prism/payments.py: PortOne's auth scheme becomes one Prism
# accepts, and the recorded payments become named examples (docs/donations.md).
source "$(dirname "$0")/../lib.sh"

PRISM_VERSION="5.16.0"
PRISM_PORT="${NKHR_PRISM_PORT:-4010}"
PRISM_URL="http://127.0.0.1:$PRISM_PORT"
PRISM_DIR="${NKHR_PRISM_DIR:-/tmp/nkhr-prism}"
PRISM_BIN="$RUN_DIR/node/node_modules/.bin/prism"
SPEC_SOURCE="${NKHR_PORTONE_SPEC:-$ROOT/../shared/vendor/portone/openapi.json}"
SPEC="$PRISM_DIR/portone-openapi.json"
PID_FILE="$PRISM_DIR/prism-$PRISM_PORT.pid"
LOG_FILE="$PRISM_DIR/prism-$PRISM_PORT.log"

answers() {
  # Prism answers PortOne's GET /payments/{id} with a recorded example; any
  # other server on the port does not.
  python3 - "$PRISM_URL" <<'PY' >/dev/null 2>&1
import json, sys, urllib.request
request = urllib.request.Request(
    sys.argv[1] + "/payments/probe",
    headers={"Authorization": "PortOne probe", "Prefer": "example=paid_10000"},
)
body = json.load(urllib.request.urlopen(request, timeout=2))
sys.exit(0 if body.get("storeId") == "store-nkhr-test" else 1)
PY
}

ensure_prism() {
  [ -x "$PRISM_BIN" ] && [ -f "$RUN_DIR/node/.prism-$PRISM_VERSION" ] && return 0
  command -v npm >/dev/null || apt_install npm >&2 || return 1
  log "Installing @stoplight/prism-cli $PRISM_VERSION (npm)"
  npm install --silent --no-audit --no-fund --prefix "$RUN_DIR/node" \
    "@stoplight/prism-cli@$PRISM_VERSION" >&2 || return 1
  touch "$RUN_DIR/node/.prism-$PRISM_VERSION"
}

start() {
  if answers; then echo "$PRISM_URL"; return 0; fi
  [ -f "$SPEC_SOURCE" ] || { warn "PortOne API description not found: $SPEC_SOURCE"; return 1; }
  ensure_prism || return 1
  mkdir -p "$PRISM_DIR"
  python3 "$(dirname "$0")/prism/payments.py" "$SPEC_SOURCE" "$SPEC" || return 1
  local pid
  nohup "$PRISM_BIN" mock "$SPEC" -h 127.0.0.1 -p "$PRISM_PORT" >"$LOG_FILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"
  for _ in $(seq 1 240); do  # parsing the large spec takes a while
    if answers; then echo "$PRISM_URL"; return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  warn "Prism did not answer on $PRISM_URL; last lines of $LOG_FILE:"
  tail -n 5 "$LOG_FILE" >&2 || true
  stop
  return 1
}

stop() {
  stop_pid "$PID_FILE" prism
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
