"""Signing up with double opt-in, confirming, unsubscribing in one click."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.test import Client, override_settings

from nkhr_pages.mailing.models import Subscriber, Subscription
from nkhr_pages.mailing.rendering import personalise, render_issue
from nkhr_pages.mailing.tokens import (
    CONFIRM_SALT,
    make_confirm_token,
    make_unsubscribe_token,
)

LINK = re.compile(r"http://localhost(/(?:en|ko)/newsletter/confirm/[^/\s\"]+/)")


def _confirm_path(message) -> str:
    text = message.get_body(("plain",)).get_content()
    match = LINK.search(text)
    assert match, text
    return match.group(1)


@pytest.mark.parametrize(
    ("language", "heading", "checked"),
    [
        ("en", "Subscribe to our newsletters", "en_fnn"),
        ("ko", "소식지 구독", "ko_bimonthly"),
    ],
)
def test_signup_page_in_both_languages(client, home_pages, language, heading, checked):
    html = client.get(f"/{language}/newsletter/subscribe/").content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert re.search(rf'value="{checked}"[^>]*checked', html)
    # The footer carries the same form, with its own element ids.
    assert 'id="signup-email"' in html
    assert 'id="id_email"' in html


def test_footer_form_on_every_page(client, home_pages):
    html = client.get("/ko/").content.decode()
    assert 'action="/ko/newsletter/subscribe/"' in html
    assert "소식지 받아보기" in html


def test_double_opt_in_through_real_smtp(client, home_pages, smtp_server):
    response = client.post(
        "/ko/newsletter/subscribe/",
        {
            "email": "  Kim@Example.ORG ",
            "name": "김영희",
            "lists": ["ko_bimonthly", "en_fnn"],
        },
    )
    assert response.status_code == 200
    assert "받은편지함을 확인해 주세요" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "kim@example.org"
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {"pending"}

    [message] = smtp_server.handler.messages
    assert message["To"].addresses[0].addr_spec == "kim@example.org"
    assert "구독을 확인해 주세요" in str(message["Subject"])
    path = _confirm_path(message)
    assert path.startswith("/ko/")
    assert path in message.get_body(("html",)).get_content()

    # Opening the link (or a mail scanner fetching it) only asks.
    asked = client.get(path)
    assert asked.status_code == 200
    assert "kim@example.org" in asked.content.decode()
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {"pending"}
    confirmed = client.post(path)
    assert confirmed.status_code == 200
    assert "구독이 확인되었습니다" in confirmed.content.decode()
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {"active"}
    # Following the link again is harmless, and says so.
    again = client.post(path)
    assert again.status_code == 200
    assert "이미 구독 중입니다" in again.content.decode()
    assert client.get(path).status_code == 200


SPOOF = "Your account is suspended, verify at https://evil.example/login"


def test_confirmation_email_echoes_nothing_typed_into_the_form(
    client, home_pages, smtp_server
):
    """The address has confirmed nothing yet: the optional name must not be a way
    to send NKHR-branded text of one's choosing to anyone."""
    response = client.post(
        "/en/newsletter/subscribe/",
        {"email": "victim@example.org", "name": SPOOF, "lists": ["en_fnn"]},
    )
    assert response.status_code == 200
    [message] = smtp_server.handler.messages
    raw = message.as_string()
    assert "suspended" not in raw
    assert "evil.example" not in raw
    assert message["To"].addresses[0].display_name == ""
    for part in ("plain", "html"):
        body = message.get_body((part,)).get_content()
        assert "suspended" not in body
        assert "Hello," in body
    assert "suspended" not in str(message["Subject"])


def test_name_is_used_once_confirmed(client, home_pages, smtp_server, english_issue):
    client.post(
        "/en/newsletter/subscribe/",
        {"email": "han@example.org", "name": "Han Mi-rae", "lists": ["en_fnn"]},
    )
    [confirmation] = smtp_server.handler.messages
    assert "Han Mi-rae" not in confirmation.as_string()
    client.post(_confirm_path(confirmation))
    subscriber = Subscriber.objects.get()
    issue_mail = personalise(render_issue(english_issue, "en_fnn"), subscriber)
    assert issue_mail.to == ["Han Mi-rae <han@example.org>"]


def _signup_and_link(client, mailoutbox, email="yoon@example.org") -> str:
    client.post("/en/newsletter/subscribe/", {"email": email, "lists": ["en_fnn"]})
    match = LINK.search(mailoutbox[-1].body)
    assert match, mailoutbox[-1].body
    return match.group(1)


def test_old_confirmation_link_never_undoes_a_later_unsubscribe(
    client, home_pages, mailoutbox
):
    path = _signup_and_link(client, mailoutbox)
    assert client.post(path).status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.subscriptions.get().status == "active"
    unsubscribe = make_unsubscribe_token(subscriber, "en_fnn")
    client.post(f"/en/newsletter/unsubscribe/{unsubscribe}/")
    assert subscriber.subscriptions.get().status == "unsubscribed"

    # A scanner (GET) or a person (POST) following the old link changes nothing,
    # and is told so.
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 410
        assert "already been used" in response.content.decode()
        assert subscriber.subscriptions.get().status == "unsubscribed"

    # Signing up again starts a new round: only the new link confirms it.
    new_path = _signup_and_link(client, mailoutbox)
    assert new_path != path
    assert client.post(path).status_code == 410
    assert subscriber.subscriptions.get().status == "pending"
    assert client.post(new_path).status_code == 200
    assert subscriber.subscriptions.get().status == "active"


def test_link_good_while_waiting_even_after_asking_twice(
    client, home_pages, mailoutbox
):
    first = _signup_and_link(client, mailoutbox)
    second = _signup_and_link(client, mailoutbox)
    assert client.post(first).status_code == 200
    assert Subscription.objects.get().status == "active"
    # The second email's link now only says it is done.
    response = client.post(second)
    assert response.status_code == 200
    assert "already subscribed" in response.content.decode()


def test_a_link_scanner_confirms_nothing(client, home_pages, mailoutbox):
    path = _signup_and_link(client, mailoutbox)
    for _ in range(3):
        page = client.get(path)
        assert page.status_code == 200
        assert "Confirm my subscription" in page.content.decode()
    assert Subscription.objects.get().status == "pending"


def test_a_link_checkers_head_answers_and_confirms_or_unsubscribes_nothing(
    client, home_pages, mailoutbox
):
    path = _signup_and_link(client, mailoutbox)
    response = client.head(path)
    assert response.status_code == 200
    assert not response.content
    assert Subscription.objects.get().status == "pending"
    client.post(path)
    subscription = Subscription.objects.get()
    assert subscription.status == "active"
    token = make_unsubscribe_token(subscription.subscriber, subscription.mailing_list)
    assert client.head(f"/en/newsletter/unsubscribe/{token}/").status_code == 200
    assert Subscription.objects.get().status == "active"
    assert client.head("/ko/newsletter/subscribe/").status_code == 200


def test_confirmation_links_from_before_rounds_still_confirm_once(client, home_pages):
    """Links mailed before this change name no round: they still confirm a
    subscription waiting since then, but never an unsubscribed one."""
    subscriber = Subscriber.objects.create(email="old@example.org")
    waiting = Subscription.objects.create(subscriber=subscriber, mailing_list="en_fnn")
    left = Subscription.objects.create(
        subscriber=subscriber, mailing_list="ko_bimonthly", status="unsubscribed"
    )
    token = make_confirm_token(subscriber, ["en_fnn", "ko_bimonthly"])
    assert client.post(f"/en/newsletter/confirm/{token}/").status_code == 200
    waiting.refresh_from_db()
    left.refresh_from_db()
    assert (waiting.status, left.status) == ("active", "unsubscribed")


def test_subscribing_twice_creates_no_duplicate(client, home_pages, mailoutbox):
    data = {"email": "park@example.org", "lists": ["en_fnn"]}
    client.post("/en/newsletter/subscribe/", data)
    client.post("/en/newsletter/subscribe/", {**data, "email": "PARK@example.org"})
    assert Subscriber.objects.count() == 1
    assert Subscription.objects.count() == 1
    # Confirmed people are not asked again, and are not downgraded to pending.
    Subscription.objects.update(status="active")
    response = client.post("/en/newsletter/subscribe/", data)
    assert response.status_code == 200
    assert "Please check your inbox" in response.content.decode()
    assert len(mailoutbox) == 2
    assert Subscription.objects.get().status == "active"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"email": "not-an-address", "lists": ["en_fnn"]},
            "Enter a valid email address.",
        ),
        (
            {"email": "a@example.org\r\nBcc: x@evil.test", "lists": ["en_fnn"]},
            "valid email",
        ),
        (
            {
                "email": "a@example.org",
                "name": "Kim\r\nBcc: x@evil.test",
                "lists": ["en_fnn"],
            },
            "single line",
        ),
        ({"email": "a@example.org", "lists": []}, "at least one newsletter"),
        ({"email": "a@example.org", "lists": ["nope"]}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message(
    client, home_pages, mailoutbox, data, error
):
    response = client.post("/en/newsletter/subscribe/", data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Subscriber.objects.count() == 0
    assert mailoutbox == []


def test_expired_unknown_and_forged_links(client, home_pages):
    subscriber = Subscriber.objects.create(email="lee@example.org")
    Subscription.objects.create(subscriber=subscriber, mailing_list="en_fnn")
    token = make_confirm_token(subscriber, ["en_fnn"])
    with override_settings(NKHR_MAILING_CONFIRM_MAX_AGE=-1):
        expired = client.get(f"/en/newsletter/confirm/{token}/")
    assert expired.status_code == 400
    assert "expired" in expired.content.decode()

    forged = client.get(f"/en/newsletter/confirm/{token[:-3]}abc/")
    assert forged.status_code == 400
    assert "not valid" in forged.content.decode()

    wrong_shape = signing.dumps(["x"], salt=CONFIRM_SALT)
    assert client.get(f"/ko/newsletter/confirm/{wrong_shape}/").status_code == 400

    subscriber.delete()
    gone = client.post(f"/en/newsletter/confirm/{token}/")
    assert gone.status_code == 400
    assert "no subscription" in gone.content.decode()
    assert client.post(f"/en/newsletter/unsubscribe/{token}/").status_code == 400


def test_one_click_unsubscribe_needs_no_csrf_token(home_pages):
    subscriber = Subscriber.objects.create(email="choi@example.org")
    for mailing_list in ("en_fnn", "ko_bimonthly"):
        Subscription.objects.create(
            subscriber=subscriber, mailing_list=mailing_list, status="active"
        )
    token = make_unsubscribe_token(subscriber, "en_fnn")
    client = Client(enforce_csrf_checks=True)
    # A link checker's GET only asks.
    page = client.get(f"/en/newsletter/unsubscribe/{token}/")
    assert page.status_code == 200
    assert "choi@example.org" in page.content.decode()
    assert subscriber.subscriptions.get(mailing_list="en_fnn").status == "active"

    response = client.post(
        f"/en/newsletter/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    statuses = dict(subscriber.subscriptions.values_list("mailing_list", "status"))
    assert statuses == {"en_fnn": "unsubscribed", "ko_bimonthly": "active"}


def test_signup_needs_no_csrf_token_and_still_only_asks_for_confirmation(
    home_pages, mailoutbox
):
    """The sign-up is CSRF-exempt (so pages with the footer form are the same
    for every visitor); a forged POST can only send a confirmation email."""
    client = Client(enforce_csrf_checks=True)
    html = client.get("/en/").content.decode()
    assert "newsletter-signup" in html
    assert "csrfmiddlewaretoken" not in html
    response = client.post(
        "/en/newsletter/subscribe/", {"email": "x@example.org", "lists": ["en_fnn"]}
    )
    assert response.status_code == 200
    statuses = Subscription.objects.values_list("status", flat=True)
    assert list(statuses) == ["pending"]
    assert len(mailoutbox) == 1


def test_coming_back_after_unsubscribing_needs_a_new_opt_in(
    client, home_pages, mailoutbox
):
    subscriber = Subscriber.objects.create(email="jung@example.org")
    Subscription.objects.create(
        subscriber=subscriber, mailing_list="en_fnn", status="unsubscribed"
    )
    client.post(
        "/en/newsletter/subscribe/", {"email": "jung@example.org", "lists": ["en_fnn"]}
    )
    assert subscriber.subscriptions.get().status == "pending"
    assert len(mailoutbox) == 1


def test_smtp_down_gives_a_message_not_a_500(client, home_pages):
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=9,  # discard port: nothing listens
        EMAIL_TIMEOUT=2,
    ):
        response = client.post(
            "/en/newsletter/subscribe/", {"email": "a@example.org", "lists": ["en_fnn"]}
        )
    assert response.status_code == 503
    assert "could not send the confirmation email" in response.content.decode()


def test_one_address_gets_a_few_confirmations_a_day_however_often_signed_up(
    client, home_pages, mailoutbox, settings
):
    settings.NKHR_MAILING_CONFIRMATION_LIMIT = "3/86400"
    for index, email in enumerate(
        ["victim@example.org", "VICTIM@example.org", "victim@EXAMPLE.org"] * 2
    ):
        response = client.post(
            "/en/newsletter/subscribe/",
            {"email": email, "lists": ["en_fnn"]},
            REMOTE_ADDR=f"198.51.100.{index}",  # from many machines
        )
        # The same answer every time: it must not reveal anything.
        assert response.status_code == 200
        assert "Please check your inbox" in response.content.decode()
    assert len(mailoutbox) == 3
    assert Subscriber.objects.count() == 1
    assert Subscription.objects.get().status == "pending"


def test_sign_ups_per_client_are_limited_with_a_clear_message(
    client, home_pages, mailoutbox, settings
):
    settings.NKHR_MAILING_SIGNUP_RATE_LIMIT = "2/600"
    for number in (1, 2):
        response = client.post(
            "/en/newsletter/subscribe/",
            {"email": f"reader{number}@example.org", "lists": ["en_fnn"]},
        )
        assert response.status_code == 200
    response = client.post(
        "/ko/newsletter/subscribe/",
        {"email": "reader3@example.org", "lists": ["ko_bimonthly"]},
    )
    assert response.status_code == 429
    assert "몇 분 후에 다시" in response.content.decode()
    assert not Subscriber.objects.filter(email="reader3@example.org").exists()
    assert len(mailoutbox) == 2
    # Another visitor is not affected.
    response = client.post(
        "/en/newsletter/subscribe/",
        {"email": "reader4@example.org", "lists": ["en_fnn"]},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200
