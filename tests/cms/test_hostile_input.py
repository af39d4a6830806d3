"""Hostile visitors on every public URL, in both languages.

A small site of every page type (factories, built once for the module) is
walked with query strings of the wrong type or size, NUL bytes, invalid UTF-8,
RTL and zero-width characters and script payloads; with wrong methods, bodies
and content types; with paths that are too long, traverse directories, name
unknown languages or change case. Nothing may answer 5xx, show a traceback or
Django's debug page, or echo the input unescaped; a refusal is the right 4xx
with a page in the URL's language; a refused request stores nothing.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client

from nkhr_donations.models import Donation, DonationPage
from nkhr_pages.demo import ensure_locales
from nkhr_pages.mailing.models import Subscriber, Subscription
from nkhr_pages.models import StandardPage
from tests import factories
from tests.conftest import build_home_pages

LANGUAGES = ("en", "ko")
SCRIPT = '"><script>alert("nkhr")</script><img src=x onerror=alert(1)>'
UNESCAPED = ("<script>alert(", "<img src=x onerror")
DEBUG_PAGE = ("Traceback", "DEBUG = True", "Exception Value", "Request Method:")
RTL = "\u202eevil\u200b\u200f"
# The <h1> of the 4xx pages (templates/400.html, 403_csrf.html, 405.html).
HEADINGS = {
    400: {"en": "Bad request", "ko": "잘못된 요청입니다"},
    403: {"en": "The form could not be sent", "ko": "양식을 보내지 못했습니다"},
    405: {"en": "Request not allowed", "ko": "허용되지 않는 요청입니다"},
}

# Every filter of every listing and of search, in every broken shape.
LISTING_QUERIES = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=99999999999999",
    "page[]=1",
    "page=1&page=2&page=abc",
    "year=0",
    "year=abc",
    "year[]=1",
    "year=99999999999999999999",
    "year=2024&year=abc",
    "q=" + "x" * 10_000,
    "q=%00",
    "q=%ff%fe",
    "q=%ed%a0%80",  # a lone surrogate, UTF-8 encoded
    "q=" + quote(RTL),
    "q=" + quote(SCRIPT),
    "q=" + quote("북한 인권 %_"),
    "type=" + quote(SCRIPT),
    "topic=-1&topic=abc",
    "outlet=99999999999999999999",
    "order=%00",
    "status=%ff",
    "series=" + quote(SCRIPT),
    "kind=" + quote(RTL),
    "all=%00&locale=xx",
    "%ff=1&%00=%00",
]
# Pages without filters: the few that could still reach a template.
DETAIL_QUERIES = [
    "page=abc",
    "q=%00",
    "q=%ff",
    "x=" + quote(SCRIPT),
    "year[]=1",
    "untranslated=" + quote(SCRIPT),
]
SECTIONS = [
    (factories.PublicationIndexPageFactory, factories.PublicationPageFactory),
    (factories.MediaCoverageIndexPageFactory, factories.MediaCoveragePageFactory),
    (factories.CampaignIndexPageFactory, factories.CampaignPageFactory),
    (factories.NewsletterIndexPageFactory, factories.NewsletterIssuePageFactory),
    (factories.ProgramIndexPageFactory, factories.ProgramPageFactory),
    (factories.EventIndexPageFactory, factories.EventPageFactory),
]


def _build_site() -> dict[str, list[str]]:
    locales = ensure_locales()
    homes = build_home_pages(locales)
    urls: dict[str, list[str]] = {"listing": [], "detail": [], "page": []}
    for index_factory, item_factory in SECTIONS:
        index = index_factory(parent=homes["en"])
        index.save_revision().publish()
        ko_index = factories.translate(index, "ko", title=f"{index.title} (ko)")
        item = item_factory(parent=index)
        item.save_revision().publish()
        ko_item = factories.translate(item, "ko", title=f"{item.title} (ko)")
        urls["listing"] += [index.url, ko_index.url]
        urls["detail"] += [item.url, ko_item.url]
    about = StandardPage(title="About", slug="about", locale=locales["en"])
    homes["en"].add_child(instance=about)
    about.save_revision().publish()
    ko_about = factories.translate(about, "ko", title="소개")
    donate = DonationPage(title="Donate", slug="donate", locale=locales["en"])
    homes["en"].add_child(instance=donate)
    donate.save_revision().publish()
    ko_donate = factories.translate(donate, "ko", title="후원하기")
    urls["detail"] += [about.url, ko_about.url, donate.url, ko_donate.url]
    urls["listing"] += [homes["en"].url, homes["ko"].url]
    urls["page"] = urls["listing"] + urls["detail"]
    for language in LANGUAGES:
        urls["listing"] += [f"/{language}/search/", f"/{language}/search/autocomplete/"]
        urls["detail"] += [
            f"/{language}/newsletter/subscribe/",
            f"/{language}/feeds/publications/rss/",
            f"/{language}/feeds/publications/atom/",
            f"/{language}/feeds/media-coverage/rss/",
            f"/{language}/feeds/media-coverage/atom/",
            f"/{language}/jsi18n/",
        ]
    urls["detail"] += ["/sitemap.xml", "/health/"]
    return urls


@pytest.fixture(scope="module")
def site_urls(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        urls = _build_site()
        yield urls
        transaction.set_rollback(True)


@pytest.fixture
def urls(site_urls, db):
    return site_urls


@pytest.fixture
def visitor() -> Client:
    # A 500 must show as a status here, as a visitor would get it.
    return Client(raise_request_exception=False)


def _language(url: str) -> str | None:
    match = re.match(r"^/(en|ko)/", url)
    return match.group(1) if match else None


def _stored() -> tuple[int, ...]:
    return (
        Donation.objects.count(),
        Subscriber.objects.count(),
        Subscription.objects.count(),
    )


def assert_safe(response, url: str) -> str:
    """No 5xx, no traceback, no unescaped echo; a 4xx page in the URL's language."""
    assert response.status_code < 500, (url, response.status_code)
    if getattr(response, "streaming", False):
        return ""
    body = response.content.decode("utf-8", "replace")
    for marker in DEBUG_PAGE:
        assert marker not in body, (url, marker)
    if "html" in response.get("Content-Type", ""):
        for marker in UNESCAPED:
            assert marker not in body, (url, marker)
        language = _language(url)
        if response.status_code >= 400 and language and body:
            assert f'lang="{language}"' in body, (url, response.status_code)
    return body


def _heading(body: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    return match.group(1).strip() if match else ""


# --- Query strings -----------------------------------------------------------


def test_listings_and_search_survive_every_broken_query(urls, visitor):
    for url in urls["listing"]:
        for query in LISTING_QUERIES:
            response = visitor.get(f"{url}?{query}")
            assert_safe(response, f"{url}?{query[:80]}")


def test_other_pages_survive_broken_queries(urls, visitor):
    for url in urls["detail"]:
        for query in DETAIL_QUERIES:
            assert_safe(visitor.get(f"{url}?{query}"), f"{url}?{query}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_shows_a_script_query_escaped_in_the_page(visitor, urls, language):
    body = assert_safe(
        visitor.get(f"/{language}/search/", {"q": SCRIPT}), f"/{language}/search/"
    )
    assert "&lt;script&gt;alert(" in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_korean_and_rtl_query_is_searched_not_refused(visitor, urls, language):
    for query in ("북한 인권", "탈북민\u200b", RTL, "%", "_", "'", "\\"):
        response = visitor.get(f"/{language}/search/", {"q": query})
        assert response.status_code == 200, query
        assert_safe(response, f"/{language}/search/")


# --- Methods -----------------------------------------------------------------


def test_pages_answer_other_methods_with_405_in_their_language(urls, visitor):
    before = _stored()
    for url in urls["page"]:
        language = _language(url)
        for method in ("PUT", "DELETE", "PATCH"):
            response = visitor.generic(method, url, b"x=1")
            body = assert_safe(response, f"{method} {url}")
            assert response.status_code == 405, (method, url)
            assert "GET" in response["Allow"]
            assert _heading(body) == HEADINGS[405][language], (method, url)
        if "donate" not in url:
            response = visitor.post(url, {"x": SCRIPT})
            assert response.status_code == 405, url
            assert_safe(response, f"POST {url}")
        head = visitor.head(url)
        assert head.status_code == 200, url
        assert not head.content
        options = visitor.options(url)
        assert options.status_code == 200, url
        assert "GET" in options["Allow"]
    assert _stored() == before


def test_get_only_endpoints_answer_post_with_405(urls, visitor):
    for language in LANGUAGES:
        for path in (
            "search/",
            "search/autocomplete/",
            "feeds/publications/rss/",
            "jsi18n/",
        ):
            url = f"/{language}/{path}"
            for method in ("POST", "PUT", "DELETE"):
                response = visitor.generic(method, url, b"q=1")
                body = assert_safe(response, f"{method} {url}")
                assert response.status_code == 405, (method, url)
                assert _heading(body) == HEADINGS[405][language]
            head = visitor.head(url)
            assert head.status_code == 200, url
            assert not head.content
    for url in ("/health/", "/sitemap.xml"):
        assert visitor.post(url).status_code == 405
        assert visitor.head(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/donations/webhooks/stripe/", "/donations/webhooks/portone/"]
)
def test_webhooks_answer_get_with_a_405_page(visitor, url):
    response = visitor.get(url, headers={"accept-language": "ko"})
    body = assert_safe(response, url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert _heading(body) == HEADINGS[405]["ko"]


# --- Forms: CSRF, bodies, content types --------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_without_its_csrf_token_gets_a_403_page_and_stores_nothing(
    urls, language
):
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    before = _stored()
    url = f"/{language}/donate/"
    response = strict.post(url, {"donor_name": SCRIPT, "privacy_consent": "on"})
    body = assert_safe(response, url)
    assert response.status_code == 403
    assert _heading(body) == HEADINGS[403][language]
    assert "no-store" in response["Cache-Control"]
    # A token of another visitor, then two tokens: refused or the form again.
    strict.get(url)
    response = strict.post(url, {"csrfmiddlewaretoken": ["forged", "x" * 64]})
    assert response.status_code == 403
    token = strict.cookies["csrftoken"].value
    response = strict.post(url, {"csrfmiddlewaretoken": [token, "forged"]})
    assert response.status_code in (400, 403)
    assert_safe(response, url)
    assert _stored() == before


BODIES = [
    ("application/json", b'{"email": "a@example.org",'),
    ("text/plain", b"\x00\xff\xfe"),
    ("multipart/form-data; boundary=zz", b"--zz\r\nbroken"),
    ("multipart/form-data", b"no boundary"),
    ("application/x-www-form-urlencoded", b"email=%ff%fe&email=%00&lists=%ed%a0%80"),
    ("application/x-www-form-urlencoded", b"&&&===&%%%"),
    (
        "application/xml",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
    ),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_malformed_bodies_to_forms_are_refused_and_store_nothing(
    urls, visitor, language
):
    before = _stored()
    for url in (f"/{language}/newsletter/subscribe/", f"/{language}/donate/"):
        for content_type, body in BODIES:
            response = visitor.generic("POST", url, body, content_type=content_type)
            page = assert_safe(response, f"{url} {content_type}")
            assert response.status_code == 400, (url, content_type)
            assert "root:" not in page
    assert _stored() == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_oversized_body_or_too_many_fields_is_a_400_page(urls, visitor, language):
    before = _stored()
    url = f"/{language}/newsletter/subscribe/"
    for body in (
        b"email=a%40example.org&name=" + b"x" * 3_000_000,
        b"&".join(b"f%d=1" % i for i in range(10_001)),
    ):
        response = visitor.generic(
            "POST", url, body, content_type="application/x-www-form-urlencoded"
        )
        page = assert_safe(response, url)
        assert response.status_code == 400
        assert _heading(page) == HEADINGS[400][language]
    assert _stored() == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_hostile_sign_up_values_get_the_form_again(urls, visitor, language):
    url = f"/{language}/newsletter/subscribe/"
    before = _stored()
    for email in ("a\x00@example.org", "x" * 10_000 + "@example.org", SCRIPT, RTL):
        response = visitor.post(url, {"email": email, "name": SCRIPT, "lists": "x"})
        assert_safe(response, url)
        assert response.status_code == 400
    assert _stored() == before


# --- Paths -------------------------------------------------------------------

BAD_PATHS = [
    "/fr/",
    "/xx/",
    "/fr/about/",
    "/zh-hans/search/?q=1",
    "/en/" + "a" * 4000 + "/",
    "/ko/" + "가" * 1000 + "/",
    "/en/%00/",
    "/en/about%00/",
    "/ko/%ff/",
    "/en/%ed%a0%80/",
    "/en/" + quote(SCRIPT) + "/",
    "/en/newsletter/confirm/%00/",
    "/ko/newsletter/unsubscribe/" + "x" * 3000 + "/",
    "/protected-media/../../etc/passwd",
    "/protected-media/%2e%2e/%2e%2e/manage.py",
    "/protected-media/originals/..%2f..%2fmanage.py",
    "/protected-media/%00",
    "/documents/1/../../manage.py",
    "/documents/99999999999999999999/x.pdf",
    "/documents/2147483648/x.pdf",
    "/documents/abc/x.pdf",
    "/media/../manage.py",
    "/media/%2e%2e/manage.py",
    "/static/../manage.py",
    "/donations/auto-debit/99999999999999999999/",
    "/donations/auto-debit/2147483648/",
    "/donations/thanks/not-a-uuid/",
    "/donations/monthly/cancel/%00/",
    "/donations/confirm-email/" + quote(SCRIPT) + "/",
]


def test_bad_paths_are_404s_that_leak_nothing(urls, visitor):
    for path in BAD_PATHS:
        response = visitor.get(path, follow=True)
        body = assert_safe(response, path)
        assert response.status_code in (400, 404), (path, response.status_code)
        for secret in ("root:x:", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"):
            assert secret not in body, path


@pytest.mark.parametrize("language", LANGUAGES)
def test_case_and_trailing_slash_variants(urls, visitor, language):
    about = f"/{language}/about"
    response = visitor.get(about)
    assert response.status_code == 301
    assert response["Location"] == about + "/"
    assert visitor.get(about + "/").status_code == 200
    for variant in (f"/{language.upper()}/about/", f"/{language}/ABOUT/"):
        response = visitor.get(variant, follow=True)
        assert_safe(response, variant)
        assert response.status_code == 404, variant
