"""The privacy guard finds diagnosis, medication and treatment words, and
leaves ordinary work language alone."""

from collections import Counter

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from portal.privacy_guard import (
    _read_lexicon,
    find_sensitive_terms,
    health_terms_warning,
    refuse_health_terms,
)


@pytest.mark.parametrize(
    "text,term,category",
    [
        ("Johan heeft een depressie", "depressie", "diagnosis"),
        ("Sinds zijn depressies werkt hij minder", "depressies", "diagnosis"),
        ("Ze is erg depressief geweest", "depressief", "diagnosis"),
        ("Heeft een angststoornis", "angststoornis", "diagnosis"),
        ("bekend met ADHD", "ADHD", "diagnosis"),
        ("Diagnosed with PTSD last year", "PTSD", "diagnosis"),
        ("He has an eating disorder", "eating disorder", "diagnosis"),
        ("Gebruikt Ritalin sinds kort", "Ritalin", "medication"),
        ("slikt antidepressiva", "antidepressiva", "medication"),
        ("Gaat naar de psychiater", "psychiater", "treatment"),
        ("Start binnenkort met EMDR", "EMDR", "treatment"),
        ("in therapie bij de GGZ", "therapie", "treatment"),
    ],
)
def test_finds_health_terms_and_their_inflections(text, term, category):
    hits = find_sensitive_terms(text)
    assert any(
        hit.term.lower() == term.lower() and hit.category == category for hit in hits
    ), hits


@pytest.mark.parametrize(
    "text",
    [
        "Heeft last van werkdruk en stress bij drukte",
        "Is bang om fouten te maken; faalangst bij nieuwe taken",
        "Werkt liever op een andere manier met vaste pauzes",
        "Overleg met de bedrijfsarts over de belastbaarheid",
        "We gebruiken MS Teams voor het wekelijkse gesprek",
        "Please add a short break after lunch",
        "Assembleert lithium-ion accu's in de middag",
        "De aanvraag is in behandeling bij het UWV",
        "Heeft moeite met concentratie in een drukke ruimte",
        "",
    ],
)
def test_ordinary_work_language_passes(text):
    assert find_sensitive_terms(text) == []


def test_acronyms_in_capitals_are_case_sensitive():
    assert find_sensitive_terms("Diagnose: ADD") and not find_sensitive_terms(
        "add a task"
    )


def test_words_inside_other_words_are_not_matched():
    assert find_sensitive_terms("de medicatie") and not find_sensitive_terms(
        "dedication"
    )


def test_refusal_names_the_words_and_says_what_to_write_instead():
    with pytest.raises(ValidationError) as error:
        refuse_health_terms("Heeft ADHD en slikt Ritalin")
    message = error.value.messages[0]
    assert "ADHD, Ritalin" in message
    assert "Describe what is hard in the work" in message or "wat lastig is" in message


def test_warning_for_the_employees_own_text():
    assert "depressie" in health_terms_warning("Toen ik een depressie had, hielp rust.")
    assert health_terms_warning("Rust en vaste pauzes helpen mij.") is None


def test_the_lexicon_is_well_formed_and_substantial():
    entries = _read_lexicon()
    assert len(entries) > 300
    categories = {entry.category for entry in entries}
    assert categories == {"diagnosis", "medication", "treatment"}
    texts = [entry.text.lower() for entry in entries]
    assert len(texts) == len(set(texts)), "duplicate entries"


HEALTH_FIELD_WORDS = (
    "diagnos",
    "illness",
    "disease",
    "condition",
    "disorder",
    "symptom",
    "medication",
    "medicine",
    "treatment",
    "therapy",
    "aandoening",
    "ziektebeeld",
    "medicatie",
    "behandeling",
    "klacht",
)


def test_no_model_has_a_field_for_a_diagnosis():
    """Privacy by design: there is nowhere to store a diagnosis."""
    offending = []
    for app_label in ("portal", "cms", "retention", "chat"):
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.get_fields():
                names = f"{field.name} {getattr(field, 'verbose_name', '')}".lower()
                if any(word in names for word in HEALTH_FIELD_WORDS):
                    offending.append(f"{model.__name__}.{field.name}")
    assert offending == []


@pytest.mark.parametrize(
    "text",
    [
        "Hij zit altijd te kankeren over het rooster",
        "Werken met kankerverwekkende stoffen alleen met afzuiging",
        "Workshop burn-outpreventie voor het team",
        "Corona-maatregelen zijn opgeheven",
        "Zwangerschaps- en bevallingsverlof wordt opgevangen",
        "De griepprik wordt dinsdag aangeboden",
        "Toen hij de klant terugriep, was het drie uur",
        "Bel bij zorgen 113 Zelfmoordpreventie",
        "Overspannen verwachtingen bij de werving",
        "Video-opname en voorraadopname op vrijdag",
        "De logistieke operatie verhuist naar hal 3",
        "Werkt 3 dagen, 1,5 uur pauze, sinds 2024, A4-formaat, artikel R51-A4",
        "Ligt in het ziekenhuis; opgenomen in het plan",
        "Werkt volgens de a b c methode",
    ],
)
def test_allowed_words_and_ordinary_readings_pass(text):
    assert find_sensitive_terms(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Heeft kanker",
        "Heeft corona",
        "Is zwanger",
        "Heeft depressie- en angstklachten",
        "Heeft griep",
        "Praat over zelfmoord",
        "Is opgenomen in een kliniek",
        "Heeft een knieoperatie gehad",
    ],
)
def test_the_nature_of_a_physical_illness_is_refused_too(text):
    with pytest.raises(ValidationError) as error:
        refuse_health_terms(text)
    assert error.value.code == "health_terms"


def test_a_compound_head_matches_only_as_a_head(tmp_path):
    lexicon = tmp_path / "lexicon.txt"
    lexicon.write_text(
        "[diagnosis]\nziekte*\n*kwaal\n*knak*\n!ziektebeeldje\nABC\nlange wachttijd*\n",
        encoding="utf-8",
    )
    entries = {entry.text: entry for entry in _read_lexicon(lexicon)}
    assert entries["ziekte"].compound_head and not entries["ziekte"].compound_tail
    assert entries["kwaal"].compound_tail and not entries["kwaal"].compound_head
    assert entries["knak"].compound_head and entries["knak"].compound_tail
    assert entries["ziektebeeldje"].allowed
    assert entries["ABC"].case_sensitive
    assert entries["lange wachttijd"].words[-1].head


@pytest.mark.parametrize(
    "line", ["ABC*", "HET ABC", "*", "de -- ziekte", "ziekte / kwaal"]
)
def test_malformed_lexicon_entries_are_refused(tmp_path, line):
    lexicon = tmp_path / "lexicon.txt"
    lexicon.write_text(f"[diagnosis]\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        _read_lexicon(lexicon)


def test_no_two_lexicon_entries_mean_the_same_after_normalising():
    """Accents, hyphens and case are folded, so "suïcidaal" and "suicidaal"
    or "burn-out" and "burnout" would be one entry listed twice."""
    keys = [
        (entry.words, entry.case_sensitive, entry.allowed) for entry in _read_lexicon()
    ]
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert duplicates == []


def test_the_refusal_covers_what_someone_has():
    with pytest.raises(ValidationError) as error:
        refuse_health_terms("Heeft griep")
    message = error.value.messages[0]
    assert "what someone has" in message or "wat iemand heeft" in message


def test_the_lexicon_is_built_once_when_many_threads_ask_at_once(monkeypatch):
    """A first rush of chat messages used to build it once per thread."""
    import threading

    from portal import privacy_guard

    built = []
    real = privacy_guard._read_lexicon

    def counted(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(privacy_guard, "_read_lexicon", counted)
    monkeypatch.setattr(privacy_guard, "_lexicon_built", [])
    start = threading.Barrier(6)

    def check():
        start.wait()
        privacy_guard.health_terms_warning("Hij heeft een burn-out")

    threads = [threading.Thread(target=check) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert built == [1]
