"""Subscriber import limits: files that would crash the importer, store
garbage or hold the database are refused or written in short transactions,
with a bounded report; through the admin view, the command and the function."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nkhr_pages.mailing.csv_io import ImportFailed, import_subscribers
from nkhr_pages.mailing.models import Subscriber, Subscription

URL = "/admin/newsletters/import/"
HUGE = "x" * (128 * 1024 + 10)  # over the csv module's field size limit


def _rows(count: int, start: int = 0) -> str:
    return "".join(
        f"reader{n}@example.org,Reader {n},en_fnn\n" for n in range(start, count)
    )


BAD_FILES = [
    (
        f"email,name,lists\nok@example.org,Ok,en_fnn\nkim@example.org,{HUGE},ko\n",
        r"line 3: a value is longer than 10,000 characters",
    ),
    (
        "email,name,lists\nok@example.org,Ok,en_fnn\n"
        f"kim@example.org,{'y' * 10_001},ko\n",
        r"line 3: name is longer than 10,000 characters",
    ),
    (
        "email,name,lists\nok@example.org,Ok,en_fnn\nkim@example.org,Ki\x00m,ko\n",
        r"line 3: contains a NUL character",
    ),
    (
        "email,lists,Email\nkim@example.org,ko,other@example.org\n",
        r"line 1: the header row names these columns more than once: email",
    ),
    (
        "email,lists,phone\nkim@example.org,ko,010-0000-0000\n",
        r"line 1: unknown column\(s\): phone",
    ),
    (
        "email,lists,\nkim@example.org,ko,\n",
        r"line 1: column 3 of the header row has no name",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_bad_files_are_refused_with_the_line(db, content, message):
    with pytest.raises(ImportFailed) as caught:
        import_subscribers(content.encode())
    assert re.search(message, str(caught.value.errors[0])), caught.value.errors
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_bad_files_through_the_admin_are_a_400_with_the_line(
    client, editor, content, message
):
    upload = SimpleUploadedFile("list.csv", content.encode(), content_type="text/csv")
    response = client.post(URL, {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert re.search(message.replace("line", "Line", 1), html)
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_bad_files_through_the_command(db, tmp_path, capsys, content, message):
    path = tmp_path / "list.csv"
    path.write_bytes(content.encode())
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_subscribers", str(path))
    assert re.search(message, capsys.readouterr().err)
    assert not Subscriber.objects.exists()


def test_file_over_the_row_limit(client, editor, settings, tmp_path):
    settings.NKHR_MAILING_IMPORT_MAX_ROWS = 100
    content = ("email,name,lists\n" + _rows(101)).encode()
    response = client.post(URL, {"file": SimpleUploadedFile("list.csv", content)})
    assert response.status_code == 400
    assert "Line 102: the file has more than 100 rows" in response.content.decode()
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_subscribers", str(path))
    assert not Subscriber.objects.exists()
    # One row fewer is fine.
    path.write_bytes(("email,name,lists\n" + _rows(100)).encode())
    call_command("import_subscribers", str(path))
    assert Subscriber.objects.count() == 100


def test_file_over_the_size_limit(client, editor, settings, tmp_path):
    settings.NKHR_CSV_IMPORT_MAX_BYTES = 1000
    content = ("email,name,lists\n" + _rows(40)).encode()
    response = client.post(URL, {"file": SimpleUploadedFile("list.csv", content)})
    assert response.status_code == 400
    assert "at most 1000" in response.content.decode()
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="at most 1000"):
        call_command("import_subscribers", str(path))
    assert not Subscriber.objects.exists()


def test_many_bad_rows_give_a_short_report(client, editor):
    content = "email,lists\n" + "".join(f"nope{n},en_fnn\n" for n in range(20_000))
    content += "good@example.org,weekly\n"
    response = client.post(URL, {"file": SimpleUploadedFile("l.csv", content.encode())})
    assert response.status_code == 400
    html = response.content.decode()
    assert len(html) < 100_000
    assert html.count('class="import-error"') == 50
    assert "and 19951 more problems" in html
    assert re.search(r"<td>invalid email address</td><td>20000</td>", html)
    assert re.search(r"<td>unknown or missing list</td><td>1</td>", html)


def _largest_transaction(queries: list[dict]) -> int:
    """The most statements run inside one transaction opened by the import (a
    savepoint in a test, which runs inside a transaction of its own)."""
    depth, current, largest = 0, 0, 0
    for query in queries:
        sql = query["sql"]
        if sql.startswith("SAVEPOINT"):
            depth += 1
        elif sql.startswith(("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            depth -= 1
            if depth == 0:
                largest, current = max(largest, current), 0
        elif depth:
            current += 1
    return max(largest, current)


def test_large_valid_file_through_the_admin(client, editor):
    content = ("email,name,lists\n" + _rows(20_000)).encode()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"file": SimpleUploadedFile("l.csv", content)})
    assert response.status_code == 200
    assert len(response.content) < 100_000
    assert "20000 rows imported: 20000 new subscribers" in response.content.decode()
    assert Subscription.objects.filter(status="active").count() == 20_000
    # Written in short transactions, never one holding the whole file.
    assert _largest_transaction(queries.captured_queries) <= 20
    assert len(queries) < 1_000


def test_large_valid_file_through_the_command(db, tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_text("email,name,lists\n" + _rows(20_000), encoding="utf-8")
    call_command("import_subscribers", str(path))
    assert "20000 rows: 20000 new subscribers" in capsys.readouterr().out
    # Again, with some already there and some waiting for confirmation.
    for email, status in [
        ("reader7@example.org", "pending"),
        ("reader8@example.org", "unsubscribed"),
    ]:
        subscription = Subscription.objects.get(subscriber__email=email)
        subscription.status = status
        subscription.save()
    path.write_text("email,name,lists\n" + _rows(20_500), encoding="utf-8")
    call_command("import_subscribers", str(path))
    out = capsys.readouterr().out
    assert "500 new subscribers, 501 subscriptions added, 19999 unchanged" in out
    assert "reader8@example.org" in out
    assert Subscription.objects.filter(status="active").count() == 20_499
