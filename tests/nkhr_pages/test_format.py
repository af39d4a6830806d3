"""One date format per language, Korean counters on their figure, and the
templates that use them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from nkhr_pages.templatetags.nkhr_format import (
    figure_parts,
    local_date_text,
    local_number,
)

DAY = datetime.date(2024, 12, 1)


@pytest.mark.parametrize(
    ("language", "precision", "expected"),
    [
        ("en", "day", "1 December 2024"),
        ("en", "month", "December 2024"),
        ("en", "year", "2024"),
        ("ko", "day", "2024년 12월 1일"),
        ("ko", "month", "2024년 12월"),
        ("ko", "year", "2024년"),
    ],
)
def test_local_date(language, precision, expected):
    with translation.override(language):
        assert local_date_text(DAY, precision) == expected


def test_local_date_of_nothing_is_empty():
    assert local_date_text(None) == ""


def test_local_number_groups_thousands():
    for language in ("en", "ko"):
        with translation.override(language):
            assert local_number(550000) == "550,000"
            assert local_number(None) == ""


@pytest.mark.parametrize(
    ("figure", "label", "expected"),
    [
        (
            "12",
            "개 주요 언론사가 보고서를 보도",
            ("12개", "주요 언론사가 보고서를 보도"),
        ),
        ("500", "명 이상 참가", ("500명 이상", "참가")),
        ("550,000", "회 유튜브 조회수", ("550,000회", "유튜브 조회수")),
        ("3", "회원 모임", ("3", "회원 모임")),  # 회원 is a word, not a counter
        ("12", "major media outlets", ("12", "major media outlets")),
    ],
)
def test_korean_counter_joins_its_figure(figure, label, expected):
    assert figure_parts(figure, label) == expected


def test_listing_and_detail_dates_use_one_format(client, make_section):
    from tests import factories

    en, _ko = make_section(
        factories.MediaCoverageIndexPageFactory, "In the media", "언론 보도"
    )
    clip = factories.MediaCoveragePageFactory(
        parent=en, title="Wigs", publication_date=DAY, article_language="en"
    )
    factories.translate(clip, "ko", title="가발")
    for url, expected in [
        ("/en/in-the-media/", "1 December 2024"),
        (clip.url, "1 December 2024"),
        ("/ko/in-the-media/", "2024년 12월 1일"),
    ]:
        html = client.get(url).content.decode()
        assert f'<time datetime="2024-12-01">{expected}</time>' in html, url
        assert "12/01/2024" not in html
        assert "Dec. 1, 2024" not in html
