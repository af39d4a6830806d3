"""Choosers that fit the content (issue 18): a page chooses campaigns, topics,
outlets and publications of its own language only; a new outlet can be added
from the media coverage form's chooser."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.blocks.base import BlockField
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from nkhr_pages.models import Outlet, PublicationTopic
from nkhr_pages.translation.roles import EDITORS, ensure_translation_roles
from tests import factories


def _add_form(client, model_name: str, parent):
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["nkhr_pages", model_name, parent.pk])
    )
    assert response.status_code == 200
    return response.context["form"]


def test_related_campaigns_and_topics_are_of_the_pages_language(
    admin_client, home_pages, locales
):
    campaigns = factories.CampaignIndexPageFactory(parent=home_pages["en"])
    factories.translate(campaigns, "ko", title="캠페인")
    campaign = factories.CampaignPageFactory(
        parent=campaigns, title="Stop forced repatriation"
    )
    korean_campaign = factories.translate(campaign, "ko", title="강제북송 중단")
    topic = PublicationTopic.objects.create(
        name="Forced repatriation", slug="forced-repatriation", locale=locales["en"]
    )
    korean_topic = topic.copy_for_translation(locales["ko"])
    korean_topic.name = "강제북송"
    korean_topic.save()
    publications = factories.PublicationIndexPageFactory(parent=home_pages["en"])
    korean_publications = factories.translate(publications, "ko", title="간행물")

    form = _add_form(admin_client, "publicationpage", publications)
    assert list(form.fields["related_campaigns"].queryset) == [campaign]
    assert list(form.fields["topics"].queryset) == [topic]

    form = _add_form(admin_client, "publicationpage", korean_publications)
    assert list(form.fields["related_campaigns"].queryset) == [korean_campaign]
    assert list(form.fields["topics"].queryset) == [korean_topic]


def test_media_coverage_chooses_outlets_and_publications_of_its_language(
    admin_client, home_pages, locales
):
    section = factories.MediaCoverageIndexPageFactory(parent=home_pages["en"])
    outlet = Outlet.objects.create(name="Daily NK", locale=locales["en"])
    korean_outlet = outlet.copy_for_translation(locales["ko"])
    korean_outlet.save()
    publications = factories.PublicationIndexPageFactory(parent=home_pages["en"])
    factories.translate(publications, "ko", title="간행물")
    report = factories.PublicationPageFactory(parent=publications)
    factories.translate(report, "ko", title="보고서")

    form = _add_form(admin_client, "mediacoveragepage", section)
    assert list(form.fields["outlet"].queryset) == [outlet]
    assert list(form.fields["related_publication"].queryset) == [report]
    assert korean_outlet.pk not in form.fields["outlet"].queryset.values_list(
        "pk", flat=True
    )


def test_a_new_outlet_is_added_from_the_chooser(admin_client, home_pages, locales):
    choose = admin_client.get(
        reverse("wagtailsnippetchoosers_nkhr_pages_outlet:choose")
    )
    assert choose.status_code == 200
    html = json.loads(choose.content)["html"]
    assert "Add a new outlet" in html
    created = admin_client.post(
        reverse("wagtailsnippetchoosers_nkhr_pages_outlet:create"),
        {"name": "NK News", "website": "https://www.nknews.org/"},
    )
    assert created.status_code == 200
    assert json.loads(created.content)["step"] == "chosen"
    outlet = Outlet.objects.get(name="NK News")
    assert outlet.locale == locales["en"]


def test_a_new_outlet_needs_a_name(admin_client, home_pages):
    refused = admin_client.post(
        reverse("wagtailsnippetchoosers_nkhr_pages_outlet:create"),
        {"name": "", "website": ""},
    )
    assert refused.status_code == 200
    assert json.loads(refused.content)["step"] != "chosen"
    assert not Outlet.objects.exists()


def test_the_publication_chooser_opens_in_the_publication_archive(
    admin_client, home_pages, locales
):
    section = factories.MediaCoverageIndexPageFactory(parent=home_pages["en"])
    publications = factories.PublicationIndexPageFactory(parent=home_pages["en"])
    factories.PublicationPageFactory(parent=publications, title="2024 Activity Report")
    response = admin_client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["nkhr_pages", "mediacoveragepage", section.pk],
        )
    )
    start_url = reverse("nkhr_pages_choose_page_from", args=[publications.pk])
    assert start_url in response.content.decode()
    widget = response.context["form"].fields["related_publication"].widget
    assert widget.start_page.pk == publications.pk

    modal = admin_client.get(start_url, {"page_type": "nkhr_pages.publicationpage"})
    assert modal.status_code == 200
    assert "2024 Activity Report" in json.loads(modal.content)["html"]
    # Once a page is chosen, Wagtail's script asks for its parent under this URL.
    child = reverse(
        "nkhr_pages_choose_page_from_child", args=[publications.pk, home_pages["en"].pk]
    )
    assert child == f"{start_url}{home_pages['en'].pk}/"
    assert admin_client.get(child).status_code == 200


def _edit_form_data(form, **changes) -> dict:
    """What the browser posts from an edit form left as shown, with ``changes``."""
    values = {}
    for name, field in form.fields.items():
        if isinstance(field, BlockField):
            values[name] = streamfield([])
            continue
        value = form[name].value()
        if value not in (None, "", [], False):
            values[name] = value
    for name in form.formsets:
        if name != "comments":
            values[name] = inline_formset([])
    values.update(changes)
    # Multiple choices are posted as repeated keys, not as a nested list.
    choices = {k: v for k, v in values.items() if isinstance(v, list | tuple)}
    data = nested_form_data({k: v for k, v in values.items() if k not in choices})
    data.update(choices)
    data["action-publish"] = "action-publish"
    return data


def _fresh(page):
    """The page as stored (refresh_from_db keeps ParentalManyToMany caches)."""
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def page_linking_a_korean_topic(home_pages, locales):
    """An English publication tagged with an English and a Korean topic, as
    pages linked before the choices were scoped to the page's language."""
    topic = PublicationTopic.objects.create(
        name="Forced repatriation", slug="forced-repatriation", locale=locales["en"]
    )
    korean_topic = PublicationTopic.objects.create(
        name="정치범수용소", slug="political-prison-camps", locale=locales["ko"]
    )
    publications = factories.PublicationIndexPageFactory(parent=home_pages["en"])
    page = factories.PublicationPageFactory(parent=publications)
    page.topics.set([topic, korean_topic])
    page.save_revision().publish()
    return page, topic, korean_topic


def test_a_link_in_the_other_language_is_kept_when_the_page_is_saved(
    admin_client, page_linking_a_korean_topic
):
    page, topic, korean_topic = page_linking_a_korean_topic
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client.get(url)
    form = response.context["form"]
    field = form.fields["topics"]
    # Shown, selected and marked with its language; the notice names it.
    assert set(field.queryset) == {topic, korean_topic}
    assert set(form["topics"].value()) == {topic.pk, korean_topic.pk}
    assert field.label_from_instance(korean_topic) == "정치범수용소 (Korean)"
    assert field.label_from_instance(topic) == "Forced repatriation"
    assert "정치범수용소 (Korean)" in str(field.help_text)
    assert "정치범수용소 (Korean)" in response.content.decode()

    saved = admin_client.post(url, _edit_form_data(form, title="Renamed report"))
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    page = _fresh(page)
    assert page.title == "Renamed report"
    assert set(page.topics.all()) == {topic, korean_topic}


def test_an_editor_can_still_remove_a_link_in_the_other_language(
    admin_client, page_linking_a_korean_topic
):
    page, topic, korean_topic = page_linking_a_korean_topic
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = admin_client.get(url).context["form"]
    saved = admin_client.post(url, _edit_form_data(form, topics=[topic.pk]))
    assert saved.status_code == 302
    page = _fresh(page)
    assert list(page.topics.all()) == [topic]


def test_no_new_link_to_the_other_language_is_accepted(
    admin_client, page_linking_a_korean_topic, locales
):
    page, topic, korean_topic = page_linking_a_korean_topic
    other = PublicationTopic.objects.create(
        name="납북자", slug="abductees", locale=locales["ko"]
    )
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = admin_client.get(url).context["form"]
    assert other not in form.fields["topics"].queryset
    refused = admin_client.post(
        url, _edit_form_data(form, topics=[topic.pk, korean_topic.pk, other.pk])
    )
    assert refused.status_code == 200
    assert "topics" in refused.context["form"].errors
    page = _fresh(page)
    assert set(page.topics.all()) == {topic, korean_topic}


def test_the_outlet_chooser_of_a_korean_page_creates_a_korean_outlet(
    admin_client, home_pages, locales
):
    section = factories.MediaCoverageIndexPageFactory(parent=home_pages["en"])
    korean_section = factories.translate(section, "ko", title="언론 보도")
    add_form = admin_client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["nkhr_pages", "mediacoveragepage", korean_section.pk],
        )
    )
    # Wagtail's chooser script adds this as ``?locale=`` to the chooser's URL.
    assert '"ACTIVE_CONTENT_LOCALE": "ko"' in add_form.content.decode()

    choose = admin_client.get(
        reverse("wagtailsnippetchoosers_nkhr_pages_outlet:choose"), {"locale": "ko"}
    )
    create_url = reverse("wagtailsnippetchoosers_nkhr_pages_outlet:create")
    assert f"{create_url}?locale=ko" in json.loads(choose.content)["html"]
    created = admin_client.post(
        f"{create_url}?locale=ko", {"name": "연합뉴스", "website": ""}
    )
    assert json.loads(created.content)["step"] == "chosen"
    outlet = Outlet.objects.get(name="연합뉴스")
    assert outlet.locale == locales["ko"]


def test_an_unknown_locale_creates_no_outlet(admin_client, home_pages):
    create_url = reverse("wagtailsnippetchoosers_nkhr_pages_outlet:create")
    refused = admin_client.post(
        f"{create_url}?locale=xx", {"name": "NK News"}, follow=True
    )
    assert refused.status_code == 404
    assert not Outlet.objects.exists()


def test_an_editor_without_korean_rights_is_told_and_creates_no_outlet(
    client, home_pages
):
    ensure_translation_roles()
    editor = get_user_model().objects.create_user(
        "editor-en", "editor-en@nkhr.test", "not-used"
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    create_url = reverse("wagtailsnippetchoosers_nkhr_pages_outlet:create")
    refused = client.post(f"{create_url}?locale=ko", {"name": "연합뉴스"})
    assert refused.status_code == 200
    answer = json.loads(refused.content)
    assert answer["step"] == "reshow_creation_form"
    assert "You may not add outlets in Korean." in answer["htmlFragment"]
    assert not Outlet.objects.exists()
    # The same editor adds English outlets as before.
    added = client.post(f"{create_url}?locale=en", {"name": "NK News"})
    assert json.loads(added.content)["step"] == "chosen"
    assert Outlet.objects.get().name == "NK News"


def test_an_outlet_in_the_other_language_is_kept_when_the_page_is_saved(
    admin_client, home_pages, locales
):
    korean_outlet = Outlet.objects.create(name="연합뉴스", locale=locales["ko"])
    section = factories.MediaCoverageIndexPageFactory(parent=home_pages["en"])
    page = factories.MediaCoveragePageFactory(parent=section, outlet=korean_outlet)
    page.save_revision().publish()
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = admin_client.get(url).context["form"]
    assert "연합뉴스 (Korean)" in str(form.fields["outlet"].help_text)
    saved = admin_client.post(url, _edit_form_data(form, title="Renamed headline"))
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    page = _fresh(page)
    assert page.title == "Renamed headline"
    assert page.outlet == korean_outlet


# --- Searchable lists of campaigns and topics ---------------------------------


@pytest.fixture
def campaigns_in_both_languages(home_pages, locales):
    """Three English campaigns with their Korean translations, and the
    publication archives of both languages."""
    section = factories.CampaignIndexPageFactory(parent=home_pages["en"])
    factories.translate(section, "ko", title="캠페인")
    pairs = {}
    for english, korean in [
        ("Stop forced repatriation", "강제북송 중단"),
        ("Free the political prisoners", "정치범 석방"),
        ("Bring the abductees home", "납북자 송환"),
    ]:
        campaign = factories.CampaignPageFactory(parent=section, title=english)
        pairs[english] = (campaign, factories.translate(campaign, "ko", title=korean))
    publications = factories.PublicationIndexPageFactory(parent=home_pages["en"])
    korean_publications = factories.translate(publications, "ko", title="간행물")
    return pairs, publications, korean_publications


def _options(html: str, field: str) -> list[tuple[str, bool]]:
    """(search text, ticked) of each option of ``field``'s list, in order."""
    import re

    found = []
    pattern = re.compile(
        r'data-nkhr-choices-option data-search="([^"]*)">\s*'
        r'<label[^>]*><input type="checkbox" name="' + field + r'"([^>]*)>',
    )
    for match in pattern.finditer(html):
        found.append((match.group(1), "checked" in match.group(2)))
    return found


@pytest.mark.parametrize(
    ("language", "label", "group"),
    [
        ("en", "Search campaigns", "Related campaigns"),
        ("ko", "캠페인 검색", "관련 캠페인"),
    ],
)
def test_the_campaign_list_has_a_labelled_search_box(
    admin_client, admin_user, campaigns_in_both_languages, language, label, group
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    _pairs, publications, _korean = campaigns_in_both_languages
    response = admin_client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["nkhr_pages", "publicationpage", publications.pk],
        )
    )
    html = response.content.decode()
    field_id = "id_related_campaigns"
    # The box is named by a <label> tied to it, and controls the list, a group
    # named after the field.
    assert (
        f'<label class="w-field__label" for="{field_id}-search">{label}</label>' in html
    )
    assert f'id="{field_id}-search"' in html
    assert f'aria-controls="{field_id}"' in html
    assert f'role="group" aria-label="{group}"' in html
    assert "nkhr_pages/js/searchable-choices.js" in html


def test_the_list_offers_the_pages_language_and_matches_both_titles(
    admin_client, campaigns_in_both_languages
):
    pairs, publications, korean_publications = campaigns_in_both_languages
    url = reverse(
        "wagtailadmin_pages:add",
        args=["nkhr_pages", "publicationpage", korean_publications.pk],
    )
    response = admin_client.get(url)
    field = response.context["form"].fields["related_campaigns"]
    assert set(field.queryset) == {korean for _en, korean in pairs.values()}
    options = _options(response.content.decode(), "related_campaigns")
    # Each Korean campaign, searchable by its English title too; none English.
    assert sorted(text for text, _ticked in options) == sorted(
        [
            "강제북송 중단 Stop forced repatriation",
            "정치범 석방 Free the political prisoners",
            "납북자 송환 Bring the abductees home",
        ]
    )


def test_a_chosen_campaign_stays_chosen_and_comes_first(
    admin_client, campaigns_in_both_languages
):
    pairs, publications, _korean = campaigns_in_both_languages
    abductees = pairs["Bring the abductees home"][0]
    page = factories.PublicationPageFactory(parent=publications)
    page.save_revision().publish()
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = admin_client.get(url).context["form"]
    saved = admin_client.post(
        url, _edit_form_data(form, related_campaigns=[abductees.pk])
    )
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    assert list(_fresh(page).related_campaigns.all()) == [abductees]

    response = admin_client.get(url)
    assert response.context["form"]["related_campaigns"].value() == [abductees.pk]
    options = _options(response.content.decode(), "related_campaigns")
    assert options[0] == ("Bring the abductees home 납북자 송환", True)
    assert [ticked for _text, ticked in options[1:]] == [False, False]
    # Saved again untouched, the link stays (and no other appears).
    form = response.context["form"]
    admin_client.post(url, _edit_form_data(form))
    assert list(_fresh(page).related_campaigns.all()) == [abductees]


def test_topics_offer_to_add_a_topic_in_the_pages_language(
    admin_client, campaigns_in_both_languages
):
    _pairs, _publications, korean_publications = campaigns_in_both_languages
    response = admin_client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["nkhr_pages", "publicationpage", korean_publications.pk],
        )
    )
    add = reverse("wagtailsnippets_nkhr_pages_publicationtopic:add")
    html = response.content.decode()
    assert f'href="{add}?locale=ko" target="_blank" rel="noopener"' in html
    assert ">Search topics</label>" in html
    # Campaigns are pages of their own: no "add" link on their list.
    assert html.count('target="_blank" rel="noopener">Add a new topic') == 1
    # The link opens Wagtail's add view with the Korean locale chosen.
    form = admin_client.get(f"{add}?locale=ko")
    assert form.status_code == 200
    assert form.context["locale"].language_code == "ko"


def test_the_add_link_is_offered_only_to_who_may_add_a_topic(
    client, campaigns_in_both_languages
):
    """Editors add English topics; Korean translators edit Korean pages but
    only change topics (translation roles), so they get no dead-end link."""
    ensure_translation_roles()
    people = {}
    for name, group in [("editor", EDITORS), ("translator", "Korean translators")]:
        people[name] = get_user_model().objects.create_user(
            name, f"{name}@nkhr.test", "not-used"
        )
        people[name].groups.add(Group.objects.get(name=group))
    _pairs, publications, korean_publications = campaigns_in_both_languages
    add = reverse("wagtailsnippets_nkhr_pages_publicationtopic:add")

    client.force_login(people["editor"])
    english = client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["nkhr_pages", "publicationpage", publications.pk],
        )
    )
    assert english.status_code == 200
    assert f"{add}?locale=en" in english.content.decode()

    # A page written in Korean (not a synchronised translation): the page form.
    korean_page = factories.PublicationPageFactory(
        parent=korean_publications, title="북한인권 보고서"
    )
    client.force_login(people["translator"])
    korean = client.get(reverse("wagtailadmin_pages:edit", args=[korean_page.pk]))
    assert korean.status_code == 200
    html = korean.content.decode()
    assert ">Search topics</label>" in html
    assert f"{add}?locale=" not in html
