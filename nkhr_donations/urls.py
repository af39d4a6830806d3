"""Donation endpoints that live outside the page tree (webhooks, receipts)."""

app_name = "nkhr_donations"
urlpatterns: list = []
