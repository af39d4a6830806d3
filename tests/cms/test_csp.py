"""The Content-Security-Policy header (cms/csp.py) and the inline-free site
templates it relies on. The browser tests (tests/browser/test_csp.py) show
that Chromium refuses nothing under it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory
from django.views.defaults import server_error

from cms.csp import HEADER, ContentSecurityPolicyMiddleware

ROOT = Path(__file__).resolve().parents[2]
# Admin-side and e-mail templates are not served under the public policy.
PUBLIC_TEMPLATES = [
    path
    for folder in ("templates", "nkhr_pages", "nkhr_donations", "search")
    for path in (ROOT / folder).rglob("*.html")
    if "/templates/" in f"/{path.relative_to(ROOT)}"
    and not {"admin", "email", "translation", "wagtailadmin"} & set(path.parts)
]
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE
)


def test_public_pages_and_errors_carry_the_strict_policy(client, home_pages):
    for url, status in (("/en/", 200), ("/ko/", 200), ("/en/nothing-here/", 404)):
        response = client.get(url)
        assert response.status_code == status
        policy = response[HEADER]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'self'" in policy
        assert "object-src 'none'" in policy
        assert "base-uri 'self'" in policy
        assert "unsafe-inline" not in policy


def test_cache_hits_carry_it_too(client, home_pages, settings):
    settings.NKHR_PAGE_CACHE_ENABLED = True
    client.get("/en/")
    hit = client.get("/en/")
    assert hit["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in hit[HEADER]


def test_server_errors_carry_it():
    handler = ContentSecurityPolicyMiddleware(server_error)
    response = handler(RequestFactory().get("/en/broken/"))
    assert response.status_code == 500
    assert "default-src 'self'" in response[HEADER]


def test_the_admin_gets_its_own_policy(admin_client):
    policy = admin_client.get("/admin/")[HEADER]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy


@pytest.mark.parametrize(
    "response",
    [JsonResponse({"results": []}), HttpResponse(b"%PDF", "application/pdf")],
)
def test_only_html_gets_a_policy(response):
    handler = ContentSecurityPolicyMiddleware(lambda request: response)
    assert HEADER not in handler(RequestFactory().get("/en/search/suggest/"))


def test_a_policy_set_by_a_view_is_kept():
    own = HttpResponse("x")
    own[HEADER] = "default-src 'none'"
    handler = ContentSecurityPolicyMiddleware(lambda request: own)
    assert handler(RequestFactory().get("/en/"))[HEADER] == "default-src 'none'"


def test_site_templates_have_no_inline_script_style_or_handlers():
    assert len(PUBLIC_TEMPLATES) > 20
    found = {
        str(path.relative_to(ROOT)): INLINE.findall(path.read_text(encoding="utf-8"))
        for path in PUBLIC_TEMPLATES
    }
    assert {path: hits for path, hits in found.items() if hits} == {}
