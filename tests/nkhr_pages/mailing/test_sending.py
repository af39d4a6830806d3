"""Sending an issue through a real SMTP server on loopback: the messages, the
per-recipient log, batches, and resuming after the server dies halfway."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.images.tests.utils import get_test_image_file

from nkhr_pages.mailing import sending
from nkhr_pages.mailing.models import Delivery, NewsletterSend, Subscription
from nkhr_pages.mailing.sending import SendError, SendInterrupted, send_issue, send_test
from nkhr_pages.models import ProtectedImage

from .conftest import add_subscribers

HREF = re.compile(r'(?:href|src)="([^"]+)"')


def _parts(message):
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )


def test_korean_issue_as_received(korean_issue, smtp_server):
    [subscriber] = add_subscribers(1, "ko_bimonthly")
    send, progress = send_issue(korean_issue, "ko_bimonthly")
    assert (progress.sent, progress.failed) == (1, 0)
    assert send.state == NewsletterSend.State.DONE

    [message] = smtp_server.handler.messages
    assert message["Subject"] == "북한인권 소식지 제57호"
    assert message["To"].addresses[0].addr_spec == subscriber.email
    assert message["Content-Language"] == "ko"
    assert message.get_content_type() == "multipart/alternative"
    text, html = _parts(message)
    # In the list's language, and the featured Korean campaign is in it.
    assert "구독 해지" in text
    assert "구독 해지" in html
    assert "2024년 12월 20일" in text
    assert "내 친구를 구해주세요" in html
    assert "http://localhost/ko/campaigns/save-my-friend/" in text
    # CSS inlined by css-inline: no <style> left, styles on the elements.
    assert "<style" not in html
    assert re.search(r'<div class="masthead" style="[^"]*background', html)
    # Every link and image address is absolute.
    links = HREF.findall(html)
    assert links
    assert all(link.startswith("http://localhost/") for link in links), links
    assert "http://localhost/ko/campaigns/" in links

    unsubscribe = message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = unsubscribe.strip().strip("<>")
    assert url.startswith("http://localhost/ko/newsletter/unsubscribe/")
    assert url in text
    assert url in html


def test_one_click_from_the_received_header(korean_issue, smtp_server, client):
    [subscriber] = add_subscribers(1, "ko_bimonthly")
    send_issue(korean_issue, "ko_bimonthly")
    [message] = smtp_server.handler.messages
    path = urlsplit(message["List-Unsubscribe"].strip().strip("<>")).path
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert subscriber.subscriptions.get().status == Subscription.Status.UNSUBSCRIBED


def test_english_issue_in_english(english_issue, smtp_server):
    add_subscribers(1, "en_fnn")
    send_issue(english_issue, "en_fnn")
    [message] = smtp_server.handler.messages
    text, html = _parts(message)
    assert message["Content-Language"] == "en"
    assert "Unsubscribe" in text
    assert "구독" not in text
    assert "Save My Friend" in html
    assert 'lang="en"' in html
    # One date format per language (nkhr_format), in both parts.
    assert "20 December 2024" in text
    assert "20 December 2024" in html


def test_only_active_subscribers_of_that_list(korean_issue, smtp_server):
    readers = add_subscribers(3, "ko_bimonthly")
    add_subscribers(2, "en_fnn", prefix="fnn")
    Subscription.objects.filter(subscriber=readers[0]).update(status="pending")
    send_issue(korean_issue, "ko_bimonthly")
    assert sorted(smtp_server.handler.recipients()) == sorted(
        r.email for r in readers[1:]
    )


def test_one_connection_per_batch(korean_issue, smtp_server):
    add_subscribers(5, "ko_bimonthly")
    send_issue(korean_issue, "ko_bimonthly", batch_size=2)
    assert smtp_server.handler.count == 5
    assert smtp_server.handler.connections == 3


@pytest.mark.parametrize("failure", ["disconnect", "421"])
def test_server_dying_halfway_then_resume_sends_each_exactly_once(
    korean_issue, smtp_server, failure
):
    readers = add_subscribers(10, "ko_bimonthly")
    smtp_server.handler.failure = failure
    smtp_server.handler.disconnect_after = 4
    with pytest.raises(SendInterrupted, match="after 4 messages"):
        send_issue(korean_issue, "ko_bimonthly", batch_size=3)
    send = NewsletterSend.objects.get()
    assert send.state == NewsletterSend.State.INTERRUPTED
    counts = send.counts()
    assert (counts["sent"], counts["queued"], counts["sending"]) == (4, 6, 0)

    smtp_server.handler.disconnect_after = None
    send, progress = send_issue(korean_issue, "ko_bimonthly", batch_size=3)
    assert progress.sent == 6
    assert send.state == NewsletterSend.State.DONE
    received = Counter(smtp_server.handler.recipients())
    assert received == Counter(r.email for r in readers)
    assert set(received.values()) == {1}
    # A third run has nothing left to do.
    _send, progress = send_issue(korean_issue, "ko_bimonthly")
    assert progress.total == 0
    assert smtp_server.handler.count == 10


def test_crash_after_the_server_accepted_never_sends_twice(
    korean_issue, smtp_server, monkeypatch
):
    """The process dies between the server's 250 and recording 'sent': that
    delivery stays 'sending' (uncertain) and is not sent again (at most once)."""
    readers = add_subscribers(5, "ko_bimonthly")
    real_record = sending.NewsletterSender._record
    calls = {"sent": 0}

    def dying_record(self, delivery, state, error=""):
        if state == Delivery.State.SENT:
            calls["sent"] += 1
            if calls["sent"] == 3:
                raise SystemExit("killed")
        return real_record(self, delivery, state, error)

    monkeypatch.setattr(sending.NewsletterSender, "_record", dying_record)
    with pytest.raises(SystemExit):
        send_issue(korean_issue, "ko_bimonthly", batch_size=2)
    monkeypatch.setattr(sending.NewsletterSender, "_record", real_record)

    send, progress = send_issue(korean_issue, "ko_bimonthly", batch_size=2)
    assert progress.sent == 2
    assert Counter(smtp_server.handler.recipients()) == Counter(
        r.email for r in readers
    )
    uncertain = send.deliveries.get(state=Delivery.State.SENDING)
    assert uncertain.subscriber == readers[2]


def test_refused_recipient_is_logged_and_retryable(korean_issue, smtp_server):
    readers = add_subscribers(3, "ko_bimonthly")
    smtp_server.handler.refuse = {readers[1].email}
    send, progress = send_issue(korean_issue, "ko_bimonthly")
    assert (progress.sent, progress.failed) == (2, 1)
    failed = send.deliveries.get(state=Delivery.State.FAILED)
    assert failed.subscriber == readers[1]
    assert "550" in failed.error
    assert send.state == NewsletterSend.State.DONE

    smtp_server.handler.refuse = set()
    assert sending.retry_deliveries(send) == 1
    send, progress = send_issue(korean_issue, "ko_bimonthly")
    assert progress.sent == 1
    assert Counter(smtp_server.handler.recipients())[readers[1].email] == 1
    assert send.counts()["sent"] == 3


def test_unsubscribed_after_queueing_is_skipped(korean_issue, smtp_server):
    readers = add_subscribers(3, "ko_bimonthly")
    send = sending.get_or_create_send(korean_issue, "ko_bimonthly")
    sending.queue_deliveries(send)
    Subscription.objects.filter(subscriber=readers[0]).update(status="unsubscribed")
    _send, progress = send_issue(korean_issue, "ko_bimonthly")
    assert (progress.sent, progress.skipped) == (2, 1)
    assert readers[0].email not in smtp_server.handler.recipients()


def test_refuses_drafts_and_the_wrong_language(
    korean_issue, english_issue, smtp_server
):
    with pytest.raises(SendError, match="is in 'ko'"):
        send_issue(korean_issue, "en_fnn")
    korean_issue.unpublish()
    with pytest.raises(SendError, match="not published"):
        send_issue(korean_issue, "ko_bimonthly")
    assert smtp_server.handler.count == 0


def test_header_injection_in_name_and_subject(korean_issue, smtp_server):
    [reader] = add_subscribers(1, "ko_bimonthly")
    reader.name = "Kim\r\nBcc: victim@evil.test"
    reader.save()
    korean_issue.title = "소식지\r\nBcc: victim@evil.test"
    korean_issue.save_revision().publish()
    send_issue(korean_issue, "ko_bimonthly")
    [message] = smtp_server.handler.messages
    assert message["Bcc"] is None
    assert message["Subject"] == "소식지 Bcc: victim@evil.test"
    assert "victim@evil.test" not in str(smtp_server.handler.recipients())


def test_send_test_goes_only_to_staff(korean_issue, smtp_server):
    add_subscribers(3, "ko_bimonthly")
    korean_issue.unpublish()  # drafts can be tested
    send_test(korean_issue, "ko_bimonthly", "editor@nkhr.or.kr")
    [message] = smtp_server.handler.messages
    assert message["To"].addresses[0].addr_spec == "editor@nkhr.or.kr"
    assert message["Subject"].startswith("[TEST] ")
    assert NewsletterSend.objects.count() == 0


def test_command_shows_progress_and_resumes(korean_issue, smtp_server, capsys):
    add_subscribers(5, "ko_bimonthly")
    smtp_server.handler.disconnect_after = 2
    with pytest.raises(CommandError, match="Run the send again"):
        call_command("send_newsletter", str(korean_issue.pk), "--batch-size", "2")
    smtp_server.handler.disconnect_after = None
    call_command(
        "send_newsletter",
        str(korean_issue.pk),
        "--list",
        "ko_bimonthly",
        "--batch-size",
        "2",
    )
    out = capsys.readouterr().out
    assert "3/3 sent" in out
    assert "done" in out.lower()
    assert smtp_server.handler.count == 5


def test_command_bad_arguments(korean_issue):
    with pytest.raises(CommandError, match="No newsletter issue with id 999999"):
        call_command("send_newsletter", "999999")
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("send_newsletter", str(korean_issue.pk), "--list", "nope")


@pytest.mark.parametrize("identifiable", [True, False])
def test_images_are_absolute_and_respect_consent(
    korean_issue, campaigns, smtp_server, identifiable
):
    image = ProtectedImage.objects.create(
        title="Rally in Seoul",
        file=get_test_image_file(size=(800, 400)),
        do_not_identify=not identifiable,
    )
    campaign = campaigns["ko"]
    campaign.hero_image = image
    campaign.save_revision().publish()
    add_subscribers(1, "ko_bimonthly")
    send_issue(korean_issue, "ko_bimonthly")
    [message] = smtp_server.handler.messages
    _text, html = _parts(message)
    images = re.findall(r'<img src="([^"]+)"', html)
    if identifiable:
        assert len(images) == 1
        assert images[0].startswith("http://localhost/media/images/")
    else:
        # A photo of people who must not be identified never leaves the site.
        assert images == []
