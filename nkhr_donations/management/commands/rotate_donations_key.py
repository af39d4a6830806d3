"""Re-encrypt national ID numbers with the newest DONATIONS_ENCRYPTION_KEY."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from nkhr_donations import crypto
from nkhr_donations.exceptions import EncryptionNotConfigured
from nkhr_donations.models import DebitMandate, Donation, ReceiptLedgerEntry

# Every encrypted column: resident numbers, and a CMS pledge's account number
# and holder's date of birth.
ENCRYPTED = [
    (Donation, ["national_id_ciphertext"]),
    (
        DebitMandate,
        ["national_id_ciphertext", "account_ciphertext", "holder_birth_ciphertext"],
    ),
    (ReceiptLedgerEntry, ["national_id_ciphertext"]),
]


class Command(BaseCommand):
    help = (
        "Re-encrypt stored national ID numbers with the first key in "
        "DONATIONS_ENCRYPTION_KEY (keep the old key after it until this has run)."
    )

    def handle(self, *args, **options):
        rotated = 0
        try:
            with transaction.atomic():
                for model, fields in ENCRYPTED:
                    for row in model.objects.select_for_update().only("pk", *fields):
                        changed = [name for name in fields if getattr(row, name)]
                        for name in changed:
                            setattr(row, name, crypto.rotate(getattr(row, name)))
                        if changed:
                            row.save(update_fields=changed)
                            rotated += 1
        except EncryptionNotConfigured as exc:
            raise CommandError(
                "A stored number cannot be decrypted with DONATIONS_ENCRYPTION_KEY: "
                "keep the old key in the list (after the new one) and run again. "
                "Nothing was changed."
            ) from exc
        self.stdout.write(f"Re-encrypted the numbers of {rotated} records.")
