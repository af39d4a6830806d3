"""``sitemap.xml`` for every language tree, with hreflang alternates.

Wagtail's own sitemap covers the descendants of the site's root page only,
which is the English home; the Korean home is its translation, a sibling.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedSitemap(Sitemap):
    """Live, public pages of the site's root and of each of its translations."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = root.get_translations(inclusive=True)
        tree = Q()
        for path in roots.values_list("path", flat=True):
            tree |= Q(path__startswith=path)
        return (
            Page.objects.filter(tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # One query for the translations of everything on this sitemap page.
        pages = self.paginator.page(page).object_list
        by_key: dict = defaultdict(list)
        for translation in (
            Page.objects.filter(translation_key__in={p.translation_key for p in pages})
            .live()
            .public()
            .select_related("locale")
        ):
            by_key[translation.translation_key].append(translation)
        locations = {p.get_full_url(self.request): p.translation_key for p in pages}
        for url in urls:
            translations = by_key.get(locations.get(url["location"]), [])
            if len(translations) > 1:
                url["alternates"] = [
                    {
                        "lang_code": t.locale.language_code,
                        "location": t.get_full_url(self.request),
                    }
                    for t in sorted(translations, key=lambda t: t.locale.language_code)
                ]
        return urls
