"""Recall and false positives of the privacy guard on a labelled set.

The set is data/privacy_guard_cases.tsv: bypass variants that must be caught
(soft hyphens, zero-width characters, spaced letters, look-alike letters,
accents, compounds, leetspeak, physical illness...) and ordinary work text
that must not be.
"""

import re
from collections import Counter
from pathlib import Path

import pytest

from portal.privacy_guard import find_sensitive_terms

CASES = Path(__file__).resolve().parent / "data" / "privacy_guard_cases.tsv"
ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})")
MINIMUM_RECALL = 0.99
MINIMUM_RECALL_PER_KIND = 0.9


def _unescape(text):
    return ESCAPE.sub(
        lambda match: chr(int(match.group(1) or match.group(2), 16)), text
    )


def labelled_cases():
    cases = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        expect, kind, text = line.split("\t")
        assert expect in ("catch", "pass"), line
        cases.append((expect, kind, _unescape(text)))
    return cases


def test_the_labelled_set_is_large_enough():
    counts = Counter(expect for expect, _kind, _text in labelled_cases())
    assert counts["catch"] >= 150 and counts["pass"] >= 100, counts


def test_recall_and_false_positives_on_the_labelled_set():
    caught, total = Counter(), Counter()
    missed, false_positives = [], []
    passes = 0
    for expect, kind, text in labelled_cases():
        hits = find_sensitive_terms(text)
        if expect == "catch":
            total[kind] += 1
            caught[kind] += bool(hits)
            if not hits:
                missed.append(text)
        else:
            passes += 1
            if hits:
                false_positives.append((text, [hit.term for hit in hits]))
    recall = sum(caught.values()) / sum(total.values())
    per_kind = {kind: caught[kind] / total[kind] for kind in total}
    figures = (
        f"recall {sum(caught.values())}/{sum(total.values())} = {recall:.3f}; "
        f"false positives {len(false_positives)}/{passes} = "
        f"{len(false_positives) / passes:.3f}; per kind: "
        + ", ".join(f"{kind} {caught[kind]}/{total[kind]}" for kind in total)
    )
    print(figures)
    assert recall >= MINIMUM_RECALL, f"{figures}; missed: {missed}"
    assert min(per_kind.values()) >= MINIMUM_RECALL_PER_KIND, figures
    assert false_positives == [], f"{figures}; false positives: {false_positives}"


@pytest.mark.parametrize(
    "text,term",
    [
        ("Heeft een depres\u00adsie", "depressie"),
        ("Heeft een depres\u200bsie", "depressie"),
        ("Heeft d e p r e s s i e", "d e p r e s s i e"),
        ("Heeft een d\u0435pr\u0435ssi\u0435", "d\u0435pr\u0435ssi\u0435"),
        ("Heeft burn-outverschijnselen", "burn-outverschijnselen"),
        ("Heeft een d3pr3ss13", "d3pr3ss13"),
        ("Woont in een GGZ-instelling", "GGZ-instelling"),
    ],
)
def test_the_reported_term_is_what_the_user_typed_without_invisible_characters(
    text, term
):
    assert [hit.term for hit in find_sensitive_terms(text)] == [term]
