"""The three editions of one example report print the same notes (issue 4).

Notes are numbered once, in the model; this reads them back out of the HTML, the
DOCX endnotes part and the PDF text (of both PDF engines) and compares numbers and words.
"""

from __future__ import annotations

import io
import re
import zipfile

import pypdfium2
import pytest
import tinyhtml5
from lxml import etree

from conftest import PROJECT
from mdime_publish.builder import build_context
from mdime_publish.pipeline import Workspace, load_report
from mdime_publish.writers.docx import render_docx
from mdime_publish.writers.html import render_html
from mdime_publish.writers.pdf_edition import render_pdf_edition

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XHTML = "{http://www.w3.org/1999/xhtml}"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module", params=["weasyprint", "typst"])
def engine(request) -> str:
    return request.param


@pytest.fixture(scope="module", params=["russia", "china"])
def editions(request, engine):
    loaded = load_report(PROJECT / "content" / "mali" / f"{request.param}.md")
    assert loaded.ok, loaded.problems
    report = loaded.report
    ctx = build_context(Workspace(PROJECT), "letter", False).model_copy(update={"pdf_engine": engine})
    html = render_html(report, ctx, PROJECT)
    pdf, _ = render_pdf_edition(report, ctx, PROJECT)
    return report, html, render_docx(report, ctx, PROJECT), pdf


def html_notes(html: str) -> dict[int, str]:
    tree = tinyhtml5.parse(html)
    notes = {}
    for li in tree.iter(f"{XHTML}li"):
        note_id = li.get("id", "")
        if note_id.startswith("note-"):
            text = "".join(li.itertext())
            notes[int(note_id[5:])] = squeeze(re.sub(r"^\s*\d+\s*", "", text))
    return notes


def docx_notes(docx: bytes) -> dict[int, str]:
    xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/endnotes.xml"))
    notes = {}
    for note in xml.iterfind(f"{{{W}}}endnote"):
        number = int(note.get(f"{{{W}}}id"))
        if number > 0:
            notes[number] = squeeze("".join(t.text or "" for t in note.iter(f"{{{W}}}t")))
    return notes


def test_html_and_docx_print_the_same_notes(editions):
    report, html, docx, _ = editions
    expected = {n.number: squeeze("".join(_words(n.content))) for n in report.notes}
    assert list(expected) == list(range(1, len(report.notes) + 1))
    assert html_notes(html) == expected
    assert docx_notes(docx) == expected


def test_pdf_prints_every_note_in_order(editions):
    report, _, _, pdf = editions
    doc = pypdfium2.PdfDocument(pdf)
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    endnotes = straight(squeeze(text[text.rindex("ENDNOTES") if "ENDNOTES" in text else text.rindex("Endnotes"):]))
    position = 0
    for note in report.notes:
        words = straight(squeeze("".join(_words(note.content))))[:30]
        found = endnotes.find(f"{note.number} {words}", position)
        assert found >= 0, f"note {note.number} '{words}' not found in order in the PDF"
        position = found


def straight(text: str) -> str:
    """Curly apostrophes and quotes made straight: engines may curl them."""
    return text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))


def _words(nodes):
    for node in nodes:
        if hasattr(node, "text"):
            yield node.text
        yield from _words(getattr(node, "children", []))
