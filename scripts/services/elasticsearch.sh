#!/usr/bin/env bash
# Start (or stop) Elasticsearch 8 on loopback for the test suite, the benchmarks and
# the production rehearsal. A node is the real server jar from Maven Central, run in
# one JVM by the small Maven project in scripts/services/elasticsearch/ (see its pom.xml).
#   scripts/services/elasticsearch.sh start   -> prints ELASTICSEARCH_URL
#   scripts/services/elasticsearch.sh stop
# HTTP port NKHR_ES_PORT (9250; transport on that port + 100), node directory
# NKHR_ES_HOME (/tmp/nkhr-es-PORT). Both listen on 127.0.0.1 only. A node already
# healthy on the port is used as it is; stop only stops the node of this directory.
#
# A cluster: NKHR_ES_NODES=2 starts two nodes, on NKHR_ES_PORT and the next port,
# in NKHR_ES_HOME/node-1 and node-2 (node 1 is the master, both hold data), and
# prints both URLs comma-separated. Then, for fault injection:
#   scripts/services/elasticsearch.sh kill-node N    (SIGKILL, as a crash)
#   scripts/services/elasticsearch.sh start-node N   (its data kept)
# NKHR_ES_KEEP_DATA=1 keeps the data of every node across a stop and start (the
# default is a throwaway node that starts empty).
source "$(dirname "$0")/../lib.sh"

ES_PORT="${NKHR_ES_PORT:-9250}"
ES_HOME="${NKHR_ES_HOME:-/tmp/nkhr-es-$ES_PORT}"
ES_NODES="${NKHR_ES_NODES:-1}"
ES_MAIN="kr.or.nkhr.testsearch.Main"
ES_URL="http://127.0.0.1:$ES_PORT"
ES_PROJECT="$ROOT/scripts/services/elasticsearch"
ES_HEAP="${NKHR_ES_HEAP:-1g}"

node_port() { echo $((ES_PORT + $1 - 1)); }
node_home() { if [ "$ES_NODES" = 1 ]; then echo "$ES_HOME"; else echo "$ES_HOME/node-$1"; fi; }
all_urls() {
  local urls=() i
  for i in $(seq 1 "$ES_NODES"); do urls+=("http://127.0.0.1:$(node_port "$i")"); done
  (IFS=,; echo "${urls[*]}")
}

healthy() {
  curl -fsS -m 10 "$ES_URL/_cluster/health?wait_for_status=yellow&wait_for_nodes=$ES_NODES&timeout=5s" 2>/dev/null |
    grep -qE '"status":"(green|yellow)"'
}

build() {
  local jar="$ES_PROJECT/target/nkhr-test-elasticsearch-1.0.jar"
  if [ -f "$jar" ] && [ -z "$(find "$ES_PROJECT/pom.xml" "$ES_PROJECT/src" -newer "$jar" -type f)" ]; then
    return 0
  fi
  command -v mvn >/dev/null || apt_install maven >&2 || return 1
  command -v java >/dev/null || apt_install openjdk-17-jre-headless >&2 || return 1
  log "Building the test Elasticsearch node (Maven Central)"
  (cd "$ES_PROJECT" && mvn -q -B package -DskipTests) >&2
}

# Launch node N (1 for a single node) in the background.
launch_node() {
  local n="$1" home port args
  home=$(node_home "$n"); port=$(node_port "$n")
  mkdir -p "$home"
  live_pid "$home/pid" "$ES_MAIN" >/dev/null && return 0
  args=("$home" "$port")
  if [ "$ES_NODES" != 1 ]; then
    local seeds=() i
    for i in $(seq 1 "$ES_NODES"); do seeds+=($(($(node_port "$i") + 100))); done
    args+=("nkhr-es-$n" "$(IFS=,; echo "${seeds[*]}")" "nkhr-es-1")
  fi
  nohup java "-Xms256m" "-Xmx$ES_HEAP" -XX:+UseSerialGC -Dfile.encoding=UTF-8 \
    -cp "$ES_PROJECT/target/nkhr-test-elasticsearch-1.0.jar:$ES_PROJECT/target/lib/*" \
    "$ES_MAIN" "${args[@]}" >>"$home/server.log" 2>&1 &
  echo "$!" >"$home/pid"
}

start() {
  if healthy; then all_urls; return 0; fi
  build || { warn "could not build the Elasticsearch node"; return 1; }
  local i
  for i in $(seq 1 "$ES_NODES"); do
    # A throwaway node starts empty, unless asked to keep its data.
    [ "${NKHR_ES_KEEP_DATA:-0}" = 1 ] || rm -rf "$(node_home "$i")/data"
    launch_node "$i"
  done
  for _ in $(seq 1 120); do
    if healthy; then all_urls; return 0; fi
    live_pid "$(node_home 1)/pid" "$ES_MAIN" >/dev/null || break
    sleep 1
  done
  warn "Elasticsearch did not become healthy; last lines of $(node_home 1)/server.log:"
  tail -n 20 "$(node_home 1)/server.log" >&2 || true
  stop
  return 1
}

stop() {
  local i
  for i in $(seq 1 "$ES_NODES"); do stop_pid "$(node_home "$i")/pid" "$ES_MAIN"; done
}

kill_node() { # SIGKILL: a crash, no clean shutdown
  local pid
  pid=$(live_pid "$(node_home "$1")/pid" "$ES_MAIN") || return 0
  kill -9 "$pid"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  kill-node) kill_node "${2:?node number}" ;;
  start-node) build && launch_node "${2:?node number}" ;;
  *) echo "usage: $0 start|stop|kill-node N|start-node N" >&2; exit 2 ;;
esac
