"""Subscribing with double opt-in, confirming and unsubscribing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .headers import recipient, single_line
from .links import mailing_url
from .lists import list_label
from .models import Subscriber, Subscription, normalise_email
from .ratelimit import allow_confirmation_email
from .tokens import (
    make_confirm_token,
    read_confirm_token,
    read_unsubscribe_token,
)


@dataclass(frozen=True)
class SubscribeResult:
    subscriber: Subscriber
    pending_lists: tuple[str, ...]  # lists that now wait for confirmation
    already_active: tuple[str, ...]
    confirmation_sent: bool


class UnknownSubscriber(Exception):
    """The link is genuine but its subscriber no longer exists."""


def _get_or_create_subscriber(email: str, name: str, language: str) -> Subscriber:
    email = normalise_email(email)
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is not None:
        return subscriber
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email, name=name, language=language)
    except IntegrityError:
        # Two sign-ups for the same address at once: the other one won.
        return Subscriber.objects.get(email=email)


def subscribe(
    email: str, lists: Iterable[str], name: str = "", language: str = "en"
) -> SubscribeResult:
    """Record a sign-up and mail a confirmation link for the lists not yet active.

    Signing up twice never creates a second subscriber, and never downgrades a
    confirmed subscription back to pending.
    """
    lists = tuple(sorted(set(lists)))
    with transaction.atomic():
        subscriber = _get_or_create_subscriber(email, single_line(name), language)
        pending, active = [], []
        for mailing_list in lists:
            subscription, _created = Subscription.objects.get_or_create(
                subscriber=subscriber,
                mailing_list=mailing_list,
                defaults={"source": Subscription.Source.FORM},
            )
            if subscription.status == Subscription.Status.ACTIVE:
                active.append(mailing_list)
                continue
            if subscription.status == Subscription.Status.UNSUBSCRIBED:
                # Coming back: a fresh opt-in is needed.
                subscription.status = Subscription.Status.PENDING
                subscription.save(update_fields=["status"])
            pending.append(mailing_list)
    # Past the address's budget the sign-up is still recorded, and the answer to
    # the visitor is the same: it must not reveal who is on the list.
    sent = bool(pending) and allow_confirmation_email(subscriber.email)
    if sent:
        send_confirmation_email(subscriber, pending, language)
    return SubscribeResult(subscriber, tuple(pending), tuple(active), sent)


def send_confirmation_email(
    subscriber: Subscriber, lists: Iterable[str], language: str
) -> None:
    lists = tuple(lists)
    token = make_confirm_token(subscriber, lists)
    with translation.override(language):
        context = {
            "subscriber": subscriber,
            "lists": [list_label(value) for value in lists],
            "confirm_url": mailing_url("confirm", language, token=token),
        }
        subject = single_line(
            _("Please confirm your subscription to NKHR's newsletter")
        )
        text = render_to_string("nkhr_mailing/email/confirm.txt", context)
        html = render_to_string("nkhr_mailing/email/confirm.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [recipient(subscriber.name, subscriber.email)],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _subscriber_for(key: str) -> Subscriber:
    subscriber = Subscriber.objects.filter(key=key).first()
    if subscriber is None:
        raise UnknownSubscriber(key)
    return subscriber


def confirm(token: str) -> tuple[Subscriber, list[str]]:
    """Activate the lists named in a confirmation link (idempotent).

    Raises ``TokenError`` for a bad or expired link and ``UnknownSubscriber``
    when the subscriber was deleted since.
    """
    payload = read_confirm_token(token)
    subscriber = _subscriber_for(payload.key)
    now = timezone.now()
    confirmed = []
    with transaction.atomic():
        for subscription in subscriber.subscriptions.select_for_update().filter(
            mailing_list__in=payload.lists
        ):
            if subscription.status != Subscription.Status.ACTIVE:
                subscription.status = Subscription.Status.ACTIVE
                subscription.confirmed_at = now
                subscription.unsubscribed_at = None
                subscription.save(
                    update_fields=["status", "confirmed_at", "unsubscribed_at"]
                )
            confirmed.append(subscription.mailing_list)
    return subscriber, confirmed


def subscriber_for_unsubscribe(token: str) -> tuple[Subscriber, str]:
    payload = read_unsubscribe_token(token)
    return _subscriber_for(payload.key), payload.lists[0]


def unsubscribe(token: str) -> tuple[Subscriber, str]:
    """Leave the list named in an unsubscribe link (idempotent)."""
    subscriber, mailing_list = subscriber_for_unsubscribe(token)
    Subscription.objects.filter(
        subscriber=subscriber, mailing_list=mailing_list
    ).exclude(status=Subscription.Status.UNSUBSCRIBED).update(
        status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )
    return subscriber, mailing_list
