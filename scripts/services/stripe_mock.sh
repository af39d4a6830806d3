#!/usr/bin/env bash
# Start (or stop) Stripe's official mock server on loopback for the test suite.
#   scripts/services/stripe_mock.sh start   -> prints its URL (http://127.0.0.1:PORT)
#   scripts/services/stripe_mock.sh stop
# Installed with `go install` from the Go module proxy, pinned to one version so
# that the API fixtures it answers with do not change under the tests.
source "$(dirname "$0")/../lib.sh"

STRIPE_MOCK_VERSION="v0.203.0"
STRIPE_MOCK_PORT="${NKHR_STRIPE_MOCK_PORT:-12111}"
STRIPE_MOCK_URL="http://127.0.0.1:$STRIPE_MOCK_PORT"
PID_FILE="/tmp/nkhr-stripe-mock-$STRIPE_MOCK_PORT.pid"
LOG_FILE="/tmp/nkhr-stripe-mock-$STRIPE_MOCK_PORT.log"

answers() {
  # Any HTTP answer (stripe-mock replies 401 without a key) means it is up.
  python3 - "$STRIPE_MOCK_URL" <<'PY' >/dev/null 2>&1
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/v1/customers", timeout=2)
except urllib.error.HTTPError:
    pass
PY
}

binary() {
  local gobin
  command -v go >/dev/null || { warn "Go is not installed: cannot install stripe-mock"; return 1; }
  gobin="$(go env GOPATH)/bin"
  local stamp="$gobin/.stripe-mock-$STRIPE_MOCK_VERSION"
  if [ ! -x "$gobin/stripe-mock" ] || [ ! -f "$stamp" ]; then
    log "Installing stripe-mock $STRIPE_MOCK_VERSION (go install)"
    go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" >&2 || return 1
    touch "$stamp"
  fi
  echo "$gobin/stripe-mock"
}

start() {
  if answers; then echo "$STRIPE_MOCK_URL"; return 0; fi
  local bin
  bin=$(binary) || return 1
  # -https-port 0 / -port: only plain HTTP on loopback.
  nohup "$bin" -http-addr "127.0.0.1:$STRIPE_MOCK_PORT" >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 60); do
    if answers; then echo "$STRIPE_MOCK_URL"; return 0; fi
    sleep 0.5
  done
  warn "stripe-mock did not answer on $STRIPE_MOCK_URL (log: $LOG_FILE)"
  return 1
}

stop() {
  [ -f "$PID_FILE" ] || return 0
  kill "$(cat "$PID_FILE")" 2>/dev/null || true
  rm -f "$PID_FILE"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
