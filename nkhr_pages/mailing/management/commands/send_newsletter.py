"""Send (or resume sending) a newsletter issue to a list."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, no_translations

from nkhr_pages.models import NewsletterIssuePage

from ...lists import MailingList
from ...models import NewsletterSend
from ...sending import (
    DEFAULT_BATCH_SIZE,
    Progress,
    SendError,
    get_or_create_send,
    retry_deliveries,
    send_issue,
)


class Command(BaseCommand):
    help = (
        "Send a newsletter issue to a list through the configured email backend. "
        "Safe to run again: it resumes, and sends nobody the issue twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("issue_id", type=int, help="Page id of the issue.")
        parser.add_argument(
            "--list",
            dest="mailing_list",
            choices=MailingList.values,
            help="The list to send to (default: the issue's own series).",
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument(
            "--retry-failed", action="store_true", help="Queue failed deliveries again."
        )
        parser.add_argument(
            "--retry-interrupted",
            action="store_true",
            help=(
                "Also queue deliveries a crashed run left unconfirmed; "
                "those recipients may get the issue twice."
            ),
        )

    @no_translations
    def handle(self, *args, issue_id, mailing_list, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        issue = NewsletterIssuePage.objects.filter(pk=issue_id).first()
        if issue is None:
            raise CommandError(f"No newsletter issue with id {issue_id}.")
        mailing_list = mailing_list or issue.series
        try:
            if options["retry_failed"] or options["retry_interrupted"]:
                send = get_or_create_send(issue, mailing_list)
                queued = retry_deliveries(
                    send, interrupted=options["retry_interrupted"]
                )
                self.stdout.write(f"Queued {queued} deliveries again.")
            send, result = send_issue(
                issue, mailing_list, batch_size=batch_size, progress=self._progress
            )
        except SendError as exc:
            raise CommandError(str(exc)) from exc
        counts = send.counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"{send.get_state_display()}: {result.sent} sent in this run; "
                f"in total {counts['sent']} sent, {counts['failed']} failed, "
                f"{counts['skipped']} skipped, {counts['queued']} queued."
            )
        )
        if counts["sending"]:
            self.stdout.write(
                self.style.WARNING(
                    f"{counts['sending']} deliveries were interrupted by a crash and "
                    "may or may not have arrived; --retry-interrupted sends them again."
                )
            )
        if send.state != NewsletterSend.State.DONE:
            raise CommandError(f"The send is {send.get_state_display()}.")

    def _progress(self, progress: Progress) -> None:
        self.stdout.write(
            f"  {progress.sent}/{progress.total} sent, {progress.failed} failed, "
            f"{progress.skipped} skipped"
        )
