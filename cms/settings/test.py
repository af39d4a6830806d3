"""Test settings: fast hashing, in-memory mail unless a test points at a server."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import ENV

DEBUG = False
SECRET_KEY = "test-only-secret-key-with-enough-length-to-be-accepted-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# scripts/test runs the database passes side by side: each names its own media
# directories so that one pass's uploads and clean-ups never meet the other's.
_TEST_MEDIA = Path(ENV.get("NKHR_TEST_MEDIA_DIR", BASE_DIR / ".run"))  # noqa: F405
MEDIA_ROOT = _TEST_MEDIA / "test-media"
NKHR_PROTECTED_MEDIA_ROOT = _TEST_MEDIA / "test-protected-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Index updates run inline in tests so that search assertions see them at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if ENV.get("DATABASE_URL", "").startswith("postgres"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Parallel runs (several developers or CI jobs) may share one PostgreSQL server.
DATABASES["default"].setdefault("TEST", {})  # noqa: F405
if "postgresql" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    DATABASES["default"]["TEST"]["NAME"] = (  # noqa: F405
        f"test_nkhr_{ENV.get('NKHR_TEST_DB_SUFFIX', os.getpid())}"
    )
# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# --- Public site ---
# Off by default so that tests which change content without publishing see the
# change; tests/nkhr_pages/test_page_cache.py switches it on.
NKHR_PAGE_CACHE_ENABLED = False
