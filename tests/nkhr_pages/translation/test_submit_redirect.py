"""After "Translate", the user lands where they may go (issue 18): an editor
who submitted an English page or snippet for Korean translation saw the success
message, then "Sorry, you do not have permission to access this area"."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale

from tests import factories

from .conftest import submit_for_translation


def _follow(client, response):
    assert response.status_code == 302
    return client.get(response.url)


def test_editor_goes_back_to_the_english_page(client, editor, make_publication):
    page = make_publication()
    response = submit_for_translation(client, editor, page)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    landed = _follow(client, response)
    assert landed.status_code == 200
    messages = [str(message) for message in landed.context["messages"]]
    assert any("successfully submitted for translation" in m for m in messages)
    assert page.get_translation(Locale.objects.get(language_code="ko"))


def test_who_may_edit_the_translation_goes_to_it(client, roles, make_publication):
    page = make_publication()
    administrator = get_user_model().objects.create_superuser(
        "coordinator", "coordinator@nkhr.test", "not-used"
    )
    response = submit_for_translation(client, administrator, page)
    korean = page.get_translation(Locale.objects.get(language_code="ko"))
    assert response.url == reverse("wagtailadmin_pages:edit", args=[korean.pk])


def test_editor_goes_back_to_the_english_snippet(client, editor):
    outlet = factories.OutletFactory(name="Yonhap News Agency")
    client.force_login(editor)
    response = client.post(
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["nkhr_pages", "outlet", outlet.pk],
        ),
        {"locales": [Locale.objects.get(language_code="ko").pk]},
    )
    assert response.url == reverse(
        "wagtailsnippets_nkhr_pages_outlet:edit", args=[outlet.pk]
    )
    assert _follow(client, response).status_code == 200
