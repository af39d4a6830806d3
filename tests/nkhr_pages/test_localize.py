"""The ``translatable_fields`` of each page type work with wagtail-localize:
text becomes translatable segments, synchronised fields are copied as they are."""

from __future__ import annotations

import datetime

import pytest
from wagtail_localize.models import TranslationSource
from wagtail_localize.segments.extract import extract_segments

from nkhr_pages.models import ProgramYearFigure
from tests import factories


def _strings(instance) -> set[str]:
    return {
        segment.string.data
        for segment in extract_segments(instance)
        if hasattr(segment, "string")
    }


@pytest.fixture
def sections(make_section):
    return {
        "publications": make_section(
            factories.PublicationIndexPageFactory, "Publications", "간행물"
        )[0],
        "programs": make_section(
            factories.ProgramIndexPageFactory, "Programs", "프로그램"
        )[0],
        "media": make_section(
            factories.MediaCoverageIndexPageFactory, "In the media", "언론 보도"
        )[0],
    }


def test_publication_text_is_translated_and_facts_are_synchronised(sections, locales):
    topic = factories.PublicationTopicFactory(name="Forced labour")
    page = factories.PublicationPageFactory(
        parent=sections["publications"],
        title="Made in China",
        summary="Forced labour in wig exports.",
        citation="NKHR (2024).",
        page_count=120,
        publication_date=datetime.date(2024, 11, 29),
        topics=[topic],
    )
    page.save_revision().publish()
    strings = _strings(page)
    assert {"Made in China", "Forced labour in wig exports.", "NKHR (2024)."} <= strings
    assert "120" not in strings
    assert "2024-11-29" not in strings

    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = source.create_or_update_translation(
        locales["ko"], fallback=True
    )
    assert translation.locale == locales["ko"]
    assert translation.page_count == 120
    assert translation.publication_date == datetime.date(2024, 11, 29)
    assert translation.publication_type == page.publication_type
    assert translation.translation_key == page.translation_key


def test_program_figures_are_synchronised(sections, locales):
    page = factories.ProgramPageFactory(
        parent=sections["programs"],
        summary="Weekend classes.",
        schedule=[
            (
                "session",
                {
                    "date": datetime.date(2024, 3, 9),
                    "title": "Korean history",
                    "location": "Hanawon",
                    "participants": 24,
                },
            )
        ],
    )
    ProgramYearFigure.objects.create(page=page, year=2024, participants=21)
    page.save_revision().publish()
    assert "Korean history" in _strings(page)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = source.create_or_update_translation(
        locales["ko"], fallback=True
    )
    figures = list(translation.yearly_figures.values_list("year", "participants"))
    assert figures == [(2024, 21)]


def test_media_coverage_keeps_link_and_date(sections, locales):
    page = factories.MediaCoveragePageFactory(
        parent=sections["media"],
        title="Forced labor drives wig exports",
        link="https://www.koreatimes.co.kr/example",
    )
    page.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = source.create_or_update_translation(
        locales["ko"], fallback=True
    )
    assert translation.link == page.link
    assert translation.publication_date == page.publication_date
