"""Donation endpoints that live outside the page tree (webhooks, thanks, cancel)."""

from django.urls import path

from . import debit_views, views

app_name = "nkhr_donations"
urlpatterns = [
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
    path("webhooks/portone/", views.portone_webhook, name="portone_webhook"),
    path("portone/<uuid:public_id>/", views.portone_checkout, name="portone_checkout"),
    path(
        "portone/<uuid:public_id>/done/",
        views.portone_complete,
        name="portone_complete",
    ),
    path("thanks/<uuid:public_id>/", views.thanks, name="thanks"),
    path("monthly/cancel/<str:token>/", views.cancel_monthly, name="cancel_monthly"),
    path("monthly/manage/<str:token>/", views.manage_monthly, name="manage_monthly"),
    path("confirm-email/<str:token>/", views.confirm_donor, name="confirm_donor"),
    path("auto-debit/<int:page_id>/", debit_views.cms_pledge, name="cms_pledge"),
    path(
        "auto-debit/thanks/<uuid:public_id>/",
        debit_views.cms_pledge_thanks,
        name="cms_pledge_thanks",
    ),
]
