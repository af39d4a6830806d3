"""Admin URLs (mounted under /admin/donations/ by wagtail_hooks)."""

from django.urls import path

from . import admin_views

app_name = "nkhr_donations_admin"
urlpatterns = [
    path("", admin_views.DonationReportView.as_view(), name="report"),
    path(
        "results/",
        admin_views.DonationReportView.as_view(results_only=True),
        name="report_results",
    ),
    path("<int:pk>/", admin_views.donation_detail, name="detail"),
    path("<int:pk>/received/", admin_views.mark_received, name="mark_received"),
    path("<int:pk>/purge-id/", admin_views.purge_national_id, name="purge_national_id"),
    path("receipts/", admin_views.annual_receipts_index, name="annual_receipts"),
    path("receipts/csv/", admin_views.annual_receipts_csv, name="annual_receipts_csv"),
    path("receipts/pdf/", admin_views.annual_receipt_pdf, name="annual_receipt_pdf"),
    path("donors/", admin_views.donor_list, name="donors"),
    path("donors/<int:pk>/", admin_views.donor_detail, name="donor"),
    path("donors/<int:pk>/merge/", admin_views.merge_donor, name="merge_donor"),
]
