"""The Newsletters part of the Wagtail admin, driven as staff would."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from nkhr_pages.mailing.models import NewsletterSend, Subscriber
from nkhr_pages.models import NewsletterIssuePage

from .conftest import add_subscribers


def test_menu_and_buttons_lead_to_the_mailing_views(
    client, editor, korean_issue, newsletter_indexes
):
    home = client.get("/admin/").content.decode()
    assert "/admin/newsletters/sends/" in home
    assert "/admin/newsletters/import/" in home
    explorer = client.get(f"/admin/pages/{korean_issue.pk}/edit/").content.decode()
    assert f"/admin/newsletters/issue/{korean_issue.pk}/" in explorer
    index = client.get(f"/admin/pages/{newsletter_indexes['en'].pk}/").content.decode()
    assert "/admin/newsletters/start/" in index
    for url in ("sends/", "start/", "import/", f"issue/{korean_issue.pk}/"):
        assert client.get(f"/admin/newsletters/{url}").status_code == 200
    listing = client.get("/admin/snippets/nkhr_mailing/subscriber/?q=reader")
    assert listing.status_code == 200


def test_send_test_to_me(client, editor, korean_issue, smtp_server):
    response = client.post(
        f"/admin/newsletters/issue/{korean_issue.pk}/",
        {"action": "test", "mailing_list": "ko_bimonthly"},
        follow=True,
    )
    assert "editor@nkhr.or.kr" in response.content.decode()
    [message] = smtp_server.handler.messages
    assert message["Subject"] == "[TEST] 북한인권 소식지 제57호"
    assert message["To"].addresses[0].addr_spec == "editor@nkhr.or.kr"


def test_send_from_the_admin_with_failures_and_retry(
    client, editor, korean_issue, smtp_server
):
    readers = add_subscribers(4, "ko_bimonthly")
    smtp_server.handler.refuse = {readers[2].email}
    response = client.post(
        f"/admin/newsletters/issue/{korean_issue.pk}/",
        {"action": "send", "mailing_list": "ko_bimonthly"},
    )
    send = NewsletterSend.objects.get()
    assert response["Location"] == f"/admin/newsletters/sends/{send.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert '<span data-count="sent">3</span>' in detail
    assert '<span data-count="failed">1</span>' in detail
    assert readers[2].email in detail
    assert "550" in detail
    listing = client.get("/admin/newsletters/sends/").content.decode()
    assert '<td data-count="sent">3</td>' in listing

    smtp_server.handler.refuse = set()
    client.post(response["Location"], {"action": "retry_failed"})
    send.refresh_from_db()
    assert send.counts()["sent"] == 4
    assert send.state == NewsletterSend.State.DONE
    assert sorted(smtp_server.handler.recipients()) == sorted(r.email for r in readers)


def test_interrupted_send_is_shown_and_resumed(
    client, editor, korean_issue, smtp_server
):
    add_subscribers(4, "ko_bimonthly")
    smtp_server.handler.disconnect_after = 1
    response = client.post(
        f"/admin/newsletters/issue/{korean_issue.pk}/",
        {"action": "send", "mailing_list": "ko_bimonthly"},
    )
    detail = client.get(response["Location"]).content.decode()
    assert 'data-state="interrupted"' in detail
    assert "Run the send again to resume" in detail
    assert '<span data-count="queued">3</span>' in detail
    smtp_server.handler.disconnect_after = None
    client.post(response["Location"], {"action": "resume"})
    assert NewsletterSend.objects.get().counts()["sent"] == 4
    assert smtp_server.handler.count == 4


def test_sending_a_draft_says_why_not(client, editor, korean_issue, smtp_server):
    korean_issue.unpublish()
    response = client.post(
        f"/admin/newsletters/issue/{korean_issue.pk}/",
        {"action": "send", "mailing_list": "ko_bimonthly"},
        follow=True,
    )
    assert "is not published" in response.content.decode()
    assert NewsletterSend.objects.count() == 0


def test_start_next_issue_from_the_admin(client, editor, newsletter_indexes, campaigns):
    response = client.post("/admin/newsletters/start/", {"series": "en_fnn"})
    issue = NewsletterIssuePage.objects.get()
    assert response["Location"] == f"/admin/pages/{issue.pk}/edit/"
    assert not issue.live


def test_import_and_export_in_the_admin(client, editor):
    bad = SimpleUploadedFile("list.csv", b"email,lists\nkim@example.org,ko\nnope,en\n")
    response = client.post("/admin/newsletters/import/", {"file": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "Line 3: &#x27;nope&#x27; is not a valid email address" in html
    assert Subscriber.objects.count() == 0

    good = SimpleUploadedFile(
        "list.csv", "email,name,lists\nkim@example.org,김철수,ko\n".encode()
    )
    response = client.post("/admin/newsletters/import/", {"file": good})
    assert "1 new subscribers" in response.content.decode()

    export = client.get("/admin/newsletters/export.csv")
    body = b"".join(export.streaming_content).decode("utf-8")
    assert export["Content-Type"] == "text/csv"
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0][:4] == ["email", "name", "language", "lists"]
    assert rows[1][:4] == ["kim@example.org", "김철수", "ko", "ko_bimonthly"]


def test_staff_without_permission_are_refused(client, django_user_model, korean_issue):
    user = django_user_model.objects.create_user("intern", "intern@nkhr.or.kr", "pw")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    # Wagtail answers a permission denied with a redirect to the dashboard.
    for response in (
        client.get("/admin/newsletters/sends/"),
        client.get(f"/admin/newsletters/issue/{korean_issue.pk}/"),
        client.get("/admin/newsletters/export.csv"),
        client.post("/admin/newsletters/import/"),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    home = client.get("/admin/").content.decode()
    assert "/admin/newsletters/sends/" not in home
