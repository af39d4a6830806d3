"""Benchmark: send one issue to 600 and to 50,000 subscribers through a local
aiosmtpd server. Run with ``scripts/benchmark newsletters [sizes]``, e.g.
``scripts/benchmark newsletters 600,50000``; set DATABASE_URL for PostgreSQL.

Runs ``bench_send.py`` under pytest (for the test database and fixtures), which
prints the results and writes them to ``.run/benchmarks/newsletters-<db>.json``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


def main(argv: list[str]) -> int:
    if argv:
        os.environ["NKHR_BENCH_SIZES"] = argv[0]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    return pytest.main(
        [str(HERE / "bench_send.py"), "-q", "-s", "-p", "no:cacheprovider"]
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
