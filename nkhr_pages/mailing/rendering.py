"""An issue as an email: inlined-CSS HTML and plain text, in the list's language.

The issue is rendered once per send; only the unsubscribe link differs per
recipient, so it is a placeholder that ``personalise`` swaps in.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy
from wagtail.rich_text import RichText

from .headers import recipient, single_line
from .links import absolute, absolutise_html, mailing_url, site_base_url
from .lists import list_language
from .tokens import make_unsubscribe_token

UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/nkhr-unsubscribe-url"
IMAGE_SPEC = "fill-560x280"
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False)
# Default headings of the sections, in this app's catalogue so that every email
# is fully in the list's language.
SECTION_HEADINGS = {
    "foreword": gettext_lazy("Foreword"),
    "activity_news": gettext_lazy("Activity news"),
    "media_reports": gettext_lazy("Media reports"),
    "forum_and_opinion": gettext_lazy("Forum and opinion"),
    "testimonies": gettext_lazy("Testimonies from resettlers"),
}
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|div|blockquote)>|<br\s*/?>", re.IGNORECASE)


@dataclass
class EmailItem:
    title: str
    url: str
    summary: str
    image_url: str = ""


@dataclass
class EmailSection:
    heading: str
    html: str
    text: str
    items: list[EmailItem] = field(default_factory=list)


@dataclass(frozen=True)
class RenderedIssue:
    """The parts shared by every recipient of one issue on one list."""

    subject: str
    html: str
    text: str
    language: str
    mailing_list: str
    base_url: str


def rich_text_to_plain(value: str) -> str:
    text = _BLOCK_END.sub(lambda m: "\n\n" if m.group(1) else "\n", value)
    lines = (
        " ".join(line.split())
        for line in html_lib.unescape(strip_tags(text)).splitlines()
    )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _image_url(page, base_url: str) -> str:
    image = getattr(page, "hero_image", None) or getattr(page, "cover_image", None)
    if image is None or not image.is_publicly_displayable():
        return ""
    try:
        rendition = image.get_rendition(IMAGE_SPEC)
    except (OSError, ValueError):
        # A missing or unreadable original must not stop the newsletter.
        return ""
    return absolute(rendition.url, base_url)


def _item(value, base_url: str) -> EmailItem | None:
    page = value.get("page")
    if page is None:
        return None
    page = page.specific
    if not page.live:
        return None
    summary = value.get("note") or getattr(page, "summary", "") or ""
    return EmailItem(
        title=page.title,
        url=page.get_full_url() or absolute(page.url or "/", base_url),
        summary=Truncator(summary).words(60),
        image_url=_image_url(page, base_url),
    )


def _sections(issue, base_url: str) -> list[EmailSection]:
    sections = []
    for block in issue.body:
        value = block.value
        text = value.get("text")
        body_html = ""
        if text and str(text).strip():
            rich = text if isinstance(text, RichText) else RichText(str(text))
            body_html = absolutise_html(str(rich), base_url)
        items = [
            item
            for item in (_item(entry, base_url) for entry in value.get("items") or [])
            if item is not None
        ]
        heading = value.get("heading") or str(
            SECTION_HEADINGS.get(block.block_type, block.block.label)
        )
        if not body_html and not items:
            continue
        sections.append(
            EmailSection(heading, body_html, rich_text_to_plain(body_html), items)
        )
    return sections


def render_issue(issue, mailing_list: str) -> RenderedIssue:
    """Render ``issue`` for ``mailing_list`` (in that list's language)."""
    issue = issue.specific
    language = list_language(mailing_list)
    base_url = site_base_url()
    with translation.override(language):
        context = {
            "issue": issue,
            "sections": _sections(issue, base_url),
            "web_url": issue.get_full_url() if issue.live else "",
            "subscribe_url": mailing_url("subscribe", language, base_url),
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "language": language,
            "year": timezone.localdate().year,
        }
        page_html = render_to_string("nkhr_mailing/email/issue.html", context)
        text = render_to_string("nkhr_mailing/email/issue.txt", context)
    page_html = absolutise_html(page_html, base_url)
    return RenderedIssue(
        subject=single_line(issue.title),
        html=_INLINER.inline(page_html),
        text=re.sub(r"\n{3,}", "\n\n", text).strip() + "\n",
        language=language,
        mailing_list=mailing_list,
        base_url=base_url,
    )


def personalise(rendered: RenderedIssue, subscriber) -> EmailMultiAlternatives:
    """The message for one subscriber, with their own unsubscribe link."""
    url = mailing_url(
        "unsubscribe",
        rendered.language,
        rendered.base_url,
        token=make_unsubscribe_token(subscriber, rendered.mailing_list),
    )
    message = EmailMultiAlternatives(
        rendered.subject,
        rendered.text.replace(UNSUBSCRIBE_PLACEHOLDER, url),
        settings.DEFAULT_FROM_EMAIL,
        [recipient(subscriber.name, subscriber.email)],
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<{rendered.mailing_list.replace('_', '-')}.nkhr.or.kr>",
            "Content-Language": rendered.language,
            "Precedence": "bulk",
        },
    )
    message.attach_alternative(
        rendered.html.replace(UNSUBSCRIBE_PLACEHOLDER, url), "text/html"
    )
    return message
