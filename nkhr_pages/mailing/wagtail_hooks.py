"""Wagtail admin integration: the Newsletters menu, subscriber listings, and
buttons on newsletter pages."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from nkhr_pages.models import NewsletterIndexPage, NewsletterIssuePage

from . import admin_urls
from .admin_views import EXPORT_PERMISSION, IMPORT_PERMISSION, SEND_PERMISSION
from .models import Subscriber, Subscription


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    list_display = ["email", "name", "organisation", "language", "created_at"]
    list_filter = ["language", "subscriptions__mailing_list", "subscriptions__status"]
    search_fields = ["email", "name", "organisation"]
    search_backend_name = None
    add_to_admin_menu = False


class SubscriptionViewSet(SnippetViewSet):
    model = Subscription
    icon = "list-ul"
    menu_label = _("Subscriptions")
    list_display = ["subscriber", "mailing_list", "status", "source", "confirmed_at"]
    list_filter = ["mailing_list", "status", "source"]
    search_fields = ["subscriber__email", "subscriber__name"]
    search_backend_name = None
    add_to_admin_menu = False


register_snippet(SubscriberViewSet)
register_snippet(SubscriptionViewSet)


@hooks.register("register_admin_urls")
def register_mailing_admin_urls():
    return [path("newsletters/", include(admin_urls, namespace="nkhr_mailing_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_newsletters_menu():
    items = [
        PermissionMenuItem(
            _("Sends"),
            reverse("nkhr_mailing_admin:sends"),
            icon_name="mail",
            permission=SEND_PERMISSION,
            order=100,
        ),
        PermissionMenuItem(
            _("Subscribers"),
            reverse(SubscriberViewSet().get_url_name("list")),
            icon_name="user",
            permission="nkhr_mailing.view_subscriber",
            order=200,
        ),
        PermissionMenuItem(
            _("Start the next issue"),
            reverse("nkhr_mailing_admin:start"),
            icon_name="doc-empty-inverse",
            permission="wagtailadmin.access_admin",
            order=300,
        ),
        PermissionMenuItem(
            _("Import subscribers"),
            reverse("nkhr_mailing_admin:import"),
            icon_name="upload",
            permission=IMPORT_PERMISSION,
            order=400,
        ),
        PermissionMenuItem(
            _("Export subscribers"),
            reverse("nkhr_mailing_admin:export"),
            icon_name="download",
            permission=EXPORT_PERMISSION,
            order=500,
        ),
    ]
    return SubmenuMenuItem(
        _("Newsletters"), Menu(items=items), icon_name="mail", order=350
    )


@hooks.register("register_page_header_buttons")
def newsletter_page_buttons(page, user, view_name=None, next_url=None):
    specific_class = page.specific_class
    if specific_class is NewsletterIssuePage and user.has_perm(SEND_PERMISSION):
        yield Button(
            _("Send or test"),
            reverse("nkhr_mailing_admin:issue", args=[page.pk]),
            icon_name="mail",
            priority=75,
        )
    elif specific_class is NewsletterIndexPage:
        yield Button(
            _("Start the next issue"),
            reverse("nkhr_mailing_admin:start"),
            icon_name="doc-empty-inverse",
            priority=75,
        )
