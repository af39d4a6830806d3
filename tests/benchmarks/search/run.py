# ruff: noqa: T201, S603, S607 (a command-line tool that runs the project's scripts)
"""Search benchmark driver: ``scripts/benchmark search [SIZE ...]`` (default 10000),
``[--documents N] [--ocr-documents M]`` to time reading the text of N 20-page PDFs
(and M scans) attached to publications, and the index size they add.

Starts PostgreSQL and Elasticsearch with the project's service scripts and runs
``bench_search.py`` once per backend (database on SQLite, database on PostgreSQL,
Elasticsearch with the documents in SQLite), each in a fresh process and database.
Results are JSON lines in .run/benchmarks/search-SIZE.jsonl; docs/benchmarks.md
records them with the machine and date.
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


def fresh_postgres_database(server_url: str) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS nkhr_bench")
        connection.execute("CREATE DATABASE nkhr_bench")
    return server_url.rsplit("/", 1)[0] + "/nkhr_bench"


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

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--documents", type=int, default=0)
    parser.add_argument("--ocr-documents", type=int, default=0)
    args = parser.parse_args()
    sizes = args.sizes
    extra = []
    if args.documents or args.ocr_documents:
        extra = [
            "--documents",
            str(args.documents),
            "--ocr-documents",
            str(args.ocr_documents),
        ]
    (RUN / "benchmarks").mkdir(parents=True, exist_ok=True)
    postgres = service("postgres")
    elasticsearch = service("elasticsearch")
    sqlite = RUN / "bench.sqlite3"
    for size in sizes:
        out = RUN / "benchmarks" / f"search-{size}.jsonl"
        out.write_text("")
        sqlite.unlink(missing_ok=True)
        bench(size, "sqlite", {"DATABASE_URL": f"sqlite:///{sqlite}"}, out, extra)
        if postgres:
            url = fresh_postgres_database(postgres)
            bench(size, "postgres", {"DATABASE_URL": url}, out, extra)
        if elasticsearch:
            sqlite.unlink(missing_ok=True)
            bench(
                size,
                "elasticsearch",
                {
                    "DATABASE_URL": f"sqlite:///{sqlite}",
                    "ELASTICSEARCH_URL": elasticsearch,
                    "ELASTICSEARCH_INDEX_PREFIX": "bench_",
                },
                out,
                extra,
            )


if __name__ == "__main__":
    main()
