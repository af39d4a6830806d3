"""What a Korean-language user reads on an admin screen, and which of it is
Wagtail's or wagtail-localize's English left untranslated or mistranslated.

Used by ``tests/test_korean_admin.py``. The visible text of a response is its
text nodes (screen-reader-only text included: it is read aloud), the
attributes people see or hear (``title``, ``aria-label``, ``placeholder``,
button values…) and the strings of the JSON the admin's scripts render from
(``wagtail-config``, the translation editor's ``data-props``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import wagtail
import wagtail_localize

SEEN_ATTRIBUTES = {
    "title",
    "aria-label",
    "aria-description",
    "placeholder",
    "alt",
    "data-w-tooltip-content-value",
}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
JSON_ATTRIBUTES = {"data-props"}

# Mistranslations in the packages' Korean catalogues, as a Korean user reads
# them: none of these may appear on a screen.
MISTRANSLATIONS = {
    "쪽수": "Pages (a page count, not web pages)",
    "당신의": "'Your' (당신 is not said to a user in Korean interfaces)",
    "번역하다": "'Translate' as a dictionary verb",
    "오락가락": "'Status' as 'fluctuating'",
    "상황이": "'Status' as 'situation'",
    "불가한": "'Disable' as an adjective",
    "가능한": "'Enable' as an adjective",
    "제출하다": "'Submit' as a dictionary verb",
    "돌아가다": "'Go back' as a dictionary verb",
    "영역": "'Locales' as 'areas'",
    "후기": "'Review' as 'a customer review'",
    "마일스톤": "'Revisions' as 'milestones'",
    "새 발송:": "the newsletter state 'New' as the title of every create view",
    "현장": "'Locale' as 'on site'",
    "인기 댓글": "'Focus comment' as 'popular comment'",
    "자취": "'History' as 'footprints, traces'",
    "시간대": "'Timeline' as 'time zone'",
    "보여줘": "'Show' as a casual command",
    "출시": "'Published' as 'released (a product)'",
    "초판": "'Initial revision' as 'first edition (of a book)'",
}

# English the issue reported and that a check on whole text nodes could miss
# (it is joined to Korean in one node, or built by a script).
KNOWN_ENGLISH = [
    "Convert to alias page",
    "Publish in ",
    "Request changes",
    "Translations",
    "Filter by",
    "Just now",
    "Awaiting your review",
    "Translate this page",
    "Sync translated pages",
]
KNOWN_ENGLISH_PATTERN = re.compile(
    r"\d+-\d+ of \d+|[^\sA-Za-z]+ to [^\sA-Za-z]+ translation|Publish in \S+"
    # The history's count under its list: "3 page log entries".
    r"|\d+ (?:page |model )?log entr(?:y|ies)"
)

# Text that stays as it is in a Korean interface: names, formats, codes.
NOT_TRANSLATED = {
    "Wagtail",
    "wagtail",
    "DeepL",
    "PO",
    "CSV",
    "XLSX",
    "PDF",
    "ID",
    "URL",
    "API",
    "SVG",
    "HTML",
    "RSS",
    "JSON",
    "SEO",
    "OK",
    "English",  # the language's own name, where Wagtail lists languages
    "Korean",
}


# English that Wagtail 8.0 never passes through gettext at request time, so no
# catalogue can translate it (offered upstream as bugs, docs/translation.md):
# hard-coded in a template, or gettext() run once at import, in English.
UPSTREAM_UNTRANSLATABLE = {
    "*": {
        "Actions",  # wagtailadmin/shared/headers/_actions.html: aria-label
        "Search",  # wagtailadmin/shared/header.html: hidden submit button value
        "None",  # wagtailadmin/shared/side_panel_toggle.html: hidden empty counter
    },
    "group edit": {
        # admin/forms/collections.py, images/forms.py, documents/forms.py: gettext()
        # at import; wagtail_localize's permission name is data.
        "Add",
        "Edit",
        "Delete",
        "Choose",
        "Add collections",
        "Edit collections",
        "Delete collections",
        "Add/edit images you own",
        "Edit any image",
        "Select images in choosers",
        "Add/edit documents you own",
        "Edit any document",
        "Select documents in choosers",
        "Collection",
        "Page",
        "Locale",
        "Task",
        "Workflow",
        "Can submit translations",
    },
    # contrib/redirects/views.py: filter choices with gettext() at import.
    "redirects": {"All", "Permanent", "Temporary", "Type"},
    # admin/views/reports/workflows.py: column headings with gettext() at import.
    "workflow report": {"Requested by", "Workflow"},
    # snippets/views/snippets.py: the breadcrumb's first item, gettext() at import.
    "snippets": {"Home"},
    # admin/forms/workflows.py: the comment field's label, gettext() at import.
    "workflow action": {"Comment"},
    # sites/views.py: Column("port") etc. label themselves from the attribute name.
    "sites": {"Port", "Site name", "Root page"},
    # wagtail_localize/locales/templates/wagtaillocales/index.html: "{{ n }} pages".
    "locales": {"3 pages"},
    # search_promotions/.../searchpromotions_formset.html: value="Add".
    "search promotion add": {"Add"},
}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.json_texts: list[str] = []
        self._skip: list[str] = []
        self._json_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in SEEN_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if (
            tag in {"input", "button"}
            and (attributes.get("type") or "") in BUTTON_INPUT_TYPES
            and attributes.get("value")
        ):
            self.texts.append(attributes["value"])
        for name in JSON_ATTRIBUTES:
            if attributes.get(name):
                self.json_texts.extend(_json_strings(attributes[name]))
        if tag in {"script", "style"}:
            self._skip.append(tag)
            self._json_script = tag == "script" and (
                attributes.get("type") == "application/json"
            )

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
            self._json_script = False

    def handle_data(self, data):
        if self._skip:
            if self._json_script:
                self.json_texts.extend(_json_strings(data))
            return
        text = " ".join(data.split())
        if text:
            self.texts.append(text)


def _json_strings(raw: str) -> list[str]:
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    found: list[str] = []

    def walk(item):
        if isinstance(item, str):
            text = " ".join(item.split())
            if text:
                found.append(text)
        elif isinstance(item, dict):
            for key, child in item.items():
                # URLs, ids and CSS classes are not read by anyone.
                if not re.search(
                    r"url|id$|class|icon|name$|type$|path|slug|code|key", key, re.I
                ):
                    walk(child)
        elif isinstance(item, list):
            for child in item:
                walk(child)

    walk(value)
    return found


@dataclass
class ScreenText:
    """The text one response shows, split as the checks need it."""

    texts: list[str]
    json_texts: list[str]
    full: str = field(init=False)

    def __post_init__(self):
        self.full = "\n".join(self.texts + self.json_texts)

    @classmethod
    def of(cls, html: str) -> ScreenText:
        collector = _TextCollector()
        collector.feed(html)
        collector.close()
        return cls(collector.texts, collector.json_texts)


# --- The packages' messages ---------------------------------------------------

PACKAGE_ROOTS = {
    "wagtail": Path(wagtail.__file__).parent,
    "wagtail_localize": Path(wagtail_localize.__file__).parent,
}
# "웨그테일 코어 | 페이지 | Can add page": Django's permission names are data,
# stored in English when the models are migrated; gettext never sees them.
PERMISSION_LABEL = re.compile(r"^[^|]+ \| [^|]+ \| [^|]+$")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@cache
def package_msgids() -> frozenset[str]:
    """Every msgid of the English catalogues of Wagtail and wagtail-localize
    that reads as English words (what a user would see untranslated)."""
    msgids: set[str] = set()
    for root in PACKAGE_ROOTS.values():
        for path in root.glob("**/locale/en/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(path)):
                for msgid in (entry.msgid, entry.msgid_plural):
                    if msgid and re.search(r"[A-Za-z]{2}", msgid):
                        msgids.add(msgid)
    return frozenset(msgids)


@cache
def _msgid_patterns() -> tuple[frozenset[str], list[tuple[re.Pattern, str]]]:
    plain: set[str] = set()
    patterns: list[tuple[re.Pattern, str]] = []
    for msgid in package_msgids():
        text = " ".join(msgid.split())
        if "<" in text:  # markup: its text nodes are checked one by one
            continue
        if _PLACEHOLDER.search(text):
            literal = _PLACEHOLDER.sub(" ", text)
            # Only the English around placeholders counts: "%(count)s" alone,
            # or "%(a)s / %(b)s", says nothing.
            if len(re.findall(r"[A-Za-z]{2,}", literal)) < 1:
                continue
            parts = [re.escape(part) for part in _PLACEHOLDER.split(text)]
            holes = [
                r"[\d,.]+" if hole[-1] in "dif" else ".+?"
                for hole in _PLACEHOLDER.findall(text)
            ]
            regex = "".join(
                part + (holes[i] if i < len(holes) else "")
                for i, part in enumerate(parts)
            )
            patterns.append((re.compile(f"^{regex}$"), msgid))
        else:
            plain.add(text)
    # The most specific msgid first: "More options for '%(title)s'" before
    # "%(site_setting)s for %(site)s".
    patterns.sort(key=lambda item: -len(_PLACEHOLDER.sub("", item[1])))
    return frozenset(plain), patterns


def untranslated_package_strings(
    screen: ScreenText, content: set[str] = frozenset()
) -> set[str]:
    """Texts of ``screen`` that are a Wagtail or wagtail-localize msgid as is."""
    plain, patterns = _msgid_patterns()
    found: set[str] = set()
    for text in screen.texts + screen.json_texts:
        if text in content or text in NOT_TRANSLATED:
            continue
        # capfirst: "just now" is shown as "Just now".
        if text in plain or text[:1].lower() + text[1:] in plain:
            found.add(text)
            continue
        if not re.search(r"[A-Za-z]{2}", text):
            continue
        if PERMISSION_LABEL.match(text):
            continue
        for pattern, msgid in patterns:
            if pattern.match(text):
                found.add(f"{text}  [{msgid}]")
                break
    return found


def known_english(screen: ScreenText, content: set[str] = frozenset()) -> set[str]:
    """The issue's English phrases, wherever they are on ``screen``."""
    text = screen.full
    for item in content:
        text = text.replace(item, "")
    found = {phrase for phrase in KNOWN_ENGLISH if phrase in text}
    found |= set(KNOWN_ENGLISH_PATTERN.findall(text))
    return found


# Right for a publication's page count (a form label in the page editor), wrong
# as the admin menu's "Pages" (the sidebar is drawn from JSON).
IN_SCRIPT_DATA_ONLY = {"쪽수"}


def mistranslations(screen: ScreenText) -> set[str]:
    scripted = "\n".join(screen.json_texts)
    return {
        f"{word} ({why})"
        for word, why in MISTRANSLATIONS.items()
        if word in (scripted if word in IN_SCRIPT_DATA_ONLY else screen.full)
    }


# Translated to the same text: a name, a format or an abbreviation.
JS_SAME_IN_KOREAN = {"%(time_zone_option)s: %(localized_time_zone_label)s"}


def javascript_msgids(package: str) -> list[str]:
    """The msgids of ``package``'s (``wagtail/admin``, ``wagtail_localize``)
    JavaScript catalogue."""
    root = PACKAGE_ROOTS[package.split("/")[0]].joinpath(*package.split("/")[1:])
    path = root / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
    return [
        entry.msgid
        for entry in polib.pofile(str(path))
        if entry.msgid not in JS_SAME_IN_KOREAN and not entry.obsolete
    ]
