"""Every text the portal ships is B1 Dutch, by a measure, not by opinion."""

import json
from pathlib import Path

import pytest

from cms.readability import measure, sentences, syllables

CONTENT = Path(__file__).resolve().parents[2] / "cms" / "content"
# Keys that hold slugs, codes or references, not text a reader reads.
NOT_TEXT = {
    "slug",
    "topic",
    "topics",
    "audience",
    "audiences",
    "last_reviewed",
    "kind",
    "tool",
    "action",
    "type",
    "id",
    "page",
    "pages",
    "behaviour_cards",
    "related_guidance",
    "pictogram",
}


def reader_texts(value, key=None):
    if isinstance(value, str):
        if key not in NOT_TEXT:
            yield value
    elif isinstance(value, dict):
        for inner_key, inner in value.items():
            if inner_key not in NOT_TEXT:
                yield from reader_texts(inner, inner_key)
    elif isinstance(value, list):
        for item in value:
            yield from reader_texts(item, key)


SHIPPED = sorted([*CONTENT.glob("guidance/*.json"), *CONTENT.glob("trainings/*.json")])


def test_the_measure_counts_sentences_words_and_syllables():
    assert sentences(
        "<h2>Kop</h2><p>Een zin. Nog een zin!</p><ul><li>Punt</li></ul>"
    ) == [
        "Kop",
        "Een zin.",
        "Nog een zin!",
        "Punt",
    ]
    assert [syllables(w) for w in ("werk", "werkleider", "medewerker", "re")] == [
        1,
        3,
        4,
        1,
    ]
    result = measure(["Je werkt. De medewerker werkt ook."])
    assert (result.sentences, result.words, result.long_words) == (2, 6, ["medewerker"])


def test_officialese_fails_and_plain_dutch_passes():
    officialese = (
        "Met inachtneming van de toepasselijke arbeidsrechtelijke bepalingen "
        "dient de werkgever, teneinde de reïntegratiewerkzaamheden adequaat te "
        "faciliteren, in overeenstemming met de bedrijfsgeneeskundige "
        "adviezen een plan van aanpak op te stellen en periodiek te evalueren."
    )
    plain = (
        "Je werkgever maakt samen met jou een plan. Daarin staat wat je gaat "
        "doen om weer te werken. Jullie kijken elke zes weken of het plan nog "
        "klopt."
    )
    assert not measure([officialese]).is_b1
    assert measure([plain]).is_b1


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_shipped_content_is_b1(path):
    result = measure(reader_texts(json.loads(path.read_text(encoding="utf-8"))))
    assert result.words > 200, path.name
    assert result.is_b1, (
        path.name,
        round(result.average_sentence, 1),
        round(result.long_word_share, 3),
        result.longest,
    )


def test_behaviour_cards_and_the_site_texts_are_b1():
    for name in ("behaviour_cards.json", "site.json", "canned_answers.json"):
        result = measure(reader_texts(json.loads((CONTENT / name).read_text())))
        assert result.is_b1, (name, result.average_sentence, result.long_word_share)
