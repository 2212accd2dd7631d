"""The privacy guard: finds diagnosis, medication and treatment words in text.

Dutch law forbids an employer to record a diagnosis, the nature of an illness,
medication or treatment, even with consent. Free text that supervisors and HR
write is refused when it contains such words; text employees write about
themselves gets a warning instead. The words are in data/privacy_lexicon.txt,
whose header explains the format and every deliberate exclusion.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LEXICON = Path(__file__).resolve().parent / "data" / "privacy_lexicon.txt"
ENDINGS = ("s", "es", "en", "e", "n", "'s", "r")
CATEGORIES = ("diagnosis", "medication", "treatment")
# Letters that can be part of a Dutch or English word, so "depressie" is not
# found inside "antidepressief" unless the lexicon asks for compounds.
WORD_CHAR = r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]"


@dataclass(frozen=True)
class Hit:
    term: str
    category: str


@dataclass(frozen=True)
class _Entry:
    text: str
    category: str
    compound_tail: bool
    case_sensitive: bool


def _read_lexicon(path=LEXICON):
    category = None
    entries = []
    for raw_line in path.read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            if category not in CATEGORIES:
                raise ValueError(f"unknown lexicon section {line}")
            continue
        if category is None:
            raise ValueError(f"lexicon entry {line!r} comes before any section")
        compound_tail = line.startswith("*")
        text = line.lstrip("*")
        entries.append(
            _Entry(
                text=text,
                category=category,
                compound_tail=compound_tail,
                case_sensitive=text.isupper(),
            )
        )
    return entries


def _pattern(entry):
    words = [re.escape(word) for word in entry.text.split(" ")]
    endings = "|".join(re.escape(ending) for ending in ENDINGS)
    body = r"\s+".join(words[:-1] + [f"{words[-1]}(?:{endings})?"])
    start = rf"{WORD_CHAR}*" if entry.compound_tail else ""
    return rf"(?<!{WORD_CHAR}){start}{body}(?!{WORD_CHAR})"


@lru_cache(maxsize=1)
def _matchers():
    """One compiled alternation per (category, case sensitivity)."""
    groups = {}
    for entry in _read_lexicon():
        groups.setdefault((entry.category, entry.case_sensitive), []).append(entry)
    matchers = []
    for (category, case_sensitive), entries in groups.items():
        # Longest first, so "eating disorder" wins over "disorder".
        entries.sort(key=lambda entry: len(entry.text), reverse=True)
        flags = 0 if case_sensitive else re.IGNORECASE
        matchers.append(
            (
                category,
                re.compile("|".join(_pattern(entry) for entry in entries), flags),
            )
        )
    return matchers


def find_sensitive_terms(text):
    """The diagnosis, medication and treatment words in a text, in order."""
    if not text:
        return []
    hits = []
    for category, matcher in _matchers():
        for match in matcher.finditer(text):
            hits.append((match.start(), Hit(match.group(0), category)))
    hits.sort(key=lambda item: item[0])
    seen = set()
    unique = []
    for _position, hit in hits:
        if hit.term.lower() not in seen:
            seen.add(hit.term.lower())
            unique.append(hit)
    return unique


REFUSAL = _(
    "Please leave out “%(terms)s”. Werkbehoud may not record a diagnosis, "
    "medication or treatment, not even with permission. Describe what is "
    "hard in the work and what helps, for example: “needs a quiet workplace "
    "and fixed breaks”."
)
WARNING = _(
    "You wrote “%(terms)s”. That is allowed: this is your own text. If you "
    "share this part, your work supervisor reads it too. You never have to "
    "tell anyone about a condition or medication."
)


def _terms(hits):
    return ", ".join(hit.term for hit in hits)


def refuse_health_terms(text):
    """Validator for text written by supervisors and HR."""
    hits = find_sensitive_terms(text)
    if hits:
        raise ValidationError(
            REFUSAL, code="health_terms", params={"terms": _terms(hits)}
        )


def health_terms_warning(text):
    """A gentle warning for the employee's own text, or None."""
    hits = find_sensitive_terms(text)
    return WARNING % {"terms": _terms(hits)} if hits else None
