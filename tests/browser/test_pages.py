"""Every page type in both languages, in a real browser: it renders, logs no
console error, passes axe-core without serious or critical violations, and is
photographed at phone, tablet and desktop width (360, 768 and 1280 px;
test-artifacts/screenshots/), as are the search results, the searched
publication archive and the "not found" page. Nothing sticks out sideways at
any of the three widths."""

from __future__ import annotations

import pytest

from .conftest import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    TABLET,
    axe_violations,
    screenshot,
)

WIDTHS = {"phone": PHONE, "tablet": TABLET, "desktop": DESKTOP}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
MENU_ROWS = """() => new Set(Array.from(
  document.querySelectorAll('.main-menu__list > li'),
  (item) => Math.round(item.getBoundingClientRect().top))).size"""

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
    tablet, tablet_console = open_page(TABLET)
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
            # Nothing may stick out sideways, on a 360 px phone or a tablet.
            for width, browser_page in (("phone", phone), ("tablet", tablet)):
                if (overflow := browser_page.evaluate(OVERFLOW)) > 0:
                    problems[f"{label} {width}"] = f"{overflow}px horizontal overflow"
            for errors in (console.take(), phone_console.take(), tablet_console.take()):
                if errors:
                    problems[f"{label} console"] = errors
            visited += 1
    assert not problems, problems
    # Home, the standard page and every other page type, each in two languages.
    assert visited == 2 * len(site_content.urls)
    assert len(site_content.urls) >= 3


def test_not_found_page_in_both_languages(site_content, open_page, axe_source):
    for name, viewport in WIDTHS.items():
        page, console = open_page(viewport)
        for language, heading in (
            ("en", "Page not found"),
            ("ko", "페이지를 찾을 수 없습니다"),
        ):
            response = page.goto(f"/{language}/no-such-page/")
            assert response.status == 404
            assert page.get_attribute("html", "lang") == language
            assert page.locator("main h1").inner_text() == heading
            if name == "desktop":
                assert not axe_violations(page, axe_source)
            assert page.evaluate(OVERFLOW) <= 0, f"404 {language} {name}"
            screenshot(page, f"404-{language}-{name}")
            # The 404 itself is reported by Chromium; nothing else may be.
            assert [e for e in console.take() if "404" not in e] == []


def test_search_results_and_archive_facets_in_both_locales(
    site_content, open_page, axe_source
):
    """The pages a researcher works in: search results with filters, and the
    publication archive searched, with its facets."""
    page, console = open_page(DESKTOP)
    narrow = {"phone": open_page(PHONE)[0], "tablet": open_page(TABLET)[0]}
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
            for name, other in narrow.items():
                other.goto(url)
                if (overflow := other.evaluate(OVERFLOW)) > 0:
                    problems[f"{label} {language} {name}"] = f"{overflow}px overflow"
                screenshot(other, f"{label}-{language}-{name}")
            if errors := console.take():
                problems[f"{label} {language} console"] = errors
    assert not problems, problems


def test_main_menu_on_one_line_from_tablets_up(site_content, open_page):
    """The site's own sections (the demo's menu, whose labels are the real
    ones) fit on one line at 768 and 1280 px in both languages; on a phone the
    menu is a button."""
    from wagtail.models import Locale, Page

    from nkhr_pages.demo import ensure_child_page, ensure_translation, read_fixture
    from nkhr_pages.models import HomePage, StandardPage

    Page.objects.update(show_in_menus=False)
    home = HomePage.objects.get(locale__language_code="en")
    korean = Locale.objects.get(language_code="ko")
    sections = [read_fixture("core.json")["pages"][0]]
    sections += read_fixture("content.json")["sections"]
    for n, section in enumerate(sections):
        fields = {"title": section["en"]["title"], "show_in_menus": True}
        page = ensure_child_page(home, StandardPage, f"section-{n}", fields)
        ensure_translation(page, korean, {"title": section["ko"]["title"]})
    for name, viewport in WIDTHS.items():
        page, console = open_page(viewport)
        for language in ("en", "ko"):
            page.goto(f"/{language}/")
            assert page.locator(".main-menu__list > li").count() == len(sections)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.locator(".site-header").screenshot(
                path=str(SCREENSHOTS / f"header-{language}-{name}.png")
            )
            if name == "phone":
                assert page.locator(".main-menu__toggle").is_visible()
                continue
            assert page.evaluate(MENU_ROWS) == 1, f"{language} {name}"
            assert page.evaluate(OVERFLOW) <= 0, f"{language} {name}"
        assert console.take() == []
