"""Delete stored national ID numbers, e.g. once the year's receipts are issued."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nkhr_donations import services
from nkhr_donations.models import Donation


class Command(BaseCommand):
    help = "Delete the encrypted national ID numbers of donations made before a year."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--before-year",
            type=int,
            help="Purge donations created before 1 January of this year (Korea time).",
        )
        group.add_argument(
            "--all", dest="purge_all", action="store_true", help="Purge every donation."
        )

    def handle(self, *args, before_year=None, purge_all=False, **options):
        queryset = Donation.objects.all()
        if before_year is not None:
            if not 2000 <= before_year <= 2100:
                raise CommandError(f"--before-year {before_year} is not plausible.")
            start = datetime(before_year, 1, 1, tzinfo=timezone.get_default_timezone())
            queryset = queryset.filter(created_at__lt=start)
        purged = services.purge_national_ids(queryset)
        self.stdout.write(f"Deleted {purged} national ID numbers.")
