"""Lighthouse (npm, pinned 12.2.3; Debian's Chromium), mobile profile: every public
page type a visitor meets scores 100 in Accessibility, Best Practices and SEO, in
both languages. One Chromium audits all pages, once each (scripts/lighthouse.mjs);
Performance is measured by ``scripts/benchmark site`` (docs/benchmarks.md), not
asserted here, as it depends on the machine's load."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from nkhr_pages.site_url import align_default_site
from tests.services import require_service, service_missing

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "scripts" / "lighthouse.mjs"
ARTIFACTS = ROOT / "test-artifacts" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
# The page types of issue 19's list; search results are added below.
PAGE_TYPES = (
    "HomePage",
    "CampaignPage",
    "PublicationIndexPage",
    "PublicationPage",
    "MediaCoverageIndexPage",
    "MediaCoveragePage",
    "ProgramPage",
    "EventPage",
    "DonationPage",
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_lighthouse(urls: list[str], categories: tuple[str, ...]) -> list[dict]:
    """Scores of ``urls`` from scripts/lighthouse.mjs (one Chromium for all)."""
    chromium = require_service("NKHR_CHROMIUM", "Chromium (Debian package)")
    modules = require_service(
        "NKHR_LIGHTHOUSE_MODULES", "Lighthouse (npm, in .run/node)"
    )
    node = shutil.which("node")
    if node is None:
        service_missing("Node.js (node) is not installed")
    completed = subprocess.run(  # noqa: S603 - fixed command, our own URLs
        [node, str(RUNNER), modules, ",".join(categories), *urls],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "CHROME_PATH": chromium},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout)


def test_lighthouse_scores_in_both_languages(site_content, live_server):
    # Canonical and hreflang URLs name the server the audit visits.
    align_default_site(live_server.url)
    paths = [
        site_content.urls[page_type][language]
        for page_type in PAGE_TYPES
        if page_type in site_content.urls
        for language in ("en", "ko")
    ]
    paths += ["/en/search/?q=Test", "/ko/search/?q=Test"]
    assert len(paths) == 2 * (len(PAGE_TYPES) + 1), sorted(site_content.urls)
    results = run_lighthouse([live_server.url + path for path in paths], CATEGORIES)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "scores.json").write_text(json.dumps(results, indent=1))
    below = {
        result["url"]: {
            "scores": result["scores"],
            "error": result["runtimeError"],
            "failing": [audit["id"] for audit in result["failing"]],
        }
        for result in results
        if result["runtimeError"]
        or any(result["scores"].get(category) != 100 for category in CATEGORIES)
    }
    assert not below, below
    assert len(results) == len(paths)
