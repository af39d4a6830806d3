from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NKHRPagesConfig(AppConfig):
    name = "nkhr_pages"
    label = "nkhr_pages"
    verbose_name = _("NKHR pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
        from .covers import connect_signals as connect_cover_signals
        from .document_text import connect_signals as connect_document_signals
        from .install_checks import register_checks
        from .media_access import connect_signals as connect_media_signals
        from .page_cache import connect_signals

        register_checks()

        # Canonical, hreflang and sitemap URLs use the public address, not localhost.
        from django.db.models.signals import post_migrate

        from .site_url import align_after_migrate

        post_migrate.connect(align_after_migrate, sender=self)

        # Publishing, moving or deleting content retires cached pages and menus.
        connect_signals()
        # Flagging an image moves its files out of public media.
        connect_media_signals()
        # Saving a document reads its text (search finds what is inside PDFs).
        connect_document_signals()
        # Publishing a publication with a PDF draws its cover from the first page.
        connect_cover_signals()
        # Front-end cache purges do not wait behind bulk tasks (purge_queue.py).
        from .purge_queue import route_purges

        route_purges()
        # Wagtail's own CSV exports (Site history, Aging pages...) escape
        # formula-looking cells like the project's (csv_export.py).
        from .csv_export import escape_wagtail_csv_exports

        escape_wagtail_csv_exports()

    def load_demo_content(self, out) -> None:
        """Build the core site (home, About) and the content areas; called by
        ``load_demo_content``."""
        from .demo import load_core_pages
        from .demo_content import load_content

        load_core_pages(out)
        load_content(out)

    def finish_demo_content(self, out) -> None:
        """Point the layout's Donate and Newsletter links at the demo's pages."""
        from .demo import ensure_calls_to_action

        ensure_calls_to_action(out)
