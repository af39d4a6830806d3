"""Media coverage: the index (years, outlet filter), the CSV importer shared by
the management command and the admin upload view."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from nkhr_pages.models import MediaCoveragePage, Outlet
from nkhr_pages.services import MediaCoverageImporter
from tests import factories

# ruff: noqa: E501 (CSV rows are long by nature)

GOOD_CSV = """date,outlet,headline,link,language,headline_ko
2024-11-29,NK News,Chinese firms use North Korean prison labor to make wigs,https://www.nknews.org/2024/11/wigs/,en,중국 기업들이 북한 수감자 노동으로 가발을 만든다
2024-11-29,Yonhap News Agency,70% of North Korean wigs are produced through forced labor,,ko,북한 가발의 70%는 강제노동으로 생산
2024-01-24,The Korea Times,Seoul presses Beijing on NK refugees at UN review,,en,
"""

BAD_CSV = """date,outlet,headline,link,language
2024-11-29,NK News,A good row,,en
2024-13-01,VOA,Impossible month,,en
2024-05-09,,Missing outlet,,ko
2024-05-09,RFA,,,ko
2024-05-11,VOA,Bad link,not-a-url,ko
2024-05-11,VOA,Bad language,,fr
2024-11-29,NK News,A good row,,en
"""


@pytest.fixture
def coverage_index(make_section):
    return make_section(
        factories.MediaCoverageIndexPageFactory,
        "In the media",
        "언론 보도",
        per_page=50,
    )


def _snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Outlet.objects.count(),
        sorted(MediaCoveragePage.objects.values_list("locale__language_code", "title")),
    )


def test_import_good_file_creates_pages_and_translations(coverage_index):
    en, ko = coverage_index
    progress: list[str] = []
    result = MediaCoverageImporter(en, progress=progress.append).run(GOOD_CSV.encode())
    assert result.ok, result.errors
    assert (result.created, result.skipped) == (3, 0)
    english = MediaCoveragePage.objects.child_of(en).order_by("publication_date")
    assert [p.title for p in english] == [
        "Seoul presses Beijing on NK refugees at UN review",
        "Chinese firms use North Korean prison labor to make wigs",
        "70% of North Korean wigs are produced through forced labor",
    ]
    assert all(p.live for p in english)
    nk_news = english[1]
    assert nk_news.outlet.name == "NK News"
    assert nk_news.link == "https://www.nknews.org/2024/11/wigs/"
    assert nk_news.article_language == "en"
    korean = MediaCoveragePage.objects.child_of(ko)
    assert sorted(p.title for p in korean) == [
        "북한 가발의 70%는 강제노동으로 생산",
        "중국 기업들이 북한 수감자 노동으로 가발을 만든다",
    ]
    assert {p.translation_key for p in korean} <= {p.translation_key for p in english}
    assert progress[0].startswith("3 rows: 3 new")
    assert any("[3/3]" in line for line in progress)


def test_reimport_creates_nothing(coverage_index):
    en, _ko = coverage_index
    MediaCoverageImporter(en).run(GOOD_CSV)
    before = _snapshot()
    result = MediaCoverageImporter(en).run(GOOD_CSV)
    assert (result.created, result.skipped) == (0, 3)
    assert _snapshot() == before


def test_bad_file_reports_every_row_and_writes_nothing(coverage_index):
    en, _ko = coverage_index
    before = _snapshot()
    result = MediaCoverageImporter(en).run(BAD_CSV)
    assert not result.ok
    messages = [str(error) for error in result.errors]
    assert [error.line for error in result.errors] == [3, 4, 5, 6, 7, 8]
    assert "line 3: date “2024-13-01” is not a date like 2024-11-29" in messages
    assert "line 4: the outlet is missing" in messages
    assert "line 5: the headline is missing" in messages
    assert "line 6: link “not-a-url” is not a web address" in messages
    assert messages[4].startswith("line 7: language “fr” is not one of")
    assert "line 8: repeats line 2" in messages
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"when,where\n2024-01-01,Seoul\n", "unknown column(s): when, where"),
        (b"date,outlet\n2024-01-01,Seoul\n", "lacks the column(s): headline"),
        (b"date,outlet,headline\n", "the file has no rows"),
        (b"date,outlet,headline\n2024-01-01,VOA,x,extra\n", "more cells"),
    ],
)
def test_unusable_files_are_explained(coverage_index, content, message):
    en, _ko = coverage_index
    result = MediaCoverageImporter(en).run(content)
    assert not result.ok
    assert message in str(result.errors[0])
    assert MediaCoveragePage.objects.count() == 0


def test_campaign_column_links_the_campaign(coverage_index, make_section):
    en, _ko = coverage_index
    campaigns, _ = make_section(
        factories.CampaignIndexPageFactory, "Campaigns", "캠페인"
    )
    made_in_china = factories.CampaignPageFactory(
        parent=campaigns, slug="made-in-china"
    )
    csv_text = (
        "date,outlet,headline,campaign\n"
        "2024-12-01,Korea Times,Forced labor drives wig exports,made-in-china\n"
        "2024-12-01,YTN,Expendable Human Beings,no-such-campaign\n"
    )
    result = MediaCoverageImporter(en).run(csv_text)
    assert [str(e) for e in result.errors] == [
        "line 3: there is no campaign “no-such-campaign”"
    ]
    result = MediaCoverageImporter(en).run(csv_text.rsplit("\n", 2)[0] + "\n")
    assert result.created == 1
    page = MediaCoveragePage.objects.get()
    assert list(page.related_campaigns.all()) == [made_in_china]


def test_management_command(coverage_index, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_media_coverage", str(good), stdout=out)
    assert "Imported 3 new item(s), skipped 0" in out.getvalue()
    assert "[1/3]" in out.getvalue()
    out = io.StringIO()
    call_command("import_media_coverage", str(good), stdout=out)
    assert "Imported 0 new item(s), skipped 3" in out.getvalue()

    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="6 problem"):
        call_command("import_media_coverage", str(bad), stderr=err)
    assert f"{bad}: line 4: the outlet is missing" in err.getvalue()
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_media_coverage", str(tmp_path / "missing.csv"))


def test_admin_upload_view(admin_client, coverage_index):
    en, _ko = coverage_index
    url = "/admin/media-coverage/import/"
    assert admin_client.get(url).status_code == 200
    bad = SimpleUploadedFile("bad.csv", BAD_CSV.encode(), content_type="text/csv")
    response = admin_client.post(url, {"index_page": en.pk, "csv_file": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "6 problems; nothing was imported" in html
    assert "line 6: link “not-a-url” is not a web address" in html
    assert MediaCoveragePage.objects.count() == 0
    good = SimpleUploadedFile("good.csv", GOOD_CSV.encode(), content_type="text/csv")
    response = admin_client.post(url, {"index_page": en.pk, "csv_file": good})
    assert response.status_code == 302
    assert MediaCoveragePage.objects.child_of(en).count() == 3
    # The import's own page says how it went.
    job = admin_client.get(response["Location"])
    assert "3 of 3 rows: 3 new, 0 already there." in job.content.decode()


def test_admin_upload_view_needs_login(client, coverage_index):
    response = client.get("/admin/media-coverage/import/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.fixture
def clippings(coverage_index):
    en, _ko = coverage_index
    voa = factories.OutletFactory(name="Voice of America (VOA)")
    ytn = factories.OutletFactory(name="YTN")
    for day, outlet in [
        (datetime.date(2024, 12, 15), ytn),
        (datetime.date(2024, 5, 11), voa),
        (datetime.date(2023, 10, 1), voa),
    ]:
        factories.MediaCoveragePageFactory(
            parent=en, publication_date=day, outlet=outlet, title=f"{outlet} {day}"
        )
    return {"voa": voa, "ytn": ytn}


def test_index_groups_by_year(client, clippings):
    html = client.get("/en/in-the-media/").content.decode()
    assert html.index('id="year-2024"') < html.index('id="year-2023"')
    assert html.index("YTN 2024-12-15") < html.index(
        "Voice of America (VOA) 2024-05-11"
    )


def test_index_filters_by_outlet_and_year(client, clippings):
    voa = clippings["voa"]
    response = client.get(f"/en/in-the-media/?outlet={voa.pk}")
    assert [p.title for p in response.context["coverage"]] == [
        "Voice of America (VOA) 2024-05-11",
        "Voice of America (VOA) 2023-10-01",
    ]
    response = client.get(f"/en/in-the-media/?outlet={voa.pk}&year=2023")
    assert len(response.context["coverage"]) == 1


@pytest.mark.parametrize(
    "query",
    [
        "outlet=abc",
        "outlet=99999",
        "outlet=99999999999999999999999999",  # beyond any database integer
        "outlet=-1",
        "year=99999",
        "page=abc",
        "page=0",
        "page=99999999999999999999999999",
    ],
)
def test_index_bad_input(client, clippings, query):
    response = client.get(f"/en/in-the-media/?{query}")
    assert response.status_code == 200


def test_index_in_korean(client, clippings, coverage_index):
    en, _ko = coverage_index
    page = MediaCoveragePage.objects.child_of(en).first()
    factories.translate(page, "ko", title="한국어 제목")
    html = client.get("/ko/in-the-media/").content.decode()
    assert "한국어 제목" in html
    assert "<h1>언론 보도</h1>" in html


def test_index_costs_constant_queries(
    client, coverage_index, django_assert_max_num_queries
):
    en, _ko = coverage_index

    def add(count: int) -> None:
        for _n in range(count):
            factories.MediaCoveragePageFactory(parent=en)

    add(2)
    with django_assert_max_num_queries(40) as small:
        client.get("/en/in-the-media/")
    small_count = len(small.captured_queries)
    add(15)
    with django_assert_max_num_queries(small_count):
        response = client.get("/en/in-the-media/")
    assert len(response.context["coverage"]) == 17


# --- Limits (issue 17): refused with the line, bounded reports, short transactions.

HUGE = "x" * (128 * 1024 + 10)  # over the csv module's field size limit
IMPORT_URL = "/admin/media-coverage/import/"

BAD_COVERAGE_FILES = [
    (
        f"date,outlet,headline,summary\n2024-01-01,VOA,Fine,\n2024-01-02,VOA,Long,{HUGE}\n",
        "line 3: a value is longer than 10,000 characters",
    ),
    (
        "date,outlet,headline\n2024-01-01,VOA,Fine\n2024-01-02,VOA,N\x00UL\n",
        "line 3: contains a NUL character",
    ),
    (
        "date,outlet,headline,outlet\n2024-01-01,VOA,Fine,RFA\n",
        "line 1: the header row names these columns more than once: outlet",
    ),
    (
        "date,outlet,headline,reporter\n2024-01-01,VOA,Fine,Kim\n",
        "line 1: unknown column(s): reporter",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD_COVERAGE_FILES)
def test_bad_coverage_files_are_refused_with_the_line(
    admin_client, coverage_index, tmp_path, content, message
):
    en, _ko = coverage_index
    result = MediaCoverageImporter(en).run(content.encode())
    assert any(str(error).startswith(message) for error in result.errors)

    upload = SimpleUploadedFile("c.csv", content.encode(), content_type="text/csv")
    response = admin_client.post(IMPORT_URL, {"index_page": en.pk, "csv_file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()

    path = tmp_path / "c.csv"
    path.write_bytes(content.encode())
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_media_coverage", str(path), stderr=err)
    assert message in err.getvalue()
    assert MediaCoveragePage.objects.count() == 0


def test_nul_and_long_values_are_explained(coverage_index):
    en, _ko = coverage_index
    for content, explanation in zip(
        BAD_COVERAGE_FILES[:2],
        ["nothing after it was checked", "is this really a text CSV file?"],
        strict=True,
    ):
        result = MediaCoverageImporter(en).run(content[0])
        assert explanation in str(result.errors[0])


def _coverage_rows(count: int) -> str:
    return "".join(
        f"2024-01-{n % 28 + 1:02d},Outlet {n % 4},Headline number {n},,en\n"
        for n in range(count)
    )


def test_coverage_file_over_the_limits(
    admin_client, coverage_index, settings, tmp_path
):
    en, _ko = coverage_index
    settings.NKHR_MEDIA_COVERAGE_IMPORT_MAX_ROWS = 10
    content = ("date,outlet,headline,link,language\n" + _coverage_rows(11)).encode()
    upload = SimpleUploadedFile("c.csv", content)
    response = admin_client.post(IMPORT_URL, {"index_page": en.pk, "csv_file": upload})
    assert response.status_code == 400
    assert "line 12: the file has more than 10 rows" in response.content.decode()
    path = tmp_path / "c.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_media_coverage", str(path), stderr=io.StringIO())

    settings.NKHR_CSV_IMPORT_MAX_BYTES = 100
    upload = SimpleUploadedFile("c.csv", content)
    response = admin_client.post(IMPORT_URL, {"index_page": en.pk, "csv_file": upload})
    assert "at most 100" in response.content.decode()
    with pytest.raises(CommandError, match="at most 100"):
        call_command("import_media_coverage", str(path))
    assert MediaCoveragePage.objects.count() == 0


def test_many_bad_coverage_rows_give_a_short_report(
    admin_client, coverage_index, settings
):
    en, _ko = coverage_index
    settings.NKHR_MEDIA_COVERAGE_IMPORT_MAX_ROWS = 20_000
    content = "date,outlet,headline\n" + "".join(
        f"2024-13-01,VOA,Headline {n}\n" for n in range(20_000)
    )
    upload = SimpleUploadedFile("c.csv", content.encode())
    response = admin_client.post(IMPORT_URL, {"index_page": en.pk, "csv_file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert len(html) < 100_000
    assert "20000 problems; nothing was imported" in html
    assert "and 19950 more problems" in html
    assert "<td>wrong value</td><td>20000</td>" in html


def _page_inserts_per_transaction(queries: list[dict]) -> list[int]:
    """Pages created in each transaction opened outside the test's own one."""
    depth, counts = 0, []
    for query in queries:
        sql = query["sql"]
        if sql.startswith("SAVEPOINT"):
            depth += 1
            if depth == 1:
                counts.append(0)
        elif sql.startswith(("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            depth -= 1
        elif depth and sql.startswith('INSERT INTO "wagtailcore_page"'):
            counts[-1] += 1
    return [count for count in counts if count]


def test_valid_coverage_file_is_imported_in_short_transactions_in_a_task(
    admin_client, coverage_index, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nkhr_pages.models import MediaCoverageImport

    en, _ko = coverage_index
    monkeypatch.setattr(MediaCoverageImporter, "batch_size", 10)
    content = ("date,outlet,headline,link,language\n" + _coverage_rows(35)).encode()
    upload = SimpleUploadedFile("coverage.csv", content)
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(
            IMPORT_URL, {"index_page": en.pk, "csv_file": upload}
        )
    assert response.status_code == 302
    assert _page_inserts_per_transaction(queries.captured_queries) == [10, 10, 10, 5]
    job = MediaCoverageImport.objects.get()
    assert (job.state, job.total_rows, job.created, job.skipped) == ("done", 35, 35, 0)
    assert job.csv_text == ""
    page = admin_client.get(response["Location"])
    assert len(page.content) < 100_000
    assert "35 of 35 rows: 35 new, 0 already there." in page.content.decode()
    assert MediaCoveragePage.objects.child_of(en).count() == 35


def test_a_stopped_coverage_import_says_so_and_runs_again(
    admin_client, coverage_index, monkeypatch
):
    from nkhr_pages.models import MediaCoverageImport

    en, _ko = coverage_index
    monkeypatch.setattr(MediaCoverageImporter, "batch_size", 10)
    real_write = MediaCoverageImporter._write
    calls = []

    def write_then_fail(self, rows, result, offset=0, total=None):
        calls.append(offset)
        if len(calls) == 3:  # the disk fills up during the third batch
            real_write(self, rows[:4], result, offset, total)
            raise OSError("No space left on device")
        return real_write(self, rows, result, offset, total)

    monkeypatch.setattr(MediaCoverageImporter, "_write", write_then_fail)
    content = ("date,outlet,headline,link,language\n" + _coverage_rows(35)).encode()
    response = admin_client.post(
        IMPORT_URL,
        {"index_page": en.pk, "csv_file": SimpleUploadedFile("c.csv", content)},
    )
    job = MediaCoverageImport.objects.get()
    assert job.state == "failed"
    assert job.created == 20
    # The failed batch was rolled back whole: nothing half-written.
    assert MediaCoveragePage.objects.child_of(en).count() == 20
    html = admin_client.get(response["Location"]).content.decode()
    assert "Stopped after 20 new items: No space left on device" in html
    assert "Run again" in html

    monkeypatch.setattr(MediaCoverageImporter, "_write", real_write)
    admin_client.post(response["Location"])
    job.refresh_from_db()
    assert (job.state, job.created, job.skipped) == ("done", 15, 20)
    assert MediaCoveragePage.objects.child_of(en).count() == 35
    # A second click on the old page starts nothing.
    admin_client.post(response["Location"])
    assert MediaCoveragePage.objects.child_of(en).count() == 35
