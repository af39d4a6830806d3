"""StreamField blocks shared by every page type; define once, reuse everywhere."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from .dates import DatePrecision

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
]


class HeadingBlock(blocks.StructBlock):
    """A section heading at a chosen level."""

    text = blocks.CharBlock(label=_("heading"), max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "nkhr_pages/blocks/heading_block.html"
        preview_value = {"text": "Shining a light on North Korean human rights"}


class CaptionedImageBlock(blocks.StructBlock):
    """An image with caption; the alt text comes from the image (see images.py),
    and the consent check happens in ``{% protected_image %}``."""

    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(required=False, max_length=500)
    credit = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "nkhr_pages/blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    """A pull quote with attribution."""

    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "nkhr_pages/blocks/quote_block.html"
        preview_value = {
            "quote": "It is better to light a candle than to curse the darkness.",
            "attribution": "Amnesty International",
        }


class CallToActionBlock(blocks.StructBlock):
    """A button to a page or another site."""

    heading = blocks.CharBlock(max_length=255)
    text = blocks.TextBlock(required=False)
    page = blocks.PageChooserBlock(required=False, help_text=_("Link to a page..."))
    url = blocks.URLBlock(required=False, help_text=_("...or to another site."))
    button_label = blocks.CharBlock(max_length=60)

    class Meta:
        icon = "pick"
        template = "nkhr_pages/blocks/call_to_action_block.html"
        preview_value = {
            "heading": "Support North Korean refugees",
            "text": "Your gift helps refugees reach safety.",
            "button_label": "Donate",
            "url": "https://example.org/",
        }


class BaseStreamBlock(blocks.StreamBlock):
    """The body used by most pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="nkhr_pages/blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedBlock(
        help_text=_("Address of a video or post to embed, e.g. a YouTube link."),
        icon="media",
    )


class FeaturedPageBlock(blocks.StructBlock):
    """Pulls in a published campaign, publication or event by reference."""

    page = blocks.PageChooserBlock(
        page_type=[
            "nkhr_pages.CampaignPage",
            "nkhr_pages.PublicationPage",
            "nkhr_pages.EventPage",
            "nkhr_pages.MediaCoveragePage",
        ]
    )
    note = blocks.TextBlock(required=False, help_text=_("Optional words of your own."))

    class Meta:
        icon = "link"
        template = "nkhr_pages/blocks/featured_page_block.html"


class NewsletterSectionBlock(blocks.StructBlock):
    """Text plus featured pages; used for every newsletter section."""

    heading = blocks.CharBlock(required=False, max_length=255)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False)
    items = blocks.ListBlock(FeaturedPageBlock(), required=False, default=[])

    class Meta:
        icon = "doc-full"
        template = "nkhr_pages/blocks/newsletter_section_block.html"
        preview_value = {
            "heading": "Activity news",
            "text": "<p>NKHR presented its report at the UN in Geneva.</p>",
        }


class NewsletterSectionsBlock(blocks.StreamBlock):
    """The fixed sections of an NKHR newsletter, each optional and repeatable."""

    foreword = NewsletterSectionBlock(label=_("Foreword"))
    activity_news = NewsletterSectionBlock(label=_("Activity news"))
    media_reports = NewsletterSectionBlock(label=_("Media reports"))
    forum_and_opinion = NewsletterSectionBlock(label=_("Forum and opinion"))
    testimonies = NewsletterSectionBlock(label=_("Testimonies from resettlers"))


class ProgramSessionBlock(blocks.StructBlock):
    """One dated session of a program's schedule (a table row)."""

    date = blocks.DateBlock(
        label=_("date"),
        help_text=_("For a month-long session, any day of that month."),
    )
    date_precision = blocks.ChoiceBlock(
        label=_("date precision"),
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        required=False,  # rows saved before this choice existed are "day"
    )
    title = blocks.CharBlock(label=_("session"), max_length=255)
    location = blocks.CharBlock(label=_("location"), required=False, max_length=255)
    participants = blocks.IntegerBlock(
        label=_("participants"), required=False, min_value=0
    )

    class Meta:
        icon = "date"
        template = "nkhr_pages/blocks/program_session_block.html"
        preview_value = {
            "date": "2024-03-09",
            "title": "Weekend school: Korean history",
            "location": "Hanawon",
            "participants": 24,
        }


class GoalBlock(blocks.StructBlock):
    """Something a campaign sets out to achieve."""

    text = blocks.CharBlock(label=_("goal"), max_length=255)
    achieved = blocks.BooleanBlock(label=_("achieved"), required=False)

    class Meta:
        icon = "pick"
        template = "nkhr_pages/blocks/goal_block.html"
        preview_value = {
            "text": "Expose forced labour in export supply chains",
            "achieved": True,
        }


class OutcomeBlock(blocks.StructBlock):
    """A measured result, e.g. "12" + "major media outlets covered the report"."""

    figure = blocks.CharBlock(
        label=_("figure"), max_length=40, help_text=_("e.g. 12 or 550,000")
    )
    label = blocks.CharBlock(
        label=_("what it counts"),
        max_length=255,
        help_text=_("e.g. major media outlets covered the report"),
    )
    source = blocks.CharBlock(label=_("source"), required=False, max_length=255)

    class Meta:
        icon = "list-ul"
        template = "nkhr_pages/blocks/outcome_block.html"
        preview_value = {"figure": "550,000", "label": "views of the documentary"}


class GoalsAndOutcomesBlock(blocks.StreamBlock):
    """A campaign's goals and its measured outcomes."""

    goal = GoalBlock()
    outcome = OutcomeBlock()


class PartnerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=255)
    url = blocks.URLBlock(label=_("website"), required=False)

    class Meta:
        icon = "group"
        template = "nkhr_pages/blocks/partner_block.html"
        preview_value = {"name": "Hanawon", "url": ""}


class TestimonialBlock(blocks.StructBlock):
    """A mentor's or mentee's reflection; anonymous unless a name is given."""

    quote = blocks.TextBlock()
    role = blocks.ChoiceBlock(
        choices=[
            ("mentor", _("Mentor")),
            ("mentee", _("Mentee")),
            ("participant", _("Participant")),
        ],
        default="participant",
    )
    name = blocks.CharBlock(
        required=False, max_length=100, help_text=_("Leave empty to stay anonymous.")
    )

    class Meta:
        icon = "openquote"
        template = "nkhr_pages/blocks/testimonial_block.html"
        preview_value = {
            "quote": "My mentor helped me believe I could go to university.",
            "role": "mentee",
        }
