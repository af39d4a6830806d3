"""Every gift recorded before donor identities that asks for a tax receipt gets
an unverified identity of its own, with the name and email exactly as typed:
its receipt stops being merged with other gifts by a matching email address.
Finance can merge identities afterwards in the admin."""

from django.db import migrations


def create_identities(apps, schema_editor):
    Donation = apps.get_model("nkhr_donations", "Donation")
    Donor = apps.get_model("nkhr_donations", "Donor")
    for donation in Donation.objects.filter(wants_receipt=True, donor__isnull=True):
        donor = Donor.objects.create(
            name=donation.donor_name, email=donation.donor_email
        )
        Donation.objects.filter(pk=donation.pk).update(donor=donor)


def detach_identities(apps, schema_editor):
    Donation = apps.get_model("nkhr_donations", "Donation")
    Donation.objects.update(donor=None)


class Migration(migrations.Migration):
    dependencies = [("nkhr_donations", "0003_donor_identities_and_merge_audit")]

    operations = [migrations.RunPython(create_identities, detach_identities)]
