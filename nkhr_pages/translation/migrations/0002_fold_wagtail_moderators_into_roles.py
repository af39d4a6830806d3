"""Wagtail's default "Moderators" group may publish from the tree root, in
every language, beside the translation roles: fold it into them (see
``roles.fold_moderators_group``; ``setup_translation_roles`` does it too)."""

from django.db import migrations


def fold_moderators(apps, schema_editor):
    from nkhr_pages.translation.roles import fold_moderators_group

    fold_moderators_group(
        group_model=apps.get_model("auth", "Group"),
        task_model=apps.get_model("wagtailcore", "GroupApprovalTask"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("nkhr_translation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(fold_moderators, migrations.RunPython.noop),
    ]
