"""Programs: schedule table, yearly figures, testimonials, partners; the index."""

from __future__ import annotations

import datetime

import pytest

from nkhr_pages.models import ProgramPage, ProgramYearFigure
from tests import factories


@pytest.fixture
def programs(make_section):
    return make_section(factories.ProgramIndexPageFactory, "Programs", "프로그램")


def test_program_page(client, programs):
    page = factories.ProgramPageFactory(
        parent=programs[0],
        title="Firefly academic mentoring",
        slug="firefly",
        kind=ProgramPage.Kind.MENTORING,
        schedule=[
            (
                "session",
                {
                    "date": datetime.date(2024, 9, 7),
                    "title": "Second term",
                    "location": "Seoul",
                    "participants": 18,
                },
            ),
            (
                "session",
                {
                    "date": datetime.date(2024, 3, 2),
                    "title": "First term",
                    "location": "Seoul",
                    "participants": 20,
                },
            ),
        ],
        testimonials=[
            (
                "testimonial",
                {"quote": "I found a friend.", "role": "mentee", "name": ""},
            )
        ],
        partners=[("partner", {"name": "Korea Hana Foundation", "url": ""})],
    )
    ProgramYearFigure.objects.create(page=page, year=2024, participants=38, sessions=20)
    html = client.get("/en/programs/firefly/").content.decode()
    assert '<th scope="col">Session</th>' in html
    assert html.index("First term") < html.index("Second term")  # date order
    assert (
        '<th scope="row">2024</th><td class="number" data-label="Participants">38</td>'
        '<td class="number" data-label="Sessions">20</td>'
    ) in html
    assert "I found a friend." in html
    assert "Mentee" in html
    assert "Korea Hana Foundation" in html
    assert "Mentoring" in html


def test_program_in_korean_keeps_figures(client, programs):
    page = factories.ProgramPageFactory(parent=programs[0], slug="hanawon")
    ProgramYearFigure.objects.create(page=page, year=2024, participants=310)
    page.save_revision().publish()
    factories.translate(page, "ko", title="하나원 주말학교")
    html = client.get("/ko/programs/hanawon/").content.decode()
    assert "<h1>하나원 주말학교</h1>" in html
    assert '<td class="number" data-label="참가자">310</td>' in html
    assert "교육" in html or "Education" in html


def test_index_filters_by_kind(client, programs):
    factories.ProgramPageFactory(
        parent=programs[0], title="Art therapy", kind=ProgramPage.Kind.REFUGEE_SUPPORT
    )
    factories.ProgramPageFactory(
        parent=programs[0], title="Scholarships", kind=ProgramPage.Kind.SCHOLARSHIP
    )
    response = client.get("/en/programs/?kind=scholarship")
    assert [p.title for p in response.context["items"]] == ["Scholarships"]
    for query in ("kind=cooking", "page=abc", "page=-3"):
        assert client.get(f"/en/programs/?{query}").status_code == 200


def test_index_costs_constant_queries(client, programs, django_assert_max_num_queries):
    def add(count: int) -> None:
        for _n in range(count):
            factories.ProgramPageFactory(
                parent=programs[0], hero_image=factories.ImageFactory()
            )
        client.get("/en/programs/")

    add(2)
    with django_assert_max_num_queries(40) as small:
        client.get("/en/programs/")
    small_count = len(small.captured_queries)
    add(10)
    with django_assert_max_num_queries(small_count):
        response = client.get("/en/programs/")
    assert len(response.context["items"]) == 12
