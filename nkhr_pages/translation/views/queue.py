"""Thin view: the translator's queue ("My translations")."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from ..queue import QueueState, queue_locale_ids, translation_queue

PER_PAGE = 25


def my_translations(request: HttpRequest) -> HttpResponse:
    if not queue_locale_ids(request.user):
        raise PermissionDenied
    state = request.GET.get("state") or None
    if state not in QueueState.values:
        state = None
    paginator = Paginator(translation_queue(request.user, state), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("p"))
    labels = dict(QueueState.choices)
    for row in page_obj.object_list:
        row.state_label = labels[row.state]
    return TemplateResponse(
        request,
        "nkhr_translation/queue.html",
        {
            "page_obj": page_obj,
            "rows": page_obj.object_list,
            "states": QueueState.choices,
            "current_state": state,
        },
    )
