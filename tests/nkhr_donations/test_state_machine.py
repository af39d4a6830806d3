"""Donation status transitions: forward only, with a history of every step."""

from __future__ import annotations

import itertools

import pytest

from nkhr_donations.models import Donation
from nkhr_donations.services import can_transition, transition

pytestmark = pytest.mark.django_db
RANK = {"pending": 0, "failed": 1, "succeeded": 2, "refunded": 3, "cancelled": 3}


@pytest.mark.parametrize(("start", "target"), list(itertools.product(RANK, RANK)))
def test_transitions_only_move_forward(start, target):
    assert can_transition(start, target) == (
        RANK[target] > RANK[start] and start not in ("refunded", "cancelled")
    )


def test_history_records_each_step_and_skips_backward_moves(make_donation, mailoutbox):
    donation = make_donation()
    assert transition(donation.pk, "succeeded", source="a")
    assert not transition(donation.pk, "pending", source="b")
    assert not transition(donation.pk, "failed", source="c")
    assert transition(donation.pk, "refunded", source="d")
    assert not transition(donation.pk, "succeeded", source="e")
    donation.refresh_from_db()
    assert donation.status == "refunded"
    assert donation.confirmed_at is not None
    steps = list(
        donation.status_changes.values_list("from_status", "to_status", "source")
    )
    assert steps == [
        ("", "pending", "test"),
        ("pending", "succeeded", "a"),
        ("succeeded", "refunded", "d"),
    ]


def test_provider_ids_are_kept_even_without_a_status_change(make_donation):
    donation = make_donation(status="succeeded")
    transition(donation.pk, "succeeded", source="x", stripe_payment_intent_id="pi_1")
    assert Donation.objects.get(pk=donation.pk).stripe_payment_intent_id == "pi_1"
