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
from ..review import (
    APPROVE,
    REVIEW_DECISIONS,
    ReviewError,
    decide_review,
    review_task_state,
    submit_translation_for_review,
)


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


@require_http_methods(["GET", "POST"])
def review_decision(request: HttpRequest, page_id: int, decision: str) -> HttpResponse:
    """Approve or request changes, after a confirmation page (with a comment)."""
    page = get_object_or_404(Page, pk=page_id).specific
    back = get_valid_next_url_from_request(request) or reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )
    if (
        decision not in REVIEW_DECISIONS
        or review_task_state(page, request.user) is None
    ):
        messages.error(request, _("This page is not waiting for your review."))
        return redirect(back)
    if request.method == "GET":
        return TemplateResponse(
            request,
            "nkhr_translation/confirm_decision.html",
            {"page": page, "approve": decision == APPROVE, "next": back},
        )
    try:
        decide_review(page, request.user, decision, request.POST.get("comment", ""))
    except ReviewError as error:
        messages.error(request, str(error))
        return redirect(
            reverse("nkhr_translation:review_decision", args=[page.pk, decision])
            + f"?next={back}"
        )
    if decision == APPROVE:
        messages.success(
            request,
            _("“%(title)s” was approved.") % {"title": page.get_admin_display_title()},
        )
    else:
        messages.success(
            request,
            _("Changes were requested on “%(title)s”; the translator is told.")
            % {"title": page.get_admin_display_title()},
        )
    return redirect(back)
