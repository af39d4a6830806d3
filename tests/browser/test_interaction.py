"""Clicking and tabbing through the site: language switcher, main menu (also on
a phone), search box, and keyboard-only access to menu, switcher and Donate."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, PHONE, axe_violations

# Serialized rollback: after each test the database is restored to its migrated
# state (root page, locales, permissions made by data migrations) instead of
# being flushed bare and rebuilt by post_migrate handlers.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_language_switcher_leads_to_the_same_page(site_content, open_page):
    page, console = open_page(DESKTOP)
    en_url = site_content.urls["StandardPage"]["en"]
    ko_url = site_content.urls["StandardPage"]["ko"]
    page.goto(en_url)
    page.locator(".language-switcher").get_by_role("link", name="한국어").click()
    page.wait_for_url(f"**{ko_url}")
    assert page.get_attribute("html", "lang") == "ko"
    assert (
        page.locator("main h1").inner_text()
        == site_content.titles["StandardPage"]["ko"]
    )
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(f"**{en_url}")
    assert page.get_attribute("html", "lang") == "en"
    assert console.take() == []


def test_main_menu_on_desktop(site_content, open_page):
    page, console = open_page(DESKTOP)
    page.goto("/en/")
    menu = page.get_by_role("navigation", name="Main menu")
    assert menu.get_by_role("button").is_hidden()  # a plain row of links here
    menu.get_by_role("link", name=site_content.titles["StandardPage"]["en"]).click()
    page.wait_for_url(f"**{site_content.urls['StandardPage']['en']}")
    current = menu.locator("[aria-current=page]")
    assert current.inner_text() == site_content.titles["StandardPage"]["en"]
    assert console.take() == []


def test_main_menu_on_a_phone_is_a_disclosure(site_content, open_page):
    page, console = open_page(PHONE)
    page.goto("/ko/")
    menu = page.get_by_role("navigation", name="주 메뉴")
    toggle = menu.get_by_role("button", name="메뉴")
    first_link = menu.get_by_role("link").first
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert first_link.is_hidden()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert first_link.is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    target = site_content.titles["StandardPage"]["ko"]
    menu.get_by_role("link", name=target).click()
    page.wait_for_url(f"**{site_content.urls['StandardPage']['ko']}")
    assert page.locator("main h1").inner_text() == target
    assert console.take() == []


def test_search_box_finds_a_page(site_content, open_page):
    page, console = open_page(DESKTOP)
    page.goto("/en/")
    title = site_content.titles["StandardPage"]["en"]
    page.get_by_role("searchbox", name="Search the site").fill("Standard")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/en/search/\?q=Standard"))
    results = page.locator(".search-results")
    assert title in results.inner_text()
    results.get_by_role("link", name=title).click()
    page.wait_for_url(f"**{site_content.urls['StandardPage']['en']}")
    assert console.take() == []


def test_search_box_suggests_pages_chosen_by_keyboard(
    site_content, open_page, axe_source
):
    page, console = open_page(DESKTOP)
    page.goto("/en/")
    box = page.get_by_role("searchbox", name="Search the site")
    title = site_content.titles["StandardPage"]["en"]
    box.press_sequentially("Standar", delay=30)
    suggestions = page.get_by_role("listbox", name="Suggestions")
    option = suggestions.get_by_role("option", name=title)
    option.wait_for()
    assert box.get_attribute("aria-controls") == suggestions.get_attribute("id")
    assert "Suggestions: " in page.locator("[data-suggestions-status]").inner_text()
    # The open list itself passes axe (search box, listbox and options).
    assert axe_violations(page, axe_source) == []
    for _ in range(suggestions.get_by_role("option").count()):
        box.press("ArrowDown")
        if option.get_attribute("aria-selected") == "true":
            break
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    box.press("Enter")
    page.wait_for_url(f"**{site_content.urls['StandardPage']['en']}")
    assert console.take() == []


def test_search_box_suggestions_in_korean_by_mouse(site_content, open_page):
    page, console = open_page(PHONE)
    page.goto("/ko/")
    box = page.get_by_role("searchbox", name="사이트 검색")
    title = site_content.titles["StandardPage"]["ko"]
    box.press_sequentially(title, delay=20)
    option = page.get_by_role("listbox").get_by_role("option", name=title)
    option.click()
    page.wait_for_url(f"**{site_content.urls['StandardPage']['ko']}")
    assert page.locator("main h1").inner_text() == title

    # Escape closes the list; the box keeps what was typed and still submits.
    box = page.get_by_role("searchbox", name="사이트 검색")
    box.press_sequentially(title, delay=20)
    page.get_by_role("listbox").get_by_role("option", name=title).wait_for()
    box.press("Escape")
    assert page.get_by_role("listbox").is_hidden()
    assert box.input_value() == title
    box.press("Enter")
    page.wait_for_url(re.compile(r"/ko/search/\?q="))
    assert title in page.locator(".search-results").inner_text()
    assert console.take() == []


def _tab_until(page, predicate_js: str, limit: int = 40) -> int:
    """Press Tab until the focused element matches; return how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"() => {{ const el = document.activeElement; return {predicate_js}; }}"
        ):
            return presses
    raise AssertionError(f"Tab never reached an element where {predicate_js}")


def test_keyboard_reaches_switcher_menu_and_donate(site_content, open_page):
    page, _console = open_page(DESKTOP)
    page.goto("/en/")
    _tab_until(page, "el.classList.contains('skip-link')")
    _tab_until(page, "el.closest('.language-switcher') !== null")
    _tab_until(page, "el.classList.contains('button--donate')")
    _tab_until(page, "el.closest('.main-menu') !== null && el.tagName === 'A'")
    # Enter on a focused menu link follows it, without a mouse.
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")

    page.goto("/en/")
    _tab_until(page, "el.classList.contains('button--donate')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{site_content.donation_url['en']}")
    # On the donation page, Tab reaches the form's fields.
    _tab_until(page, "el.closest('form.donation-form') !== null && el.name !== ''")


def test_keyboard_opens_the_phone_menu(site_content, open_page):
    page, _console = open_page(PHONE)
    page.goto("/en/")
    _tab_until(page, "el.classList.contains('main-menu__toggle')")
    page.keyboard.press("Enter")
    toggle = page.locator(".main-menu__toggle")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => document.activeElement.closest('.main-menu__list') !== null"
    )
    assert focused


def test_donation_form_pledge_by_bank_transfer(site_content, open_page):
    if "DonationPage" not in site_content.urls:
        pytest.fail("nkhr_donations has no DonationPage to test")
    page, console = open_page(DESKTOP)
    page.goto("/en/")
    page.get_by_role("banner").get_by_role("link", name="Donate").click()
    page.wait_for_url(f"**{site_content.donation_url['en']}")
    form = page.locator("form.donation-form")
    form.get_by_label("Bank transfer").check()
    form.get_by_label("US dollars ($)").check()
    form.locator("input[name=preset_amount][value=custom]").check()
    form.get_by_label("Other amount", exact=True).last.fill("25")
    form.get_by_label("Your name").fill("Kim Young-hee")
    form.get_by_label("Your email").fill("donor@example.org")
    form.get_by_label("I agree that NKHR stores these details", exact=False).check()
    form.get_by_role("button", name="Donate").click()
    page.wait_for_load_state()
    assert "/thanks/" in page.url, page.locator("main").inner_text()
    assert "25" in page.locator("main").inner_text()
    assert console.take() == []
