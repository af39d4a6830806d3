"""Re-encrypt national ID numbers with the newest DONATIONS_ENCRYPTION_KEY."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from nkhr_donations import crypto
from nkhr_donations.exceptions import EncryptionNotConfigured
from nkhr_donations.models import Donation


class Command(BaseCommand):
    help = (
        "Re-encrypt stored national ID numbers with the first key in "
        "DONATIONS_ENCRYPTION_KEY (keep the old key after it until this has run)."
    )

    def handle(self, *args, **options):
        rotated = 0
        try:
            with transaction.atomic():
                for donation in (
                    Donation.objects.select_for_update()
                    .exclude(national_id_ciphertext="")
                    .only("pk", "national_id_ciphertext")
                ):
                    donation.national_id_ciphertext = crypto.rotate(
                        donation.national_id_ciphertext
                    )
                    donation.save(update_fields=["national_id_ciphertext"])
                    rotated += 1
        except EncryptionNotConfigured as exc:
            raise CommandError(
                "A stored number cannot be decrypted with DONATIONS_ENCRYPTION_KEY: "
                "keep the old key in the list (after the new one) and run again. "
                "Nothing was changed."
            ) from exc
        self.stdout.write(f"Re-encrypted {rotated} national ID numbers.")
