"""Let Wagtail's editors and moderators maintain topics and behaviour cards."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Moderators")
MODELS = ("topic", "behaviourcard")
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    app_config = apps.get_app_config("cms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="cms",
        codename__in=[f"{action}_{model}" for action in ACTIONS for model in MODELS],
    )
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="cms", codename__endswith=MODELS)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_guidance_pages_and_snippets"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
