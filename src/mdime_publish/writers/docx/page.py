"""Build context to page set-up: paper size, page-number footer, draft header.

Margins come from the template; the writer sets only the paper (Letter, or A4 when
asked). The first page (the cover) has its own, empty footer; other pages show a
PAGE field in the Footer style. A draft shows "DRAFT" and its build stamp in the
header of every page, the cover included; a final report has no header.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.shared import Inches, Length, Mm

from mdime_publish.model.document import BuildContext, Report
from mdime_publish.writers.docx import styles as s
from mdime_publish.writers.docx.inlines import run
from mdime_publish.writers.docx.styles import StyleMap

PAPER = {"letter": (Inches(8.5), Inches(11)), "a4": (Mm(210), Mm(297))}


def set_paper(document: Document, paper: str) -> None:
    for section in document.sections:
        section.page_width, section.page_height = PAPER[paper]


def text_width(document: Document) -> Length:
    section = document.sections[0]
    return Length(section.page_width - section.left_margin - section.right_margin)


def add_page_furniture(document: Document, styles: StyleMap, report: Report, ctx: BuildContext) -> None:
    """Headers and footers of the first section; later sections inherit them."""
    first = document.sections[0]
    first.different_first_page_header_footer = True
    _fill(first.footer, styles.id(s.FOOTER), _page_field())
    _fill(first.first_page_footer, styles.id(s.FOOTER), [])
    stamp = ctx.draft_stamp(report)
    if stamp:
        for header in (first.header, first.first_page_header):
            _fill(header, styles.id(s.DRAFT_STAMP), [run(stamp)])


def _fill(story: _Header | _Footer, style_id: str, runs: list) -> None:
    """Replace the header or footer's content by one paragraph of `runs`."""
    story.is_linked_to_previous = False
    element = story._element
    for child in list(element):
        element.remove(child)
    p = OxmlElement("w:p")
    p.style = style_id
    p.extend(runs)
    element.append(p)


def _page_field() -> list:
    """The runs of a PAGE field, as Word writes it: begin, instruction, separate, result, end."""
    instruction = run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instruction.append(text)
    return [_field_char("begin"), instruction, _field_char("separate"), run("1"), _field_char("end")]


def _field_char(kind: str):
    r = run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    r.append(char)
    return r
