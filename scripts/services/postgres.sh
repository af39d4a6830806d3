#!/usr/bin/env bash
# Start (or stop) a throwaway PostgreSQL server on loopback for the test suite.
#   scripts/services/postgres.sh start   -> prints DATABASE_URL
#   scripts/services/postgres.sh stop
# Port NKHR_PG_PORT (54329), data directory NKHR_PG_DATA (/tmp/nkhr-pg-PORT). A
# server already answering on the port is used as it is; stop only ever stops the
# server of this data directory.
source "$(dirname "$0")/../lib.sh"

PG_PORT="${NKHR_PG_PORT:-54329}"
PG_DATA="${NKHR_PG_DATA:-/tmp/nkhr-pg-$PG_PORT}"
PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/nkhr"

pg_bin() {
  local version
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n1)
  [ -n "$version" ] && [ -x "/usr/lib/postgresql/$version/bin/postgres" ] && echo "/usr/lib/postgresql/$version/bin"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin=$(pg_bin) || true
  if [ -z "$bin" ]; then
    apt_install postgresql postgresql-contrib >&2 || return 1
    bin=$(pg_bin)
  fi
  if as_postgres "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 ||
     "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; then
    ensure_database "$bin" && echo "$PG_URL"; return
  fi
  ensure_rum "$bin"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    rm -rf "$PG_DATA"; mkdir -p "$PG_DATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DATA"
    as_postgres "$bin/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  # Durability is pointless for a throwaway test server; speed is not. Its Unix
  # socket lives in the data directory, so no two servers share a lock file.
  # A postmaster.pid left by a crash does not block the start: PostgreSQL checks it.
  if ! as_postgres "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start \
    -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
    warn "PostgreSQL did not start on port $PG_PORT; last lines of $PG_DATA/server.log:"
    tail -n 5 "$PG_DATA/server.log" >&2 || true
    stop
    return 1
  fi
  ensure_database "$bin" && echo "$PG_URL"
}

ensure_database() {
  local bin="$1"
  as_postgres "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='nkhr'" | grep -q 1 ||
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres nkhr
}

# The RUM extension lets search rank from its index (search/backends/postgres.py).
# Installed before the server starts: its package may upgrade PostgreSQL's own.
ensure_rum() {
  local sharedir version
  sharedir=$("$1/pg_config" --sharedir 2>/dev/null) || sharedir=""
  [ -n "$sharedir" ] && [ -f "$sharedir/extension/rum.control" ] && return 0
  version=$(basename "$(dirname "$1")")
  apt_install "postgresql-$version-rum" >&2 ||
    warn "no RUM extension for PostgreSQL $version: search ranks every match on PostgreSQL"
}

stop() {
  local bin; bin=$(pg_bin) || return 0
  as_postgres "$bin/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
