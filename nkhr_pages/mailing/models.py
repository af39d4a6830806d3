"""Subscribers, their subscriptions to the two lists, and the log of every send."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nkhr_pages.conf import language_choices

from .lists import LIST_CHOICES


def normalise_email(address: str) -> str:
    """One spelling per mailbox: trimmed and lower-cased (every provider NKHR
    writes to treats the local part case-insensitively)."""
    return address.strip().lower()


class SubscriberQuerySet(models.QuerySet):
    """Lookups by address match ``lower(email)``: the expression the unique
    index holds. PostgreSQL can use that index only for that expression, so
    ``email=`` or ``email__iexact=`` read the whole table instead. The matched
    spelling is ``email_key``."""

    def by_email(self, email: str) -> SubscriberQuerySet:
        return self.annotate(email_key=Lower("email")).filter(
            email_key=normalise_email(email)
        )

    def by_emails(self, emails: Iterable[str]) -> SubscriberQuerySet:
        keys = sorted({normalise_email(email) for email in emails})
        return self.annotate(email_key=Lower("email")).filter(email_key__in=keys)


class Subscriber(models.Model):
    """One mailbox; it may be subscribed to one or both lists."""

    email = models.EmailField(_("email address"), max_length=254)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=language_choices, default="en"
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # Secret part of every signed link, so that a link never names the address and
    # deleting a subscriber invalidates the links they were sent.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="nkhr_mailing_subscriber_unique_email"
            )
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)


class Subscription(models.Model):
    """A subscriber's membership of one list, with its double opt-in state."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Source(models.TextChoices):
        FORM = "form", _("Sign-up form")
        IMPORT = "import", _("Imported list")
        ADMIN = "admin", _("Added by staff")

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    mailing_list = models.CharField(_("list"), max_length=20, choices=LIST_CHOICES)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.FORM
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # The current opt-in round: set when a confirmation is asked for, named in the
    # link, cleared when confirmed or unsubscribed. A link from an earlier round
    # (one already used, or sent before an unsubscribe) therefore confirms nothing.
    confirmation_nonce = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "mailing_list"],
                name="nkhr_mailing_one_subscription_per_list",
            )
        ]
        indexes = [models.Index(fields=["mailing_list", "status"])]

    def __str__(self) -> str:
        return f"{self.subscriber} · {self.get_mailing_list_display()}"


class NewsletterSend(models.Model):
    """Sending one issue to one list. There is at most one per (issue, list):
    running the send again resumes it instead of mailing everybody twice."""

    class State(models.TextChoices):
        # With a context: a plain "New" would translate Wagtail's "New" too
        # (every create view's title), as one catalogue serves the whole admin.
        NEW = "new", pgettext_lazy("newsletter send state", "New")
        SENDING = "sending", _("Sending")
        INTERRUPTED = "interrupted", _("Interrupted")
        DONE = "done", _("Done")

    issue = models.ForeignKey(
        "nkhr_pages.NewsletterIssuePage",
        verbose_name=_("issue"),
        on_delete=models.PROTECT,
        related_name="sends",
    )
    mailing_list = models.CharField(_("list"), max_length=20, choices=LIST_CHOICES)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.NEW
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("newsletter send")
        verbose_name_plural = _("newsletter sends")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "mailing_list"], name="nkhr_mailing_one_send_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue} → {self.get_mailing_list_display()}"

    def counts(self) -> dict[str, int]:
        """Deliveries per state, every state present (zero when none)."""
        totals = dict.fromkeys(Delivery.State.values, 0)
        rows = self.deliveries.values_list("state").annotate(n=models.Count("id"))
        for state, number in rows:
            totals[state] = number
        return totals


class Delivery(models.Model):
    """One recipient of one send: the per-recipient send log.

    ``queued`` -> ``sending`` (claimed by a run, committed before the SMTP
    transaction) -> ``sent`` or ``failed``. A delivery left in ``sending`` by a
    run that died may or may not have reached the server; it is never sent again
    automatically (at most once), only when staff retry it.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (unsubscribed before sending)")

    send = models.ForeignKey(
        NewsletterSend,
        verbose_name=_("send"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.QUEUED
    )
    run_id = models.UUIDField(_("run"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscriber"], name="nkhr_mailing_one_delivery_each"
            )
        ]
        indexes = [models.Index(fields=["send", "state", "id"])]

    def __str__(self) -> str:
        return f"{self.subscriber} ({self.get_state_display()})"
