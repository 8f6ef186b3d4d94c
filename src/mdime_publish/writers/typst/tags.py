"""Typst's tagged PDF completed where Typst cannot yet say it, with pikepdf.

Typst tags headings, lists, tables (column headers with their scope), captions,
figures, links, languages and page artifacts itself. What needs its unstable
`a11y-extras` feature, which the bundled compiler does not offer, is done here on
the written PDF:

- row headers: the first cell of each body row of the glance table (a table with no
  head row) and of the legend tables (the tables with a caption) becomes a TH with
  Scope Row, as the HTML's `<th scope="row">`;
- endnotes: the template prints them as a term list; each item becomes a Note with
  ID `note-N` (its number, the link back, in a Lbl; its text a P), the list a Div;
- links say what they are for: a note marker "Note N" (and its element a
  Reference), a note number "Back to text of note N", a byline letter "Biography of
  author a". A marker is matched to its note by where it points;
- passages in another language: Typst sets them in it but tags no /Lang on a run of
  text. The template marks each (a Span with an invisible overline); here each such
  Span, in reading order, gets the language of the writer's `lang-span` calls, in
  the order of the source, and loses the overline's attribute;
- the draft watermark, a page background to Typst, becomes a Watermark artifact.

The output stays reproducible: pikepdf writes no dates, and the /ID is derived from
the content.
"""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from mdime_publish.writers.pdf_tags import StructTree, annotations, descendants, is_element, kids

NEAR = 12  # points: a link's destination and the top of the note it points to


def complete_tags(data: bytes, languages: list[str]) -> tuple[bytes, list[str]]:
    """The completed PDF, and what could not be completed (as messages)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = _Tree(pdf)
        _row_headers(tree)
        notes = _notes(tree)
        _describe_links(tree, notes)
        problems = _languages(tree, languages)
        _watermarks(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue(), problems


class _Tree(StructTree):
    """The structure tree, with each page's index and each annotation's page."""

    def __init__(self, pdf: pikepdf.Pdf):
        super().__init__(pdf)
        self.pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        self.page_of = {a.objgen: index for index, page in enumerate(pdf.pages) for a in page.obj.get("/Annots", [])}

    def within(self, kind: str, element: Dictionary) -> list[Dictionary]:
        return [e for e in descendants(element) if e.get("/S") == kind]


# --- row headers -----------------------------------------------------------------------


def _row_headers(tree: _Tree) -> None:
    for table in tree.of_type("/Table"):
        parts = [k for k in kids(table) if is_element(k)]
        has_head = any(p.S == "/THead" for p in parts)
        has_caption = any(p.S == "/Caption" for p in parts)
        if has_head and not has_caption:
            continue  # a table the author wrote: its header is its first row
        rows = [r for p in parts for r in ([p] if p.S == "/TR" else kids(p) if p.S == "/TBody" else [])]
        for row in rows:
            first = next((c for c in kids(row) if is_element(c)), None)
            if first is not None and first.S == "/TD":
                first.S = Name.TH
                _table_attributes(first).Scope = Name.Row


def _table_attributes(cell: Dictionary) -> Dictionary:
    attributes = cell.get("/A")
    listed = list(attributes) if isinstance(attributes, Array) else [attributes] if attributes is not None else []
    for entry in listed:
        if isinstance(entry, Dictionary) and entry.get("/O") == "/Table":
            return entry
    entry = Dictionary(O=Name.Table)
    cell.A = Array([*listed, entry])
    return entry


# --- endnotes --------------------------------------------------------------------------------


def _notes(tree: _Tree) -> dict[tuple[int, float], int]:
    """Endnote items to Note elements; returns note number by (page, top of its number)."""
    positions: dict[tuple[int, float], int] = {}
    for lst in tree.of_type("/L"):
        items = [k for k in kids(lst) if is_element(k)]
        if not items or not all(_is_endnote(i) for i in items) or _numbering(lst) != "/None":
            continue
        for number, item in enumerate(items, 1):
            item.S = Name.Note
            item.ID = String(f"note-{number}")
            for body in (k for k in kids(item) if is_element(k) and k.S == "/LBody"):
                body.S = Name.P
            for link in tree.within("/Link", item)[:1]:
                for annotation in annotations(link):
                    annotation.Contents = String(f"Back to text of note {number}")
                    positions[(tree.page_of.get(annotation.objgen, -1), float(annotation.Rect[3]))] = number
        lst.S = Name.Div
        if "/A" in lst:
            del lst["/A"]
    return positions


def _is_endnote(item: Dictionary) -> bool:
    label = next((k for k in kids(item) if is_element(k) and k.S == "/Lbl"), None)
    return item.S == "/LI" and label is not None and any(e.S == "/Link" for e in descendants(label))


def _numbering(lst: Dictionary) -> str:
    attributes = lst.get("/A")
    listed = list(attributes) if isinstance(attributes, Array) else [attributes]
    return next((str(a.ListNumbering) for a in listed if isinstance(a, Dictionary) and "/ListNumbering" in a), "")


# --- what links are for --------------------------------------------------------------------------


def _describe_links(tree: _Tree, notes: dict[tuple[int, float], int]) -> None:
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    for link in tree.of_type("/Link"):
        for annotation in annotations(link):
            dest = annotation.get("/Dest")
            if not isinstance(dest, Array) or str(annotation.get("/Contents", "")).startswith("Back to text"):
                continue
            page = tree.pages.get(dest[0].objgen, -1)
            top = float(dest[3]) if len(dest) > 3 else 0.0
            number = _nearest(notes, page, top)
            if number is not None:
                annotation.Contents = String(f"Note {number}")
                _reference(tree, link)
            elif tree.page_of.get(annotation.objgen) == 0:  # the cover's byline letters, in order
                annotation.Contents = String(f"Biography of author {next(letters, '?')}")


def _reference(tree: _Tree, link: Dictionary) -> None:
    """The marker's link wrapped in a Reference element, in its place."""
    parent = tree.parent.get(link.objgen)
    if parent is None or parent.get("/S") == "/Reference":
        return
    reference = tree.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Reference, P=parent, K=Array([link])))
    if "/Pg" in link:
        reference.Pg = link.Pg
    parent.K = Array([reference if is_element(k) and k.objgen == link.objgen else k for k in kids(parent)])
    link.P = reference
    tree.parent[link.objgen] = reference


def _nearest(notes: dict[tuple[int, float], int], page: int, top: float) -> int | None:
    found = [(abs(y - top), n) for (p, y), n in notes.items() if p == page and abs(y - top) <= NEAR]
    return min(found)[1] if found else None


# --- languages and the watermark ---------------------------------------------------------------


def _languages(tree: _Tree, languages: list[str]) -> list[str]:
    spans = [e for e in tree.of_type("/Span") if _is_language_mark(e)]
    if len(spans) != len(languages):
        return [f"{len(languages)} passages in other languages, {len(spans)} marked: none is tagged with its language"]
    for span, lang in zip(spans, languages):
        span.Lang = String(lang)
        del span["/A"]
    return []


def _is_language_mark(span: Dictionary) -> bool:
    attributes = span.get("/A")
    listed = list(attributes) if isinstance(attributes, Array) else [attributes]
    return any(isinstance(a, Dictionary) and a.get("/TextDecorationType") == "/Overline" for a in listed)


WATERMARK = re.compile(rb"/Artifact<</BBox\[[^\]]*\]/Type/Background>>BDC")


def _watermarks(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        streams = page.obj.Contents
        for stream in list(streams) if isinstance(streams, Array) else [streams]:
            data = stream.read_bytes()
            marked = WATERMARK.sub(b"/Artifact<</Type/Pagination/Subtype/Watermark>>BDC", data)
            if marked != data:
                stream.write(marked)
