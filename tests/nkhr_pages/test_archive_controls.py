"""The publication archive offers one control set, all in the URL: a form for
the words and the order, which carries the chosen filters, and chips for the
filters themselves (never a select and a chip for the same filter)."""

from __future__ import annotations

import datetime
import re

import pytest

from tests import factories


@pytest.fixture
def archive(make_section):
    en, ko = make_section(
        factories.PublicationIndexPageFactory, "Publications", "간행물"
    )
    for title, kind, year in (
        ("Statement on repatriation", "statement", 2024),
        ("Report on labour", "research_report", 2023),
    ):
        page = factories.PublicationPageFactory(
            parent=en,
            title=title,
            publication_type=kind,
            publication_date=datetime.date(year, 5, 1),
        )
        page.save_revision().publish()
        factories.translate(page, "ko", title=f"{title} (ko)")
    return {"en": en.url, "ko": ko.url}


def _form(html: str) -> str:
    return re.search(r'<form class="filters[^>]*archive-search.*?</form>', html, re.S)[
        0
    ]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_filters_are_chips_and_the_form_keeps_them(client, archive, language):
    url = archive[language]
    html = client.get(url, {"type": "statement", "year": "2024"}).content.decode()
    form = _form(html)
    # The form: words and order, the chosen filters as hidden fields.
    assert 'name="q"' in form
    assert re.search(r'<select id="filter-order" name="order"', form)
    assert '<input type="hidden" name="type" value="statement">' in form
    assert '<input type="hidden" name="year" value="2024">' in form
    for name in ("type", "topic", "year", "lang"):
        assert not re.search(rf'<select[^>]*name="{name}"', html), name
    # The chips: one set per filter, the chosen one marked, each a URL.
    facets = html[html.index('<aside class="facets"') :]
    chosen = re.findall(r'<a class="chip" href="([^"]*)" aria-current="true">', facets)
    assert chosen == ["?year=2024", "?type=statement"]  # choosing again removes
    assert '<a href="?">' in facets  # "Clear the filters"


def test_the_form_keeps_only_filters_it_understood(client, archive):
    html = client.get(
        archive["en"], {"type": "nonsense", "year": "abc", "q": "labour"}
    ).content.decode()
    assert 'type="hidden"' not in _form(html)
    assert "Some filters were not understood" in html


def test_clearing_keeps_the_words_and_order(client, archive):
    html = client.get(
        archive["en"], {"q": "labour", "order": "title", "lang": "all"}
    ).content.decode()
    assert '<input type="hidden" name="lang" value="all">' in _form(html)
    assert '<a href="?q=labour&amp;order=title">' in html
