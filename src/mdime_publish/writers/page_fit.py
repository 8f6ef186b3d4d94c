"""Lay out the PDF so that no page (cover and back cover aside) holds fewer than four lines.

Each part of the report starts a page (report.css), so a part that ends with one to
three lines on a page of their own strands them. CSS has no rule for that, so the
layout is measured and redone, up to `MAX_PASSES` layouts (most reports need one).
For each page of fewer than `MIN_LINES` lines of text:

1. when the next page opens a part, that part runs on after the few lines
   (`break-before: auto`, as if no new page had been asked for);
2. when the page itself opens a part (a part that short), it runs on after the page
   before;
3. otherwise the page holds the tail of a part: enough lines come over from the page
   before to make four, by asking for more widows of the paragraph split between the
   two pages, or for a page break before the last blocks of the page before (with
   the heading or lead judgement they belong to).

The change is an inline style on the element of the parsed page, which the next
layout reads. Widows, orphans, headings kept with what follows and the legend kept
with the text before it are plain CSS (styles/report.css).
"""

from __future__ import annotations

from collections.abc import Iterator

from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

MIN_LINES = 4
MAX_PASSES = 3
RUN_ON = "break-before: auto; margin-top: 2.2em"
#: Blocks kept with the block after them: a page break goes before them instead.
_KEPT_WITH_NEXT = ("h2", "h3", "h4", "h5", "h6")
_KEPT_CLASSES = {"lead", "rating", "opening", "instrument-head"}


def laid_out(html: HTML, **options) -> Document:
    """`html` laid out, and laid out again with fixes until no page is that short."""
    document = html.render(**options)
    for _ in range(MAX_PASSES - 1):
        fixes = page_fixes(document)
        if not fixes:
            break
        for element, style in fixes:
            element.set("style", "; ".join(filter(None, [element.get("style"), style])))
        document = html.render(**options)
    return document


def short_pages(document: Document) -> list[int]:
    """0-based indexes of pages, cover and back cover aside, of fewer than MIN_LINES lines."""
    return [i for i, page in enumerate(document.pages[1:-1], 1) if text_lines(page._page_box) < MIN_LINES]


def page_fixes(document: Document) -> list[tuple[object, str]]:
    """(element, inline style) pairs that give each short page four lines or more."""
    pages = [page._page_box for page in document.pages]
    fixes = []
    for index in short_pages(document):
        part = _first_part(pages[index + 1]) if index + 1 < len(pages) - 1 else None
        part = part if part is not None else _first_part(pages[index])
        if part is not None:
            fixes.append((part, RUN_ON))
        elif (fix := _pull(pages[index - 1], pages[index])) is not None:
            fixes.append(fix)
    return fixes


def text_lines(box: boxes.Box) -> int:
    """Line boxes holding visible text, margin boxes (running header, footer) left out."""
    return sum(1 for _ in _lines(box))


def _lines(box: boxes.Box) -> Iterator[boxes.LineBox]:
    """Lines with visible text, in the order of the flow."""
    if isinstance(box, boxes.MarginBox):
        return
    if isinstance(box, boxes.LineBox):
        if any(t.text.strip() for t in _texts(box)):
            yield box
        return
    for child in getattr(box, "children", []):
        yield from _lines(child)


def _texts(box: boxes.Box) -> Iterator[boxes.TextBox]:
    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", []):
        yield from _texts(child)


def _first_part(page: boxes.PageBox):
    """The element of the `.part` whose heading is the first thing on `page`, or None.

    Walks down the first in-flow box of each level (the margin boxes, the running
    draft stamp and the fixed watermark are not in the flow)."""
    box = next((c for c in page.children if _in_flow(c)), None)
    while box is not None:
        element = getattr(box, "element", None)
        labelledby = element.get("aria-labelledby") if element is not None else None
        if labelledby and "part" in (element.get("class") or "").split():
            first = next((c for c in getattr(box, "children", []) if _in_flow(c)), None)
            heading = getattr(first, "element", None)
            return element if heading is not None and heading.get("id") == labelledby else None
        box = next((c for c in getattr(box, "children", []) if _in_flow(c)), None)
    return None


def _in_flow(box: boxes.Box) -> bool:
    return not (isinstance(box, boxes.MarginBox) or box.is_absolutely_positioned() or box.is_running())


def _pull(previous: boxes.PageBox, short: boxes.PageBox) -> tuple[object, str] | None:
    """A style that brings lines from `previous` so that `short` holds MIN_LINES."""
    blocks = _blocks(previous)
    here = _blocks(short)
    need = MIN_LINES - sum(count for _, count in here)
    if not blocks or need <= 0:
        return None
    last, count = blocks[-1]
    if here and here[0][0] is last and count - need >= 2:  # a paragraph split between the pages
        return last, f"widows: {here[0][1] + need}"
    total, index = 0, len(blocks)
    while index > 0 and total < need:
        index -= 1
        total += blocks[index][1]
    while index > 0 and _kept_with_next(blocks[index - 1][0]):
        index -= 1
    return (blocks[index][0], "break-before: page") if index > 0 else None


def _blocks(page: boxes.PageBox) -> list[tuple[object, int]]:
    """The elements holding the page's lines, in order, with how many lines each has."""
    out: list[tuple[object, int]] = []
    for element in _lines_with_parents(page):
        if out and out[-1][0] is element:
            out[-1] = (element, out[-1][1] + 1)
        else:
            out.append((element, 1))
    return out


def _lines_with_parents(box: boxes.Box, parent=None) -> Iterator[object]:
    """For each line with text, the element of the block that holds it."""
    if not _in_flow(box) and not isinstance(box, boxes.PageBox):
        return
    if isinstance(box, boxes.LineBox):
        if any(t.text.strip() for t in _texts(box)):
            yield parent
        return
    element = getattr(box, "element", None) if isinstance(box, boxes.BlockLevelBox) else None
    for child in getattr(box, "children", []):
        yield from _lines_with_parents(child, element if element is not None else parent)


def _kept_with_next(element) -> bool:
    tag = element.tag.rsplit("}", 1)[-1]
    return tag in _KEPT_WITH_NEXT or bool(_KEPT_CLASSES & set((element.get("class") or "").split()))
