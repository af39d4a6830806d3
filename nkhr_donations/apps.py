from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "nkhr_donations"
    label = "nkhr_donations"
    verbose_name = _("Donations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .checks import register_checks

        register_checks()

    def load_demo_content(self, out) -> None:
        """A bilingual donation page, the bank accounts and the external options."""
        from .demo import load_demo_donations

        load_demo_donations(out)
