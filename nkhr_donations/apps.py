from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "nkhr_donations"
    label = "nkhr_donations"
    verbose_name = _("Donations")
    default_auto_field = "django.db.models.BigAutoField"
