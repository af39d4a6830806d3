"""Public views: sign up, confirm, unsubscribe. They only translate between
HTTP and the functions in ``subscriptions``."""

from __future__ import annotations

import logging
import smtplib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as render_template
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from nkhr_pages.conf import layout_context

from . import ratelimit
from .forms import SubscribeForm
from .lists import list_label
from .subscriptions import (
    ConfirmationCheck,
    UnknownSubscriber,
    check_confirmation,
    confirm,
    subscribe,
    subscriber_for_unsubscribe,
    unsubscribe,
)
from .tokens import TokenError

logger = logging.getLogger(__name__)


def render(
    request: HttpRequest, template_name: str, context: dict, status: int = 200
) -> HttpResponse:
    """Django's ``render`` with the layout the host names (``NKHR_BASE_TEMPLATE``)."""
    return render_template(
        request, template_name, {**layout_context(), **context}, status=status
    )


def _token_problem(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, TokenError) and exc.expired:
        message = _(
            "This confirmation link has expired. Please sign up again and we "
            "will send you a new one."
        )
    elif isinstance(exc, UnknownSubscriber):
        message = _("We have no subscription for this link any more.")
    else:
        message = _(
            "This link is not valid. Please copy the whole link from the email, "
            "or sign up again."
        )
    return render(
        request,
        "nkhr_mailing/link_problem.html",
        {"message": message, "form": SubscribeForm(language=get_language())},
        status=400,
    )


def _signup_refused(
    request: HttpRequest, form: SubscribeForm, message: str, status: int
) -> HttpResponse:
    """The sign-up page again, with the reason above the form."""
    form.add_error(None, message)
    return render(request, "nkhr_mailing/subscribe.html", {"form": form}, status=status)


# No CSRF token: the sign-up is anonymous and double opt-in, so a forged POST can
# do nothing an attacker could not do by posting the form himself (send one
# confirmation email). Without a per-visitor token, every page that carries the
# footer form is the same bytes for every visitor, which the page cache and a
# CDN can serve as they are.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_view(request: HttpRequest) -> HttpResponse:
    language = get_language()
    if request.method != "POST":  # GET or HEAD
        form = SubscribeForm(language=language)
        return render(request, "nkhr_mailing/subscribe.html", {"form": form})
    form = SubscribeForm(request.POST, language=language)
    if not form.is_valid():
        return render(
            request, "nkhr_mailing/subscribe.html", {"form": form}, status=400
        )
    if not ratelimit.allow_signup(request):
        return _signup_refused(
            request,
            form,
            _(
                "Too many sign-ups from your connection. Please wait a few minutes "
                "and try again."
            ),
            status=429,
        )
    if not form.is_robot():
        try:
            subscribe(
                form.cleaned_data["email"],
                form.cleaned_data["lists"],
                name=form.cleaned_data["name"],
                language=language,
            )
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send a newsletter confirmation")
            return _signup_refused(
                request,
                form,
                _(
                    "We could not send the confirmation email just now. "
                    "Please try again in a few minutes."
                ),
                status=503,
            )
    # The same answer whether or not the address was known: the page must not
    # reveal who is on the list.
    return render(
        request,
        "nkhr_mailing/subscribe_done.html",
        {"email": form.cleaned_data["email"]},
    )


def _labels(lists) -> list[str]:
    return [list_label(value) for value in lists]


def _link_used_up(request: HttpRequest) -> HttpResponse:
    message = _(
        "This confirmation link has already been used, or you have unsubscribed "
        "since it was sent. Nothing was changed. To receive our newsletters, "
        "please sign up again."
    )
    return render(
        request,
        "nkhr_mailing/link_problem.html",
        {"message": message, "form": SubscribeForm(language=get_language())},
        status=410,
    )


def _confirmation_page(request: HttpRequest, check: ConfirmationCheck, done: bool):
    return render(
        request,
        "nkhr_mailing/confirmed.html" if done else "nkhr_mailing/confirm_ask.html",
        {
            "subscriber": check.subscriber,
            "lists": _labels(check.confirmable),
            "already": _labels(check.already_active),
        },
    )


# GET only asks (mail scanners and link previews fetch every link of a
# message); the button POSTs. No CSRF token: the signed link authorises it, as
# for unsubscribing.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        # HEAD as GET: link checkers send it too, and it must not confirm.
        act = confirm if request.method == "POST" else check_confirmation
        check = act(token)
    except (TokenError, UnknownSubscriber) as exc:
        return _token_problem(request, exc)
    if not check.usable:
        return _link_used_up(request)
    done = request.method == "POST" or not check.confirmable
    return _confirmation_page(request, check, done)


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token;
# the signed token in the URL is what authorises the request.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method != "POST":
            # Link checkers fetch every link in a message: GET (and HEAD) only asks.
            subscriber, mailing_list = subscriber_for_unsubscribe(token)
            return render(
                request,
                "nkhr_mailing/unsubscribe.html",
                {
                    "subscriber": subscriber,
                    "list_label": list_label(mailing_list),
                },
            )
        subscriber, mailing_list = unsubscribe(token)
    except (TokenError, UnknownSubscriber) as exc:
        return _token_problem(request, exc)
    return render(
        request,
        "nkhr_mailing/unsubscribed.html",
        {"subscriber": subscriber, "list_label": list_label(mailing_list)},
    )
