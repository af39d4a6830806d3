"""nkhr_pages and its sub-apps in a project that defines none of their settings
(issue 24): every one has the app's default, Wagtail's languages are read
through Wagtail's accessor, and the system checks name what a host missed."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from wagtail.coreutils import (
    get_content_languages,
    get_supported_content_language_variant,
)

from nkhr_pages import conf
from nkhr_pages import install_checks as checks
from nkhr_pages.mailing import ratelimit, tokens
from nkhr_pages.translation.roles import target_locales


@pytest.fixture
def bare_settings(settings):
    """The project's settings without any that nkhr_pages reads."""
    for name in conf.DEFAULTS:
        if hasattr(settings, name):
            delattr(settings, name)
    return settings


@pytest.mark.parametrize("name", sorted(conf.DEFAULTS))
def test_every_setting_falls_back_to_the_app_default(bare_settings, name):
    assert conf.setting(name) == conf.DEFAULTS[name]


def test_mailing_limits_and_links_work_without_their_settings(bare_settings, rf, db):
    request = rf.post("/newsletter/subscribe/", REMOTE_ADDR="192.0.2.7")
    assert ratelimit.allow_signup(request)
    assert ratelimit.allow_confirmation_email("reader@example.org")
    assert tokens.confirm_max_age() == 7 * 24 * 3600


@pytest.fixture
def fresh_content_languages():
    """Wagtail caches its content languages and pytest-django's ``del settings.X``
    sends no setting_changed: empty the caches around the test."""
    caches = (get_content_languages, get_supported_content_language_variant)
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


def test_translation_targets_without_wagtail_content_languages(
    settings, db, fresh_content_languages
):
    # A stock site does not set it: Wagtail then has one content language, the
    # site's own, so there is nothing to translate into (and nothing raises).
    assert [locale.language_code for locale in target_locales()] == ["ko"]
    del settings.WAGTAIL_CONTENT_LANGUAGES
    get_content_languages.cache_clear()
    assert target_locales() == []


def test_project_settings_pass_the_checks(db):
    ids = [message.id for message in run_checks(include_deployment_checks=False)]
    assert not [i for i in ids if i and i.startswith("nkhr_pages.")]


def test_other_image_model_is_a_check_error(settings):
    settings.WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
    assert [m.id for m in checks.check_image_model()] == ["nkhr_pages.E103"]


def test_image_form_without_alt_text_is_a_check_warning(settings):
    del settings.WAGTAILIMAGES_IMAGE_FORM_BASE
    assert [m.id for m in checks.check_image_model()] == ["nkhr_pages.W101"]


@pytest.mark.parametrize("value", ["thirty", "30", "30/0", "0/600", ""])
def test_malformed_mailing_limit_is_a_check_error(settings, value):
    settings.NKHR_MAILING_SIGNUP_RATE_LIMIT = value
    assert [m.id for m in checks.check_rate_limits()] == ["nkhr_pages.E104"]


def test_translation_app_after_wagtail_localize_is_a_check_error():
    good = ["nkhr_pages", "nkhr_pages.translation", "wagtail_localize"]
    bad = ["nkhr_pages", "wagtail_localize", "nkhr_pages.translation"]
    assert checks.translation_order_errors(good) == []
    assert [m.id for m in checks.translation_order_errors(bad)] == ["nkhr_pages.E102"]
