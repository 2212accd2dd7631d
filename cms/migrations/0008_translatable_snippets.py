"""Topics, behaviour cards and help sources become translatable snippets.

Existing rows get the default locale and a translation key of their own
(Wagtail's BootstrapTranslatableModel); slugs are unique per locale so a
translation keeps the slug of its source."""

import django.db.models.deletion
from django.db import migrations, models
from wagtail.models import BootstrapTranslatableModel

MODELS = ["topic", "behaviourcard", "helpsource"]


def nullable_fields(model):
    return [
        migrations.AddField(
            model_name=model,
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name=model,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
    ]


def required_fields(model):
    import uuid

    return [
        migrations.AlterField(
            model_name=model,
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name=model,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name=model, unique_together={("translation_key", "locale")}
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_trainings_and_help"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        *[op for model in MODELS for op in nullable_fields(model)],
        *[BootstrapTranslatableModel(f"cms.{model}") for model in MODELS],
        *[op for model in MODELS for op in required_fields(model)],
        migrations.AlterField(
            model_name="topic",
            name="slug",
            field=models.SlugField(max_length=100, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="behaviourcard",
            name="slug",
            field=models.SlugField(max_length=120, verbose_name="slug"),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(
                fields=("slug", "locale"), name="cms_topic_slug_per_locale"
            ),
        ),
        migrations.AddConstraint(
            model_name="behaviourcard",
            constraint=models.UniqueConstraint(
                fields=("slug", "locale"), name="cms_behaviourcard_slug_per_locale"
            ),
        ),
    ]
