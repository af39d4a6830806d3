"""Typographic covers (publications with no cover picture) on the home page's
cards, at 360, 768 and 1280 px in both languages: nothing in the cover is cut off
(the title used to show one and a half lines, "Joint letter for / Worl"), and
no card title sticks out of its card ("accountabili|")."""

from __future__ import annotations

import pytest

from .test_layout_shift import composed_home  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONG_TITLE = {
    "en": "Joint letter on an accountability mechanism for North Korea",
    "ko": "북한 인권 침해에 대한 책임 규명 메커니즘을 촉구하는 공동 서한",
}
CLIPPED = """() => {
  const clipped = [];
  for (const cover of document.querySelectorAll(".card .typographic-cover")) {
    const box = cover.getBoundingClientRect();
    for (const part of cover.children) {
      const rect = part.getBoundingClientRect();
      if (getComputedStyle(part).display === "none") continue;
      // Whole lines only: a title squeezed by the cover shows a half line.
      const name = part.getAttribute("class");
      const lines = rect.height / parseFloat(getComputedStyle(part).lineHeight);
      if (rect.bottom > box.bottom + 0.5 || rect.right > box.right + 0.5
          || (name.includes("__title") && Math.abs(lines - Math.round(lines)) > 0.15))
        clipped.push(name + ": " + part.textContent.trim().slice(0, 40));
    }
  }
  for (const title of document.querySelectorAll(".card__title")) {
    if (title.scrollWidth > title.clientWidth + 1)
      clipped.push("card title: " + title.textContent.trim().slice(0, 40));
  }
  return clipped;
}"""


def test_home_cover_cards_cut_nothing_off(composed_home, open_page):  # noqa: F811
    from nkhr_pages.models import PublicationPage

    for page in PublicationPage.objects.all():
        page.title = LONG_TITLE[page.locale.language_code]
        page.cover_image = None
        page.save_revision().publish()
    problems = {}
    for language in ("en", "ko"):
        for width in (360, 768, 1280):
            page, _console = open_page({"width": width, "height": 900})
            page.goto(f"/{language}/", wait_until="load")
            assert page.locator(".card .typographic-cover").count() >= 1
            if clipped := page.evaluate(CLIPPED):
                problems[f"{language} {width}"] = clipped
    assert not problems, problems
