"""The rehearsal (scripts/rehearsal.py, not part of the suite) reads locust's
lines back into its phases and its lists of accepted sign-ups and webhooks: the
per-phase figures and the stored-exactly-once checks depend on it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rehearsal():
    spec = importlib.util.spec_from_file_location(
        "rehearsal_under_test", ROOT / "scripts" / "rehearsal.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


class _Top:
    def __init__(self, run: Path) -> None:
        self.run = run
        self.procs: dict = {}

    def kill(self, name, sig=None) -> None:
        pass


def test_each_request_is_counted_in_the_phase_it_ended_in(rehearsal, tmp_path):
    load = rehearsal.Load(8080, ["/en/"], _Top(tmp_path))
    load.marks = [(0.0, "setup"), (100.0, "baseline"), (200.0, "Redis stopped")]
    load.file.write_text(
        "99.5\tpage\t200\t0.0100\t\n"
        "150.0\tsignup\t200\t0.2000\trehearsal-1-abc@example.org\n"
        "150.5\tsignup\t503\t0.1000\trehearsal-2-def@example.org\n"
        "201.0\twebhook\t200\t0.0500\tevt_rehearsal_3_0011\n"
        "202.0\tsearch\t0\t15.0000\t\n"
    )

    load.stop()

    assert [(r.phase, r.kind, r.status) for r in load.records] == [
        ("setup", "page", 200),
        ("baseline", "signup", 200),
        ("baseline", "signup", 503),
        ("Redis stopped", "webhook", 200),
        ("Redis stopped", "search", 0),
    ]
    assert load.records[1].seconds == pytest.approx(0.2)
    assert load.signups == {"rehearsal-1-abc@example.org"}  # only those answered 200
    assert load.webhooks == {"evt_rehearsal_3_0011"}


BENCHMARKS = """# Benchmarks

## Public site: cached, uncached and static throughput

site figures

## Production rehearsal (issue 23)

old run's text

| phase | requests |
| --- | ---: |
| baseline | 563 |

### What the rehearsal found (2026-12-07)

people's notes

<!-- site-lighthouse:start -->
### Lighthouse Performance (mobile)
<!-- site-lighthouse:end -->

### Lighthouse Performance: reading the run above
"""


def test_a_new_report_replaces_the_last_one_and_keeps_the_rest(rehearsal):
    """Only the generated heading and table go: the notes people wrote on the run
    and the Lighthouse section after it stay (the writer used to replace
    everything up to the next level-2 heading, that is to the end of the file)."""
    first = rehearsal.place_report(
        BENCHMARKS, "## Production rehearsal (issue 23)\n\nFIRST TABLE\n"
    )
    second = rehearsal.place_report(
        first, "## Production rehearsal (issue 23)\n\nSECOND TABLE\n"
    )

    for result, table in ((first, "FIRST TABLE"), (second, "SECOND TABLE")):
        assert result.count(table) == 1
        assert result.count("## Production rehearsal (issue 23)") == 1
        for kept in (
            "site figures",
            "### What the rehearsal found (2026-12-07)\n\npeople's notes",
            "<!-- site-lighthouse:start -->",
            "### Lighthouse Performance: reading the run above",
        ):
            assert kept in result
        assert result.index(table) < result.index("### What the rehearsal found")
        assert "| baseline | 563 |" not in result  # the old table
        assert "old run's text" not in result
    assert "FIRST TABLE" not in second
