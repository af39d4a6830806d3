"""StreamField blocks shared by every page type; define once, reuse everywhere."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

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
    text = blocks.CharBlock(label=_("heading"), max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "nkhr_pages/blocks/heading_block.html"
        preview_value = {"text": "Shining a light on North Korean human rights"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(required=False, max_length=500)
    credit = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "nkhr_pages/blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
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
    heading = blocks.CharBlock(required=False, max_length=255)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False)
    items = blocks.ListBlock(FeaturedPageBlock(), required=False, default=[])

    class Meta:
        icon = "doc-full"
        template = "nkhr_pages/blocks/newsletter_section_block.html"


class NewsletterSectionsBlock(blocks.StreamBlock):
    """The fixed sections of an NKHR newsletter, each optional and repeatable."""

    foreword = NewsletterSectionBlock(label=_("Foreword"))
    activity_news = NewsletterSectionBlock(label=_("Activity news"))
    media_reports = NewsletterSectionBlock(label=_("Media reports"))
    forum_and_opinion = NewsletterSectionBlock(label=_("Forum and opinion"))
    testimonies = NewsletterSectionBlock(label=_("Testimonies from resettlers"))


class ProgramSessionBlock(blocks.StructBlock):
    date = blocks.DateBlock()
    title = blocks.CharBlock(max_length=255)
    location = blocks.CharBlock(required=False, max_length=255)
    participants = blocks.IntegerBlock(required=False, min_value=0)

    class Meta:
        icon = "date"


class TestimonialBlock(blocks.StructBlock):
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
