"""The dashboard's "Translations waiting for you" offers "Send for review" only
while there is something to review (issue 18): after approval it started a new
review of the live, unchanged page and emailed the reviewers again."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from wagtail.models import Locale

from .conftest import (
    submit_for_translation,
    translate_through_editor_api,
    translation_of,
)
from .test_end_to_end import _approve


def _offers_review(client, translator, page) -> bool:
    client.force_login(translator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Translations waiting for you" in dashboard
    return reverse("nkhr_translation:submit_for_review", args=[page.pk]) in dashboard


def test_send_for_review_only_while_there_is_something_to_review(
    client,
    editor,
    translator,
    reviewer,
    make_publication,
    django_capture_on_commit_callbacks,
):
    en_page = make_publication()
    with django_capture_on_commit_callbacks(execute=True):  # the notice
        submit_for_translation(client, editor, en_page)
    translation = translation_of(en_page)
    ko_page = en_page.get_translation(Locale.objects.get(language_code="ko"))
    segments = translate_through_editor_api(client, translator, translation)
    assert _offers_review(client, translator, ko_page)

    client.post(reverse("nkhr_translation:submit_for_review", args=[ko_page.pk]))
    assert not _offers_review(client, translator, ko_page)  # with the reviewers

    _approve(client, reviewer, ko_page)
    ko_page.refresh_from_db()
    assert ko_page.live
    assert not _offers_review(client, translator, ko_page)  # approved, unchanged

    # The translator improves one string: that change needs a review.
    summary = next(s for s in segments if s.context.path == "summary")
    client.put(
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.pk, summary.pk],
        ),
        urlencode({"value": "2024년 북한인권 활동 보고"}),
        content_type="application/x-www-form-urlencoded",
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert _offers_review(client, translator, ko_page)
