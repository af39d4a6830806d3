"""Local development and the demo of scripts/serve: everything embedded.

Debug is on unless ``DEBUG=0`` (scripts/serve turns it off, so that the demo shows
visitors the site's own 404 and 500 pages, never a traceback)."""

from .base import *  # noqa: F403
from .base import ENV, env_bool

DEBUG = env_bool(ENV, "DEBUG", default=True)
SERVE_MEDIA = True
SECRET_KEY = ENV.get("SECRET_KEY", "django-insecure-dev-only-key-not-for-production")
ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Search index updates run inline: no task worker needed while developing.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
