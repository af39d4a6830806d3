"""The admin in Korean: every screen staff use, read as a Korean-language user.

Each role (editor, Korean translator, reviewer, coordinator, Finance) logs in
with Korean as the admin language and walks its screens. A screen fails on
Wagtail's or wagtail-localize's English shown as is, on the English the issue
reported, and on the packages' known mistranslations. The corrections live in
``locale/upstream/`` and reach the site through ``locale/ko/`` (LOCALE_PATHS),
see docs/translation.md.
"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import TaskState
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object

from nkhr_donations.permissions import ensure_finance_group
from nkhr_pages.models import Outlet, PublicationTopic
from nkhr_pages.translation.roles import EDITORS, REVIEWERS, ensure_translation_roles
from tests import factories
from tests.admin_text import (
    MISTRANSLATIONS,
    UPSTREAM_UNTRANSLATABLE,
    ScreenText,
    javascript_msgids,
    known_english,
    mistranslations,
    untranslated_package_strings,
)
from tests.nkhr_pages.translation.conftest import (
    translate_through_editor_api,
)

TRANSLATORS = "Korean translators"

# Content the test itself creates: names and titles are data, not interface.
CONTENT = {
    "editor",
    "translator",
    "reviewer",
    "coordinator",
    "finance",
    "NKHR",
    "NKHR home",
    "Publications",
    "2024 Activity Report",
    "Forced repatriation",
    "Daily NK",
    "Root",
    "localhost",
}


def _person(username: str, *groups: str, superuser: bool = False):
    model = get_user_model()
    if superuser:
        user = model.objects.create_superuser(username, f"{username}@nkhr.test", "pw")
    else:
        user = model.objects.create_user(username, f"{username}@nkhr.test", "pw")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ko"
    profile.save()
    return user


@pytest.fixture
def staff(home_pages):
    ensure_translation_roles()
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    ensure_finance_group(Group, Permission, ContentType)
    return {
        "editor": _person("editor", EDITORS),
        "translator": _person("translator", TRANSLATORS),
        "reviewer": _person("reviewer", REVIEWERS),
        "coordinator": _person("coordinator", superuser=True),
        "finance": _person("finance", "Finance"),
    }


@pytest.fixture
def site_content(staff, home_pages, locales, client):
    """A publication in English, its Korean translation waiting for review, an
    image, a document and snippets: what the screens list."""
    en_index = factories.PublicationIndexPageFactory(
        parent=home_pages["en"], title="Publications"
    )
    en_index.save_revision().publish()
    factories.translate(en_index, "ko", title="출판물")
    page = factories.PublicationPageFactory(
        parent=en_index, title="2024 Activity Report", slug="activity-report-2024"
    )
    page.save_revision().publish()
    translate_object(page, [locales["ko"]], user=staff["editor"])
    ko_page = page.get_translation(locales["ko"]).specific
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locales["ko"]
    )
    translate_through_editor_api(client, staff["translator"], translation)
    client.force_login(staff["translator"])
    client.post(reverse("nkhr_translation:submit_for_review", args=[ko_page.pk]))
    ko_page.refresh_from_db()
    task_state = TaskState.objects.get(
        workflow_state=ko_page.current_workflow_state,
        status=TaskState.STATUS_IN_PROGRESS,
    )
    image = factories.ImageFactory(title="Forced repatriation")
    document = get_document_model().objects.create(
        title="Forced repatriation", file=ContentFile(b"%PDF-1.4", name="report.pdf")
    )
    topic = PublicationTopic.objects.create(
        name="Forced repatriation", slug="forced-repatriation", locale=locales["en"]
    )
    outlet = Outlet.objects.create(name="Daily NK", locale=locales["en"])
    return {
        "en_page": page,
        "ko_page": ko_page,
        "en_index": en_index,
        "translation": translation,
        "task_state": task_state,
        "image": image,
        "document": document,
        "topic": topic,
        "outlet": outlet,
        "home": home_pages,
    }


def _screens(role: str, c) -> list[tuple[str, str]]:
    """(screen name, URL) for what ``role`` uses, built from ``c`` (site_content)."""
    en, ko = c["en_page"], c["ko_page"]
    common = [
        ("dashboard", reverse("wagtailadmin_home")),
        ("explorer (root)", reverse("wagtailadmin_explore_root")),
        (
            "explorer (English)",
            reverse("wagtailadmin_explore", args=[c["en_index"].pk]),
        ),
        (
            "explorer (Korean)",
            reverse("wagtailadmin_explore", args=[ko.get_parent().pk]),
        ),
        ("page history", reverse("wagtailadmin_pages:history", args=[en.pk])),
        ("images", reverse("wagtailimages:index")),
        ("image edit", reverse("wagtailimages:edit", args=[c["image"].pk])),
        ("image add", reverse("wagtailimages:add_multiple")),
        ("image chooser", reverse("wagtailimages_chooser:choose")),
        ("documents", reverse("wagtaildocs:index")),
        ("document edit", reverse("wagtaildocs:edit", args=[c["document"].pk])),
        ("document chooser", reverse("wagtaildocs_chooser:choose")),
        ("page chooser", reverse("wagtailadmin_choose_page")),
        ("account", reverse("wagtailadmin_account")),
        ("search", reverse("wagtailadmin_pages:search") + "?q=report"),
    ]
    topics = "wagtailsnippets_nkhr_pages_publicationtopic"
    outlets = "wagtailsnippets_nkhr_pages_outlet"
    snippets = [
        ("topics", reverse(f"{topics}:list")),
        ("topic edit", reverse(f"{topics}:edit", args=[c["topic"].pk])),
        ("outlets", reverse(f"{outlets}:list")),
        ("outlet edit", reverse(f"{outlets}:edit", args=[c["outlet"].pk])),
    ]
    editor = [
        ("page edit (English)", reverse("wagtailadmin_pages:edit", args=[en.pk])),
        (
            "page create",
            reverse(
                "wagtailadmin_pages:add",
                args=["nkhr_pages", "publicationpage", c["en_index"].pk],
            ),
        ),
        (
            "choose page type",
            reverse("wagtailadmin_pages:add_subpage", args=[c["en_index"].pk]),
        ),
        (
            "submit for translation",
            reverse("wagtail_localize:submit_page_translation", args=[en.pk]),
        ),
        (
            "sync translated pages",
            reverse(
                "wagtail_localize:update_translations",
                args=[c["translation"].source_id],
            ),
        ),
        ("translation status", reverse("nkhr_translation:status_report")),
        ("image consent", reverse("nkhr_pages_consent_report")),
        ("newsletter: start", reverse("nkhr_mailing_admin:start")),
        *snippets,
    ]
    translator = [
        ("my translations", reverse("nkhr_translation:my_translations")),
        ("translation editor", reverse("wagtailadmin_pages:edit", args=[ko.pk])),
        (
            "send for review",
            reverse("nkhr_translation:submit_for_review", args=[ko.pk]),
        ),
        *snippets,
    ]
    reviewer = [
        ("translation editor", reverse("wagtailadmin_pages:edit", args=[ko.pk])),
        (
            "approve",
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[ko.pk, "approve", c["task_state"].pk],
            ),
        ),
        (
            "request changes",
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[ko.pk, "reject", c["task_state"].pk],
            ),
        ),
        (
            "workflow history",
            reverse("wagtailadmin_pages:workflow_history", args=[ko.pk]),
        ),
        ("my translations", reverse("nkhr_translation:my_translations")),
        (
            "approve (confirmation)",
            reverse("nkhr_translation:review_decision", args=[ko.pk, "approve"]),
        ),
        (
            "request changes (confirmation)",
            reverse("nkhr_translation:review_decision", args=[ko.pk, "reject"]),
        ),
    ]
    coordinator = [
        ("translation status", reverse("nkhr_translation:status_report")),
        (
            "convert to alias",
            reverse("wagtail_localize:convert_to_alias", args=[ko.pk]),
        ),
        ("workflows", reverse("wagtailadmin_workflows:index")),
        ("workflow tasks", reverse("wagtailadmin_workflows:task_index")),
        ("workflow report", reverse("wagtailadmin_reports:workflow")),
        ("locked pages", reverse("wagtailadmin_reports:locked_pages")),
        ("site history", reverse("wagtailadmin_reports:site_history")),
        ("aging pages", reverse("wagtailadmin_reports:aging_pages")),
        ("search promotions", reverse("wagtailsearchpromotions:index")),
        ("search promotion add", reverse("wagtailsearchpromotions:add")),
        ("users", reverse("wagtailusers_users:index")),
        (
            "user edit",
            reverse(
                "wagtailusers_users:edit",
                args=[get_user_model().objects.get(username="translator").pk],
            ),
        ),
        ("groups", reverse("wagtailusers_groups:index")),
        (
            "group edit",
            reverse(
                "wagtailusers_groups:edit",
                args=[Group.objects.get(name=TRANSLATORS).pk],
            ),
        ),
        ("locales", reverse("wagtaillocales:index")),
        ("sites", reverse("wagtailsites:index")),
        ("redirects", reverse("wagtailredirects:index")),
        ("collections", reverse("wagtailadmin_collections:index")),
        ("newsletter sends", reverse("nkhr_mailing_admin:sends")),
        ("newsletter import", reverse("nkhr_mailing_admin:import")),
        *editor,
    ]
    finance = [
        ("donations", reverse("nkhr_donations_admin:report")),
        ("annual receipts", reverse("nkhr_donations_admin:annual_receipts")),
        ("dashboard", reverse("wagtailadmin_home")),
    ]
    return {
        "editor": common + editor,
        "translator": common + translator,
        "reviewer": common + reviewer,
        "coordinator": common + coordinator,
        "finance": finance,
    }[role]


GAP_GROUPS = {
    "topics": "snippets",
    "topic edit": "snippets",
    "outlets": "snippets",
    "outlet edit": "snippets",
    "approve": "workflow action",
    "request changes": "workflow action",
}


def _problems(screen_name: str, html: str) -> list[str]:
    screen = ScreenText.of(html)
    group = GAP_GROUPS.get(screen_name, screen_name)
    allowed = UPSTREAM_UNTRANSLATABLE["*"] | UPSTREAM_UNTRANSLATABLE.get(group, set())
    found = sorted(untranslated_package_strings(screen, CONTENT | allowed))
    found += [f"known English: {p!r}" for p in sorted(known_english(screen, CONTENT))]
    found += [f"mistranslation: {p}" for p in sorted(mistranslations(screen))]
    return found


@pytest.mark.parametrize(
    "role", ["editor", "translator", "reviewer", "coordinator", "finance"]
)
def test_admin_screens_read_in_korean(client, staff, site_content, role):
    """Each role's screens, as a user whose admin language is Korean: no
    Wagtail or wagtail-localize English, none of the known mistranslations."""
    client.force_login(staff[role])
    seen: dict[str, list[str]] = {}
    for name, url in _screens(role, site_content):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ko", follow=True)
        assert response.status_code == 200, f"{name} ({url}): {response.status_code}"
        body = response.content.decode()
        if response.get("Content-Type", "").startswith("application/json"):
            body = json.loads(body).get("html", "")
        for problem in _problems(name, body):
            seen.setdefault(problem, []).append(name)
    assert not seen, "\n".join(
        f"{problem}  (on: {', '.join(screens)})" for problem, screens in seen.items()
    )


@pytest.mark.parametrize(
    ("url_name", "package"),
    [
        ("wagtailadmin_javascript_catalog", "wagtail/admin"),
        ("wagtail_localize:javascript_catalog", "wagtail_localize"),
    ],
)
def test_javascript_catalogues_are_korean(client, staff, url_name, package):
    """The strings the admin's scripts draw (the translation editor is all
    script): every msgid of the package's JavaScript catalogue, in Korean."""
    client.force_login(staff["translator"])
    response = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    match = re.search(
        r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S
    )
    catalog = json.loads(match.group(1)) if match else {}
    english = []
    for msgid in javascript_msgids(package):
        value = catalog.get(msgid)
        text = value[0] if isinstance(value, list) else value
        if not text or text == msgid:
            english.append(msgid)
        elif any(word in text for word in MISTRANSLATIONS):
            english.append(f"{msgid} -> {text}")
    assert not english, english


# --- The project's own words leave Wagtail's their meaning ---------------------

# Django merges every catalogue into one: a project msgid without a context
# replaces the same msgid in Wagtail's catalogue on every admin screen. These
# words were such msgids (the documents' page count made the page tree 쪽수, a
# bank account made the user's account 계좌); each now has a context in the
# project, and Wagtail's word reads as Wagtail means it (upstream's Korean or
# the project's correction of it in locale/upstream/).
WAGTAIL_WORDS = {
    "pages": "페이지",
    "Account": "계정",
    "Active": "활성화",
    "History": "이력",
    "Site history": "사이트 변경 이력",
    "See full history": "전체 이력 보기",
    "Show": "보기",
    "Number": "숫자",
    "Import": "불러오기",
    "Timeline": "타임라인",
    "Filter": "필터",
    # The history's actions (site history, page history).
    "Created": "생성됨",
    "Published": "게시됨",
    "Unpublished": "게시 취소됨",
    "page log entries": "페이지 변경 기록",
}
PROJECT_WORDS = {
    ("number of pages of a document", "pages"): "쪽수",
    ("bank account", "Account"): "계좌",
    ("debit mandate status", "Active"): "유효",
    ("monthly gift", "Active"): "유효",
    ("what happened to a donation", "History"): "이력",
    ("show the chosen list", "Show"): "보기",
    ("donor number", "Number"): "번호",
    ("start the media coverage import", "Import"): "가져오기",
    ("start the subscriber import", "Import"): "가져오기",
    ("a campaign's events over time", "Timeline"): "타임라인",
    ("apply the archive's filters", "Filter"): "필터 적용",
    ("publication types", "All types"): "모든 유형",
}


def test_wagtails_words_keep_their_meaning_in_korean():
    from django.utils import translation

    with translation.override("ko"):
        wagtail = {msgid: translation.gettext(msgid) for msgid in WAGTAIL_WORDS}
        project = {key: translation.pgettext(*key) for key in PROJECT_WORDS}
    assert wagtail == WAGTAIL_WORDS
    assert project == PROJECT_WORDS


# Context-less project msgids that Wagtail also has, translated otherwise but
# meaning the same thing there (the project's wording is the better Korean).
SAME_MEANING = {
    "subject": "an email's subject, in Wagtail's form pages as in newsletters",
    "created at": "a record's creation time",
    "content type": "Django's content type",
    "object id": "the id of a record",
}


def test_no_project_word_without_context_overrides_wagtails():
    """Audit of every project catalogue: a msgid without context that Wagtail
    or wagtail-localize also translate must say in Korean what the admin
    says for them (their Korean, or the project's correction of it)."""
    from pathlib import Path

    import polib
    import wagtail
    import wagtail_localize

    root = Path(__file__).resolve().parents[1]
    packages: dict[str, str] = {}
    for package in (wagtail, wagtail_localize):
        for po in sorted(
            Path(package.__file__).parent.glob("**/locale/ko/LC_MESSAGES/django.po")
        ):
            for entry in polib.pofile(str(po)):
                if entry.msgctxt is None and entry.msgstr and not entry.obsolete:
                    packages.setdefault(entry.msgid, entry.msgstr)
    corrections = {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(root / "locale/ko/LC_MESSAGES/django.po"))
        if entry.msgctxt is None
    }
    overriding = []
    for po in sorted(root.glob("*/**/locale/ko/LC_MESSAGES/django.po")):
        if ".venv" in po.parts or "upstream" in po.parts:
            continue
        for entry in polib.pofile(str(po)):
            if entry.msgctxt is not None or entry.msgid not in packages:
                continue
            shown = corrections.get(entry.msgid, packages[entry.msgid])
            if entry.msgstr != shown and entry.msgid not in SAME_MEANING:
                overriding.append(
                    f"{po.relative_to(root)}: {entry.msgid!r} is {entry.msgstr!r}, "
                    f"Wagtail's is {shown!r}: give the project's a context"
                )
    assert not overriding, "\n".join(overriding)
