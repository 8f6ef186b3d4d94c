"""Lay out the PDF so that no page strands a few lines before a part's forced page break.

Each part of the report starts a page (report.css). When a part ends with one to three
lines on a page of their own, the forced break before the next part would strand
them. WeasyPrint has no rule for that, so the layout is measured and redone: a page
(cover and back cover aside) holding fewer than `MIN_LINES` lines of text, followed by
a part that starts a page, has that part run on (`break-before: auto`, as if the
author had not asked for a new page) and the document is laid out again. At most
`MAX_PASSES` layouts; most reports need one.

Widows, orphans, headings kept with what follows and the legend kept with the text
before it are plain CSS (styles/report.css); this module handles only what CSS cannot.
"""

from __future__ import annotations

from collections.abc import Iterator

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

MIN_LINES = 4
MAX_PASSES = 3


def laid_out(html: HTML, **options) -> Document:
    """`html` laid out, re-laid with parts run on until no page strands a few lines."""
    run_on: list[str] = []
    document = html.render(**options)
    for _ in range(MAX_PASSES - 1):
        more = [p for p in stranding_parts(document) if p not in run_on]
        if not more:
            break
        run_on += more
        document = html.render(stylesheets=[CSS(string=_run_on_css(run_on))], **options)
    return document


def stranding_parts(document: Document) -> list[str]:
    """Ids (the `aria-labelledby` of `.part` sections) of parts that open the page
    after a page of fewer than MIN_LINES lines; cover and back cover aside."""
    pages = document.pages
    found = []
    for index in range(1, len(pages) - 2):
        if text_lines(pages[index]._page_box) >= MIN_LINES:
            continue
        part = _first_part(pages[index + 1]._page_box)
        if part:
            found.append(part)
    return found


def text_lines(box: boxes.Box) -> int:
    """Line boxes holding visible text, margin boxes (running header, footer) left out."""
    if isinstance(box, boxes.MarginBox):
        return 0
    if isinstance(box, boxes.LineBox):
        return 1 if any(t.text.strip() for t in _texts(box)) else 0
    return sum(text_lines(child) for child in getattr(box, "children", []))


def _texts(box: boxes.Box) -> Iterator[boxes.TextBox]:
    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", []):
        yield from _texts(child)


def _first_part(page: boxes.PageBox) -> str:
    """The id of the `.part` whose heading is the first thing on `page`, else ''.

    Walks down the first in-flow box of each level (the margin boxes, the running
    draft stamp and the fixed watermark are not in the flow)."""
    box = next((c for c in page.children if _in_flow(c)), None)
    while box is not None:
        element = getattr(box, "element", None)
        labelledby = element.get("aria-labelledby") if element is not None else None
        if labelledby and "part" in (element.get("class") or "").split():
            first = next((c for c in getattr(box, "children", []) if _in_flow(c)), None)
            heading = getattr(first, "element", None)
            return labelledby if heading is not None and heading.get("id") == labelledby else ""
        box = next((c for c in getattr(box, "children", []) if _in_flow(c)), None)
    return ""


def _in_flow(box: boxes.Box) -> bool:
    return not (isinstance(box, boxes.MarginBox) or box.is_absolutely_positioned() or box.is_running())


def _run_on_css(parts: list[str]) -> str:
    selectors = ", ".join(f'.part[aria-labelledby="{p}"]' for p in parts)
    return f"@media print {{ {selectors} {{ break-before: auto !important; margin-top: 2.2em; }} }}"
