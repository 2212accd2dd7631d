"""The global group that makes a user helpdesk staff."""

from django.db import migrations

HELPDESK_GROUP = "Helpdesk"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=HELPDESK_GROUP)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=HELPDESK_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
