#!/usr/bin/env bash
# Search benchmark: scripts/benchmark search [SIZE ...]   (default: 10000)
# Index build time and query latency on SQLite, PostgreSQL and Elasticsearch.
# Results are JSON lines in .run/benchmarks/; docs/benchmarks.md records them.
source "$(dirname "$0")/../../../scripts/lib.sh"
cd "$ROOT"
export PATH="$VENV/bin:$PATH"
export DJANGO_SETTINGS_MODULE=cms.settings.test
unset DATABASE_URL ELASTICSEARCH_URL

sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10000)
out="$RUN_DIR/benchmarks"; mkdir -p "$out"
pg=$(bash scripts/services/postgres.sh start) || { warn "PostgreSQL unavailable"; pg=""; }
es=$(bash scripts/services/elasticsearch.sh start) || { warn "Elasticsearch unavailable"; es=""; }
bench=tests/benchmarks/search/bench_search.py
for size in "${sizes[@]}"; do
  file="$out/search-$size.jsonl"; : >"$file"
  log "search, $size publications: SQLite"
  rm -f "$RUN_DIR/bench.sqlite3"
  DATABASE_URL="sqlite:///$RUN_DIR/bench.sqlite3" python "$bench" --size "$size" --label sqlite | tee -a "$file"
  if [ -n "$pg" ]; then
    log "search, $size publications: PostgreSQL"
    pg_bench="${pg%/*}/nkhr_bench"
    python - "$pg" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as c:
    c.execute("DROP DATABASE IF EXISTS nkhr_bench")
    c.execute("CREATE DATABASE nkhr_bench")
PY
    DATABASE_URL="$pg_bench" python "$bench" --size "$size" --label postgres | tee -a "$file"
  fi
  if [ -n "$es" ]; then
    log "search, $size publications: Elasticsearch (documents in SQLite)"
    rm -f "$RUN_DIR/bench.sqlite3"
    DATABASE_URL="sqlite:///$RUN_DIR/bench.sqlite3" ELASTICSEARCH_URL="$es" \
      ELASTICSEARCH_INDEX_PREFIX="bench_" \
      python "$bench" --size "$size" --label elasticsearch | tee -a "$file"
  fi
done
