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
