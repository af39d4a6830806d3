"""What a CDN or proxy in front of the site may keep: never a response that
carries one visitor's CSRF token or cookie (nkhr_pages/shared_caches.py)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from wagtail.models import PageViewRestriction

from nkhr_pages.page_cache import CACHE_HEADER
from nkhr_pages.shared_caches import guard_shared_caches

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="(\w+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.NKHR_PAGE_CACHE_ENABLED = True


@pytest.fixture
def site(make_standard_page, home_pages):
    from nkhr_donations.models import DonationPage
    from nkhr_pages.demo import ensure_child_page

    make_standard_page("about", "About NKHR", ko_title="단체 소개")
    private, _ = make_standard_page("members", "Members only")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    ensure_child_page(home_pages["en"], DonationPage, "donate", {"title": "Donate"})


def _shared(response) -> bool:
    directives = response.get("Cache-Control", "").lower()
    return "public" in directives or "s-maxage" in directives


def _visitor_data(response) -> list[str]:
    found = []
    if response.cookies:
        found.append(f"Set-Cookie {sorted(response.cookies)}")
    if not response.streaming and TOKEN.search(response.content):
        found.append("CSRF token in the body")
    return found


URLS = [
    "/en/",
    "/ko/",
    "/en/about/",
    "/ko/about/",
    "/en/donate/",
    "/en/members/",
    "/en/search/?q=NKHR",
    "/en/no-such-page/",
    "/sitemap.xml",
    "/admin/login/",
]


def _check(response, label: str, problems: dict) -> None:
    data = _visitor_data(response)
    if data and (_shared(response) or "private" not in response["Cache-Control"]):
        problems[label] = (response.get("Cache-Control"), data)


def test_no_response_offers_one_visitors_data_to_shared_caches(site):
    """Fresh renders and cache hits, first and returning visitors, anonymous
    and logged in: whatever carries a token or sets a cookie is private."""
    problems: dict[str, object] = {}
    returning = Client()
    for url in URLS:
        for visit in ("first", "second", "third"):
            # A new visitor each time (no cookie), then one who comes back.
            _check(Client().get(url), f"{url} new visitor {visit}", problems)
            _check(returning.get(url), f"{url} returning {visit}", problems)
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("ed", "", "pw"))
    for url in URLS:
        response = editor.get(url)
        if response.status_code == 200:
            assert "private" in response["Cache-Control"], url
            assert not _shared(response), url
    assert not problems, problems


def test_a_cached_page_never_hands_visitor_a_s_token_or_cookie_to_visitor_b(site):
    visitor_a, visitor_b = Client(), Client()
    first = visitor_a.get("/en/donate/")
    assert first[CACHE_HEADER] == "miss"
    replay = visitor_b.get("/en/donate/")
    assert replay[CACHE_HEADER] == "hit"
    cookie_a = first.cookies["csrftoken"].value
    cookie_b = replay.cookies["csrftoken"].value
    token_a = TOKEN.search(first.content)[1].decode()
    token_b = TOKEN.search(replay.content)[1].decode()
    assert cookie_a != cookie_b
    assert token_a not in replay.content.decode()
    assert cookie_a not in replay.content.decode()
    assert _unmask_cipher_token(token_b) == cookie_b
    assert "private" in replay["Cache-Control"]
    assert "public" not in replay["Cache-Control"]


def test_pages_without_visitor_data_stay_public_on_replay(site):
    Client().get("/en/about/")
    replay = Client().get("/en/about/")
    assert replay[CACHE_HEADER] == "hit"
    assert not replay.cookies
    assert "public" in replay["Cache-Control"]


@pytest.mark.parametrize(
    "cache_control", ["public, max-age=60", "s-maxage=600, max-age=0", ""]
)
def test_guard_turns_shared_directives_into_private(cache_control):
    response = HttpResponse("x")
    if cache_control:
        response["Cache-Control"] = cache_control
    response.set_cookie("anything", "1")
    guard_shared_caches(RequestFactory().get("/"), response)
    directives = response["Cache-Control"]
    assert "private" in directives
    assert "public" not in directives
    assert "s-maxage" not in directives


def test_guard_leaves_responses_without_visitor_data_alone():
    response = HttpResponse("x")
    response["Cache-Control"] = "public, max-age=60"
    guard_shared_caches(RequestFactory().get("/"), response)
    assert response["Cache-Control"] == "public, max-age=60"
