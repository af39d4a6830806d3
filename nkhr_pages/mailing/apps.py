from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterMailingConfig(AppConfig):
    """Subscribers, lists and the send log of the newsletters."""

    name = "nkhr_pages.mailing"
    label = "nkhr_mailing"
    verbose_name = _("Newsletter mailing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nkhr_pages.install_checks import register_checks

        register_checks()
