"""The site benchmark runs Lighthouse again on a page whose run ended in
Lighthouse's own runtime error (NO_NAVSTART), up to three runs, and says how
many it took. Lighthouse's error cannot be caused on demand: a stand-in runner
answers as scripts/lighthouse.mjs does."""

from __future__ import annotations

from tests.benchmarks.site.lighthouse_performance import TRIES, audit

NO_NAVSTART = (
    "Something went wrong with recording the trace over your page load. "
    "Please run Lighthouse again. (NO_NAVSTART)"
)


def stand_in(failures: dict[str, int]):
    """A runner whose page ``path`` fails its first ``failures[path]`` runs."""
    calls: list[list[str]] = []

    def runner(base, paths, chromium):
        calls.append(list(paths))
        results = []
        for path in paths:
            failing = failures.get(path, 0) >= sum(path in c for c in calls)
            results.append(
                {
                    "url": base + path,
                    "runtimeError": NO_NAVSTART if failing else None,
                    "scores": {"performance": None if failing else 100},
                    "metrics": {},
                }
            )
        return results

    return runner, calls


def test_failed_pages_are_run_again_until_they_get_a_score():
    runner, calls = stand_in({"/en/donate/": 1, "/ko/search/": 2})
    paths = ["/en/", "/en/donate/", "/ko/search/"]
    results = audit("http://b", paths, "chromium", runner=runner)
    # Only the failed pages are run again, each in a run of its own Chromium.
    assert calls == [paths, ["/en/donate/", "/ko/search/"], ["/ko/search/"]]
    assert [r["tries"] for r in results] == [1, 2, 3]
    assert [r["scores"]["performance"] for r in results] == [100, 100, 100]
    assert [r["url"] for r in results] == ["http://b" + p for p in paths]


def test_a_page_failing_every_run_keeps_its_error_after_three_tries():
    runner, calls = stand_in({"/en/": 99})
    [result] = audit("http://b", ["/en/"], "chromium", runner=runner)
    assert TRIES == 3
    assert len(calls) == 3
    assert result["tries"] == 3
    assert result["runtimeError"] == NO_NAVSTART
