"""Every setting nkhr_pages and its sub-apps (``nkhr_pages.translation``,
``nkhr_pages.mailing``) read, with the app's default.

The apps plug into any Wagtail project, so a project that sets none of these
still works. Django's and Wagtail's own settings that always have a value
(``LANGUAGES``, ``DEFAULT_FROM_EMAIL``...) are read directly and not listed.
docs/apps.md lists these for the people who install the apps.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # The layout the public templates extend.
    "NKHR_BASE_TEMPLATE": "base.html",
    # Scheme and host of links in notices and emails (Wagtail's own setting,
    # which Wagtail leaves undefined).
    "WAGTAILADMIN_BASE_URL": "",
    # Full-page cache (PageCacheMiddleware, when the project adds it).
    "NKHR_PAGE_CACHE_ENABLED": True,
    "NKHR_PAGE_CACHE_SECONDS": 24 * 60 * 60,
    "NKHR_PAGE_CACHE_ALIAS": "default",
    "NKHR_PAGE_CACHE_GENERATION_SECONDS": 1.0,
    "NKHR_PAGE_CACHE_LOCAL_ENTRIES": 200,
    "NKHR_PAGE_CACHE_EXCLUDED_PATHS": ("/admin/", "/django-admin/"),
    "NKHR_PAGE_CACHE_URL_NAMES": ("wagtail_serve",),
    # Newsletter mailing: links in emails, confirmation lifetime, rate limits
    # ("COUNT/SECONDS"): sign-ups per client address, confirmation emails per
    # email address.
    "NKHR_MAILING_BASE_URL": "",
    "NKHR_MAILING_CONFIRM_MAX_AGE": 7 * 24 * 3600,
    "NKHR_MAILING_SIGNUP_RATE_LIMIT": "30/600",
    "NKHR_MAILING_CONFIRMATION_LIMIT": "3/86400",
}


def setting(name: str) -> Any:
    """The project's value of ``name``, or the app's default when it has none."""
    return getattr(settings, name, DEFAULTS[name])


def language_choices() -> list[tuple[str, str]]:
    """``LANGUAGES`` as model field choices, read when a form needs them.

    A callable, so that migrations name this function instead of copying the
    list: a host with other languages must not see a change to our models.
    """
    return list(settings.LANGUAGES)


def layout_context() -> dict[str, str]:
    """What every public template needs to extend the host's layout."""
    return {"base_template": setting("NKHR_BASE_TEMPLATE")}
