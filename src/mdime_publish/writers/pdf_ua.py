"""WeasyPrint's tagged PDF completed to PDF/UA-1, on the written file, with pikepdf.

WeasyPrint tags the page content well (headings, lists, tables, figures, links) and
leaves five gaps that HTML and CSS cannot close; this module closes them on the PDF
it wrote, with pikepdf (a runtime dependency for this reason):

- running heads, page numbers and the draft stamp (page-margin boxes) are marked
  content whose elements hang outside the structure tree: they become pagination
  artifacts (Header or Footer, by where they sit), and the draft watermark (the one
  thing drawn rotated) a Watermark artifact;
- TH cells carry no Scope: Column in a table head, Row elsewhere (as the templates
  write `scope`);
- endnotes are list items: each becomes a Note (ID `note-N`, its number link in a
  Lbl, a note broken across pages kept whole), the list a Div, the marker in the
  text a Reference;
- links say only their target: note markers get /Contents "Note 12", note numbers
  "Back to text of note 12", author letters "Biography of author a";
- passages in another language have no /Lang; and the tag text loses word spaces
  that are not drawn: where a line wraps at a space (a screen reader reads
  "thenewly"), at a forced line break, and a space alone between two inline elements
  ("*Air* **Force**" reads "AirForce").

The last two need what only the layout knows, so three WeasyPrint internals are
wrapped: `split_text_box` and `remove_last_whitespace` of `weasyprint.layout.inline`
mark the text box after which a line broke at a space, and `weasyprint.pdf.add_tags`
notes, for each marked-content id, its box's language, those marks, whether it holds
only spaces, and its half of the page, before the boxes are gone. A space glyph is
then put back after the text before each lost space (where it prints nothing: past
the line's end, or over the undrawn space); /Lang goes on the element holding the
marked content. The tests pin all of this on the WeasyPrint version installed.

Output stays byte-reproducible: pikepdf writes no dates and an /ID derived from the
content. If marked content outside the tree or a TH without Scope remains after
the fixes, the PDF/UA claim is taken out of the XMP metadata and a warning says why.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, String
from weasyprint import pdf as weasy_pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline as weasy_inline

from mdime_publish.writers.pdf_tags import StructTree, annotations, descendants, is_element, kids

NOTE_DEST = re.compile(r"note-(\d+)")
BACK_DEST = re.compile(r"ref-(\d+)")
AUTHOR_DEST = re.compile(r"author-(\w+)")


@dataclass(frozen=True)
class Mark:
    """What the layout knew of one marked-content sequence."""

    lang: str  # language of its text box ('' when unknown)
    dropped_space: bool  # the line broke after it at a space
    top: bool  # it sits in the top half of the page
    space_before: bool = False  # its line broke before it, at a space after another element
    blank: bool = False  # only spaces, which WeasyPrint does not draw
    ends_with_space: bool = False  # its drawn text ends with a space


# --- the layout's knowledge, noted while WeasyPrint writes -------------------------------


def _noting_break_space(context, box, available_width, skip, is_line_start=True):
    line, resume, preserved = _split_text_box(context, box, available_width, skip, is_line_start)
    text = box.text.encode()
    if line is not None and resume is not None and (preserved or text[:resume].endswith((b" ", b"\n"))):
        line.mdime_dropped_space = True
    if line is not None and skip == 1 and text[:1] == b" ":  # the line starts after an element and a space
        line.mdime_space_before = True
    return line, resume, preserved


def _noting_emptied_space(context, line):
    """A line ending in a box of spaces only (before a `<br>`, after an inline element)
    loses that box: the text box before it carries the break."""
    leaves = list(_text_leaves(line))
    _remove_last_whitespace(context, line)
    if leaves and not leaves[-1].text:
        kept = [leaf for leaf in leaves if leaf.text]
        if kept:
            kept[-1].mdime_dropped_space = True


def _text_leaves(box):
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TextBox):
            yield child
        elif isinstance(child, (boxes.LineBox, boxes.InlineBox)):
            yield from _text_leaves(child)


def _noting_marks(pdf, document, pdf_version, page_streams):
    document.mdime_marks = [
        {
            tag["mcid"]: Mark(
                lang=box.style["lang"] or "",
                dropped_space=getattr(box, "mdime_dropped_space", False),
                top=box.position_y < page.height / 2,
                space_before=getattr(box, "mdime_space_before", False),
                blank=isinstance(box, boxes.TextBox) and not box.text.strip(),
                ends_with_space=isinstance(box, boxes.TextBox) and box.text.endswith(" "),
            )
            for box, tag in (stream._tags or {}).items()
        }
        for page, stream in zip(document.pages, page_streams)
    ]
    _add_tags(pdf, document, pdf_version, page_streams)


_split_text_box = weasy_inline.split_text_box
_remove_last_whitespace = weasy_inline.remove_last_whitespace
_add_tags = weasy_pdf.add_tags
weasy_inline.split_text_box = _noting_break_space
weasy_inline.remove_last_whitespace = _noting_emptied_space
weasy_pdf.add_tags = _noting_marks


# --- the fixes on the written PDF -------------------------------------------------------


def complete(data: bytes, marks: list[dict[int, Mark]]) -> tuple[bytes, list[str]]:
    """`data` (a tagged PDF from WeasyPrint) with the gaps closed; what still fails."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = StructTree(pdf)
        lang = str(pdf.Root.get("/Lang", ""))
        codes = SpaceCodes()
        for index, page in enumerate(pdf.pages):
            page_marks = marks[index] if index < len(marks) else {}
            _fix_page(pdf, page, tree, page_marks, lang, codes)
        _scope_headers(tree)
        _notes(tree)
        remaining = remaining_problems(StructTree(pdf))
        if remaining:
            _drop_ua_claim(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue(), remaining


# --- per page: artifacts, word spaces, languages ------------------------------------------


def _fix_page(pdf: pikepdf.Pdf, page, tree: StructTree, marks: dict[int, Mark], lang: str,
              codes: SpaceCodes) -> None:
    parents = tree.mcid_parents(page)
    orphans: dict[int, str] = {}
    for mcid, element in enumerate(parents):
        if not is_element(element):
            continue
        mark = marks.get(mcid)
        if element.objgen not in tree.reachable:  # margin-box content
            orphans[mcid] = "/Header" if mark and mark.top else "/Footer"
            parents[mcid] = None
        elif mark and mark.lang and mark.lang.lower() != lang.lower():
            element.Lang = String(mark.lang)
    _rewrite_content(pdf, page, orphans, marks, codes)


def _rewrite_content(pdf: pikepdf.Pdf, page, orphans: dict[int, str], marks: dict[int, Mark],
                     codes: SpaceCodes) -> None:
    """Orphaned sequences to pagination artifacts, the rotated artifact to a Watermark,
    and a space glyph after the text before each word break the page does not draw: a
    line that broke at a space, a space WeasyPrint leaves undrawn (between two inline
    elements, before a `<br>`) or a line that starts after one."""
    ops = list(pikepdf.parse_content_stream(page))
    rotated, font = [False], [None]  # graphics state stacks (q/Q): rotation in force, (font, size)
    open_mcids: list[int | None] = []
    spaces: dict[int, tuple[int, object]] = {}  # mcid -> (index of its last TJ/Tj, font) to end with a space
    shown: tuple[int | None, int, object] = (None, 0, None)  # the text shown last: mcid, index, font

    def space_before(mcid: int | None) -> None:
        previous = marks.get(shown[0])
        if previous is not None and shown[0] != mcid and not previous.ends_with_space:
            spaces.setdefault(shown[0], shown[1:])

    changed = False
    for index, (operands, operator) in enumerate(ops):
        op = str(operator)
        if op == "q":
            rotated.append(rotated[-1])
            font.append(font[-1])
        elif op == "Q" and len(rotated) > 1:
            rotated.pop()
            font.pop()
        elif op == "cm":
            rotated[-1] = rotated[-1] or float(operands[1]) != 0 or float(operands[2]) != 0
        elif op == "Tf":
            font[-1] = (operands[0], operands[1])
        elif op == "BDC":
            mcid = operands[1].get("/MCID") if isinstance(operands[1], Dictionary) else None
            mcid = int(mcid) if mcid is not None else None
            open_mcids.append(mcid)
            if mcid in orphans:
                ops[index] = pikepdf.ContentStreamInstruction(
                    [Name.Artifact, Dictionary(Type=Name.Pagination, Subtype=Name(orphans[mcid]))], operator)
                changed = True
            elif mcid in marks and marks[mcid].blank:
                space_before(mcid)
        elif op == "BMC":
            open_mcids.append(None)
            if operands[0] == Name.Artifact and rotated[-1]:
                ops[index] = pikepdf.ContentStreamInstruction(
                    [Name.Artifact, Dictionary(Type=Name.Pagination, Subtype=Name.Watermark)], Operator("BDC"))
                changed = True
        elif op == "EMC" and open_mcids:
            open_mcids.pop()
        elif op in ("TJ", "Tj") and open_mcids and open_mcids[-1] in marks and open_mcids[-1] not in orphans:
            mcid = open_mcids[-1]
            if marks[mcid].space_before:
                space_before(mcid)
            if marks[mcid].dropped_space:
                spaces[mcid] = (index, font[-1])
            shown = (mcid, index, font[-1])
    if changed or spaces:
        with_spaces = {index: _space_after(page, ops[index], state, codes) for index, state in spaces.values()}
        out = []
        for index, instruction in enumerate(ops):
            out += with_spaces.get(index) or [instruction]
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def _space_after(page, instruction, state, codes: SpaceCodes) -> list:
    """`instruction` (TJ or Tj) and a space glyph after it: in its own font when that
    font has one, else in another font of the page, switching back after."""
    operands, operator = instruction
    glyphs = list(operands[0]) if str(operator) == "TJ" else [operands[0]]
    name, size = state if state else (None, 0)
    code = codes(page, name) if name is not None else None
    if code is not None:
        return [pikepdf.ContentStreamInstruction([Array([*glyphs, String(code)])], Operator("TJ"))]
    for other in page.Resources.get("/Font", Dictionary()).keys():
        code = codes(page, Name(other))
        if code is not None and name is not None:
            return [instruction,
                    pikepdf.ContentStreamInstruction([Name(other), size], Operator("Tf")),
                    pikepdf.ContentStreamInstruction([Array([String(code)])], Operator("TJ")),
                    pikepdf.ContentStreamInstruction([name, size], Operator("Tf"))]
    return [instruction]


class SpaceCodes:
    """The character code of U+0020 in a page font (from its ToUnicode map), each map
    read once per PDF: the pages share their fonts."""

    def __init__(self) -> None:
        self.known: dict[tuple[int, int], bytes | None] = {}

    def __call__(self, page, font_name) -> bytes | None:
        try:
            to_unicode = page.Resources.Font[font_name].ToUnicode
        except (AttributeError, KeyError, TypeError):
            return None
        if to_unicode.objgen not in self.known:
            self.known[to_unicode.objgen] = _space_code(to_unicode.read_bytes().decode("latin-1"))
        return self.known[to_unicode.objgen]


def _space_code(cmap: str) -> bytes | None:
    for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", _bfchars(cmap)):
        if int(target, 16) == 0x20:
            return bytes.fromhex(code)
    for low, high, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", _bfranges(cmap)):
        offset = 0x20 - int(start, 16)
        if 0 <= offset <= int(high, 16) - int(low, 16):
            return (int(low, 16) + offset).to_bytes(len(low) // 2, "big")
    return None


def _bfchars(cmap: str) -> str:
    return " ".join(re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S))


def _bfranges(cmap: str) -> str:
    return " ".join(re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S))


# --- whole tree: table headers, notes -------------------------------------------------


def _scope_headers(tree: StructTree) -> None:
    """Scope on every TH: Column under THead, Row elsewhere (the templates' `scope`)."""
    for th in tree.of_type("/TH"):
        attributes = th.get("/A")
        if not isinstance(attributes, Dictionary):
            attributes = th.A = Dictionary(O=Name.Table)
        if "/Scope" not in attributes:
            attributes.Scope = Name.Column if _inside(tree, th, "/THead") else Name.Row


def _inside(tree: StructTree, element, kind: str) -> bool:
    while element is not None and is_element(element):
        if str(element.get("/S")) == kind:
            return True
        if str(element.get("/S")) == "/Table":
            return False
        element = tree.parent.get(element.objgen)
    return False


def _notes(tree: StructTree) -> None:
    """Endnotes to Note elements, markers to References, note links to /Contents."""
    lists = [lst for lst in tree.of_type("/L") if _is_endnote_list(tree, lst)]
    endnote_lists = {lst.objgen for lst in lists}
    last_note = None
    for element in tree.elements:
        kind = str(element.get("/S"))
        if kind == "/Link":
            _describe_link(tree, element)
        elif kind == "/LI" and tree.parent[element.objgen].objgen in endnote_lists:
            last_note = _note(tree, element, last_note)
    for lst in lists:
        lst.S = Name.Div


def _is_endnote_list(tree: StructTree, lst) -> bool:
    """A list whose items open with a link back to a note marker (or continue one)."""
    items = [k for k in kids(lst) if is_element(k)]
    return bool(items) and all(str(i.get("/S")) == "/LI" for i in items) and any(
        _back_link(tree, i) is not None for i in items)


def _note(tree: StructTree, item, last_note):
    """The item as Note `note-N`: Lbl (its number link) and P (the rest); an item with no
    number continues the note before it (a note broken across pages)."""
    link = _back_link(tree, item)
    body = next((k for k in kids(item) if is_element(k) and str(k.S) == "/LBody"), None)
    if body is None:
        return last_note
    if link is None:
        if last_note is not None:
            _move_kids(body, last_note.K[-1])
            _remove_kid(tree.parent[item.objgen], item)
        return last_note
    number = BACK_DEST.fullmatch(_dest(link)).group(1)
    item.S = Name.Note
    item.ID = String(f"note-{number}")
    label = tree.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Lbl, P=item, K=Array([link])))
    if "/Pg" in link:
        label.Pg = link.Pg
    _remove_kid(body, link)
    link.P = label
    body.S = Name.P
    item.K = Array([label, body])
    return item


def _back_link(tree: StructTree, item):
    for element in descendants(item):
        if str(element.get("/S")) == "/Link" and BACK_DEST.fullmatch(_dest(element)):
            return element
    return None


def _describe_link(tree: StructTree, link) -> None:
    dest = _dest(link)
    if match := NOTE_DEST.fullmatch(dest):
        contents = f"Note {match.group(1)}"
        parent = tree.parent.get(link.objgen)
        if parent is not None and str(parent.get("/S")) in ("/NonStruct", "/Span"):
            parent.S = Name.Reference
    elif match := BACK_DEST.fullmatch(dest):
        contents = f"Back to text of note {match.group(1)}"
    elif match := AUTHOR_DEST.fullmatch(dest):
        contents = f"Biography of author {match.group(1)}"
    else:
        return
    for annotation in annotations(link):
        annotation.Contents = String(contents)


def _dest(link) -> str:
    return next((str(a.get("/Dest", "")) for a in annotations(link) if "/Dest" in a), "")


def _move_kids(source, target) -> None:
    moved = [k for k in kids(source)]
    for kid in moved:
        if is_element(kid):
            kid.P = target
    target.K = Array([*kids(target), *moved])
    source.K = Array()


def _remove_kid(parent, kid) -> None:
    parent.K = Array([k for k in kids(parent) if not (is_element(k) and k.objgen == kid.objgen)])


# --- what still fails, and the claim ------------------------------------------------------


def remaining_problems(tree: StructTree) -> list[str]:
    """Marked content mapped outside the tree, TH without Scope: reasons to drop the claim."""
    problems = []
    for key, parents in tree.parent_tree.items():
        if isinstance(parents, Array):
            outside = [i for i, e in enumerate(parents) if is_element(e) and e.objgen not in tree.reachable]
            if outside:
                problems.append(f"marked content {outside} of parent-tree entry {key} is outside the structure tree")
    unscoped = [th for th in tree.of_type("/TH") if "/Scope" not in th.get("/A", Dictionary())]
    if unscoped:
        problems.append(f"{len(unscoped)} table header cells have no Scope")
    return problems


def _drop_ua_claim(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in ("pdfuaid:part", "pdfuaid:rev", "pdfuaid:amd", "pdfuaid:corr"):
            if key in meta:
                del meta[key]
