"""Queue this day's charges of PortOne monthly gifts (run once a day).

Safe to run more than once a day, or twice at once: each gift's month is one
charge with one PortOne payment id (nkhr_donations/monthly.py).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from nkhr_donations.monthly import due_charges
from nkhr_donations.tasks import charge_monthly_gift_task


class Command(BaseCommand):
    help = "Queue the monthly charges of PortOne gifts that are due today."

    def handle(self, *args, **options) -> None:
        due = due_charges()
        for donation_id, period in due:
            charge_monthly_gift_task.enqueue(donation_id, period)
        self.stdout.write(f"{len(due)} monthly charge(s) queued")
