"""Create the draft of the next issue of a series, listing what is new."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, no_translations

from ...assembling import AssemblyError, start_next_issue
from ...lists import MailingList


class Command(BaseCommand):
    help = (
        "Start the next issue of a newsletter series: a draft that lists the "
        "campaigns, publications, media coverage and events published since the "
        "previous issue, in the series' language."
    )

    def add_arguments(self, parser):
        parser.add_argument("series", choices=MailingList.values)

    @no_translations
    def handle(self, *args, series: str, **options):
        try:
            assembled = start_next_issue(series)
        except AssemblyError as exc:
            raise CommandError(str(exc)) from exc
        listed = ", ".join(f"{n} {name}" for name, n in assembled.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Draft {assembled.page.pk} created: {assembled.page.title} "
                f"(since {assembled.since:%Y-%m-%d %H:%M}: {listed})."
            )
        )
