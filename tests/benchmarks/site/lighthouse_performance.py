# ruff: noqa: T201, S603, S607, S310 (a command-line tool)
"""Lighthouse Performance (mobile profile, simulated throttling) of the public page
types in both languages, for ``scripts/benchmark site``: the pages the suite
audits for Accessibility, Best Practices and SEO (tests/browser/test_lighthouse.py),
here on the production set-up the site benchmark starts."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RUNNER = ROOT / "scripts" / "lighthouse.mjs"
GOAL = 95
# Listing pages, and the first item each one links to (the demo's own slugs
# may change; the benchmark follows the listing).
LISTINGS = {
    "campaign": "campaigns",
    "publication": "publications",
    "media item": "in-the-media",
    "program": "programs",
    "event": "events",
}


def first_item(base: str, language: str, listing: str) -> str | None:
    with urllib.request.urlopen(
        f"{base}/{language}/{listing}/", timeout=30
    ) as response:
        html = response.read().decode()
    match = re.search(rf'href="(/{language}/{listing}/[^"/?#]+/)"', html)
    return match[1] if match else None


def page_paths(base: str) -> list[tuple[str, str]]:
    """(label, path) of every page type audited, both languages."""
    paths = []
    for language in ("en", "ko"):
        paths += [
            (f"home {language}", f"/{language}/"),
            (f"publication archive {language}", f"/{language}/publications/"),
            (f"media list {language}", f"/{language}/in-the-media/"),
        ]
        for label, listing in LISTINGS.items():
            if path := first_item(base, language, listing):
                paths.append((f"{label} {language}", path))
        paths += [
            (f"donation page {language}", f"/{language}/donate/"),
            (f"search results {language}", f"/{language}/search/?q=china"),
        ]
    return paths


def run(base: str, server: str = "the server above") -> tuple[str, bool]:
    """The Markdown section and whether every page met the goal."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    modules = ROOT / ".run" / "node" / "node_modules"
    paths = page_paths(base)
    print(f"==> Lighthouse Performance, {len(paths)} pages", flush=True)
    completed = subprocess.run(
        [
            "node",
            str(RUNNER),
            str(modules),
            "performance",
            *(base + p for _l, p in paths),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "CHROME_PATH": chromium},
        check=True,
    )
    results = json.loads(completed.stdout)
    (ROOT / ".run" / "benchmark-site").mkdir(parents=True, exist_ok=True)
    (ROOT / ".run" / "benchmark-site" / "lighthouse.json").write_text(completed.stdout)
    rows = []
    met = True
    for (label, path), result in zip(paths, results, strict=True):
        score = result["scores"].get("performance")
        met = met and score is not None and score >= GOAL
        if result["runtimeError"]:
            rows.append(
                f"| {label} | `{path}` | error: {result['runtimeError']} |||||| "
            )
            continue
        m = {key: value or 0 for key, value in result["metrics"].items()}
        rows.append(
            f"| {label} | `{path}` | {score} | {m['fcp'] / 1000:.1f} s | "
            f"{m['lcp'] / 1000:.1f} s | {m['tbt']:.0f} ms | "
            f"{m['cls']:.3f} | {m['bytes'] / 1024:.0f} KB |"
        )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    table = "\n".join(rows)
    section = f"""### Lighthouse Performance (mobile)

Lighthouse 12.2.3 (npm), Debian's Chromium, mobile profile with Lighthouse's simulated
throttling (slow 4G, 4x CPU slowdown), one run per page on {server}; goal {GOAL}
or more on every page: {"met" if met else "NOT met"}. Load average at the end: {load}.
Transfer is everything the page loads, images included.

| page | URL | score | FCP | LCP | TBT | CLS | transfer |
|---|---|---:|---:|---:|---:|---:|---:|
{table}
"""
    return section, met


if __name__ == "__main__":
    # A server already running: python lighthouse_performance.py BASE "what it is"
    import sys

    from run import record

    section, met = run(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else sys.argv[1])
    print(section)
    record(section, "site-lighthouse")
    sys.exit(0 if met else 1)
