"""Staff views in the Wagtail admin: sends and their logs, sending an issue or a
test, starting the next issue, CSV import and export. Each view only checks
permissions and hands over to the functions in this app."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from nkhr_pages.models import NewsletterIssuePage

from .assembling import AssemblyError, newsletter_index_for, start_next_issue
from .csv_io import ImportFailed, export_csv_lines, import_subscribers
from .forms import ImportSubscribersForm, SendIssueForm, StartIssueForm
from .lists import list_language
from .models import Delivery, NewsletterSend
from .sending import SendError, get_or_create_send, retry_deliveries, send_test
from .tasks import send_newsletter_task

SEND_PERMISSION = "nkhr_mailing.change_newslettersend"
IMPORT_PERMISSION = "nkhr_mailing.add_subscriber"
EXPORT_PERMISSION = "nkhr_mailing.view_subscriber"
HOME = {"url": reverse_lazy("wagtailadmin_home"), "label": gettext_lazy("Home")}
SENDS = {
    "url": reverse_lazy("nkhr_mailing_admin:sends"),
    "label": gettext_lazy("Newsletter sends"),
}


class MailingAdminView(WagtailAdminTemplateMixin, TemplateView):
    permission: str = SEND_PERMISSION
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [HOME, {"url": "", "label": self.get_page_title()}]


class SendListView(MailingAdminView):
    template_name = "nkhr_mailing/admin/send_list.html"
    page_title = gettext_lazy("Newsletter sends")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sends = NewsletterSend.objects.select_related("issue")[:100]
        context["rows"] = [(send, send.counts()) for send in sends]
        return context


class SendDetailView(MailingAdminView):
    template_name = "nkhr_mailing/admin/send_detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.send = get_object_or_404(
            NewsletterSend.objects.select_related("issue"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return str(self.send)

    def get_breadcrumbs_items(self):
        return [HOME, SENDS, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deliveries = self.send.deliveries.select_related("subscriber").order_by("id")
        context.update(
            send=self.send,
            counts=self.send.counts(),
            failures=deliveries.filter(state=Delivery.State.FAILED)[:500],
            interrupted=deliveries.filter(state=Delivery.State.SENDING)[:500],
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action")
        if action in {"retry_failed", "retry_interrupted"}:
            number = retry_deliveries(
                self.send, interrupted=action == "retry_interrupted"
            )
            messages.success(
                request, _("%(n)s deliveries queued again.") % {"n": number}
            )
        elif action != "resume":
            messages.error(request, _("Unknown action."))
            return redirect("nkhr_mailing_admin:send", pk=self.send.pk)
        send_newsletter_task.enqueue(self.send.pk)
        messages.success(request, _("Sending started."))
        return redirect("nkhr_mailing_admin:send", pk=self.send.pk)


class IssueMailingView(MailingAdminView):
    """“Send test to me” and “Send to the list” for one issue."""

    template_name = "nkhr_mailing/admin/issue.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.issue = get_object_or_404(NewsletterIssuePage, pk=kwargs["page_id"])

    def get_page_title(self):
        return _("Send “%(title)s”") % {"title": self.issue.title}

    def _default_list(self) -> str:
        return self.issue.series

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            issue=self.issue,
            form=kwargs.get("form")
            or SendIssueForm(initial={"mailing_list": self._default_list()}),
            sends=[(send, send.counts()) for send in self.issue.sends.all()],
        )
        return context

    def post(self, request: HttpRequest, page_id: int) -> HttpResponse:
        form = SendIssueForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        mailing_list = form.cleaned_data["mailing_list"]
        try:
            if request.POST.get("action") == "test":
                if not request.user.email:
                    messages.error(request, _("Your account has no email address."))
                    return redirect(request.path)
                send_test(self.issue, mailing_list, request.user.email)
                messages.success(
                    request,
                    _("Test sent to %(email)s.") % {"email": request.user.email},
                )
                return redirect(request.path)
            send = get_or_create_send(self.issue, mailing_list, request.user)
        except SendError as exc:
            messages.error(request, str(exc))
            return redirect(request.path)
        except OSError as exc:  # smtplib errors included
            messages.error(
                request, _("The mail server refused: %(error)s") % {"error": exc}
            )
            return redirect(request.path)
        send_newsletter_task.enqueue(send.pk)
        messages.success(request, _("Sending started."))
        return redirect("nkhr_mailing_admin:send", pk=send.pk)


class StartIssueView(MailingAdminView):
    template_name = "nkhr_mailing/admin/start_issue.html"
    page_title = gettext_lazy("Start the next issue")
    permission = "wagtailadmin.access_admin"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or StartIssueForm(
            initial={"series": self.request.GET.get("series")}
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = StartIssueForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        series = form.cleaned_data["series"]
        try:
            index = newsletter_index_for(list_language(series))
            if not index.permissions_for_user(request.user).can_add_subpage():
                raise PermissionDenied
            assembled = start_next_issue(series, user=request.user)
        except AssemblyError as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _(
                "Draft “%(title)s” created with %(n)s pages. "
                "Trim it and write around it."
            )
            % {"title": assembled.page.title, "n": sum(assembled.counts.values())},
        )
        return redirect("wagtailadmin_pages:edit", assembled.page.pk)


class ImportView(MailingAdminView):
    template_name = "nkhr_mailing/admin/import.html"
    page_title = gettext_lazy("Import subscribers")
    permission = IMPORT_PERMISSION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", kwargs.get("form") or ImportSubscribersForm())
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportSubscribersForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            result = import_subscribers(form.cleaned_data["file"].read())
        except ImportFailed as exc:
            return self.render_to_response(
                self.get_context_data(form=form, summary=exc.summary), status=400
            )
        return self.render_to_response(self.get_context_data(form=form, result=result))


def export_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    if request.method != "GET":
        raise Http404
    response = StreamingHttpResponse(_with_bom(), content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
    return response


def _with_bom():
    # Excel needs the byte order mark to read UTF-8 (Korean names) correctly.
    yield "\ufeff"
    yield from export_csv_lines()
