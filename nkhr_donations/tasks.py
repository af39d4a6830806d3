"""Background work of the donation module, through django-tasks."""

from __future__ import annotations

from django_tasks import task


@task()
def charge_monthly_gift_task(donation_id: int, period: str) -> str:
    """Charge one PortOne monthly gift for one month (idempotent, see monthly.py)."""
    from . import monthly
    from .models import Donation

    donation = Donation.objects.get(pk=donation_id)
    if not monthly.is_active(donation):
        return "inactive"
    return monthly.charge_month(donation, period).status
