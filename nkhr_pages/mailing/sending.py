"""Sending an issue to a list: batched, logged per recipient, resumable.

Guarantee: AT MOST ONCE per subscriber and send. Around every message:

1. claim: ``queued -> sending`` in one conditional UPDATE (committed), so two
   runs never take the same delivery;
2. hand the message to the SMTP server;
3. record: ``sending -> sent`` (or ``failed``), committed at once.

If the process dies between 2 and 3, the server may already have accepted the
message, so that delivery stays ``sending`` and is NOT sent again by a resumed
run; the admin lists it as interrupted and staff may retry it knowingly. A
crash therefore leaves at most one uncertain delivery per running process,
and a duplicate is only ever the result of an explicit retry. Errors the SMTP
server reports (a refused recipient, a broken connection before ``250 OK``)
mean the message was not accepted: the delivery is failed or queued again.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from .lists import list_language
from .models import Delivery, NewsletterSend, Subscriber, Subscription
from .rendering import RenderedIssue, personalise, render_issue

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 200
QUEUE_CHUNK = 2000
# The server did not accept the message, but is still talking to us.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
    ValueError,  # an address the backend cannot encode
)
# The connection is gone: stop the run, what is left stays queued.
CONNECTION_ERRORS = (smtplib.SMTPException, OSError)


class SendError(Exception):
    """A send that cannot start; the message says why, for staff."""


class SendInterrupted(SendError):
    """The SMTP server went away mid-run; running the send again resumes it."""


@dataclass
class Progress:
    total: int
    sent: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped


ProgressCallback = Callable[[Progress], None]


def check_issue_for_list(issue, mailing_list: str) -> None:
    language = list_language(mailing_list)
    if issue.locale.language_code != language:
        raise SendError(
            f"Issue {issue.pk} is in '{issue.locale.language_code}' but the list "
            f"{mailing_list} is in '{language}'."
        )


def get_or_create_send(issue, mailing_list: str, user=None) -> NewsletterSend:
    """The one send of ``issue`` to ``mailing_list`` (created on first use)."""
    issue = issue.specific
    if not issue.live:
        raise SendError(f"Issue {issue.pk} is not published: publish it first.")
    check_issue_for_list(issue, mailing_list)
    send, _created = NewsletterSend.objects.get_or_create(
        issue=issue,
        mailing_list=mailing_list,
        defaults={"created_by": user, "subject": issue.title[:255]},
    )
    return send


def queue_deliveries(send: NewsletterSend) -> int:
    """Queue one delivery per active subscriber, once; safe to repeat."""
    if send.state != NewsletterSend.State.NEW:
        return 0
    subscriber_ids = (
        Subscription.objects.filter(
            mailing_list=send.mailing_list, status=Subscription.Status.ACTIVE
        )
        .order_by("subscriber_id")
        .values_list("subscriber_id", flat=True)
        .iterator(chunk_size=QUEUE_CHUNK)
    )
    queued = 0
    chunk: list[Delivery] = []
    with transaction.atomic():
        for subscriber_id in subscriber_ids:
            chunk.append(Delivery(send=send, subscriber_id=subscriber_id))
            if len(chunk) >= QUEUE_CHUNK:
                Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
                queued += len(chunk)
                chunk = []
        if chunk:
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
            queued += len(chunk)
        NewsletterSend.objects.filter(pk=send.pk).update(
            state=NewsletterSend.State.SENDING, started_at=timezone.now()
        )
    send.refresh_from_db()
    return queued


def retry_deliveries(send: NewsletterSend, interrupted: bool = False) -> int:
    """Queue failed deliveries again (and, when asked, interrupted ones that
    may already have been delivered). Returns how many were queued."""
    states = [Delivery.State.FAILED]
    if interrupted:
        states.append(Delivery.State.SENDING)
    number = send.deliveries.filter(state__in=states).update(
        state=Delivery.State.QUEUED, error="", run_id=None
    )
    if number and send.state == NewsletterSend.State.DONE:
        NewsletterSend.objects.filter(pk=send.pk).update(
            state=NewsletterSend.State.SENDING, finished_at=None
        )
    return number


class NewsletterSender:
    """Deliver the queued messages of one send, one SMTP connection per batch."""

    def __init__(
        self,
        send: NewsletterSend,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: ProgressCallback | None = None,
    ):
        self.send = send
        self.batch_size = batch_size
        self.progress = progress
        self.run_id = uuid.uuid4()

    def run(self) -> Progress:
        send = self.send
        queue_deliveries(send)
        rendered = render_issue(send.issue, send.mailing_list)
        status = Progress(
            total=send.deliveries.filter(state=Delivery.State.QUEUED).count()
        )
        while True:
            batch = self._next_batch()
            if not batch:
                break
            self._send_batch(rendered, batch, status)
            if self.progress:
                self.progress(status)
        self._finish()
        return status

    def _next_batch(self) -> list[Delivery]:
        still_subscribed = Subscription.objects.filter(
            subscriber=OuterRef("subscriber"),
            mailing_list=self.send.mailing_list,
            status=Subscription.Status.ACTIVE,
        )
        return list(
            self.send.deliveries.filter(state=Delivery.State.QUEUED)
            .select_related("subscriber")
            .annotate(still_subscribed=Exists(still_subscribed))
            .order_by("id")[: self.batch_size]
        )

    def _claim(self, delivery: Delivery) -> bool:
        return bool(
            Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.QUEUED).update(
                state=Delivery.State.SENDING,
                run_id=self.run_id,
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
        )

    def _record(self, delivery: Delivery, state: str, error: str = "") -> None:
        Delivery.objects.filter(pk=delivery.pk, run_id=self.run_id).update(
            state=state,
            error=error[:2000],
            sent_at=timezone.now() if state == Delivery.State.SENT else None,
        )

    def _interrupt(self, exc: BaseException, sent_so_far: int) -> SendInterrupted:
        message = (
            f"The SMTP server stopped answering after {sent_so_far} messages "
            f"({type(exc).__name__}: {exc}). Run the send again to resume."
        )
        NewsletterSend.objects.filter(pk=self.send.pk).update(
            state=NewsletterSend.State.INTERRUPTED, last_error=message
        )
        return SendInterrupted(message)

    def _send_batch(
        self, rendered: RenderedIssue, batch: list[Delivery], status: Progress
    ) -> None:
        connection = get_connection()
        try:
            connection.open()
        except CONNECTION_ERRORS as exc:
            raise self._interrupt(exc, status.sent) from exc
        try:
            for delivery in batch:
                if not delivery.still_subscribed:
                    if self._claim(delivery):
                        self._record(delivery, Delivery.State.SKIPPED)
                        status.skipped += 1
                    continue
                if not self._claim(delivery):
                    continue  # another run took it
                self._send_one(
                    connection, rendered, delivery.subscriber, delivery, status
                )
        finally:
            try:
                connection.close()
            except CONNECTION_ERRORS:
                logger.warning("Closing the SMTP connection failed", exc_info=True)

    def _send_one(
        self,
        connection,
        rendered: RenderedIssue,
        subscriber: Subscriber,
        delivery: Delivery,
        status: Progress,
    ) -> None:
        message = personalise(rendered, subscriber)
        message.connection = connection
        try:
            connection.send_messages([message])
        except MESSAGE_ERRORS as exc:
            self._record(
                delivery, Delivery.State.FAILED, f"{type(exc).__name__}: {exc}"
            )
            status.failed += 1
            return
        except CONNECTION_ERRORS as exc:
            # No "250 OK" came back, so the server did not take the message.
            self._record(
                delivery, Delivery.State.QUEUED, f"{type(exc).__name__}: {exc}"
            )
            raise self._interrupt(exc, status.sent) from exc
        self._record(delivery, Delivery.State.SENT)
        status.sent += 1

    def _finish(self) -> None:
        if self.send.deliveries.filter(state=Delivery.State.QUEUED).exists():
            return
        NewsletterSend.objects.filter(pk=self.send.pk).update(
            state=NewsletterSend.State.DONE, finished_at=timezone.now(), last_error=""
        )
        self.send.refresh_from_db()


def send_issue(
    issue,
    mailing_list: str,
    user=None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
) -> tuple[NewsletterSend, Progress]:
    """Send (or resume sending) ``issue`` to ``mailing_list``."""
    send = get_or_create_send(issue, mailing_list, user)
    result = NewsletterSender(send, batch_size=batch_size, progress=progress).run()
    send.refresh_from_db()
    return send, result


def send_test(issue, mailing_list: str, email: str, name: str = "") -> None:
    """Send one copy of ``issue`` as ``mailing_list`` would get it, to staff."""
    check_issue_for_list(issue.specific, mailing_list)
    rendered = render_issue(issue, mailing_list)
    stand_in = Subscriber(email=email, name=name, key=uuid.uuid4())
    message = personalise(rendered, stand_in)
    message.subject = f"[TEST] {message.subject}"
    message.send()
