"""The sections editors compose the home page from, in any order.

Sections that list content (campaigns, publications, media coverage) query
in their ``get_context``, once per section whatever the number of items
(``home_sections``); images come with their renditions prefetched.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .blocks import BaseStreamBlock


class CampaignChooserBlock(blocks.PageChooserBlock):
    """A campaign chooser whose campaigns arrive with their card picture and
    whether they sit in a private section, all in one query."""

    def __init__(self, **kwargs):
        super().__init__(page_type="nkhr_pages.CampaignPage", **kwargs)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("page_type", None)
        return path, args, kwargs

    def bulk_to_python(self, values):
        from .home_sections import card_campaigns

        pages = card_campaigns().in_bulk([v for v in values if v is not None])
        return [pages.get(value) for value in values]


def _prepared(parent_context: dict | None) -> list | None:
    """The items ``HomePage.get_context`` prepared for this section (all the
    page's pictures in one query), or None outside the home page (previews)."""
    context = parent_context or {}
    return context.get("home_sections", {}).get(context.get("block_id"))


def _locale_of(parent_context: dict | None) -> Any:
    page = (parent_context or {}).get("page")
    return getattr(page, "locale_id", None)


def _section_page(kind: str, parent_context: dict | None) -> Any:
    from .home_sections import section_urls

    context = parent_context or {}
    return section_urls(context.get("request"), _locale_of(context)).get(kind, "")


class HeroBlock(blocks.StructBlock):
    """The top of the home page: a picture, a heading, a sentence and a button."""

    image = ImageChooserBlock(label=_("image"), required=False)
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=400)
    page = blocks.PageChooserBlock(label=_("button leads to"), required=False)
    button_label = blocks.CharBlock(
        label=_("button label"), required=False, max_length=60
    )

    class Meta:
        icon = "image"
        label = _("Hero")
        template = "nkhr_pages/blocks/home/hero_block.html"
        preview_value = {
            "heading": "Shining a light on North Korean human rights",
            "text": "Since 1996, NKHR has documented abuses and helped refugees.",
        }


class _ListingSectionBlock(blocks.StructBlock):
    """A section listing pages of one kind, with "See all" to their section.
    The home page prepares every section's items in bulk (HomePage.get_context);
    a block rendered on its own (preview) loads its items here."""

    section_page = ""  # _section_page's name for the "See all" link

    def load_items(self, locale, value):
        raise NotImplementedError

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        items = _prepared(parent_context)
        if items is None:
            items = self.load_items(_locale_of(parent_context), value)
        context["items"] = items
        context["more"] = _section_page(self.section_page, parent_context)
        return context


class FeaturedCampaignsBlock(_ListingSectionBlock):
    """Campaigns chosen by the editor, or the latest ones."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    campaigns = blocks.ListBlock(
        CampaignChooserBlock(),
        label=_("campaigns"),
        required=False,
        default=[],
        help_text=_("Leave empty to show the latest campaigns."),
    )
    count = blocks.IntegerBlock(
        label=_("how many when none are chosen"), default=3, min_value=1, max_value=12
    )

    class Meta:
        icon = "pick"
        label = _("Featured campaigns")
        template = "nkhr_pages/blocks/home/featured_campaigns_block.html"
        preview_value = {"heading": "Our campaigns", "count": 3}

    section_page = "campaigns"

    def load_items(self, locale, value):
        from .home_sections import campaign_cards

        return campaign_cards(locale, chosen=value["campaigns"], count=value["count"])


class LatestPublicationsBlock(_ListingSectionBlock):
    """The newest publications, with their covers."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    count = blocks.IntegerBlock(
        label=_("how many"), default=3, min_value=1, max_value=12
    )

    class Meta:
        icon = "doc-full"
        label = _("Latest publications")
        template = "nkhr_pages/blocks/home/latest_publications_block.html"
        preview_value = {"heading": "Latest publications", "count": 3}

    section_page = "publications"

    def load_items(self, locale, value):
        from .home_sections import latest_publications

        return latest_publications(locale, value["count"])


class InTheMediaBlock(_ListingSectionBlock):
    """A strip of the newest media coverage."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    count = blocks.IntegerBlock(
        label=_("how many"), default=4, min_value=1, max_value=12
    )

    class Meta:
        icon = "openquote"
        label = _("In the media")
        template = "nkhr_pages/blocks/home/in_the_media_block.html"
        preview_value = {"heading": "NKHR in the media", "count": 4}

    section_page = "media"

    def load_items(self, locale, value):
        from .home_sections import latest_coverage

        return latest_coverage(locale, value["count"])


class ImpactFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        label=_("figure"), max_length=40, help_text=_("e.g. 12 or 550,000")
    )
    label = blocks.CharBlock(
        label=_("what it counts"),
        max_length=255,
        help_text=_("e.g. North Korean refugees rescued in 2024"),
    )

    class Meta:
        icon = "list-ul"


class ImpactFiguresBlock(blocks.StructBlock):
    """Figures from the activity report, with where they come from."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    figures = blocks.ListBlock(ImpactFigureBlock(), label=_("figures"))
    source = blocks.CharBlock(
        label=_("source"),
        required=False,
        max_length=255,
        help_text=_("Where the figures come from, e.g. 2024 Activity Report."),
    )
    source_page = blocks.PageChooserBlock(
        label=_("source page"),
        required=False,
        page_type="nkhr_pages.PublicationPage",
    )

    class Meta:
        icon = "table"
        label = _("Impact figures")
        template = "nkhr_pages/blocks/home/impact_figures_block.html"
        preview_value = {
            "heading": "Our year in figures",
            "figures": [{"figure": "8", "label": "refugees rescued"}],
        }


class DonationBandBlock(blocks.StructBlock):
    """A band asking for support; leads to the site's donation page unless
    another page is chosen."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=400)
    # Any page type: the donation page belongs to another app, which this one
    # must not import.
    page = blocks.PageChooserBlock(
        label=_("donation page"),
        required=False,
        help_text=_("Leave empty for the donation page chosen in Settings."),
    )
    button_label = blocks.CharBlock(label=_("button label"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Donation band")
        template = "nkhr_pages/blocks/home/donation_band_block.html"
        preview_value = {"heading": "Support our work", "button_label": "Donate"}

    def get_context(self, value, parent_context=None):
        from .navigation import calls_to_action

        context = super().get_context(value, parent_context)
        page = value["page"]
        request = (parent_context or {}).get("request")
        if page is not None and page.live:
            context["donate_url"] = page.get_url(request)
        elif request is not None:
            context["donate_url"] = calls_to_action(request).get("donate", "")
        return context


class NewsletterSignupBlock(blocks.StructBlock):
    """The newsletter sign-up form, compact."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=400)

    class Meta:
        icon = "mail"
        label = _("Newsletter sign-up")
        template = "nkhr_pages/blocks/home/newsletter_signup_block.html"
        preview_value = {"heading": "Get our newsletters"}


class HomeStreamBlock(BaseStreamBlock):
    """The home page's sections, plus every block other pages' bodies have."""

    hero = HeroBlock()
    featured_campaigns = FeaturedCampaignsBlock()
    latest_publications = LatestPublicationsBlock()
    in_the_media = InTheMediaBlock()
    impact_figures = ImpactFiguresBlock()
    donation_band = DonationBandBlock()
    newsletter_signup = NewsletterSignupBlock()
