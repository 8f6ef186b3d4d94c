"""Languages of passages: from the entry's langid, else from the script; once, in the model."""

from __future__ import annotations

import pytest

from mdime_publish.model.document import Emph, Text
from mdime_publish.model.languages import entry_language, split_by_script
from mdime_publish.model.note_forms import full_note, short_note
from mdime_publish.model.notes import _merged
from mdime_publish.model.references import Reference


@pytest.mark.parametrize("value, tag", [
    ("french", "fr"), ("Russian", "ru"), ("fr", "fr"), ("zh-Hant", "zh-Hant"), ("ngerman", "de"),
    ("klingon", ""), ("", ""),
])
def test_entry_language(value, tag):
    assert entry_language(value) == tag


def runs(nodes):
    return [(n.text, n.lang) for n in nodes]


def test_script_marks_cyrillic_and_han_passages_with_what_lies_between():
    nodes = split_by_script([Text(text="See “Минобороны России, 2022” and 王毅会见 (Wang Yi).")])
    assert runs(nodes) == [("See “", ""), ("Минобороны России", "ru"), (", 2022” and ", ""),
                           ("王毅会见", "zh"), (" (Wang Yi).", "")]


def test_script_leaves_latin_text_and_marked_runs_alone():
    french = Text(text="Paix et sécurité", lang="fr")
    nodes = split_by_script([Text(text="Coopération militaire"), french, Emph(children=[Text(text="Красная звезда")])])
    assert runs(nodes[:2]) == [("Coopération militaire", ""), ("Paix et sécurité", "fr")]
    assert runs(nodes[2].children) == [("Красная звезда", "ru")]


def test_langid_marks_titles_not_the_rest_of_the_note():
    ref = Reference(key="x", type="online", fields={
        "title": "Le Groupe des Patriotes du Mali", "titleaddon": "The Group of Patriots of Mali",
        "organization": "Bamada.net", "langid": "french"})
    note = full_note(ref)
    assert [(n.text, n.lang) for n in note if isinstance(n, Text) and n.lang] == [("“Le Groupe des Patriotes du Mali”", "fr")]
    assert "The Group of Patriots" in "".join(n.text for n in note if isinstance(n, Text) and not n.lang)
    assert [n.lang for n in short_note(ref) if isinstance(n, Text) and "Groupe" in n.text] == ["fr"]


def test_merging_runs_keeps_languages_apart():
    merged = _merged([Text(text="“Titre”", lang="fr"), Text(text=". "), Text(text="Ibid.")])
    assert runs(merged) == [("“Titre”", "fr"), (". Ibid.", "")]


def test_author_marks_a_passage_in_the_source():
    from mdime_publish.model.document import Strong
    from mdime_publish.parse.markdown import parse_inline

    nodes, problems = parse_inline("FAMA ([Forces Armées **Maliennes**]{lang=french}) and more", "r.md", 7, 1, [""] * 9)
    assert problems == []
    assert runs([nodes[0], nodes[1], nodes[3]]) == [("FAMA (", ""), ("Forces Armées ", "fr"), (") and more", "")]
    assert isinstance(nodes[2], Strong) and runs(nodes[2].children) == [("Maliennes", "fr")]


@pytest.mark.parametrize("source, message", [
    ("[x]{lang=\"not one\"}", "lang: 'not one' is not a language"),
    ("[x]{.class}", "marks the language of a passage only"),
])
def test_a_span_that_is_not_a_language_is_an_error(source, message):
    from mdime_publish.parse.markdown import parse_inline

    _, problems = parse_inline(source, "r.md", 7, 1, [""] * 9)
    assert [p.line for p in problems] == [7] and message in problems[0].message
