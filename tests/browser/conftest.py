"""Playwright (sync API) driving Debian's Chromium against pytest-django's
live server. scripts/services/chromium.sh installs Chromium and axe-core and
scripts/test exports NKHR_CHROMIUM and NKHR_AXE_JS; without them these tests
are skipped loudly (and fail under CI=true)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import require_service

from .content import SiteContent, build_site

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 780}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def chromium():
    """One Chromium per test. While Playwright's sync API is running, its event
    loop makes Django refuse ORM calls from this thread; the ORM and the browser
    never share a coroutine here, so the check is lifted for exactly that time
    (and never leaks into other tests or their subprocesses). Per test, not per
    module: with the loop running, Django's connection lookup at database
    teardown would see a fresh connection and miss the serialized rollback."""
    executable = require_service("NKHR_CHROMIUM", "Chromium (Debian package)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = require_service("NKHR_AXE_JS", "axe-core (npm, in .run/node)")
    return Path(path).read_text(encoding="utf-8")


@pytest.fixture
def site_content(transactional_db, live_server) -> SiteContent:
    return build_site()


class ConsoleWatcher:
    """Collects console errors and uncaught exceptions of a browser page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"console: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def take(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.nkhrReportCsp(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
      `(${event.sourceFile || document.location.pathname}:${event.lineNumber})`
  );
});
"""


class CspWatcher:
    """Collects ``securitypolicyviolation`` events and Chromium's console
    reports of refused content, across navigations."""

    def __init__(self, context, page):
        self.violations: list[str] = []
        context.expose_function("nkhrReportCsp", self._report)
        context.add_init_script(CSP_LISTENER)
        page.on("console", self._console)

    def _report(self, violation: str) -> None:
        self.violations.append(violation)

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.violations.append(f"console: {text}")

    def take(self) -> list[str]:
        violations, self.violations = self.violations, []
        return violations


@pytest.fixture
def open_page(chromium, live_server) -> Iterator:
    """``open_page(viewport)`` -> (page, console watcher); contexts are closed after."""
    contexts = []

    def open_(viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page, ConsoleWatcher(page)

    yield open_
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page, axe_source: str) -> list[dict]:
    """Serious and critical axe-core violations on the page as loaded."""
    # Evaluated through the DevTools protocol: an inline <script> tag would be
    # refused by the site's Content-Security-Policy, as it should be.
    page.evaluate(axe_source)
    results = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
