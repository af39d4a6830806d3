"""The site-wide layout: main menu, breadcrumbs, calls to action, query budget."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from nkhr_pages.demo import ensure_translation
from nkhr_pages.models import CallToActionSettings

HOME_QUERY_BUDGET = 15


def _menu_page(make_standard_page, slug, title, ko_title, in_menu=True):
    en, ko = make_standard_page(slug, title, ko_title=ko_title)
    for page in (en, ko):
        page.show_in_menus = in_menu
        page.save_revision().publish()
    return en, ko


def _menu_html(html: str) -> str:
    start = html.index('class="main-menu"')
    return html[start : html.index("</nav>", start)]


def test_menu_lists_home_children_shown_in_menus_per_locale(client, make_standard_page):
    _menu_page(make_standard_page, "about", "About NKHR", "소개")
    _menu_page(make_standard_page, "work", "Our work", "활동")
    _menu_page(make_standard_page, "hidden", "Not in menu", "메뉴 밖", in_menu=False)

    en = _menu_html(client.get("/en/").content.decode())
    assert 'href="/en/about/"' in en
    assert "Our work" in en
    assert "Not in menu" not in en
    assert en.index("About NKHR") < en.index("Our work")  # tree order
    ko = _menu_html(client.get("/ko/").content.decode())
    assert 'href="/ko/about/"' in ko
    assert "활동" in ko
    assert "About NKHR" not in ko


def test_menu_marks_the_current_section(client, make_standard_page):
    about, _ = _menu_page(make_standard_page, "about", "About NKHR", "소개")
    make_standard_page("history", "History", parent=about)
    html = _menu_html(client.get("/en/about/").content.decode())
    assert 'class="is-active" aria-current="page"' in html
    html = _menu_html(client.get("/en/about/history/").content.decode())
    assert 'class="is-active">' in html
    assert "aria-current" not in html


def test_menu_follows_publishing(client, make_standard_page):
    about, _ = _menu_page(make_standard_page, "about", "About NKHR", "소개")
    assert "About NKHR" in _menu_html(client.get("/en/").content.decode())
    about.title = "Who we are"
    about.save_revision().publish()
    menu = _menu_html(client.get("/en/").content.decode())
    assert "Who we are" in menu
    about.unpublish()
    assert 'class="main-menu"' not in client.get("/en/").content.decode()


def test_menu_disclosure_button_controls_the_list(client, make_standard_page):
    _menu_page(make_standard_page, "about", "About NKHR", "소개")
    menu = _menu_html(client.get("/en/").content.decode())
    assert 'aria-expanded="false" aria-controls="main-menu-list" hidden' in menu
    assert 'id="main-menu-list"' in menu


def test_breadcrumbs_lead_from_home_to_the_page(client, make_standard_page):
    about, _ = make_standard_page("about", "About NKHR", ko_title="소개")
    make_standard_page("history", "Our history", parent=about)
    html = client.get("/en/about/history/").content.decode()
    trail = html[html.index('class="breadcrumbs"') :]
    trail = trail[: trail.index("</nav>")]
    assert trail.index('href="/en/"') < trail.index('href="/en/about/"')
    assert '<a href="/en/about/history/" aria-current="page">Our history</a>' in trail
    assert 'class="breadcrumbs"' not in client.get("/en/").content.decode()


@pytest.fixture
def donation_and_newsletter(make_standard_page, home_pages):
    donate_en, donate_ko = make_standard_page("donate", "Donate", ko_title="후원하기")
    news_en, _ = make_standard_page("newsletter", "Newsletter")  # English only
    links = CallToActionSettings.for_site(Site.objects.get(is_default_site=True))
    links.donation_page = donate_en
    links.newsletter_page = news_en
    links.save()
    return donate_en, donate_ko


def test_calls_to_action_lead_to_the_page_in_the_visitors_language(
    client, donation_and_newsletter
):
    en = client.get("/en/").content.decode()
    assert 'class="button button--donate" href="/en/donate/"' in en
    assert 'href="/en/newsletter/"' in en
    ko = client.get("/ko/").content.decode()
    assert 'class="button button--donate" href="/ko/donate/"' in ko
    # No Korean newsletter page yet: the English one is better than none.
    assert 'href="/en/newsletter/"' in ko


def test_calls_to_action_hidden_when_not_chosen_or_unpublished(
    client, donation_and_newsletter
):
    donate_en, donate_ko = donation_and_newsletter
    donate_ko.unpublish()
    donate_en.unpublish()
    html = client.get("/en/").content.decode()
    assert "button--donate" not in html
    assert 'href="/en/newsletter/"' in html


def test_every_page_has_a_language_and_mixed_fragments_are_marked(
    client, make_standard_page
):
    make_standard_page("about", "About NKHR", ko_title="소개")
    en = client.get("/en/about/").content.decode()
    ko = client.get("/ko/about/").content.decode()
    assert '<html lang="en"' in en
    assert '<html lang="ko"' in ko
    assert '<span lang="ko">북한인권시민연합</span>' in en  # the Korean name in English
    assert 'hreflang="ko" lang="ko">한국어</a>' in en  # the switcher names itself


def test_no_external_assets(client, make_standard_page):
    make_standard_page("about", "About NKHR", ko_title="소개")
    html = client.get("/en/about/").content.decode()
    for tag in ("<script src=", '<link rel="stylesheet" href='):
        for part in html.split(tag)[1:]:
            assert part.startswith('"/static/'), part[:80]


def _count_home_queries(client, url="/en/") -> tuple[int, int]:
    """(cold, warm) SQL queries for ``url`` with the page cache off: cold with an
    empty cache (menu, site root paths), warm with those cached."""
    from django.core.cache import cache

    from nkhr_pages.page_cache import local_state

    client.get(url)  # once per process: content types and the like
    cache.clear()
    local_state.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    return counts[0], counts[1]


def test_uncached_home_page_query_budget_is_constant_in_menu_size(
    client, make_standard_page, settings
):
    # A slow database must not let the generation's trust window run out
    # between the cold and the warm request.
    settings.NKHR_PAGE_CACHE_GENERATION_SECONDS = 3600
    for n in range(2):
        _menu_page(make_standard_page, f"section-{n}", f"Section {n}", f"부문 {n}")
    small = _count_home_queries(client)
    for n in range(2, 12):
        _menu_page(make_standard_page, f"section-{n}", f"Section {n}", f"부문 {n}")
    large = _count_home_queries(client)
    assert large == small
    cold, warm = large
    assert cold <= HOME_QUERY_BUDGET
    assert warm < cold


def test_translation_of_page_for_cta_is_created_with_helper(locales, home_pages):
    # Guard for the fixture above: the helper links the two pages as translations.
    ko = ensure_translation(home_pages["en"], locales["ko"], {})
    assert ko.translation_key == home_pages["en"].translation_key
