"""The PDF editions against PDF/UA-1: the structure tree walked with pikepdf
(`pdf_structure`, engine-agnostic: any PDF path), and the `pdfua` checker from PyPI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from a11y_examples import EXAMPLES, html, pdf, report
from pdf_structure import (
    Tagged,
    glued_words,
    headings,
    languages,
    links,
    marked_content,
    metadata,
    notes,
    pagination_artifacts,
    structure_types,
    table_headers,
    ua_claim,
)


@pytest.fixture(scope="module", params=EXAMPLES)
def built(request, tmp_path_factory) -> tuple[str, Tagged]:
    data, problems = pdf(request.param)
    assert not [p for p in problems if "PDF/UA" in str(p)], problems
    path = tmp_path_factory.mktemp("pdf") / f"{request.param}.pdf"
    path.write_bytes(data)
    doc = Tagged(path)
    yield request.param, doc
    doc.close()


def test_all_marked_content_is_in_the_tree_or_an_artifact(built):
    name, doc = built
    assert marked_content(doc) == []


def test_structure_types_are_standard_and_nest_as_they_should(built):
    name, doc = built
    assert structure_types(doc) == []


def test_metadata_claims_pdf_ua_with_title_and_language(built):
    name, doc = built
    assert metadata(doc, report(name).title) == []


def test_running_heads_page_numbers_stamp_and_watermark_are_pagination_artifacts(built):
    name, doc = built
    counts = pagination_artifacts(doc)
    pages = len(doc.pdf.pages)
    assert counts.get("Header", 0) >= pages - 3  # every page but the cover, part openers and back cover
    assert counts.get("Footer", 0) >= 2 * (pages - 3)  # page number and draft stamp
    assert counts.get("Watermark", 0) == pages  # a draft: the watermark on every page


def test_table_headers_have_scope(built):
    name, doc = built
    assert table_headers(doc) == []
    assert len(doc.of_type("/TH")) >= 31  # legend and glance at least


def test_one_note_per_endnote_and_references_in_the_text(built):
    name, doc = built
    assert notes(doc, len(report(name).notes)) == []
    assert doc.of_type("/L") and not any(str(k.get("/S")) == "/Note" for lst in doc.of_type("/L") for k in lst.K)


def test_links_say_where_they_go(built):
    name, doc = built
    assert links(doc) == []


def test_foreign_passages_carry_their_language(built):
    name, doc = built
    assert languages(doc) == []
    langs = {str(e.Lang) for e in doc.elements if "/Lang" in e}
    assert {"ru" if name == "russia" else "zh", "fr"} <= langs


def test_headings_nest(built):
    name, doc = built
    assert headings(doc) == []


def test_tag_text_keeps_word_spaces_where_lines_wrap(built):
    name, doc = built
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", re.sub(r"<[^>]+>", " ", html(name)))}
    assert glued_words(doc, words) == []


def test_pdfua_checker_finds_nothing(built):
    from pdfua.validator import Validator

    name, doc = built
    result = Validator().validate(str(doc.path))
    assert [(o.rule_id, [str(f) for f in o.findings[:3]]) for o in result.outcomes if o.findings] == []
    assert ua_claim(doc)


def test_checks_fail_on_weasyprint_output_left_as_it_is(tmp_path, monkeypatch):
    """Without the completion step the same checks find what the issue measured."""
    from mdime_publish.writers import pdf as pdf_writer

    monkeypatch.setattr(pdf_writer, "complete", lambda data, marks: (data, []))
    data, _ = pdf_writer.render_pdf(report("russia"), html("russia"), None)
    path = tmp_path / "raw.pdf"
    path.write_bytes(data)
    doc = Tagged(path)
    try:
        assert marked_content(doc) and table_headers(doc) and links(doc)
        assert notes(doc, len(report("russia").notes)) and languages(doc)
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", re.sub(r"<[^>]+>", " ", html("russia")))}
        assert glued_words(doc, words)
    finally:
        doc.close()


def test_claim_is_withdrawn_when_a_check_still_fails(monkeypatch):
    from mdime_publish.writers import pdf as pdf_writer
    from mdime_publish.writers import pdf_ua

    monkeypatch.setattr(pdf_ua, "_scope_headers", lambda tree: None)
    data, problems = pdf_writer.render_pdf(report("china"), html("china"), None)
    assert any("not PDF/UA-1" in str(p) and "Scope" in str(p) for p in problems)
    import io

    import pikepdf
    with pikepdf.open(io.BytesIO(data)) as doc, doc.open_metadata() as meta:
        assert "pdfuaid:part" not in meta


def test_final_report_has_no_watermark_and_output_is_reproducible(tmp_path):
    data, _ = pdf("russia", "final")
    again, _ = pdf.__wrapped__("russia", "final")
    assert data == again
    path = tmp_path / "final.pdf"
    path.write_bytes(data)
    doc = Tagged(path)
    try:
        assert "Watermark" not in pagination_artifacts(doc)
        assert marked_content(doc) == []
    finally:
        doc.close()


def test_note_broken_across_pages_stays_one_note(tmp_path):
    from mdime_publish.writers.pdf import html_to_pdf

    long_text = " ".join(f"word{i}" for i in range(900))
    notes_html = "".join(
        f'<li id="note-{n}" value="{n}"><a class="note-number" href="#ref-{n}">{n}</a> '
        f'<span class="note-text">{text}</span></li>'
        for n, text in [(1, "Short."), (2, long_text), (3, "Last.")]
    )
    markers = "".join(f'<sup class="note-ref"><a href="#note-{n}" id="ref-{n}">{n}</a></sup> ' for n in (1, 2, 3))
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Notes</title>'
            f'<style>@page {{ size: A6 }} ol {{ list-style: none }}</style></head><body><main><h1>Notes</h1>'
            f'<p>Text {markers}</p><section><h2>Endnotes</h2><ol class="notes">{notes_html}</ol></section>'
            f'</main></body></html>')
    data, problems = html_to_pdf(page, "notes.html", None)
    path = tmp_path / "notes.pdf"
    path.write_bytes(data)
    doc = Tagged(path)
    try:
        assert len(doc.pdf.pages) > 3 and notes(doc, 3) == [] and marked_content(doc) == []
        second = next(n for n in doc.of_type("/Note") if str(n.ID) == "note-2")
        pages = {e.Pg.objgen for e in [second, *doc.elements] if "/Pg" in e and doc.parent.get(e.objgen) is not None
                 and any(a.objgen == second.objgen for a in doc.ancestors(e))}
        assert len(pages) > 1  # its text on several pages, all inside the one Note
    finally:
        doc.close()


def test_word_spaces_survive_line_breaks_and_inline_elements(tmp_path):
    """WeasyPrint draws no space at a line break nor a space alone between two elements."""
    from mdime_publish.writers.pdf import html_to_pdf

    from pdf_structure import doc_text

    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><main><h1>T</h1>'
            '<p><em>Air</em> <strong>Force</strong> and <em>Navy</em></p>'
            '<p>Army <br>Navy and <em>Air</em> <br>Force</p>'
            '<p style="width: 3em">one <strong>two</strong> three four five</p></main></body></html>')
    data, _ = html_to_pdf(page, "t.html", None)
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    doc = Tagged(path)
    try:
        texts = [" ".join(t.split()) for t in doc_text(doc)]
    finally:
        doc.close()
    assert texts == ["T", "Air Force and Navy", "Army Navy and Air Force", "one two three four five"]
