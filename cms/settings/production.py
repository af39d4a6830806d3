"""Production: no insecure defaults; secrets and hosts come from the environment."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, ENV, SECRET_KEY
from .environment import env_bool

DEBUG = False

if not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in "
        "production (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the site's host names in production "
        "(comma-separated, e.g. ALLOWED_HOSTS=nkhr.or.kr,www.nkhr.or.kr)."
    )
# Links in the mail to staff (workflow and translation notices) are built on
# it; without it they pointed at the dev server, http://127.0.0.1:8000/admin/.
# A loopback host (http://localhost, http://127.0.0.1:8000) is refused too: the
# mail is read on other machines. Page links in that mail use it as well when
# the Site record's host is a loopback one (nkhr_pages.translation.mail_links).
WAGTAILADMIN_BASE_URL = ENV.get("WAGTAILADMIN_BASE_URL", "").strip().rstrip("/")
_base_host = (urlsplit(WAGTAILADMIN_BASE_URL).hostname or "").lower()
if (
    not WAGTAILADMIN_BASE_URL.startswith(("https://", "http://"))
    or _base_host in {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104
    or _base_host.endswith(".localhost")
):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be the site's public address in production, "
        "e.g. WAGTAILADMIN_BASE_URL=https://nkhr.or.kr (links in staff emails)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool(ENV, "SECURE_SSL_REDIRECT", default=True)
# A load balancer probes the web server itself over plain HTTP: no redirect.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(ENV.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's live preview shows the page in a same-origin iframe, so DENY would
# break editing; SAMEORIGIN still stops other sites from framing us.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
