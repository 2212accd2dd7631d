"""Full-text search that stems each language by its own rules.

PostgreSQL's text-search configurations know Dutch and English word forms
("afspraken" is "afspraak", "agreements" is "agreement"). Wagtail's
database backend uses one configuration for everything; this one indexes
each object with the configuration of its locale and searches with the
reader's. Other databases get the plain database backend.
"""

from django.db import connection
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
