#!/usr/bin/env bash
# Start (or stop) one Elasticsearch 8 node on loopback for the test suite and the
# benchmarks. The node is the real server jar from Maven Central, run in one JVM by
# the small Maven project in scripts/services/elasticsearch/ (see its pom.xml).
#   scripts/services/elasticsearch.sh start   -> prints ELASTICSEARCH_URL
#   scripts/services/elasticsearch.sh stop
# HTTP port NKHR_ES_PORT (9250; transport on that port + 100), node directory
# NKHR_ES_HOME (/tmp/nkhr-es-PORT). Both listen on 127.0.0.1 only. A node already
# healthy on the port is used as it is; stop only stops the node of this directory.
source "$(dirname "$0")/../lib.sh"

ES_PORT="${NKHR_ES_PORT:-9250}"
ES_HOME="${NKHR_ES_HOME:-/tmp/nkhr-es-$ES_PORT}"
ES_MAIN="kr.or.nkhr.testsearch.Main"
ES_URL="http://127.0.0.1:$ES_PORT"
ES_PROJECT="$ROOT/scripts/services/elasticsearch"
ES_HEAP="${NKHR_ES_HEAP:-1g}"

healthy() {
  curl -fsS -m 5 "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=5s" 2>/dev/null |
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

start() {
  if healthy; then echo "$ES_URL"; return 0; fi
  build || { warn "could not build the Elasticsearch node"; return 1; }
  mkdir -p "$ES_HOME"
  rm -rf "$ES_HOME/data"  # a throwaway node: every run starts empty
  local pid
  nohup java "-Xms256m" "-Xmx$ES_HEAP" -XX:+UseSerialGC -Dfile.encoding=UTF-8 \
    -cp "$ES_PROJECT/target/nkhr-test-elasticsearch-1.0.jar:$ES_PROJECT/target/lib/*" \
    "$ES_MAIN" "$ES_HOME" "$ES_PORT" >"$ES_HOME/server.log" 2>&1 &
  pid=$!
  echo "$pid" >"$ES_HOME/pid"
  for _ in $(seq 1 120); do
    if healthy; then echo "$ES_URL"; return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  warn "Elasticsearch did not become healthy; last lines of $ES_HOME/server.log:"
  tail -n 20 "$ES_HOME/server.log" >&2 || true
  stop
  return 1
}

stop() {
  stop_pid "$ES_HOME/pid" "$ES_MAIN"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
