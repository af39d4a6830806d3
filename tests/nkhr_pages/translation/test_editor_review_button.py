""" "Send for review" inside wagtail-localize's translation editor."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import Locale

from .conftest import (
    submit_for_translation,
    translate_through_editor_api,
    translation_of,
)

BUTTON = "data-nkhr-send-for-review"


def test_the_translation_editor_offers_send_for_review(
    client, editor, translator, make_publication
):
    en_page = make_publication()
    submit_for_translation(client, editor, en_page)
    translate_through_editor_api(client, translator, translation_of(en_page))
    ko_page = en_page.get_translation(Locale.objects.get(language_code="ko"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[ko_page.pk])
    review_url = reverse("nkhr_translation:submit_for_review", args=[ko_page.pk])

    client.force_login(translator)
    html = client.get(edit_url).content.decode()
    assert "js-translation-editor" in html  # wagtail-localize's editor
    assert BUTTON in html
    assert f'href="{review_url}?next=' in html

    # The button leads to the confirmation; sending it puts the page in review.
    assert "The page goes live when they approve it." in (
        client.get(review_url).content.decode()
    )
    client.post(review_url, {"next": edit_url})
    assert BUTTON not in client.get(edit_url).content.decode()


def test_no_button_on_the_english_page(client, editor, make_publication):
    en_page = make_publication()
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[en_page.pk]))
    assert BUTTON not in html.content.decode()
