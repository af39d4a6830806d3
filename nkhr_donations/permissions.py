"""The Finance group: the only staff who see donors' personal data.

Shared by the data migration (with historical models) and the tests, which
flush the database between transactional tests and must recreate it.
"""

from __future__ import annotations

FINANCE_GROUP = "Finance"
FINANCE_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("nkhr_donations", "donation", "view_donation"),
    ("nkhr_donations", "donation", "change_donation"),
    ("nkhr_donations", "donation", "view_donor_details"),
]
PERMISSION_NAMES = {
    "access_admin": "Can access Wagtail admin",
    "view_donation": "Can view donation",
    "change_donation": "Can change donation",
    "view_donor_details": "Can see donors' personal data",
}
DONOR_DATA_PERMISSION = "nkhr_donations.view_donor_details"
RECONCILE_PERMISSION = "nkhr_donations.change_donation"


def ensure_finance_group(group_model, permission_model, content_type_model):
    """Create the Finance group with its permissions (idempotent)."""
    group, _created = group_model.objects.get_or_create(name=FINANCE_GROUP)
    for app_label, model, codename in FINANCE_PERMISSIONS:
        content_type, _ = content_type_model.objects.get_or_create(
            app_label=app_label, model=model
        )
        permission, _ = permission_model.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": PERMISSION_NAMES.get(codename, codename)},
        )
        group.permissions.add(permission)
    return group
