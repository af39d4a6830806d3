"""update_index reports progress per chunk (count, percentage, rate)."""

from io import StringIO

from django.core.management import call_command


def test_update_index_shows_progress(standard_page):
    for number in range(5):
        standard_page(f"page-{number}", title=f"Page {number}")
    out = StringIO()
    call_command("update_index", "--chunk_size", "2", stdout=out)
    output = out.getvalue()
    standard = output.split("nkhr_pages.StandardPage", 1)[1].split("default:", 1)[0]
    assert "2/5 (40%)" in standard
    assert "4/5 (80%)" in standard
    assert "5/5 (100%)" in standard
    assert "objects/s" in standard
