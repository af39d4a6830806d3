#!/usr/bin/env bash
# Start (or stop) a throwaway Redis on loopback (the production cache backend).
#   scripts/services/redis.sh start   -> prints REDIS_URL
#   scripts/services/redis.sh stop
# Port NKHR_REDIS_PORT (63799), directory NKHR_REDIS_DIR (/tmp/nkhr-redis-PORT).
# A Redis already answering on the port is used as it is; stop only stops the
# Redis whose pid file is in this directory.
source "$(dirname "$0")/../lib.sh"

REDIS_PORT="${NKHR_REDIS_PORT:-63799}"
REDIS_DIR="${NKHR_REDIS_DIR:-/tmp/nkhr-redis-$REDIS_PORT}"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

start() {
  command -v redis-server >/dev/null || apt_install redis-server >&2 || return 1
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    echo "$REDIS_URL"; return 0
  fi
  mkdir -p "$REDIS_DIR"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --dir "$REDIS_DIR" --save "" --appendonly no \
    --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" >&2
  for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && { echo "$REDIS_URL"; return 0; }
    sleep 0.1
  done
  warn "Redis did not answer on port $REDIS_PORT; last lines of $REDIS_DIR/redis.log:"
  tail -n 5 "$REDIS_DIR/redis.log" >&2 || true
  stop
  return 1
}

stop() {
  # By its pid file, not by port: a Redis on this port that we did not start stays.
  stop_pid "$REDIS_DIR/redis.pid" redis-server
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
