"""Put every image, rendition and document file where the consent rules say.

Files of images flagged "do not identify" or with a consent end date, and every
document, go to the protected root; other images' files to public media. Safe to
run at any time and as often as wanted (operators run it daily from cron): it is
the safety net for changes made without a save (bulk updates, restored backups,
an interrupted move). Expiry itself needs no run: it is checked on each request.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from nkhr_pages.media_access import reconcile_media_files
from nkhr_pages.page_cache import bump_generation
from nkhr_pages.storage import consent_aware_storage


class Command(BaseCommand):
    help = "Move protected image and document files out of public media."

    def handle(self, *args, **options):
        storage = consent_aware_storage()
        if storage is None:
            raise CommandError(
                _(
                    "The default storage is not nkhr_pages.storage."
                    "ConsentAwareStorage: protected files cannot be kept apart."
                )
            )
        image_model = get_image_model()
        result = reconcile_media_files(
            storage,
            image_model.objects.all(),
            image_model.get_rendition_model().objects.all(),
            get_document_model().objects.values_list("file", flat=True).iterator(),
        )
        if result.moved:
            bump_generation()  # cached pages name the files at their old URLs
        self.stdout.write(
            _("Moved %(protected)d file(s) to protected media, %(public)d to public.")
            % {"protected": result.protected, "public": result.unprotected}
        )
