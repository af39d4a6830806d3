"""Public page links in the mail to staff.

Wagtail's workflow emails ("approved") link a page by ``page.full_url``, built
on the Site record's host name. The demo and a fresh install leave that at
``localhost``, so reviewers' and translators' emails pointed at
``http://localhost/...``. A Site with a real host keeps its own address; a
loopback one gives way to WAGTAILADMIN_BASE_URL, the site's public address
(required in production).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.models import Page

from nkhr_pages.conf import setting

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})  # noqa: S104


def is_local_address(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost")


def page_url_for_mail(page: Page) -> str:
    """The page's public address, for an email read away from the server."""
    url_parts = page.get_url_parts()
    if url_parts is None:
        return ""
    _site_id, root_url, path = url_parts
    if path is None:
        return ""
    if root_url and not is_local_address(root_url):
        return f"{root_url}{path}"
    return f"{setting('WAGTAILADMIN_BASE_URL').rstrip('/')}{path}"
