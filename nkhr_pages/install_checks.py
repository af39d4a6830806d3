"""System checks: what nkhr_pages and its sub-apps need from a host project.

A host that misses a companion app, a setting or a URL include hears it from
``manage.py check`` (and ``migrate``, ``runserver``) in one line, instead of
from a traceback on a visitor's request. docs/apps.md is the same contract
written out for people.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.urls import NoReverseMatch, reverse

from .conf import DEFAULTS, setting

DOCS = "See docs/apps.md of the NKHR bundle."
IMAGE_MODEL = "nkhr_pages.ProtectedImage"
IMAGE_FORM = "nkhr_pages.forms.ProtectedImageForm"

# (app that needs it, companion, what it is needed for)
COMPANIONS: Sequence[tuple[str, str, str]] = (
    ("nkhr_pages", "wagtail_localize", "translatable page types"),
    (
        "nkhr_pages",
        "wagtail.contrib.settings",
        "the site settings",
    ),
    ("nkhr_pages", "wagtail.documents", "publication documents"),
    ("nkhr_pages", "wagtail.embeds", "embed blocks"),
    ("nkhr_pages", "wagtail.snippets", "outlets and publication topics"),
    ("nkhr_translation", "nkhr_pages", "the page types it translates"),
    ("nkhr_translation", "wagtail_localize", "the translation editor it guards"),
    ("nkhr_mailing", "nkhr_pages", "the newsletter issue pages it sends"),
)

# (app that reverses it, URL name, the include a host adds)
URLS: Sequence[tuple[str, str, str]] = (
    (
        "nkhr_pages",
        "nkhr_pages:publications_rss",
        'path("", include("nkhr_pages.urls"))',
    ),
    (
        "nkhr_mailing",
        "nkhr_mailing:subscribe",
        'path("newsletter/", include("nkhr_pages.mailing.urls"))',
    ),
)

RATE_LIMITS = ("NKHR_MAILING_SIGNUP_RATE_LIMIT", "NKHR_MAILING_CONFIRMATION_LIMIT")


def register_checks() -> None:
    """Called from the ``ready()`` of nkhr_pages and of each sub-app, so that a
    sub-app installed without nkhr_pages still hears about it (registering a
    check twice keeps one)."""
    register(check_companion_apps)
    register(check_image_model)
    register(check_rate_limits)
    register(check_urls, Tags.urls)


def _installed_labels() -> set[str]:
    return {config.label for config in apps.get_app_configs()}


def _installed(name: str) -> bool:
    return apps.is_installed(name) or name in _installed_labels()


def check_companion_apps(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Every companion app the installed apps of the bundle need."""
    labels = _installed_labels()
    messages: list[CheckMessage] = [
        Error(
            f"{needer} needs {companion!r} in INSTALLED_APPS ({purpose}).",
            hint=f"Add {companion!r} to INSTALLED_APPS. {DOCS}",
            id="nkhr_pages.E101",
        )
        for needer, companion, purpose in COMPANIONS
        if needer in labels and not _installed(companion)
    ]
    return messages + translation_order_errors(list(settings.INSTALLED_APPS))


def translation_order_errors(names: Sequence[str]) -> list[CheckMessage]:
    """``nkhr_pages.translation`` overrides wagtail-localize's views: above it."""
    if (
        "nkhr_pages.translation" in names
        and "wagtail_localize" in names
        and names.index("nkhr_pages.translation") > names.index("wagtail_localize")
    ):
        return [
            Error(
                "'nkhr_pages.translation' must come before 'wagtail_localize' in "
                "INSTALLED_APPS: it overrides wagtail-localize's views to guard them.",
                hint=f"Move it up. {DOCS}",
                id="nkhr_pages.E102",
            )
        ]
    return []


def check_image_model(app_configs=None, **kwargs) -> list[CheckMessage]:
    """The consent records of images only protect people through our image model."""
    messages: list[CheckMessage] = []
    if "nkhr_pages" not in _installed_labels():
        return messages
    if getattr(settings, "WAGTAILIMAGES_IMAGE_MODEL", "") != IMAGE_MODEL:
        messages.append(
            Error(
                f"nkhr_pages needs WAGTAILIMAGES_IMAGE_MODEL = {IMAGE_MODEL!r}: its "
                "pages and blocks only show images whose consent allows it, and "
                "that record lives on this image model.",
                hint=f"Set it before the first migrate. {DOCS}",
                id="nkhr_pages.E103",
            )
        )
    if getattr(settings, "WAGTAILIMAGES_IMAGE_FORM_BASE", "") != IMAGE_FORM:
        messages.append(
            Warning(
                f"WAGTAILIMAGES_IMAGE_FORM_BASE is not {IMAGE_FORM!r}: the image "
                "form will not ask for alt text and consent.",
                hint=f"Set it in the project's settings. {DOCS}",
                id="nkhr_pages.W101",
            )
        )
    return messages


def check_rate_limits(app_configs=None, **kwargs) -> list[CheckMessage]:
    """A malformed limit would fail every sign-up; say so before the first one."""
    if "nkhr_mailing" not in _installed_labels():
        return []
    return [
        Error(
            f"{name} must read 'COUNT/SECONDS' in whole numbers, e.g. "
            f"{DEFAULTS[name]!r}; it is {setting(name)!r}.",
            id="nkhr_pages.E104",
        )
        for name in RATE_LIMITS
        if not valid_rate_limit(setting(name))
    ]


def valid_rate_limit(value: object) -> bool:
    """``"10/600"``: a positive count per a positive number of seconds."""
    count, sep, seconds = str(value).partition("/")
    return bool(sep) and all(
        part.isdigit() and int(part) > 0 for part in (count, seconds)
    )


def check_urls(app_configs=None, **kwargs) -> list[CheckMessage]:
    """The URLs the templates and emails reverse, included by the host."""
    labels = _installed_labels()
    messages: list[CheckMessage] = []
    for needer, name, include in URLS:
        if needer not in labels:
            continue
        try:
            reverse(name)
        except NoReverseMatch:
            messages.append(
                Error(
                    f"{needer} links to its URL {name!r}, which the project's "
                    "URLconf does not include.",
                    hint=f"Add {include} to the project's urlpatterns. {DOCS}",
                    id="nkhr_pages.E105",
                )
            )
    return messages
