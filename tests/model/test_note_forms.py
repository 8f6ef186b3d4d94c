"""Note forms: every entry type full and short, from note_forms_cases.bib."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inline_markup import markup

from mdime_publish.model.document import Emph, Link, Text
from mdime_publish.model.note_forms import full_note, ibid_note, missing_note, short_note
from mdime_publish.model.references import ENTRY_TYPES, Reference
from mdime_publish.parse.bibtex import load_bibliography

CASES = Path(__file__).with_name("note_forms_cases.bib")
FORMS = {
    "full": lambda ref: full_note(ref),
    "full 14": lambda ref: full_note(ref, "p. 14"),
    "short": lambda ref: short_note(ref),
    "short 14": lambda ref: short_note(ref, "p. 14"),
}


def cases() -> list[tuple[str, str, str]]:
    """(key, form, expected) from the '% form: text' lines above each entry."""
    found, expected = [], []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"% (full|short)( 14)?:\s+(.*)", line):
            expected.append((match[1] + (match[2] or ""), match[3]))
        elif match := re.match(r"@\w+\{([^,]+),", line):
            found += [(match[1], form, text) for form, text in expected]
            expected = []
    return found


@pytest.fixture(scope="module")
def references() -> dict[str, Reference]:
    references, problems = load_bibliography([CASES])
    assert problems == []
    return references


@pytest.mark.parametrize("key, form, expected", cases())
def test_note_form(references, key, form, expected):
    assert markup(FORMS[form](references[key])) == expected


def test_every_entry_type_has_a_case(references):
    assert {r.type for r in references.values()} == set(ENTRY_TYPES)


def test_italics_and_links_are_runs_not_markup(references):
    runs = full_note(references["schogol"])
    assert runs[1] == Emph(children=[Text(text="Task & Purpose")])
    assert runs[-1] == Link(url=references["schogol"].url, children=[Text(text=runs[-1].url)])
    assert all("*" not in r.text for r in runs if isinstance(r, Text))


@pytest.mark.parametrize(
    "locator, expected",
    [("", "Ibid."), ("14", "Ibid., 14."), ("p. 14", "Ibid., 14."), ("pp. 3–5", "Ibid., 3–5.")],
)
def test_ibid(locator, expected):
    assert markup(ibid_note(locator)) == expected


@pytest.mark.parametrize(
    "locator, expected", [("", "[nowhere]."), ("ch. 2", "[nowhere], ch. 2.")]
)
def test_missing_key_reads_the_key_in_brackets(locator, expected):
    assert markup(missing_note("nowhere", locator)) == expected


@pytest.mark.parametrize("title, short", [
    ("The Disinformation Landscape in West Africa and Beyond", "Disinformation Landscape in West Africa"),
    ("the disinformation landscape in West Africa and beyond", "Disinformation landscape in West Africa"),
    ("the rise of the Wagner Group in Central African Republic", "Rise of the Wagner Group"),
    ("Russia and the Wagner Group in Mali's Security Crisis", "Russia and the Wagner Group"),
    ("China's Weapons Exports and Private Security Contractors", "China's Weapons Exports"),
    ("Wagner in the Sahel: A Study", "Wagner in the Sahel"),
    ("Минобороны России готово помочь Республике Мали сегодня", "Минобороны России готово помочь"),
])
def test_short_titles_follow_chicago(title, short):
    """Four key words at most, case kept, capital first, no minor or possessive last, names whole."""
    ref = Reference(key="k", type="online", fields={"title": title})
    assert markup(short_note(ref)) == f"“{short}.”"


def test_shorttitle_wins():
    ref = Reference(key="k", type="online", fields={"title": "The Disinformation Landscape in West Africa",
                                                    "shorttitle": "Landscape"})
    assert markup(short_note(ref)) == "“Landscape.”"
