"""Admin URLs (mounted under /admin/donations/ by wagtail_hooks)."""

from django.urls import path

from . import admin_views, debit_admin_views, statutory_admin_views

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
    path(
        "receipts/statutory/",
        statutory_admin_views.issue_statutory_receipt,
        name="issue_statutory_receipt",
    ),
    path("receipts/ledger/", statutory_admin_views.ledger, name="ledger"),
    path(
        "receipts/ledger/<int:pk>/",
        statutory_admin_views.ledger_entry,
        name="ledger_entry",
    ),
    path(
        "receipts/ledger/<int:pk>/pdf/",
        statutory_admin_views.ledger_entry_pdf,
        name="ledger_entry_pdf",
    ),
    path("receipts/hometax/", statutory_admin_views.hometax_file, name="hometax"),
    path("access-log/", statutory_admin_views.access_log, name="access_log"),
    path("donors/", admin_views.donor_list, name="donors"),
    path("donors/<int:pk>/", admin_views.donor_detail, name="donor"),
    path("donors/<int:pk>/merge/", admin_views.merge_donor, name="merge_donor"),
    path("cms/", debit_admin_views.cms_index, name="cms"),
    path("cms/batches/", debit_admin_views.cms_create_batch, name="cms_create_batch"),
    path("cms/batches/<int:pk>/", debit_admin_views.cms_batch, name="cms_batch"),
    path(
        "cms/batches/<int:pk>/file/",
        debit_admin_views.cms_batch_file,
        name="cms_batch_file",
    ),
    path(
        "cms/batches/<int:pk>/results/",
        debit_admin_views.cms_import_results,
        name="cms_import_results",
    ),
    path(
        "cms/pledges/<int:pk>/cancel/",
        debit_admin_views.cms_cancel_mandate,
        name="cms_cancel_mandate",
    ),
]
