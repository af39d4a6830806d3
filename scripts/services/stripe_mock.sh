#!/usr/bin/env bash
# Start (or stop) Stripe's official mock server on loopback for the test suite.
#   scripts/services/stripe_mock.sh start   -> prints its URL (http://127.0.0.1:PORT)
#   scripts/services/stripe_mock.sh stop
# Port NKHR_STRIPE_MOCK_PORT (12111); pid and log files in NKHR_STRIPE_MOCK_DIR (/tmp).
# Installed with `go install` from the Go module proxy, pinned to one version so
# that the API fixtures it answers with do not change under the tests.
source "$(dirname "$0")/../lib.sh"

STRIPE_MOCK_VERSION="v0.203.0"
STRIPE_MOCK_PORT="${NKHR_STRIPE_MOCK_PORT:-12111}"
STRIPE_MOCK_URL="http://127.0.0.1:$STRIPE_MOCK_PORT"
STRIPE_MOCK_DIR="${NKHR_STRIPE_MOCK_DIR:-/tmp}"
PID_FILE="$STRIPE_MOCK_DIR/nkhr-stripe-mock-$STRIPE_MOCK_PORT.pid"
LOG_FILE="$STRIPE_MOCK_DIR/nkhr-stripe-mock-$STRIPE_MOCK_PORT.log"

answers() {
  # stripe-mock answers 401 without a key, with its Stripe-Mock-Version header;
  # any other server on the port is not mistaken for it.
  python3 - "$STRIPE_MOCK_URL" <<'PY' >/dev/null 2>&1
import sys, urllib.error, urllib.request
try:
    response = urllib.request.urlopen(sys.argv[1] + "/v1/customers", timeout=2)
except urllib.error.HTTPError as error:
    response = error
sys.exit(0 if response.headers.get("Stripe-Mock-Version") else 1)
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
  local bin pid
  bin=$(binary) || return 1
  mkdir -p "$STRIPE_MOCK_DIR"
  # stripe-mock opens HTTPS on *:12112 as well unless told where: send it to a
  # port the kernel picks on loopback (it cannot be turned off beside -http-addr).
  nohup "$bin" -http-addr "127.0.0.1:$STRIPE_MOCK_PORT" -https-addr 127.0.0.1:0 \
    >"$LOG_FILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"
  for _ in $(seq 1 60); do
    if answers; then echo "$STRIPE_MOCK_URL"; return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  warn "stripe-mock did not answer on $STRIPE_MOCK_URL; last lines of $LOG_FILE:"
  tail -n 5 "$LOG_FILE" >&2 || true
  stop
  return 1
}

stop() {
  stop_pid "$PID_FILE" stripe-mock
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
