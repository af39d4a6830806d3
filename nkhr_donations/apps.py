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

    def setup_roles(self, out) -> None:
        """The Finance group (nkhr_pages' setup_roles command)."""
        from django.contrib.auth.models import Group, Permission
        from django.contrib.contenttypes.models import ContentType

        from .permissions import FINANCE_GROUP, ensure_finance_group

        ensure_finance_group(Group, Permission, ContentType)
        out.write(f"  {FINANCE_GROUP}: donations and donors' personal data\n")

    def role_descriptions(self) -> list[tuple[str, str]]:
        from .permissions import FINANCE_GROUP

        return [
            (
                FINANCE_GROUP,
                _(
                    "Sees the donations and donors' personal data, marks bank "
                    "transfers as received and issues receipts. No rights on pages."
                ),
            )
        ]
