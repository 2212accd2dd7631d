"""Full-text search that stems each language by its own rules.

PostgreSQL's text-search configurations know Dutch and English word forms
("afspraken" is "afspraak", "agreements" is "agreement"). Wagtail's
database backend uses one configuration for everything; this one indexes
each object with the configuration of its locale and searches with the
reader's. Other databases get the plain database backend.
"""

from contextlib import contextmanager

from django.db import connection
from django.db.models.signals import post_save
from modelsearch import index, signal_handlers
from modelsearch.backends import get_search_backends
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

from .locales import SOURCE_LANGUAGE, reading_language

# PostgreSQL's configuration for each content language.
TEXT_SEARCH_CONFIGS = {"nl": "dutch", "en": "english"}


def text_search_config(language):
    return TEXT_SEARCH_CONFIGS.get(language, TEXT_SEARCH_CONFIGS[SOURCE_LANGUAGE])


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for)
    if connection.vendor != "postgresql":
        return DatabaseSearchBackend(params)
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from wagtail.models import Locale

    class LanguageIndex(PostgresIndex):
        def add_items(self, model, objs):
            languages = dict(Locale.objects.values_list("pk", "language_code"))
            groups = {}
            for obj in objs:
                language = languages.get(getattr(obj, "locale_id", None))
                groups.setdefault(text_search_config(language), []).append(obj)
            default = self.backend.config
            try:
                for config, group in groups.items():
                    self.backend.config = config
                    super().add_items(model, group)
            finally:
                self.backend.config = default

    class LanguageQueryCompiler(PostgresSearchQueryCompiler):
        def get_config(self, backend):
            return text_search_config(reading_language())

    class LanguagePostgresSearchBackend(PostgresSearchBackend):
        index_class = LanguageIndex
        query_compiler_class = LanguageQueryCompiler

    return LanguagePostgresSearchBackend(params)


@contextmanager
def indexed_once_at_the_end():
    """Index what is saved inside the block once, per model in bulk, when
    it ends, instead of on every save: loading the guidance site saves about
    220 pages some 500 times (a page, its revision, its publication), and
    each index write recomputes the whole index's title norms."""
    models = [
        model
        for model in index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]
    saved = {}

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[(type(instance), instance.pk)] = True

    for model in models:
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_save.connect(remember, sender=model, weak=False)
    try:
        yield
    finally:
        for model in models:
            post_save.disconnect(remember, sender=model)
            post_save.connect(signal_handlers.post_save_signal_handler, sender=model)
    groups = {}
    for model, pk in saved:
        instance = model._default_manager.filter(pk=pk).first()
        indexed = instance and index.get_indexed_instance(instance)
        if indexed is not None:
            groups.setdefault(type(indexed), {})[indexed.pk] = indexed
    for backend in get_search_backends(with_auto_update=True):
        for model, objects in groups.items():
            backend.add_bulk(model, list(objects.values()))
