"""The production settings, plus the public uploads (MEDIA_ROOT) served by Django
itself, as a web server in front of the site serves them in production: without
them every image of the benchmark's pages was a 404 (a broken image, its alt
text in its place), so Lighthouse measured neither the images' bytes nor their
layout. ``run.production_env`` selects this module."""

from cms.settings.production import *  # noqa: F403

SERVE_MEDIA = True
