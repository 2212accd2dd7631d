"""Wagtail's default workflow and its task carry an English name; editors
work in Dutch."""

from django.db import migrations

ENGLISH = "Moderators approval"
DUTCH = "Goedkeuring door een moderator"


def rename(apps, schema_editor, old=ENGLISH, new=DUTCH):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=DUTCH, new=ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0009_easy_read_summaries"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
