"""Let Wagtail's editors and moderators maintain canned answers too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Moderators")
CODENAMES = [f"{action}_cannedanswer" for action in ("add", "change", "delete", "view")]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("cms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="cms", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(content_type__app_label="cms", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_canned_answers_and_helpdesk_hours")]

    operations = [migrations.RunPython(grant, revoke)]
