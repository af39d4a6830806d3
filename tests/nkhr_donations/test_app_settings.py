"""nkhr_donations in a project that defines none of its settings: every way of
giving that needs a missing setting is off, nothing raises (issue 24), and the
system checks name what would fail a donor's request."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks

from nkhr_donations import checks, conf

from .conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare_settings(settings):
    """The project's settings without any that nkhr_donations reads."""
    for name in conf.DEFAULTS:
        if hasattr(settings, name):
            delattr(settings, name)
    return settings


@pytest.mark.parametrize("name", sorted(conf.DEFAULTS))
def test_every_setting_falls_back_to_the_app_default(bare_settings, name):
    assert conf.setting(name) == conf.DEFAULTS[name]


def test_donation_page_without_stripe_settings_offers_no_card(
    bare_settings, client, donation_page
):
    response = client.get(donation_page["en"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="bank_transfer"' in html
    assert 'value="stripe"' not in html


def test_donation_page_offers_cards_once_a_key_is_set(
    bare_settings, client, donation_page
):
    bare_settings.STRIPE_SECRET_KEY = "sk_test_123"
    response = client.get(donation_page["en"].url)
    assert 'value="stripe"' in response.content.decode()


def test_webhook_without_a_secret_setting_is_refused(bare_settings, client):
    response = client.post(
        "/donations/webhooks/stripe/",
        data=b'{"id": "evt_1", "type": "checkout.session.completed"}',
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE="t=1,v1=abc",
    )
    assert response.status_code == 400


def test_bank_pledge_without_rate_limit_setting_uses_the_default(
    bare_settings, client, donation_page
):
    response = client.post(donation_page["en"].url, form_data())
    assert response.status_code == 302


def test_project_settings_pass_the_checks():
    ids = [message.id for message in run_checks(include_deployment_checks=False)]
    assert not [i for i in ids if i and i.startswith("nkhr_donations.")]


@pytest.mark.parametrize("value", ["ten a minute", "10", "10/0", "0/60", "-1/60", ""])
def test_malformed_rate_limit_is_a_check_error(settings, value):
    settings.DONATIONS_CHECKOUT_RATE_LIMIT = value
    assert [m.id for m in checks.check_settings()] == ["nkhr_donations.E002"]


def test_card_key_without_webhook_secret_is_a_check_warning(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert [m.id for m in checks.check_settings()] == ["nkhr_donations.W001"]


def test_portone_secret_without_webhook_secret_is_a_check_warning(settings):
    settings.PORTONE_API_SECRET = "portone-secret"
    settings.PORTONE_WEBHOOK_SECRET = ""
    assert [m.id for m in checks.check_settings()] == ["nkhr_donations.W002"]
    settings.PORTONE_WEBHOOK_SECRET = "whsec_c2VjcmV0"
    assert checks.check_settings() == []
