"""The full-page cache: hits for anonymous visitors, invalidation, bypasses."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory

from nkhr_pages.page_cache import CACHE_HEADER, PageCacheMiddleware


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
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Set-Cookie" not in second


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


def test_pages_with_a_csrf_token_are_never_cached():
    """A form page makes Django set the CSRF cookie; such a response is not
    stored, so every visitor gets a page with their own valid token."""
    rendered = []

    def form_view(request):
        rendered.append(True)
        token = get_token(request)
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{token}">')

    handler = PageCacheMiddleware(CsrfViewMiddleware(form_view))
    factory = RequestFactory()
    first = handler(factory.get("/en/donate/"))
    second = handler(factory.get("/en/donate/"))
    assert len(rendered) == 2
    assert "csrftoken" in first.cookies
    assert CACHE_HEADER not in second


def test_messages_cookie_bypasses(client, about):
    client.get("/en/about/")
    client.cookies["messages"] = "x"
    assert CACHE_HEADER not in client.get("/en/about/")


def test_switched_off_by_setting(client, about, settings):
    settings.NKHR_PAGE_CACHE_ENABLED = False
    client.get("/en/about/")
    assert CACHE_HEADER not in client.get("/en/about/")
