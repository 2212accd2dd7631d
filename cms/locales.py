"""The reader's language for content: guidance in Dutch and in English.

Pages and snippets are translated with Wagtail's localisation: one row per
language, tied by a translation key. Readers get the translation in their
language where there is one and the Dutch source where there is none yet,
so nothing disappears when an editor has not translated it.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import translation

SOURCE_LANGUAGE = settings.LANGUAGE_CODE


def reading_language():
    language = translation.get_language() or SOURCE_LANGUAGE
    return language if language in dict(settings.LANGUAGES) else SOURCE_LANGUAGE


def localized(queryset):
    """Rows of a translatable model for the reader: the translation where
    there is one, else the Dutch source. One query, no locale lookups."""
    language = reading_language()
    if language == SOURCE_LANGUAGE:
        return queryset.filter(locale__language_code=SOURCE_LANGUAGE)
    translated = queryset.filter(locale__language_code=language).values(
        "translation_key"
    )
    return queryset.filter(
        Q(locale__language_code=language)
        | Q(locale__language_code=SOURCE_LANGUAGE) & ~Q(translation_key__in=translated)
    )


def in_reading_language(queryset):
    """Only the rows in the reader's language (for pages, whose trees hold
    a full set per language)."""
    return queryset.filter(locale__language_code=reading_language())


def reading_locale():
    """The Locale row of the reader's language (the source's when missing),
    for search filters, which take a value rather than a join."""
    from wagtail.models import Locale

    return (
        Locale.objects.filter(language_code=reading_language()).first()
        or Locale.get_default()
    )
