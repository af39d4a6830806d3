from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NKHRPagesConfig(AppConfig):
    name = "nkhr_pages"
    label = "nkhr_pages"
    verbose_name = _("NKHR pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .page_cache import connect_signals

        # Publishing, moving or deleting content retires cached pages and menus.
        connect_signals()

    def load_demo_content(self, out) -> None:
        """Build the core site (home, About); called by ``load_demo_content``."""
        from .demo import load_core_pages

        load_core_pages(out)
