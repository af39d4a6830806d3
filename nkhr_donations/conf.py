"""Every setting nkhr_donations reads, with the app's default.

The app plugs into any Wagtail project, so a project that sets none of these
still works: card payments are off without a Stripe key, webhooks are refused
without a signing secret, national ID numbers are not accepted without an
encryption key. docs/apps.md lists them for the people who install the app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Stripe Checkout: an empty key turns card payments off.
    "STRIPE_SECRET_KEY": "",
    "STRIPE_WEBHOOK_SECRET": "",
    # Another API address (stripe-mock in tests); empty means Stripe's own.
    "STRIPE_API_BASE": "",
    # PortOne V2 (Korean cards and easy pay): an empty secret turns it off.
    "PORTONE_API_SECRET": "",
    "PORTONE_STORE_ID": "",
    # Channel keys from PortOne's console: one-time card, easy pay, billing key.
    "PORTONE_CHANNEL_KEY_CARD": "",
    "PORTONE_CHANNEL_KEY_EASY_PAY": "",
    "PORTONE_CHANNEL_KEY_BILLING": "",
    # Standard Webhooks secret (whsec_...) of the PortOne webhook.
    "PORTONE_WEBHOOK_SECRET": "",
    # Another API address (Prism in tests); empty means PortOne's own.
    "PORTONE_API_BASE": "",
    # Fernet key(s), comma-separated, newest first; empty: IDs are not accepted.
    "DONATIONS_ENCRYPTION_KEY": "",
    # Seconds the link that confirms a donor's email address stays valid
    # (like NKHR_MAILING_CONFIRM_MAX_AGE for newsletters).
    "DONATIONS_CONFIRM_MAX_AGE": 7 * 24 * 3600,
    # Checkout attempts per client address: "COUNT/SECONDS".
    "DONATIONS_CHECKOUT_RATE_LIMIT": "10/600",
    # CMS auto-debit pledges (자동이체): off until the organisation has a
    # contract with a CMS agency (and an encryption key for account numbers).
    "DONATIONS_CMS_ENABLED": False,
    # The agency's file layout (a module of nkhr_donations.debit_agencies).
    "DONATIONS_DEBIT_AGENCY": "nkhr-fixed-v1",
    # The organisation's code at the agency (이용기관 코드), printed in its files.
    "DONATIONS_CMS_INSTITUTION_CODE": "",
    # The statutory receipt's issuer details that the seeds do not give: the
    # registration number (고유번호), the legal basis of the deduction and the
    # donation type code of the form. Empty values print as empty boxes.
    "DONATIONS_RECEIPT_ISSUER": {},
    # Scheme and host for links in receipts and emails (Wagtail's own setting).
    "WAGTAILADMIN_BASE_URL": "",
    # The layout the donor-facing templates extend.
    "NKHR_BASE_TEMPLATE": "base.html",
}


def setting(name: str) -> Any:
    """The project's value of ``name``, or the app's default when it has none."""
    return getattr(settings, name, DEFAULTS[name])


def default_language() -> str:
    """The site's language, as the default of a donation's language.

    A callable, so that migrations name this function instead of copying the
    project's ``LANGUAGE_CODE``: another host must not see a model change.
    """
    return settings.LANGUAGE_CODE


def layout_context() -> dict[str, str]:
    """What every donor-facing template needs to extend the host's layout."""
    return {"base_template": setting("NKHR_BASE_TEMPLATE")}
