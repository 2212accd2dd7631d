"""The privacy guard: finds words that say what someone has, or which medication
or treatment they get.

Dutch law forbids an employer to record a diagnosis, the nature of an illness,
medication or treatment, even with consent. Free text that supervisors and HR
write is refused when it contains such words; text employees write about
themselves gets a warning instead. The words are in data/privacy_lexicon.txt,
whose header explains the format and every deliberate exclusion.

Text is normalised before matching, so that invisible characters, look-alike
letters, accents, letters spaced out or separated by hyphens and dots, and
digits typed for letters do not slip past. Matching is per word, with
dictionary look-ups on precompiled tables, because it runs on every form save
and every chat message.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LEXICON = Path(__file__).resolve().parent / "data" / "privacy_lexicon.txt"
ENDINGS = ("s", "es", "en", "e", "n", "'s", "r")
CATEGORIES = ("diagnosis", "medication", "treatment")

# Characters that render as nothing; NFKC keeps most of them. Category Cf
# (soft hyphen, zero-width space and joiners, word joiner, BOM, bidi marks)
# is dropped as a whole; these are invisible letters of other categories.
INVISIBLE = {"\u115f", "\u1160", "\u3164", "\uffa0"}
# Look-alike letters that compatibility normalisation leaves alone: Cyrillic,
# Greek, Armenian and small capitals, plus letters without a decomposition.
LOOK_ALIKES = {
    **dict(zip("аеорсхуіјѕԁһԛԝӏкмнтвгпьӀ", "aeopcxyijsdhqwlkmhtbrnbI", strict=True)),
    **dict(zip("АВЕКМНОРСТХУІЈЅԀԚԜҺ", "ABEKMHOPCTXYIJSDQWH", strict=True)),
    **dict(zip("αβγεηικνορτυχωμϲ", "abyeniknoptuxwuc", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
    **dict(zip("օսհո", "ouhn", strict=True)),
    **dict(zip("ıɩɪʟɑɡɢʜᴄᴅᴇᴋᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "iiilagghcdekmnoprstuvwyz", strict=True)),
    **dict(zip("łøđħŧƀðŁØĐ", "lodhtbdLOD", strict=True)),
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
}
# Dashes, dots and apostrophes of all kinds become the ASCII ones, so one
# rule decides when they join the parts of a word.
PUNCTUATION = {
    **dict.fromkeys("‐‑‒–—―−⁃˗﹘﹣", "-"),
    **dict.fromkeys("·•∙⋅‧", "."),
    **dict.fromkeys("’‘‛´ʼ′", "'"),
}
FOLD = {**LOOK_ALIKES, **PUNCTUATION}
# A word: letters and digits (and @ and $, typed for a and s), joined by at
# most three hyphens, dots, apostrophes, underscores or asterisks.
_ALNUM = r"(?:[^\W_]|[@$])"
WORD = re.compile(rf"{_ALNUM}+(?:[-.'_*]{{1,3}}{_ALNUM}+)*")
JOINER = re.compile(r"[-.'_*]+")
PART = re.compile(rf"{_ALNUM}+")
# What may separate letters that are spaced out: "d e p", "d - e - p", "d/e/p".
SPACED_GAP = re.compile(r"[ \t\-._*/|,:;+~']{1,3}")
SPACED_MINIMUM = 4
# Digits typed for letters, read only inside words of at least 4 characters
# that mix letters with fewer digits ("d3pr3ss1e", not "R51-A4"); 1 can
# stand for i or l.
LEET = str.maketrans("0345789@$", "oeastbgas")
LETTER = re.compile(r"[^\W\d_]")
LEET_MINIMUM_LENGTH = 4
LEET_MAX_ONES = 3


@dataclass(frozen=True)
class Hit:
    term: str
    category: str


@dataclass(frozen=True)
class _Word:
    """One word of a lexicon entry, normalised, with its compound markers."""

    text: str
    tail: bool  # '*word': may be the end of a compound
    head: bool  # 'word*': may be the start of a compound


@dataclass(frozen=True)
class _Entry:
    text: str
    category: str
    compound_tail: bool
    case_sensitive: bool
    compound_head: bool = False
    allowed: bool = False
    words: tuple = ()


def _is_invisible(char):
    return char in INVISIBLE or unicodedata.category(char) == "Cf"


def _fold_char(char):
    """A character without accents, look-alikes or compatibility forms."""
    if _is_invisible(char):
        return ""
    folded = []
    for piece in unicodedata.normalize("NFKD", char):
        kind = unicodedata.category(piece)
        if kind in ("Mn", "Me", "Mc", "Cf"):
            continue
        folded.append(" " if kind == "Zs" else FOLD.get(piece, piece))
    return "".join(folded)


class _Folded(dict):
    """Character -> normalised text, case kept; worked out once per character."""

    def __missing__(self, char):
        folded = self[char] = _fold_char(char)
        return folded


class _FoldedLower(dict):
    """The same in lower case, always of the same length as the cased text."""

    def __missing__(self, char):
        cased = _CASED[char]
        lower = cased.lower()
        folded = self[char] = lower if len(lower) == len(cased) else cased
        return folded


_CASED = _Folded()
_LOWER = _FoldedLower()


def _normalise(text):
    """The text with case kept and lower-cased; both have the same length."""
    if text.isascii():
        return text, text.lower()
    cased = "".join(map(_CASED.__getitem__, text))
    return cased, "".join(map(_LOWER.__getitem__, text))


def _origins(text):
    """For every position of the normalised text, its position in `text`."""
    if text.isascii():
        return range(len(text))
    origins = []
    for position, char in enumerate(text):
        origins.extend([position] * len(_CASED[char]))
    return origins


def _normalise_word(word, case_sensitive):
    folded = "".join(map(_CASED.__getitem__, word))
    return JOINER.sub("", folded if case_sensitive else folded.lower())


_ENDINGS = ("", *dict.fromkeys(_normalise_word(ending, False) for ending in ENDINGS))


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
        allowed = line.startswith("!")
        line = line.removeprefix("!")
        text = line.replace("*", "")
        case_sensitive = text.isupper()
        words = []
        for raw_word in line.split(" "):
            word = _Word(
                text=_normalise_word(raw_word.strip("*"), case_sensitive),
                tail=raw_word.startswith("*"),
                head=raw_word.endswith("*"),
            )
            if not word.text or not PART.fullmatch(word.text):
                raise ValueError(f"lexicon entry {raw_line!r} has an empty word")
            if case_sensitive and (word.head or word.tail or " " in line):
                raise ValueError(f"{raw_line!r}: capitals only for single words")
            words.append(word)
        entries.append(
            _Entry(
                text=text,
                category=category,
                compound_tail=words[0].tail,
                case_sensitive=case_sensitive,
                compound_head=words[-1].head,
                allowed=allowed,
                words=tuple(words),
            )
        )
    return entries


class _WordTable:
    """Single-word entries, looked up as whole words, heads, tails or inside."""

    def __init__(self):
        self.exact = {}
        self.heads = {}
        self.tails = {}
        self.inside = []

    def add(self, word, entry):
        if word.head and word.tail:
            self.inside.append((word.text, entry))
        elif word.head:
            self.heads[word.text] = entry
        else:
            table = self.tails if word.tail else self.exact
            for ending in _ENDINGS:
                found = table.get(word.text + ending)
                # The plain form of one entry wins over an inflection of another.
                if found is None or (found[1] and not ending):
                    table[word.text + ending] = (entry, bool(ending))

    def compile(self):
        self.head_lengths = sorted({len(text) for text in self.heads})
        self.tail_lengths = sorted({len(text) for text in self.tails}, reverse=True)

    def find(self, form, endings):
        found = self.exact.get(form)
        if found and (endings or not found[1]):
            return found[0]
        size = len(form)
        for length in self.tail_lengths:
            if length <= size:
                found = self.tails.get(form[size - length :])
                if found and (endings or not found[1]):
                    return found[0]
        for length in self.head_lengths:
            if length > size:
                break
            entry = self.heads.get(form[:length])
            if entry:
                return entry
        for text, entry in self.inside:
            if text in form:
                return entry
        return None


@dataclass(frozen=True)
class _Reading:
    """How one word of the text can be read, and what it matches."""

    forms: tuple  # the word without joiners, then with digits read as letters
    hits: tuple  # (start, end, entry), positions within the word
    starts_phrase: bool


class _Lexicon:
    def __init__(self, entries):
        self.words = {
            (case_sensitive, allowed): _WordTable()
            for case_sensitive in (False, True)
            for allowed in (False, True)
        }
        self.phrases = {}
        for entry in entries:
            if len(entry.words) == 1:
                table = self.words[(entry.case_sensitive, entry.allowed)]
                table.add(entry.words[0], entry)
            else:
                first = entry.words[0]
                key = None if first.head or first.tail else first.text
                self.phrases.setdefault(key, []).append(entry)
        for table in self.words.values():
            table.compile()
        # Most words of a text were seen before: read each spelling once.
        self.read = lru_cache(maxsize=16384)(self._read)

    def find(self, form, cased, endings):
        """The entry a word matches, allowed entries first, or None."""
        for allowed in (True, False):
            entry = self.words[(False, allowed)].find(form, endings)
            if entry is None and cased != form:
                entry = self.words[(True, allowed)].find(cased, endings)
            if entry is not None:
                return entry
        return None

    def _read(self, word, cased, endings):
        """The word as a whole and, when hyphens or dots join parts, per
        part; each also with digits read as letters."""
        joined = JOINER.sub("", word)
        spans = [(0, len(word), joined, JOINER.sub("", cased))]
        if joined != word:
            spans.extend(
                (
                    part.start(),
                    part.end(),
                    part.group(),
                    cased[part.start() : part.end()],
                )
                for part in PART.finditer(word)
            )
        hits = []
        for start, end, form, cased_form in spans:
            for reading in (form, *_readings(form)):
                entry = self.find(reading, cased_form, endings)
                if entry is not None:
                    hits.append((start, end, entry))
                    break
        forms = (joined, *_readings(joined))
        starts_phrase = None in self.phrases or any(f in self.phrases for f in forms)
        return _Reading(forms, tuple(hits), starts_phrase)

    def phrases_from(self, tokens, index, lower):
        """(end, entry) for every phrase that starts at tokens[index]; its
        words must follow each other with only white space between."""
        candidates = list(self.phrases.get(None, ()))
        for form in tokens[index].reading.forms:
            candidates.extend(self.phrases.get(form, ()))
        for entry in candidates:
            last = index + len(entry.words) - 1
            if last < len(tokens) and all(
                (
                    offset == 0
                    or lower[tokens[index + offset - 1].end : token.start].isspace()
                )
                and _word_matches(word, token.reading.forms, index + offset == last)
                for offset, (word, token) in enumerate(
                    zip(entry.words, tokens[index : last + 1], strict=True)
                )
            ):
                yield tokens[last].end, entry


def _word_matches(word, forms, endings):
    suffixes = _ENDINGS if endings else ("",)
    for form in forms:
        if word.head and word.tail:
            found = word.text in form
        elif word.head:
            found = form.startswith(word.text)
        elif word.tail:
            found = any(form.endswith(word.text + suffix) for suffix in suffixes)
        else:
            found = any(form == word.text + suffix for suffix in suffixes)
        if found:
            return True
    return False


class _Token(NamedTuple):
    start: int
    end: int
    reading: _Reading


def _readings(form):
    """Digits read as the letters they stand for, in words that mix both."""
    if form.isalpha():
        return ()
    letters = len(LETTER.findall(form))
    if len(form) < LEET_MINIMUM_LENGTH or not letters < len(form) < 2 * letters:
        return ()
    base = form.translate(LEET)
    ones = base.count("1")
    if not ones:
        return (base,)
    if ones > LEET_MAX_ONES:
        return (base.replace("1", "i"), base.replace("1", "l"))
    pieces = base.split("1")
    return tuple(
        pieces[0] + "".join(a + b for a, b in zip(choice, pieces[1:], strict=True))
        for choice in product("il", repeat=ones)
    )


def _spaced_runs(tokens, lower):
    """Runs of at least four single letters, read as one word: "d e p r e s"."""
    run = []
    for token in [*tokens, None]:
        single = token is not None and len(token.reading.forms[0]) == 1
        if single and run and SPACED_GAP.fullmatch(lower[run[-1].end : token.start]):
            run.append(token)
            continue
        if len(run) >= SPACED_MINIMUM:
            start, end = run[0].start, run[-1].end
            yield start, end, "".join(item.reading.forms[0] for item in run)
        run = [token] if single else []


_lexicon_built = []
_lexicon_lock = threading.Lock()


def _lexicon():
    """Built once per process, by one thread: threads that arrive while it
    is being built wait for it instead of each building their own (chat
    messages in a first rush waited 400 ms for that)."""
    if not _lexicon_built:
        with _lexicon_lock:
            if not _lexicon_built:
                _lexicon_built.append(_Lexicon(_read_lexicon()))
    return _lexicon_built[0]


def load():
    """Build the lexicon now, at start-up, rather than on the first check."""
    _lexicon()


def _matches(text):
    """(start, end, entry) for every match in the normalised text."""
    cased, lower = _normalise(text)
    lexicon = _lexicon()
    read = lexicon.read
    found, tokens, phrase_starts = [], [], []
    for match in WORD.finditer(lower):
        start, end = match.span()
        # "zwangerschaps- en bevallingsverlof": a compound head takes no endings.
        head = lower.startswith("-", end) and lower[end + 1 : end + 2].isspace()
        reading = read(match.group(), cased[start:end], not head)
        if reading.hits:
            found.extend((start + a, start + b, entry) for a, b, entry in reading.hits)
        if reading.starts_phrase:
            phrase_starts.append(len(tokens))
        tokens.append(_Token(start, end, reading))
    for start, end, joined in _spaced_runs(tokens, lower):
        for form in (joined, *_readings(joined)):
            entry = lexicon.find(form, "".join(PART.findall(cased[start:end])), True)
            if entry is not None:
                found.append((start, end, entry))
                break
    for index in phrase_starts:
        for end, entry in lexicon.phrases_from(tokens, index, lower):
            found.append((tokens[index].start, end, entry))
    return found


def _readable(text):
    """What the user typed, without invisible characters and extra spaces."""
    visible = "".join(char for char in text if not _is_invisible(char))
    return " ".join(visible.split())


def find_sensitive_terms(text):
    """The words in a text that say what someone has, or which medication or
    treatment they get, in order of appearance."""
    if not text:
        return []
    found = _matches(text)
    allowed = [(start, end) for start, end, entry in found if entry.allowed]
    hits = sorted(
        (
            (start, end, entry)
            for start, end, entry in found
            if not entry.allowed
            and not any(a <= start and end <= b for a, b in allowed)
        ),
        key=lambda hit: (hit[0], -hit[1]),
    )
    if not hits:
        return []
    origins = _origins(text)
    unique, seen, covered = [], set(), -1
    for start, end, entry in hits:
        if start < covered:  # inside or across a longer hit found earlier
            continue
        covered = end
        # Up to the next visible character, so trailing accents stay with it.
        stop = origins[end] if end < len(origins) else len(text)
        term = _readable(text[origins[start] : stop])
        if term.lower() not in seen:
            seen.add(term.lower())
            unique.append(Hit(term, entry.category))
    return unique


REFUSAL = _(
    "Please leave out “%(terms)s”. Werkbehoud may not record a diagnosis, nor "
    "what someone has, which medication they take or which treatment they get. "
    "That also applies when the employee agrees. Describe what is hard in the "
    "work and what helps, for example: “needs a quiet workplace and fixed "
    "breaks”."
)
WARNING = _(
    "You wrote “%(terms)s”. That is allowed: this is your own text. If you "
    "share this part, your work supervisor reads it too. You never have to "
    "tell anyone what you have or which medication you take."
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


def first_health_warning(values):
    """At most one warning for several texts of the employee's own."""
    for value in values:
        if isinstance(value, str) and (warning := health_terms_warning(value)):
            return [warning]
    return []
