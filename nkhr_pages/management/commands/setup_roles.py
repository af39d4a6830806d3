"""Create or bring up to date every staff role (Django groups) the installed
apps define. Each app that has roles defines ``setup_roles(out)`` on its
AppConfig (the translation app: Editors, translators per language, Reviewers;
the donations app: Finance). Safe to run again."""

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create or update the staff roles: Editors, a translators group per "
        "language, Reviewers and Finance (safe to run again)."
    )

    def handle(self, *args, **options):
        for app_config in apps.get_app_configs():
            setup = getattr(app_config, "setup_roles", None)
            if callable(setup):
                self.stdout.write(f"{app_config.verbose_name}:")
                setup(self.stdout)
        self.stdout.write(self.style.SUCCESS("Roles are in place."))
