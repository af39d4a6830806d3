"""Choosers that fit the content (issue 18): a page chooses campaigns, topics,
outlets and publications of its own language only; a new outlet can be added
from the media coverage form's chooser."""

from __future__ import annotations

import json

from django.urls import reverse

from nkhr_pages.models import Outlet, PublicationTopic
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
