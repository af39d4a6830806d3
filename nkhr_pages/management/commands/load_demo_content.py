"""Build the bilingual demo site. Each installed app that wants demo content
defines ``load_demo_content(out)`` on its AppConfig; apps run in INSTALLED_APPS
order, so the page tree exists before apps that hang pages on it. Then each
``finish_demo_content(out)`` runs, for steps that need every app's pages (such
as pointing the layout's calls to action at them)."""

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the NKHR demo content in English and Korean (safe to run again)."

    def handle(self, *args, **options):
        for app_config in apps.get_app_configs():
            loader = getattr(app_config, "load_demo_content", None)
            if callable(loader):
                self.stdout.write(f"{app_config.verbose_name}:")
                loader(self.stdout)
        for app_config in apps.get_app_configs():
            finisher = getattr(app_config, "finish_demo_content", None)
            if callable(finisher):
                finisher(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
