from django.core.management.base import BaseCommand

from nkhr_pages.translation.roles import ensure_translation_roles


class Command(BaseCommand):
    help = (
        "Create or update the Editors, translators and Reviewers groups and the "
        "'Translation review' workflow on the translated home pages (safe to rerun)."
    )

    def handle(self, *args, **options):
        ensure_translation_roles(self.stdout)
        self.stdout.write(self.style.SUCCESS("Translation roles are in place."))
