"""The admin menus follow each request's language, in one process."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _menu_labels(client) -> list[str]:
    """Every label of the sidebar's menus (main, Reports, Settings, Help...)."""
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        page,
        re.S,
    )
    assert props, "no sidebar on the dashboard"
    labels: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "label" and isinstance(value, str):
                    labels.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(html.unescape(props.group(1))))
    return labels


def _speak(user, language: str) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.mark.django_db
def test_menus_follow_each_requests_language(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@nkhr.test", "pw")
    client.force_login(admin)
    _speak(admin, "en")
    english = _menu_labels(client)
    _speak(admin, "ko")
    korean = _menu_labels(client)
    _speak(admin, "en")
    english_again = _menu_labels(client)

    assert english == english_again
    assert not [label for label in english if HANGUL.search(label)]
    for label in ("Reports", "Settings", "Translations", "What's new in Wagtail 8.0"):
        assert label in english
        assert label not in korean
    assert "번역" in korean
