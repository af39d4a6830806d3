"""Editors can create every page type through Wagtail's admin forms, and the
page-type rules (parents and children) hold."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from nkhr_pages import models
from nkhr_pages.demo import ensure_locales
from tests import factories


class PageCreationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_locales()
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        cls.home = models.HomePage(title="Home", slug="home")
        root.add_child(instance=cls.home)
        Site.objects.all().delete()
        Site.objects.create(
            hostname="localhost", root_page=cls.home, is_default_site=True
        )
        cls.publications = factories.PublicationIndexPageFactory(parent=cls.home)
        cls.media = factories.MediaCoverageIndexPageFactory(parent=cls.home)
        cls.campaigns = factories.CampaignIndexPageFactory(parent=cls.home)
        cls.newsletters = factories.NewsletterIndexPageFactory(parent=cls.home)
        cls.programs = factories.ProgramIndexPageFactory(parent=cls.home)
        cls.events = factories.EventIndexPageFactory(parent=cls.home)
        cls.topic = factories.PublicationTopicFactory(name="Forced labour")
        cls.outlet = factories.OutletFactory(name="Yonhap News Agency")
        cls.user = get_user_model().objects.create_superuser(
            "editor", "editor@example.org", "password"
        )

    def setUp(self):
        self.client.force_login(self.user)

    def test_page_type_rules(self):
        for index, child in [
            (models.PublicationIndexPage, models.PublicationPage),
            (models.MediaCoverageIndexPage, models.MediaCoveragePage),
            (models.CampaignIndexPage, models.CampaignPage),
            (models.NewsletterIndexPage, models.NewsletterIssuePage),
            (models.ProgramIndexPage, models.ProgramPage),
            (models.EventIndexPage, models.EventPage),
        ]:
            self.assertCanCreateAt(models.HomePage, index)
            self.assertAllowedSubpageTypes(index, {child})
            self.assertAllowedParentPageTypes(child, {index})
            self.assertCanNotCreateAt(models.HomePage, child)

    def test_create_publication(self):
        data = nested_form_data(
            {
                "title": "Made in China",
                "summary": "Forced labour in wig exports.",
                "body": streamfield([("paragraph", rich_text("<p>Findings</p>"))]),
                "publication_type": "research_report",
                "publication_date": "2024-11-29",
                "authors": "NKHR",
                "page_count": "120",
                "citation": "NKHR (2024), Made in China.",
            }
        )
        data["topics"] = [self.topic.pk]  # a multiple choice: not nested
        self.assertCanCreate(self.publications, models.PublicationPage, data)
        page = models.PublicationPage.objects.get(slug="made-in-china")
        assert page.live
        assert list(page.topics.all()) == [self.topic]
        assert page.page_count == 120

    def test_publication_form_rejects_missing_date(self):
        self.assertCanNotCreateAt(models.CampaignIndexPage, models.PublicationPage)
        response = self.client.post(
            f"/admin/pages/add/nkhr_pages/publicationpage/{self.publications.pk}/",
            nested_form_data(
                {
                    "title": "No date",
                    "slug": "no-date",
                    "body": streamfield([]),
                    "publication_type": "statement",
                }
            ),
        )
        assert response.status_code == 200
        assert "publication_date" in response.context["form"].errors
        assert not models.PublicationPage.objects.filter(slug="no-date").exists()

    def test_create_media_coverage(self):
        self.assertCanCreate(
            self.media,
            models.MediaCoveragePage,
            nested_form_data(
                {
                    "title": "Seoul presses Beijing on NK refugees",
                    "publication_date": "2024-01-24",
                    "outlet": self.outlet.pk,
                    "link": "https://www.koreatimes.co.kr/",
                    "article_language": "en",
                    "summary": "",
                }
            ),
        )
        # Typed in the article's language: the outlet's own headline.
        page = models.MediaCoveragePage.objects.get(
            title="Seoul presses Beijing on NK refugees"
        )
        assert page.published_headline == page.title

    def test_create_campaign(self):
        self.assertCanCreate(
            self.campaigns,
            models.CampaignPage,
            nested_form_data(
                {
                    "title": "Phurora Mapharam",
                    "summary": "An awareness tour.",
                    "body": streamfield([]),
                    "status": "ongoing",
                    "start_date": "2024-03-01",
                    "goals_and_outcomes": streamfield(
                        [
                            ("goal", {"text": "Reach students", "achieved": "on"}),
                            ("outcome", {"figure": "550,000", "label": "views"}),
                        ]
                    ),
                    "donation_page": self.home.pk,
                    "share_text": "Join us",
                }
            ),
        )
        page = models.CampaignPage.objects.get(slug="phurora-mapharam")
        assert page.goals_and_outcomes[1].value["figure"] == "550,000"
        assert page.donation_page_id == self.home.pk

    def test_create_newsletter_issue_featuring_pages(self):
        campaign = factories.CampaignPageFactory(parent=self.campaigns)
        self.assertCanCreate(
            self.newsletters,
            models.NewsletterIssuePage,
            nested_form_data(
                {
                    "title": "FNN Winter 2024",
                    "series": "en_fnn",
                    "issue_number": "4",
                    "issue_date": "2024-12-20",
                    "summary": "",
                    "body": streamfield(
                        [
                            (
                                "activity_news",
                                {
                                    "heading": "Activity news",
                                    "text": rich_text("<p>News</p>"),
                                    "items": streamfield(
                                        [("item", {"page": campaign.pk, "note": ""})]
                                    ),
                                },
                            )
                        ]
                    ),
                }
            ),
        )
        page = models.NewsletterIssuePage.objects.get(slug="fnn-winter-2024")
        items = page.body[0].value["items"]
        assert items[0]["page"].specific == campaign

    def test_create_program_with_schedule_and_figures(self):
        self.assertCanCreate(
            self.programs,
            models.ProgramPage,
            nested_form_data(
                {
                    "title": "Hanawon weekend school",
                    "kind": "education",
                    "summary": "",
                    "body": streamfield([]),
                    "schedule": streamfield(
                        [
                            (
                                "session",
                                {
                                    "date": "2024-03-09",
                                    "title": "Korean history",
                                    "location": "Hanawon",
                                    "participants": "24",
                                },
                            )
                        ]
                    ),
                    "yearly_figures": inline_formset(
                        [{"year": "2024", "participants": "310", "sessions": "40"}]
                    ),
                    "testimonials": streamfield(
                        [
                            (
                                "testimonial",
                                {"quote": "Thank you", "role": "mentee", "name": ""},
                            )
                        ]
                    ),
                    "partners": streamfield(
                        [("partner", {"name": "Hanawon", "url": ""})]
                    ),
                }
            ),
        )
        page = models.ProgramPage.objects.get(slug="hanawon-weekend-school")
        figure = page.yearly_figures.get()
        assert (figure.year, figure.participants) == (2024, 310)

    def test_create_event(self):
        self.assertCanCreate(
            self.events,
            models.EventPage,
            nested_form_data(
                {
                    "title": "2024 Healing Concert",
                    "summary": "",
                    "body": streamfield([]),
                    "start_date": "2024-11-26",
                    "location": "Seoul",
                    "organisers": "Ministry of Unification",
                }
            ),
        )

    def test_edit_forms_have_tabs(self):
        page = factories.PublicationPageFactory(parent=self.publications)
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        html = response.content.decode()
        for tab in ("Content", "Details", "Related", "Promote"):
            assert f"tab-label-{tab.lower()}" in html, tab
