"""Settings shared by every environment. Values that differ per deployment come
from the environment (see ``environment.py``) with embedded defaults that need
no services: SQLite, Wagtail's database search, console email, memory cache."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .environment import (
    cache_from_env,
    database_from_env,
    email_from_env,
    env_bool,
    env_list,
    env_networks,
    frontend_cache_from_env,
    search_backends_from_env,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
ENV = os.environ

SECRET_KEY = ENV.get("SECRET_KEY", "")
DEBUG = env_bool(ENV, "DEBUG", default=False)
ALLOWED_HOSTS = env_list(ENV, "ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env_list(ENV, "CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The bundle: each app plugs in on its own; only this project knows them all.
    "nkhr_pages",
    "nkhr_pages.translation",  # before wagtail_localize: it guards its views
    "nkhr_pages.mailing",  # label nkhr_mailing: newsletter subscriptions and sends
    "nkhr_donations",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(ENV, default_sqlite=BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_env(ENV)}

vars().update(email_from_env(ENV))
DEFAULT_FROM_EMAIL = ENV.get("DEFAULT_FROM_EMAIL", "NKHR <nkhr@nkhr.or.kr>")
SERVER_EMAIL = ENV.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the source language, Korean its translation.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(ENV.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(ENV.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Files of images that must not be shown to everyone (do not identify, or consent
# with an end date) and every document: outside MEDIA_ROOT, so no web server
# serves them; Django hands them out after checking (docs/content.md).
NKHR_PROTECTED_MEDIA_ROOT = Path(
    ENV.get("PROTECTED_MEDIA_ROOT", BASE_DIR / "protected_media")
)
STORAGES = {
    "default": {"BACKEND": "nkhr_pages.storage.ConsentAwareStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "NKHR"
# The admin calls nobody outside: no version check against releases.wagtail.org,
# no avatars from gravatar.com (editors upload their own in their account).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = ENV.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = search_backends_from_env(ENV)
WAGTAILIMAGES_IMAGE_MODEL = "nkhr_pages.ProtectedImage"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Documents are fetched through Wagtail's view (/documents/<id>/<name>), which
# refuses anonymous visitors unless a public live page uses the document.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Machine translation: DeepL when a key is configured, otherwise none.
if ENV.get("DEEPL_API_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": ENV["DEEPL_API_KEY"]},
    }

# Payments (Stripe Checkout); empty keys disable card payments.
STRIPE_SECRET_KEY = ENV.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = ENV.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = ENV.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = ENV.get("STRIPE_API_BASE", "")  # stripe-mock in tests
# PortOne V2 (Korean cards, easy pay, monthly billing keys); empty secret: off.
PORTONE_API_SECRET = ENV.get("PORTONE_API_SECRET", "")
PORTONE_STORE_ID = ENV.get("PORTONE_STORE_ID", "")
PORTONE_CHANNEL_KEY_CARD = ENV.get("PORTONE_CHANNEL_KEY_CARD", "")
PORTONE_CHANNEL_KEY_EASY_PAY = ENV.get("PORTONE_CHANNEL_KEY_EASY_PAY", "")
PORTONE_CHANNEL_KEY_BILLING = ENV.get("PORTONE_CHANNEL_KEY_BILLING", "")
PORTONE_WEBHOOK_SECRET = ENV.get("PORTONE_WEBHOOK_SECRET", "")
PORTONE_API_BASE = ENV.get("PORTONE_API_BASE", "")  # Prism in tests

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": ENV.get("LOG_LEVEL", "WARNING")},
}

# --- Pages (nkhr_pages) ---
# The admin image form requires alt text (see nkhr_pages/models/images.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "nkhr_pages.forms.ProtectedImageForm"

# --- Donations ---
# Fernet key(s) for national ID numbers, comma-separated, newest first
# (docs/donations.md: generating and rotating). Empty: the numbers are not accepted.
DONATIONS_ENCRYPTION_KEY = ENV.get("DONATIONS_ENCRYPTION_KEY", "")
# Checkout attempts per client address: "COUNT/SECONDS".
DONATIONS_CHECKOUT_RATE_LIMIT = ENV.get("DONATIONS_CHECKOUT_RATE_LIMIT", "10/600")

# --- Translation workflow (nkhr_pages.translation) ---
# New translations start as drafts: they go live through the review workflow.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Public site: full-page cache and front-end (CDN) cache purge ---
# Right after WhiteNoise, so that a cache hit skips sessions, locale and CSRF.
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "nkhr_pages.page_cache.PageCacheMiddleware",
)
NKHR_PAGE_CACHE_ENABLED = env_bool(ENV, "PAGE_CACHE", default=True)
NKHR_PAGE_CACHE_SECONDS = int(ENV.get("PAGE_CACHE_SECONDS", 24 * 60 * 60))
# Never through the page cache: the health check (cms/health.py) must answer, and
# report the cache as down, even when the cache server is not there.
NKHR_PAGE_CACHE_EXCLUDED_PATHS = ("/admin/", "/django-admin/", "/health/")
WAGTAILFRONTENDCACHE = frontend_cache_from_env(ENV)
# Hashed static files are cached for a year by WhiteNoise; others for a day.
WHITENOISE_MAX_AGE = 24 * 60 * 60

# --- The visitor's address behind the site's own proxies (cms/proxy.py) ---
# Addresses or networks of Varnish, HAProxy and nginx, comma-separated, e.g.
# TRUSTED_PROXIES=127.0.0.1; empty: REMOTE_ADDR is the visitor's (no proxy).
TRUSTED_PROXIES = env_networks(ENV, "TRUSTED_PROXIES")
MIDDLEWARE.insert(0, "cms.proxy.TrustedProxyMiddleware")

# --- Content-Security-Policy (cms/csp.py, docs/security.md) ---
# Outside the page cache, so that cache hits and error pages carry it too.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "cms.csp.ContentSecurityPolicyMiddleware",
)
# Public pages load nothing from other sites and have no inline script or style.
CSP_PUBLIC = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    # The donation form's POST answers with a redirect to Stripe's hosted
    # Checkout, and Chromium applies form-action to that redirect as well.
    "form-action": ["'self'", "https://checkout.stripe.com"],
    "frame-ancestors": ["'self'"],
}
# Wagtail's admin runs inline scripts and styles (widgets, inline panels) and
# shows previews of uploads (blob:, data:) and of embeds (their thumbnails).
CSP_ADMIN = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CSP_ADMIN_PATHS = ("/admin/",)

# --- Error pages (cms/errors.py) ---
# A failed CSRF check and a 405 show a page in the visitor's language; outside
# the page cache, inside the Content-Security-Policy.
CSRF_FAILURE_VIEW = "cms.errors.csrf_failure"
MIDDLEWARE.insert(
    MIDDLEWARE.index("cms.csp.ContentSecurityPolicyMiddleware") + 1,
    "cms.errors.ErrorPageMiddleware",
)

# --- Search: index updates as background tasks ---
# Wagtail hands index updates on publish to django-tasks. Deployments queue them
# in the database and run ``python manage.py db_worker`` next to the web server,
# so publishing never waits for the search engine. dev.py and test.py run tasks
# inline (no worker to start).
INSTALLED_APPS += ["django_tasks_db"]
# Front-end cache purges have their own queue and worker (nkhr_pages/purge_queue.py,
# nkhr-purge-worker.service): a publish is visible through Varnish at once, even
# when the default queue is far behind with index updates.
NKHR_FRONTEND_CACHE_QUEUE = "frontend_cache"
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", NKHR_FRONTEND_CACHE_QUEUE],
    }
}
