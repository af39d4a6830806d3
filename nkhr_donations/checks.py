"""System checks: what nkhr_donations needs from the project.

A host that misses a companion app, a URL include or writes a malformed
setting hears it from ``manage.py check`` (and ``migrate``, ``runserver``),
not from a traceback on a donor's request. docs/apps.md writes the same
contract out for people.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import apps
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.urls import NoReverseMatch, reverse

from .conf import DEFAULTS, setting

DOCS = "See docs/apps.md of the NKHR bundle."

# (companion, what it is needed for)
COMPANIONS: Sequence[tuple[str, str]] = (
    ("wagtail.snippets", "bank accounts and other ways to give"),
    ("wagtail.admin", "the donations list and the Finance report"),
)


def register_checks() -> None:
    register(check_companion_apps)
    register(check_settings)
    register(check_urls, Tags.urls)


def check_companion_apps(app_configs=None, **kwargs) -> list[CheckMessage]:
    return [
        Error(
            f"nkhr_donations needs {name!r} in INSTALLED_APPS ({purpose}).",
            hint=f"Add {name!r} to INSTALLED_APPS. {DOCS}",
            id="nkhr_donations.E001",
        )
        for name, purpose in COMPANIONS
        if not apps.is_installed(name)
    ]


def valid_rate_limit(value: object) -> bool:
    """``"10/600"``: a positive count per a positive number of seconds."""
    count, sep, seconds = str(value).partition("/")
    return bool(sep) and all(
        part.isdigit() and int(part) > 0 for part in (count, seconds)
    )


def check_settings(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Settings that would fail a donor's request; missing ones are fine."""
    messages: list[CheckMessage] = []
    limit = setting("DONATIONS_CHECKOUT_RATE_LIMIT")
    if not valid_rate_limit(limit):
        messages.append(
            Error(
                "DONATIONS_CHECKOUT_RATE_LIMIT must read 'COUNT/SECONDS' in whole "
                f"numbers, e.g. {DEFAULTS['DONATIONS_CHECKOUT_RATE_LIMIT']!r}; "
                f"it is {limit!r}.",
                id="nkhr_donations.E002",
            )
        )
    if setting("STRIPE_SECRET_KEY") and not setting("STRIPE_WEBHOOK_SECRET"):
        messages.append(
            Warning(
                "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: card "
                "gifts will start but never be confirmed, nor receipts sent.",
                hint=f"Set the webhook endpoint's signing secret. {DOCS}",
                id="nkhr_donations.W001",
            )
        )
    if setting("PORTONE_API_SECRET") and not setting("PORTONE_WEBHOOK_SECRET"):
        messages.append(
            Warning(
                "PORTONE_API_SECRET is set but PORTONE_WEBHOOK_SECRET is not: a "
                "payment whose donor does not come back to the site is never "
                "confirmed, nor a refund made in PortOne's console recorded.",
                hint=f"Set the PortOne webhook's secret (whsec_...). {DOCS}",
                id="nkhr_donations.W002",
            )
        )
    return messages


def check_urls(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Checkout sends donors back to the thank-you URL: it must be included."""
    try:
        reverse("nkhr_donations:stripe_webhook")
    except NoReverseMatch:
        return [
            Error(
                "nkhr_donations sends donors and Stripe to its own URLs, which the "
                "project's URLconf does not include.",
                hint=(
                    'Add path("donations/", include("nkhr_donations.urls")) to '
                    f"the project's urlpatterns. {DOCS}"
                ),
                id="nkhr_donations.E003",
            )
        ]
    return []
