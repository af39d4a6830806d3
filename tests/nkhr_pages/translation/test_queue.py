"""The translator's queue, "My translations" (번역할 일): every page translation
into the user's languages, its state and the segments left, in a constant
number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import translate_object

from .conftest import translate_through_editor_api, translation_of

URL = "/admin/translation/my-translations/"
ROW = re.compile(
    r'<tr data-nkhr-queue-state="(?P<state>[a-z_]+)">\s*<td class="title"><a [^>]*>'
    r"(?P<title>[^<]+)</a>.*?data-nkhr-segments-left=\"(?P<left>\d+)\"",
    re.S,
)


def _rows(client, **params) -> dict[str, tuple[str, int]]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return {
        match["title"]: (match["state"], int(match["left"]))
        for match in ROW.finditer(response.content.decode())
    }


def _korean(page, locales):
    return page.get_translation(locales["ko"]).specific


def _send_for_review(client, translator, page, locales):
    translate_through_editor_api(client, translator, translation_of(page))
    client.force_login(translator)
    ko_page = _korean(page, locales)
    client.post(reverse("nkhr_translation:submit_for_review", args=[ko_page.pk]))
    ko_page.refresh_from_db()
    return ko_page


def _decide(ko_page, reviewer, action: str) -> None:
    task_state = TaskState.objects.get(
        workflow_state=ko_page.current_workflow_state,
        status=TaskState.STATUS_IN_PROGRESS,
    )
    task_state.task.specific.on_action(task_state, reviewer, action)


@pytest.fixture
def queue(client, editor, translator, reviewer, make_publication, locales):
    """One translation in each state."""
    pages = {}
    for slug, title in [
        ("to-translate", "Untranslated report"),
        ("in-review", "Report in review"),
        ("changes", "Report with changes asked"),
        ("published", "Published report"),
        ("outdated", "Outdated report"),
    ]:
        pages[slug] = make_publication(slug=slug, title=title)
        translate_object(pages[slug], [locales["ko"]], user=editor)
    _send_for_review(client, translator, pages["in-review"], locales)
    changes = _send_for_review(client, translator, pages["changes"], locales)
    _decide(changes, reviewer, "reject")
    for slug in ("published", "outdated"):
        _decide(
            _send_for_review(client, translator, pages[slug], locales),
            reviewer,
            "approve",
        )
    TranslationSource.objects.filter(
        object_id=pages["outdated"].translation_key
    ).update(last_updated_at=timezone.now() + timezone.timedelta(minutes=1))
    return pages


def test_the_queue_shows_each_state_and_the_segments_left(client, translator, queue):
    client.force_login(translator)
    rows = _rows(client)
    assert {title: state for title, (state, _left) in rows.items()} == {
        "Untranslated report": "to_translate",
        "Report in review": "in_review",
        "Report with changes asked": "changes_requested",
        "Published report": "published",
        "Outdated report": "outdated",
    }
    # wagtail-localize's own count, row by row.
    for page in queue.values():
        total, translated = translation_of(page).get_progress()
        assert rows[page.title][1] == total - translated
    assert rows["Untranslated report"][1] > 0
    # Work first: what the translator must act on, then what waits on others.
    assert list(rows)[:2] == ["Report with changes asked", "Untranslated report"]


def test_the_queue_filters_by_state(client, translator, queue):
    client.force_login(translator)
    assert list(_rows(client, state="in_review")) == ["Report in review"]
    assert len(_rows(client, state="nonsense")) == 5


def test_the_queue_costs_the_same_queries_for_more_rows(
    client, translator, editor, queue, make_publication, locales
):
    client.force_login(translator)
    client.get(URL)  # warm caches (session, locales)
    with CaptureQueriesContext(connection) as five:
        client.get(URL)
    for number in range(4):
        page = make_publication(slug=f"more-{number}", title=f"More {number}")
        translate_object(page, [locales["ko"]], user=editor)
    with CaptureQueriesContext(connection) as nine:
        assert len(_rows(client)) == 9
    assert len(nine.captured_queries) == len(five.captured_queries)


def test_english_editors_have_no_queue(client, editor, translator, home_pages):
    client.force_login(editor)
    refused = client.get(URL)
    assert refused.status_code == 302  # Wagtail's "no permission" redirect
    assert refused["Location"] == reverse("wagtailadmin_home")
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert URL not in dashboard
    client.force_login(translator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert URL in dashboard


def test_the_chosen_state_is_shown_as_well_as_announced(client, translator, queue):
    client.force_login(translator)
    html = client.get(URL, {"state": "in_review"}).content.decode()
    link = r'<a class="button button-small([^"]*)" href="([^"]*)"([^>]*)>'
    links = re.findall(link, html)
    chosen = [(cls, href) for cls, href, rest in links if "aria-current" in rest]
    # One state is current, drawn as Wagtail's filled button; the others outlined.
    assert chosen == [("", "?state=in_review")]
    others = [classes for classes, _href, rest in links if "aria-current" not in rest]
    assert others
    assert all(classes == " button-secondary" for classes in others)
