"""Public, locale-prefixed URLs of nkhr_pages that are not pages (feeds, exports)."""

app_name = "nkhr_pages"
urlpatterns: list = []
