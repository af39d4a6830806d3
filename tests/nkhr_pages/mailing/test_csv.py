"""Staff import (all or nothing, idempotent) and export of the subscriber list."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nkhr_pages.mailing.csv_io import ImportFailed, export_csv_lines, import_subscribers
from nkhr_pages.mailing.models import Subscriber, Subscription

GOOD = """email,name,language,lists,organisation
kim@example.org,김철수,ko,ko_bimonthly,북한인권시민연합
UN.Desk@Example.org,Desk Officer,,en_fnn;ko_bimonthly,OHCHR
press@example.org,,en,fnn,
"""


def _statuses():
    return sorted(
        Subscription.objects.values_list("subscriber__email", "mailing_list", "status")
    )


def test_import_good_file_twice(db):
    result = import_subscribers(GOOD.encode())
    assert (result.rows, result.subscribers_created, result.subscriptions_added) == (
        3,
        3,
        4,
    )
    assert Subscriber.objects.get(email="un.desk@example.org").language == "en"
    assert (
        Subscriber.objects.get(email="kim@example.org").organisation
        == "북한인권시민연합"
    )
    assert {s for *_rest, s in _statuses()} == {"active"}
    before = _statuses()
    again = import_subscribers(GOOD.encode())
    assert (again.subscribers_created, again.subscriptions_added, again.unchanged) == (
        0,
        0,
        3,
    )
    assert _statuses() == before


def test_import_reads_cp949_from_korean_spreadsheets(db):
    import_subscribers(GOOD.encode("cp949"))
    assert Subscriber.objects.get(email="kim@example.org").name == "김철수"


def test_bad_file_imports_nothing_and_names_each_line(db):
    bad = (
        "email,name,lists\n"
        "good@example.org,Good,en_fnn\n"
        "not-an-email,Bad,en_fnn\n"
        "x@example.org,Name,weekly\n"
        "good@example.org,Again,ko\n"
        "\n"
        'y@example.org,"Two\nlines",ko\n'
        "z@example.org,,\n"
    )
    with pytest.raises(ImportFailed) as caught:
        import_subscribers(bad.encode())
    messages = [str(error) for error in caught.value.errors]
    assert messages[0] == "line 3: 'not-an-email' is not a valid email address"
    assert messages[1] == "line 4: unknown list(s): weekly"
    assert messages[2] == "line 5: good@example.org is already on line 2"
    assert messages[3].startswith("line 8: name and organisation must be on one line")
    assert messages[4].startswith("line 9: no list given")
    assert Subscriber.objects.count() == 0


def test_missing_columns_and_binary_garbage(db):
    with pytest.raises(ImportFailed, match="lacks the column"):
        import_subscribers(b"name,email\nKim,kim@example.org\n")
    with pytest.raises(ImportFailed, match="neither UTF-8 nor CP949"):
        import_subscribers(b"\xff\xfe\x00\x81\x00")


def test_import_never_resubscribes_the_unsubscribed(db):
    subscriber = Subscriber.objects.create(email="press@example.org")
    Subscription.objects.create(
        subscriber=subscriber, mailing_list="en_fnn", status="unsubscribed"
    )
    result = import_subscribers(GOOD.encode())
    assert result.kept_unsubscribed == ["press@example.org"]
    assert subscriber.subscriptions.get().status == "unsubscribed"


def test_export_round_trips_and_defuses_formulas(db):
    import_subscribers(GOOD.encode())
    Subscriber.objects.filter(email="press@example.org").update(name="=HYPERLINK(1)")
    rows = list(csv.reader(io.StringIO("".join(export_csv_lines()))))
    assert rows[0][:5] == ["email", "name", "language", "lists", "organisation"]
    by_email = {row[0]: row for row in rows[1:]}
    assert by_email["un.desk@example.org"][3] == "en_fnn;ko_bimonthly"
    assert by_email["press@example.org"][1] == "'=HYPERLINK(1)"
    Subscriber.objects.all().delete()
    import_subscribers(
        "".join(export_csv_lines([rows[0], by_email["kim@example.org"]]))
    )
    assert _statuses() == [("kim@example.org", "ko_bimonthly", "active")]


def test_commands(db, tmp_path, capsys):
    source = tmp_path / "list.csv"
    source.write_text(GOOD, encoding="utf-8")
    call_command("import_subscribers", str(source))
    assert "3 new subscribers" in capsys.readouterr().out
    target = tmp_path / "export.csv"
    call_command("export_subscribers", "--output", str(target))
    assert "kim@example.org" in target.read_text(encoding="utf-8-sig")

    bad = tmp_path / "bad.csv"
    bad.write_text("email,lists\nnope,en_fnn\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_subscribers", str(bad))
    assert "line 2" in capsys.readouterr().err
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_subscribers", str(tmp_path / "missing.csv"))


@pytest.mark.parametrize("name", ["+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_export_defuses_every_formula_start(db, name):
    import_subscribers(GOOD.encode())
    Subscriber.objects.filter(email="press@example.org").update(name=name)
    rows = list(csv.reader(io.StringIO("".join(export_csv_lines()))))
    by_email = {row[0]: row for row in rows[1:]}
    assert by_email["press@example.org"][1] == "'" + name
