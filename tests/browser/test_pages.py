"""Every page type in both languages, in a real browser: it renders, logs no
console error, passes axe-core without serious or critical violations, and is
photographed at phone, tablet and desktop width (360, 768 and 1280 px;
test-artifacts/screenshots/)."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PHONE, TABLET, axe_violations, screenshot

# Serialized rollback: after each test the database is restored to its migrated
# state (root page, locales, permissions made by data migrations) instead of
# being flushed bare and rebuilt by post_migrate handlers.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_every_page_type_in_both_locales(site_content, open_page, axe_source):
    page, console = open_page(DESKTOP)
    phone, phone_console = open_page(PHONE)
    tablet, _tablet_console = open_page(TABLET)
    problems: dict[str, object] = {}
    visited = 0
    for page_type, urls in sorted(site_content.urls.items()):
        for language, url in urls.items():
            label = f"{page_type} {language} {url}"
            response = page.goto(url)
            if response.status != 200:
                problems[label] = f"HTTP {response.status}"
                continue
            assert page.get_attribute("html", "lang") == language, label
            heading = page.locator("main h1").first.inner_text()
            assert heading == site_content.titles[page_type][language], label
            if violations := axe_violations(page, axe_source):
                problems[f"{label} axe"] = violations
            screenshot(page, f"{page_type}-{language}-desktop")
            phone.goto(url)
            screenshot(phone, f"{page_type}-{language}-phone")
            tablet.goto(url)
            screenshot(tablet, f"{page_type}-{language}-tablet")
            # Nothing may stick out sideways on a 360 px phone.
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            if overflow > 0:
                problems[f"{label} phone"] = f"{overflow}px horizontal overflow"
            for errors in (console.take(), phone_console.take()):
                if errors:
                    problems[f"{label} console"] = errors
            visited += 1
    assert not problems, problems
    # Home, the standard page and every other page type, each in two languages.
    assert visited == 2 * len(site_content.urls)
    assert len(site_content.urls) >= 3


def test_not_found_page_in_both_languages(site_content, open_page, axe_source):
    page, console = open_page(DESKTOP)
    for language, heading in (
        ("en", "Page not found"),
        ("ko", "페이지를 찾을 수 없습니다"),
    ):
        response = page.goto(f"/{language}/no-such-page/")
        assert response.status == 404
        assert page.get_attribute("html", "lang") == language
        assert page.locator("main h1").inner_text() == heading
        assert not axe_violations(page, axe_source)
        screenshot(page, f"404-{language}-desktop")
        # The 404 itself is reported by Chromium; nothing else may be.
        assert [e for e in console.take() if "404" not in e] == []


def test_search_results_and_archive_facets_in_both_locales(
    site_content, open_page, axe_source
):
    """The pages a researcher works in: search results with filters, and the
    publication archive searched, with its facets."""
    page, console = open_page(DESKTOP)
    archive = site_content.urls["PublicationIndexPage"]
    problems: dict[str, object] = {}
    for language, query in (("en", "English"), ("ko", "한국어판")):
        for label, url in (
            ("search", f"/{language}/search/?q={query}"),
            ("archive", f"{archive[language]}?q={query}"),
        ):
            response = page.goto(url)
            assert response.status == 200, url
            assert page.get_attribute("html", "lang") == language
            if label == "search":
                assert page.locator(".search-results li").count() >= 2, url
            else:
                assert site_content.titles["PublicationPage"][language] in (
                    page.locator("main").inner_text()
                ), url
            if violations := axe_violations(page, axe_source):
                problems[f"{label} {language}"] = violations
            screenshot(page, f"{label}-{language}-desktop")
            if errors := console.take():
                problems[f"{label} {language} console"] = errors
    assert not problems, problems
