# ruff: noqa: T201, S603, S607 (a command-line tool that runs the project's scripts)
"""Search benchmark driver: ``scripts/benchmark search [SIZE ...]`` (default 10000)
``[--backends sqlite,postgres,elasticsearch]``; ``--documents N`` and the
``--read-*`` options (see bench_search.py) attach 20-page PDFs to N publications,
time reading a sample of them and measure the index size they add.

Starts PostgreSQL and Elasticsearch with the project's service scripts (their
``NKHR_PG_PORT``, ``NKHR_ES_PORT``, ``NKHR_ES_HOME`` apply) and runs
``bench_search.py`` once per backend (database on SQLite, database on PostgreSQL
in database ``NKHR_BENCH_DATABASE``, Elasticsearch with the documents in SQLite),
each in a fresh process and database. Results are appended as JSON lines to
.run/benchmarks/search-SIZE.jsonl; docs/benchmarks.md records them with the
machine and date.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RUN = ROOT / ".run"
BENCH = Path(__file__).with_name("bench_search.py")


def service(name: str) -> str:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "services" / f"{name}.sh"), "start"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(
            f"!!! {name} could not be started: {result.stderr[-500:]}", file=sys.stderr
        )
        return ""
    return result.stdout.strip()


BACKENDS = ("sqlite", "postgres", "elasticsearch")
# The benchmark's own database on the server (NKHR_BENCH_DATABASE), dropped and
# created for each run: never one the site or the tests use.
DATABASE = os.environ.get("NKHR_BENCH_DATABASE", "nkhr_bench")


def fresh_postgres_database(server_url: str, keep: bool = False) -> str:
    import psycopg
    from psycopg import sql

    name = sql.Identifier(DATABASE)
    if not keep:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    return server_url.rsplit("/", 1)[0] + f"/{DATABASE}"


def bench(
    size: int, label: str, env: dict[str, str], out: Path, extra: list[str]
) -> None:
    print(f"==> search, {size} publications: {label}", file=sys.stderr, flush=True)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "ELASTICSEARCH_URL"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.test", **env)
    result = subprocess.run(
        [sys.executable, str(BENCH), "--size", str(size), "--label", label, *extra],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(result.stderr[-2000:], file=sys.stderr)
        return
    line = result.stdout.strip().splitlines()[-1]
    print(line, flush=True)
    with out.open("a") as handle:
        handle.write(line + "\n")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(
        description=__doc__,
        epilog="Other options go to bench_search.py (--documents, --read-text-en...).",
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument(
        "--backends",
        default=",".join(BACKENDS),
        help=f"comma-separated, in that order (default: {','.join(BACKENDS)})",
    )
    args, extra = parser.parse_known_args()
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown backends {sorted(unknown)}: choose from {BACKENDS}")
    (RUN / "benchmarks").mkdir(parents=True, exist_ok=True)
    postgres = service("postgres") if "postgres" in backends else ""
    elasticsearch = service("elasticsearch") if "elasticsearch" in backends else ""
    sqlite = RUN / "bench.sqlite3"
    for size in args.sizes:
        out = RUN / "benchmarks" / f"search-{size}.jsonl"
        for backend in backends:
            sqlite.unlink(missing_ok=True)
            if backend == "sqlite":
                env = {"DATABASE_URL": f"sqlite:///{sqlite}"}
            elif backend == "postgres" and postgres:
                # --reuse keeps the archive a previous run left in it.
                keep = "--reuse" in extra
                env = {"DATABASE_URL": fresh_postgres_database(postgres, keep)}
            elif backend == "elasticsearch" and elasticsearch:
                env = {
                    "DATABASE_URL": f"sqlite:///{sqlite}",
                    "ELASTICSEARCH_URL": elasticsearch,
                    "ELASTICSEARCH_INDEX_PREFIX": "bench_",
                }
            else:
                continue
            bench(size, backend, env, out, extra)
        sqlite.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
