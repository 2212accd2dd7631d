"""A plain-language check for Dutch text at B1 level.

Two measures that Dutch B1 writing guides (Klare Taal, the Direct Duidelijk
guide for government texts) rest on: sentences of on average at most about
fifteen words, and few long words. A long word here has four or more
syllables; Dutch syllables are counted as groups of vowels, which is close
enough for a share over a whole text.
"""

import re
from dataclasses import dataclass

from django.utils.html import strip_tags

# Limits for a whole text at B1 level.
MAX_AVERAGE_SENTENCE = 15.0
MAX_LONG_WORD_SHARE = 0.10
# One sentence may run longer, but not this long.
MAX_SENTENCE = 25
LONG_WORD_SYLLABLES = 4

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
VOWEL_GROUPS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
BLOCK_END = re.compile(r"</(?:p|li|h\d|dd|dt)>", re.IGNORECASE)


def syllables(word):
    return max(1, len(VOWEL_GROUPS.findall(word)))


def sentences(text):
    """Sentences of a text or HTML fragment: list items and headings count
    as sentences of their own."""
    plain = strip_tags(BLOCK_END.sub("\n", text))
    pieces = (piece.strip() for piece in SENTENCE_END.split(plain))
    return [piece for piece in pieces if WORD.search(piece)]


@dataclass
class Readability:
    sentences: int
    words: int
    long_words: list
    longest: str = ""

    @property
    def average_sentence(self):
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_word_share(self):
        return len(self.long_words) / self.words if self.words else 0.0

    @property
    def is_b1(self):
        return (
            self.average_sentence <= MAX_AVERAGE_SENTENCE
            and self.long_word_share <= MAX_LONG_WORD_SHARE
            and len(WORD.findall(self.longest)) <= MAX_SENTENCE
        )


def measure(texts):
    """Readability of texts taken together (each a string, plain or HTML)."""
    count, words, long_words, longest = 0, 0, [], ""
    for text in texts:
        for sentence in sentences(text):
            found = WORD.findall(sentence)
            count += 1
            words += len(found)
            long_words += [w for w in found if syllables(w) >= LONG_WORD_SYLLABLES]
            if len(found) > len(WORD.findall(longest)):
                longest = sentence
    return Readability(count, words, long_words, longest)
