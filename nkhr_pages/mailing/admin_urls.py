"""Admin URLs (under /admin/newsletters/, registered by wagtail_hooks)."""

from django.urls import path

from . import admin_views

app_name = "nkhr_mailing_admin"
urlpatterns = [
    path("sends/", admin_views.SendListView.as_view(), name="sends"),
    path("sends/<int:pk>/", admin_views.SendDetailView.as_view(), name="send"),
    path("issue/<int:page_id>/", admin_views.IssueMailingView.as_view(), name="issue"),
    path("start/", admin_views.StartIssueView.as_view(), name="start"),
    path("import/", admin_views.ImportView.as_view(), name="import"),
    path("export.csv", admin_views.export_view, name="export"),
]
