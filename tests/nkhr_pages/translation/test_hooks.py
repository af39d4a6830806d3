"""The admin wiring this app depends on: URL order and snippet registration."""

import pytest
from django.urls import resolve, reverse
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from nkhr_pages.models import Outlet, PublicationTopic
from nkhr_pages.translation import wagtail_hooks
from nkhr_pages.translation.views import guards


@pytest.mark.parametrize(
    ("name", "args", "guarded"),
    [
        ("submit_page_translation", [1], guards.submit_page),
        (
            "submit_snippet_translation",
            ["nkhr_pages", "outlet", "1"],
            guards.submit_snippet,
        ),
        ("update_translations", [1], guards.update),
        ("edit_string_translation", [1, 2], guards.edit_string),
        ("edit_override", [1, 2], guards.edit_override),
        ("download_pofile", [1], guards.download_pofile),
        ("upload_pofile", [1], guards.upload_pofile),
        ("machine_translate", [1], guards.machine_translate),
        ("preview_translation", [1], guards.preview),
        ("stop_translation", [1], guards.stop),
        ("convert_to_alias", [1], guards.convert_to_alias),
    ],
)
def test_wagtail_localize_urls_resolve_to_the_guards(name, args, guarded):
    """If wagtail-localize's own views won, the locale checks would be skipped."""
    match = resolve(reverse(f"wagtail_localize:{name}", args=args))
    assert match.namespace == "nkhr_translation_guards"
    unwrapped = match.func
    while unwrapped is not guarded and hasattr(unwrapped, "__wrapped__"):
        unwrapped = unwrapped.__wrapped__
    assert unwrapped is guarded


class TopicViewSet(SnippetViewSet):
    model = PublicationTopic


class OutletViewSet(SnippetViewSet):
    model = Outlet


class TaxonomyGroup(SnippetViewSetGroup):
    items = (TopicViewSet, OutletViewSet)


@pytest.mark.parametrize(
    "registerable",
    [PublicationTopic, TopicViewSet, TopicViewSet(), TaxonomyGroup, TaxonomyGroup()],
    ids=["model", "viewset-class", "viewset", "group-class", "group"],
)
def test_fallback_registration_recognises_the_page_apps_own(registerable):
    assert PublicationTopic in wagtail_hooks._registered_models(registerable)


def test_topics_and_outlets_are_snippets():
    assert wagtail_hooks._is_registered(PublicationTopic)
    assert wagtail_hooks._is_registered(Outlet)
