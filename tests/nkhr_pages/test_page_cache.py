"""The full-page cache: hits for anonymous visitors, invalidation, bypasses."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory

from nkhr_pages.page_cache import CACHE_HEADER, PageCacheMiddleware


def _without_tokens(content: bytes) -> bytes:
    import re

    return re.sub(rb'csrfmiddlewaretoken" value="\w+"', b"", content)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.NKHR_PAGE_CACHE_ENABLED = True


@pytest.fixture
def about(make_standard_page):
    en, _ko = make_standard_page(
        "about", "About NKHR", ko_title="북한인권시민연합 소개"
    )
    return en


def test_second_anonymous_visit_is_served_from_the_cache(
    client, about, django_assert_num_queries
):
    first = client.get("/en/about/")
    assert first[CACHE_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/en/about/")
    assert second.status_code == 200
    assert second[CACHE_HEADER] == "hit"
    # The same page; only the (per-render masked) CSRF tokens differ.
    assert _without_tokens(second.content) == _without_tokens(first.content)
    assert second["Content-Type"] == first["Content-Type"]


def test_each_language_is_cached_on_its_own(client, about):
    client.get("/en/about/")
    client.get("/ko/about/")
    assert "북한인권시민연합 소개" in client.get("/ko/about/").content.decode()
    assert "About NKHR" in client.get("/en/about/").content.decode()


def test_publishing_invalidates_the_page_and_pages_listing_it(client, about):
    client.get("/en/about/")
    client.get("/en/")  # the home page lists About in the menu
    about.show_in_menus = True
    about.title = "Who we are"
    about.save_revision().publish()
    page = client.get("/en/about/")
    assert page[CACHE_HEADER] == "miss"
    assert "Who we are" in page.content.decode()
    assert "Who we are" in client.get("/en/").content.decode()


def test_unpublishing_and_deleting_invalidate(client, about, make_standard_page):
    assert client.get("/en/about/").status_code == 200
    about.unpublish()
    assert client.get("/en/about/").status_code == 404
    statement, _ = make_standard_page("statement", "Statement")
    assert client.get("/en/statement/").status_code == 200
    statement.delete()
    assert client.get("/en/statement/").status_code == 404


def test_withdrawn_image_consent_invalidates(client, about):
    from wagtail.images.tests.utils import get_test_image_file

    from nkhr_pages.models import ProtectedImage
    from nkhr_pages.page_cache import current_generation

    before = current_generation()
    image = ProtectedImage.objects.create(title="Rally", file=get_test_image_file())
    assert current_generation() > before
    client.get("/en/about/")
    image.do_not_identify = True
    image.save()
    assert client.get("/en/about/")[CACHE_HEADER] == "miss"


def test_pages_cached_yesterday_are_rendered_again_today(client, about, monkeypatch):
    """Image consent ends on a date: yesterday's copy may show an image that may
    no longer be shown, so a new day starts with fresh renders."""
    import datetime

    from nkhr_pages import page_cache

    assert client.get("/en/about/")[CACHE_HEADER] == "miss"
    assert client.get("/en/about/")[CACHE_HEADER] == "hit"
    tomorrow = page_cache.timezone.localtime() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localtime", lambda: tomorrow)
    monkeypatch.setattr(page_cache, "_day", ("", 0.0))  # the remembered date
    assert client.get("/en/about/")[CACHE_HEADER] == "miss"
    assert client.get("/en/about/")[CACHE_HEADER] == "hit"


def test_logged_in_editors_bypass_the_cache(client, about):
    client.get("/en/about/")
    editor = get_user_model().objects.create_user("editor", password="x")
    client.force_login(editor)
    response = client.get("/en/about/")
    assert CACHE_HEADER not in response
    # ...and what they see is never stored for anonymous visitors.
    client.logout()
    client.cookies.clear()
    about.save_revision().publish()
    client.force_login(editor)
    client.get("/en/about/")
    client.logout()
    client.cookies.clear()
    assert client.get("/en/about/")[CACHE_HEADER] == "miss"


def test_query_strings_and_posts_are_not_cached(client, about):
    client.get("/en/about/?untranslated=1")
    assert CACHE_HEADER not in client.get("/en/about/?untranslated=1")
    assert CACHE_HEADER not in client.post("/en/about/")


@pytest.fixture
def donation_page(home_pages):
    # Tests may use every app; nkhr_pages' own code never imports this one.
    from nkhr_donations.models import DonationPage
    from nkhr_pages.demo import ensure_child_page

    return ensure_child_page(
        home_pages["en"], DonationPage, "donate", {"title": "Donate"}
    )


def test_pages_with_forms_are_cached_with_each_visitors_own_csrf_token(
    donation_page,
):
    """The donation page has a form: it is cached, each replay carries the
    visitor's own token, and that token passes Django's CSRF check."""
    import re

    from django.test import Client

    assert Client().get("/en/donate/")[CACHE_HEADER] == "miss"
    visitor = Client(enforce_csrf_checks=True)
    replay = visitor.get("/en/donate/")
    assert replay[CACHE_HEADER] == "hit"
    html = replay.content.decode()
    assert "--nkhr-csrf-token--" not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html)[1]
    assert "csrftoken" in replay.cookies  # the visitor had none yet
    # An incomplete form: refused by the form (400), not by CSRF (403).
    posted = visitor.post("/en/donate/", {"csrfmiddlewaretoken": token})
    assert posted.status_code == 400
    stranger = Client(enforce_csrf_checks=True)
    refused = stranger.post("/en/donate/", {"csrfmiddlewaretoken": token})
    assert refused.status_code == 403


def test_replayed_tokens_are_djangos_masked_form_of_the_visitors_secret():
    """The cache's own (faster) token maker keeps Django's token contract."""
    from django.middleware.csrf import (
        CSRF_ALLOWED_CHARS,
        CSRF_TOKEN_LENGTH,
        _unmask_cipher_token,
    )

    from nkhr_pages.page_cache import visitor_csrf_token

    first_visit = RequestFactory().get("/en/")
    token = visitor_csrf_token(first_visit)
    secret = first_visit.META["CSRF_COOKIE"]  # a new secret, for the cookie
    assert first_visit.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(token) == CSRF_TOKEN_LENGTH
    assert set(token + secret) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret

    returning = RequestFactory().get("/en/")
    returning.META["CSRF_COOKIE"] = secret
    tokens = {visitor_csrf_token(returning) for _ in range(50)}
    assert len(tokens) == 50  # a fresh mask every time (BREACH)
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert returning.META["CSRF_COOKIE"] == secret


def test_pages_with_forms_are_not_cached_when_csrf_secrets_live_in_sessions(
    client, donation_page, settings
):
    settings.CSRF_USE_SESSIONS = True
    client.get("/en/donate/")
    assert CACHE_HEADER not in client.get("/en/donate/")


def test_pages_with_only_the_newsletter_form_are_the_same_for_every_visitor(
    about,
):
    """The footer sign-up needs no CSRF token, so a hit is byte-identical for
    every visitor and sets no cookie: a CDN may serve it as it is."""
    from django.test import Client

    assert Client().get("/en/about/")[CACHE_HEADER] == "miss"
    first, second = Client().get("/en/about/"), Client().get("/en/about/")
    assert first[CACHE_HEADER] == second[CACHE_HEADER] == "hit"
    assert b"newsletter-signup" in first.content
    assert first.content == second.content
    assert not first.cookies


def test_views_other_than_wagtail_pages_are_not_cached(client, home_pages):
    client.get("/sitemap.xml")
    assert CACHE_HEADER not in client.get("/sitemap.xml")


def test_responses_setting_other_cookies_are_not_cached():
    rendered = []

    def view(request):
        rendered.append(True)
        response = HttpResponse("hello")
        response.set_cookie("tracking", "1")
        return response

    handler = PageCacheMiddleware(view)
    factory = RequestFactory()
    handler(factory.get("/en/x/"))
    second = handler(factory.get("/en/x/"))
    assert len(rendered) == 2
    assert CACHE_HEADER not in second


def test_form_tokens_used_unusually_are_not_cached():
    def view(request):
        return HttpResponse(f"<script>const t = '{get_token(request)}'</script>")

    handler = PageCacheMiddleware(CsrfViewMiddleware(view))
    handler(RequestFactory().get("/en/y/"))
    assert CACHE_HEADER not in handler(RequestFactory().get("/en/y/"))


def test_messages_cookie_bypasses(client, about):
    client.get("/en/about/")
    client.cookies["messages"] = "x"
    assert CACHE_HEADER not in client.get("/en/about/")


def test_switched_off_by_setting(client, about, settings):
    settings.NKHR_PAGE_CACHE_ENABLED = False
    client.get("/en/about/")
    assert CACHE_HEADER not in client.get("/en/about/")


def test_a_change_made_by_another_worker_is_seen_within_the_trust_window(
    client, about, settings
):
    from django.core.cache import cache

    from nkhr_pages.page_cache import GENERATION_KEY

    settings.NKHR_PAGE_CACHE_GENERATION_SECONDS = 3600  # however slow this machine
    client.get("/en/about/")
    assert client.get("/en/about/")[CACHE_HEADER] == "hit"
    # Another worker publishes: only the shared counter changes. Within the
    # trust window this process keeps serving its copy without asking Redis...
    cache.incr(GENERATION_KEY)
    assert client.get("/en/about/")[CACHE_HEADER] == "hit"
    # ...and once the window has passed, it notices.
    settings.NKHR_PAGE_CACHE_GENERATION_SECONDS = 0
    assert client.get("/en/about/")[CACHE_HEADER] == "miss"


def test_a_flushed_shared_cache_never_resurrects_old_entries(client, about, settings):
    from django.core.cache import cache

    settings.NKHR_PAGE_CACHE_GENERATION_SECONDS = 0
    client.get("/en/about/")
    assert client.get("/en/about/")[CACHE_HEADER] == "hit"
    # Redis restarted: the counter is gone, so nobody knows what changed. The
    # counter starts again at a value never used before, and this worker's own
    # copy of the page is not trusted any more.
    cache.clear()
    assert client.get("/en/about/")[CACHE_HEADER] == "miss"


def test_language_links_follow_publishing_and_privacy(client, make_standard_page):
    # Translation URLs are kept until anything is published; a query string
    # keeps the page itself out of the page cache, so only that keeping is tested.
    from wagtail.models import PageViewRestriction

    en, ko = make_standard_page("mission", "Mission", ko_title="사명")
    html = client.get("/en/mission/?from=a").content.decode()
    assert 'hreflang="ko" href="http://localhost/ko/mission/"' in html
    ko.unpublish()
    html = client.get("/en/mission/?from=b").content.decode()
    assert 'hreflang="ko" href=' not in html
    assert "/ko/?untranslated=1" in html  # the switcher falls back to the home
    ko.save_revision().publish()
    assert 'hreflang="ko" href=' in client.get("/en/mission/?from=c").content.decode()
    PageViewRestriction.objects.create(
        page=ko, restriction_type=PageViewRestriction.LOGIN
    )
    html = client.get("/en/mission/?from=d").content.decode()
    assert 'hreflang="ko" href=' not in html


def test_footer_follows_site_settings_and_language(client, about):
    # The footer's HTML is kept per language (cached_fragment); a query string
    # keeps the page itself out of the page cache.
    from wagtail.models import Site

    from nkhr_pages.models import OrganisationSettings

    org = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    org.phone = "+82-2-723-1672"
    org.save()
    assert "+82-2-723-1672" in client.get("/en/about/?from=a").content.decode()
    org.phone = "+82-2-723-2671"
    org.save()
    english = client.get("/en/about/?from=b").content.decode()
    assert "+82-2-723-2671" in english
    assert "+82-2-723-1672" not in english
    korean = client.get("/ko/about/?from=b").content.decode()
    assert "구독" in korean.split('<footer class="site-footer">')[1]
    assert "Subscribe</button>" not in korean
