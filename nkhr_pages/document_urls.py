"""Documents at Wagtail's addresses (``/documents/<id>/<name>``, the names
``Document.url`` reverses), served by ``media_views.serve_document``; include it
without a language prefix in place of ``wagtail.documents.urls``."""

from django.urls import path, re_path

from .media_views import authenticate_document_password, serve_document

urlpatterns = [
    re_path(r"^(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        authenticate_document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
