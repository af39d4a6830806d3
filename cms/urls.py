"""Root URLs: the only place that knows every app of the bundle."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from cms.health import health
from nkhr_pages.sitemaps import LocalizedSitemap

# A database outage answers 503 "temporarily unavailable"; other errors 500.
handler500 = "cms.errors.handle_server_error"
# A short page in the visitor's language instead of Django's bare English one.
handler400 = "cms.errors.bad_request"
handler403 = "cms.errors.permission_denied"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view, GET/HEAD only, with Cache-Control.
    path("documents/", include("nkhr_pages.document_urls")),
    # Files of protected images and documents: checked on every request.
    path("protected-media/", include("nkhr_pages.media_urls")),
    path(
        "sitemap.xml",
        require_safe(sitemap),  # Wagtail's view takes any method
        {"sitemaps": {"pages": LocalizedSitemap}},
        name="sitemap",
    ),
    path("donations/", include("nkhr_donations.urls")),
    # For load balancers and monitoring: JSON, 200 or 503, never cached.
    path("health/", health, name="health"),
]

urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("search/", include("search.urls")),
    path("newsletter/", include("nkhr_pages.mailing.urls")),
    path("", include("nkhr_pages.urls")),
    # Wagtail's page serving catches everything else, so it comes last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# Public uploads (MEDIA_ROOT), served by Django itself only where no web server
# does it: while developing and in the demo of scripts/serve (which runs with
# DEBUG off, so visitors get the site's own error pages). Protected files are
# not under MEDIA_ROOT: only protected-media/ above hands them out. Static files
# are WhiteNoise's in every setting.
if getattr(settings, "SERVE_MEDIA", False):
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns = [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
        *urlpatterns,
    ]
