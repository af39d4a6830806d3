"""Public, locale-prefixed URLs of the newsletter mailing (included by the project)."""

from django.urls import path

from . import views

app_name = "nkhr_mailing"
urlpatterns = [
    path("subscribe/", views.subscribe_view, name="subscribe"),
    path("confirm/<str:token>/", views.confirm_view, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
