"""The default Wagtail Site's address follows ``WAGTAILADMIN_BASE_URL``.

Canonical links, ``hreflang`` alternates, OpenGraph URLs and the sitemap are built
from the Site record's host name and port. Wagtail creates that record as
``localhost:80``, so a site deployed without touching it announced itself as
``http://localhost/``. ``WAGTAILADMIN_BASE_URL`` (required in production) is the
public address, so the record is aligned with it after every ``migrate``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def host_and_port(base_url: str) -> tuple[str, int]:
    """``("nkhr.or.kr", 443)`` for ``https://nkhr.or.kr``; Wagtail writes
    ``https://`` exactly when the port is 443."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"WAGTAILADMIN_BASE_URL {base_url!r} is not an http(s) address."
        )
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def align_default_site(base_url: str | None = None) -> bool:
    """Give the default Site the host name and port of ``base_url`` (default
    ``WAGTAILADMIN_BASE_URL``); True when it changed. No Site, no change."""
    from wagtail.models import Site

    base_url = base_url or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if not base_url:
        return False
    hostname, port = host_and_port(base_url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def align_after_migrate(sender, using="default", **kwargs) -> None:
    """``post_migrate`` receiver (connected once, for this app)."""
    if using == "default":
        align_default_site()
