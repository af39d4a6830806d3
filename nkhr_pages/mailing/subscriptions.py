"""Subscribing with double opt-in, confirming and unsubscribing."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .headers import single_line
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


@dataclass(frozen=True)
class ConfirmationCheck:
    """What a confirmation link would do now (and, after ``confirm``, did)."""

    subscriber: Subscriber
    confirmable: tuple[str, ...]  # waiting, and this link is their current round
    already_active: tuple[str, ...]
    stale: tuple[str, ...]  # used, replaced, or unsubscribed since: left alone

    @property
    def usable(self) -> bool:
        return bool(self.confirmable or self.already_active)


def _new_nonce() -> str:
    return secrets.token_urlsafe(12)


def _get_or_create_subscriber(email: str, name: str, language: str) -> Subscriber:
    email = normalise_email(email)
    subscriber = Subscriber.objects.by_email(email).first()
    if subscriber is not None:
        return subscriber
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email, name=name, language=language)
    except IntegrityError:
        # Two sign-ups for the same address at once: the other one won.
        return Subscriber.objects.by_email(email).get()


def subscribe(
    email: str, lists: Iterable[str], name: str = "", language: str = "en"
) -> SubscribeResult:
    """Record a sign-up and mail a confirmation link for the lists not yet active.

    Signing up twice never creates a second subscriber, and never downgrades a
    confirmed subscription back to pending.
    """
    lists = tuple(sorted(set(lists)))
    nonces: dict[str, str] = {}
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
                # Coming back: a fresh opt-in round, which links sent before the
                # unsubscribe are not part of.
                subscription.status = Subscription.Status.PENDING
                subscription.confirmation_nonce = ""
            if not subscription.confirmation_nonce:
                # Asking again while waiting keeps the round, so that the link
                # in an earlier email still works.
                subscription.confirmation_nonce = _new_nonce()
                subscription.save(update_fields=["status", "confirmation_nonce"])
            nonces[mailing_list] = subscription.confirmation_nonce
            pending.append(mailing_list)
    # Past the address's budget the sign-up is still recorded, and the answer to
    # the visitor is the same: it must not reveal who is on the list.
    sent = bool(pending) and allow_confirmation_email(subscriber.email)
    if sent:
        send_confirmation_email(subscriber, pending, language, nonces)
    return SubscribeResult(subscriber, tuple(pending), tuple(active), sent)


def send_confirmation_email(
    subscriber: Subscriber,
    lists: Iterable[str],
    language: str,
    nonces: dict[str, str] | None = None,
) -> None:
    """Mail the confirmation link.

    The address has not confirmed anything yet, so the message carries nothing
    typed into the form: no name in the greeting or the ``To`` header, otherwise
    anyone could send NKHR-branded text of their choosing to any address.
    """
    lists = tuple(lists)
    token = make_confirm_token(subscriber, lists, nonces)
    with translation.override(language):
        context = {
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
        [subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _subscriber_for(key: str) -> Subscriber:
    subscriber = Subscriber.objects.filter(key=key).first()
    if subscriber is None:
        raise UnknownSubscriber(key)
    return subscriber


def _check(subscriber: Subscriber, payload, subscriptions) -> ConfirmationCheck:
    confirmable, active, stale = [], [], []
    for subscription in subscriptions:
        if subscription.status == Subscription.Status.ACTIVE:
            active.append(subscription.mailing_list)
        elif (
            subscription.status == Subscription.Status.PENDING
            and subscription.confirmation_nonce
            == payload.nonce_for(subscription.mailing_list)
        ):
            confirmable.append(subscription.mailing_list)
        else:
            stale.append(subscription.mailing_list)
    return ConfirmationCheck(
        subscriber, tuple(confirmable), tuple(active), tuple(stale)
    )


def check_confirmation(token: str) -> ConfirmationCheck:
    """What following a confirmation link would do, changing nothing (a GET:
    mail scanners fetch every link of a message).

    Raises ``TokenError`` for a bad or expired link and ``UnknownSubscriber``
    when the subscriber was deleted since.
    """
    payload = read_confirm_token(token)
    subscriber = _subscriber_for(payload.key)
    subscriptions = subscriber.subscriptions.filter(mailing_list__in=payload.lists)
    return _check(subscriber, payload, subscriptions.order_by("mailing_list"))


def confirm(token: str) -> ConfirmationCheck:
    """Activate the lists whose current opt-in round the link names.

    A link is good once: confirming clears the round, and unsubscribing clears
    it too, so an old link never re-subscribes someone who left (nor confirms a
    later sign-up). Following it again changes nothing.
    """
    payload = read_confirm_token(token)
    subscriber = _subscriber_for(payload.key)
    now = timezone.now()
    with transaction.atomic():
        subscriptions = list(
            subscriber.subscriptions.select_for_update()
            .filter(mailing_list__in=payload.lists)
            .order_by("mailing_list")
        )
        check = _check(subscriber, payload, subscriptions)
        for subscription in subscriptions:
            if subscription.mailing_list in check.confirmable:
                subscription.status = Subscription.Status.ACTIVE
                subscription.confirmed_at = now
                subscription.unsubscribed_at = None
                subscription.confirmation_nonce = ""
                subscription.save(
                    update_fields=[
                        "status",
                        "confirmed_at",
                        "unsubscribed_at",
                        "confirmation_nonce",
                    ]
                )
    return check


def subscriber_for_unsubscribe(token: str) -> tuple[Subscriber, str]:
    payload = read_unsubscribe_token(token)
    return _subscriber_for(payload.key), payload.lists[0]


def unsubscribe(token: str) -> tuple[Subscriber, str]:
    """Leave the list named in an unsubscribe link (idempotent)."""
    subscriber, mailing_list = subscriber_for_unsubscribe(token)
    Subscription.objects.filter(
        subscriber=subscriber, mailing_list=mailing_list
    ).exclude(status=Subscription.Status.UNSUBSCRIBED).update(
        status=Subscription.Status.UNSUBSCRIBED,
        unsubscribed_at=timezone.now(),
        confirmation_nonce="",  # no confirmation link sent before works any more
    )
    return subscriber, mailing_list
