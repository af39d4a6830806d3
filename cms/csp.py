"""Content-Security-Policy on every HTML response (Django 5.2 has none built in).

The public site loads nothing from other sites and has no inline script, style
or event handler, so its policy allows the site's own origin only, without
'unsafe-inline' and without nonces: a nonce differs per response, and the
full-page cache replays the same bytes to many visitors. The Wagtail admin runs
inline scripts (date pickers, inline panels) and inline styles, so paths under
``CSP_ADMIN_PATHS`` get the looser ``CSP_ADMIN`` policy.

Policies are settings (``CSP_PUBLIC``, ``CSP_ADMIN``): directive -> sources, in
the shape of Django 6.0's ``SECURE_CSP``, so moving to Django's middleware later
is a change of settings names. A response that already has the header keeps it.
It sits in the project because the policy is the sum of what every app needs
(the donation form posts on to Stripe Checkout, the admin is Wagtail's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

HEADER = "Content-Security-Policy"
Policy = Mapping[str, Sequence[str]]


def policy_header(policy: Policy) -> str:
    """``{"default-src": ["'self'"]}`` -> ``"default-src 'self'"``."""
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in policy.items()
    )


class ContentSecurityPolicyMiddleware:
    """Adds the public or the admin policy to HTML responses.

    Place it near the top of MIDDLEWARE (before the page cache), so that cache
    hits and error pages get the header as well.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if HEADER in response or not self._is_html(response):
            return response
        if settings.DEBUG and response.status_code >= 400:
            return response  # Django's technical error pages are all inline
        admin_paths = tuple(getattr(settings, "CSP_ADMIN_PATHS", ("/admin/",)))
        admin = request.path.startswith(admin_paths)
        response[HEADER] = policy_header(
            settings.CSP_ADMIN if admin else settings.CSP_PUBLIC
        )
        return response

    @staticmethod
    def _is_html(response: HttpResponseBase) -> bool:
        return response.get("Content-Type", "").startswith("text/html")
