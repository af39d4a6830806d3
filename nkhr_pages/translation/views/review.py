"""Thin views: send a translation to review, dismiss a notice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page

from ..notifications import dismiss_notice
from ..review import ReviewError, submit_translation_for_review


@require_http_methods(["GET", "POST"])
def submit_for_review(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "GET":
        return TemplateResponse(
            request,
            "nkhr_translation/confirm_review.html",
            {"page": page, "next": get_valid_next_url_from_request(request)},
        )
    try:
        submission = submit_translation_for_review(page, request.user)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("“%(title)s” was sent to %(workflow)s.")
            % {
                "title": submission.page.get_admin_display_title(),
                "workflow": submission.workflow_state.workflow.name,
            },
        )
    return redirect(
        get_valid_next_url_from_request(request)
        or reverse("wagtailadmin_pages:edit", args=[page.pk])
    )


@require_POST
def dismiss(request: HttpRequest, notice_id: int) -> HttpResponse:
    if not dismiss_notice(request.user, notice_id):
        messages.error(request, _("This notice was already dismissed."))
    return redirect(
        get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    )
