#!/usr/bin/env bash
# Start (or stop) a throwaway Redis on loopback (the production cache backend).
#   scripts/services/redis.sh start   -> prints REDIS_URL
#   scripts/services/redis.sh stop
source "$(dirname "$0")/../lib.sh"

REDIS_PORT="${NKHR_REDIS_PORT:-63799}"
REDIS_DIR="/tmp/nkhr-redis-$REDIS_PORT"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

start() {
  command -v redis-server >/dev/null || apt_install redis-server >&2 || return 1
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    echo "$REDIS_URL"; return 0
  fi
  mkdir -p "$REDIS_DIR"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --dir "$REDIS_DIR" --save "" --appendonly no \
    --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" >&2
  for _ in $(seq 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && { echo "$REDIS_URL"; return 0; }
    sleep 0.1
  done
  warn "Redis did not answer on port $REDIS_PORT (see $REDIS_DIR/redis.log)"
  return 1
}

stop() {
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
