"""Site search and autocomplete: parse with the form, search with the service."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .conf import layout_context
from .exceptions import SearchUnavailable
from .forms import SearchForm
from .services import SiteSearch


@require_safe  # GET and HEAD (a monitor's or crawler's HEAD was a 405)
def search(request: HttpRequest) -> HttpResponse:
    site_search = SiteSearch()
    form = SearchForm(request.GET)
    search_request = form.to_request(request.GET.get("page", 1))
    try:
        outcome = site_search.search(search_request)
    except SearchUnavailable:
        return TemplateResponse(
            request,
            "search/unavailable.html",
            {**layout_context(), "form": form},
            status=503,
        )
    return TemplateResponse(
        request,
        "search/search.html",
        {
            **layout_context(),
            "form": form,
            "outcome": outcome,
            "search_query": search_request.query,
        },
    )


@require_safe
def autocomplete(request: HttpRequest) -> JsonResponse:
    try:
        results = SiteSearch().autocomplete(request.GET.get("q", ""))
    except SearchUnavailable:
        return JsonResponse({"results": [], "unavailable": True}, status=503)
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "public, max-age=60"
    return response
