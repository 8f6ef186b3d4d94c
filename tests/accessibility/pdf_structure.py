"""PDF/UA-1 checks on any tagged PDF, by path: the structure tree walked with pikepdf.

Engine-agnostic (WeasyPrint today, Typst later): each check takes the PDF's path (and
what the report says it holds) and returns the failures as readable lines, empty
when it passes. Matterhorn Protocol 1.1 checkpoints in brackets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pikepdf
from pikepdf import Array, Dictionary

FOREIGN = {"ru": re.compile("[\u0400-\u04ff]"), "zh": re.compile("[\u4e00-\u9fff]")}
STANDARD = set(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI "
    "Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP "
    "Warichu WT WP Figure Formula Form".split()
)
#: Where list and table elements may sit (ISO 32000-1 14.8.4.3), and what a Note may hold its number in.
PARENTS = {"LI": {"L"}, "LBody": {"LI"}, "TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"},
           "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"}, "Lbl": {"LI", "Note", "TOCI", "BibEntry"}}
DRAWING = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "BI"}


class Tagged:
    """A tagged PDF: its structure elements in tree order, parents, and MCID owners."""

    def __init__(self, path: Path):
        self.path = path
        self.pdf = pikepdf.open(path)
        self.elements: list[Dictionary] = []
        self.parent: dict[tuple, Dictionary] = {}
        root = self.pdf.Root.StructTreeRoot
        for kid in _kids(root):
            self._walk(kid, None)
        self.in_tree = {e.objgen for e in self.elements}
        nums = root.ParentTree.Nums
        parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        self.owner: dict[tuple[int, int], Dictionary] = {}  # (page, mcid) -> element
        for index, page in enumerate(self.pdf.pages):
            entry = parent_tree.get(int(page.obj.get("/StructParents", -1)))
            if isinstance(entry, Array):
                for mcid, element in enumerate(entry):
                    if isinstance(element, Dictionary):
                        self.owner[(index, mcid)] = element

    def _walk(self, element, parent) -> None:
        if not (isinstance(element, Dictionary) and "/S" in element):
            return
        self.elements.append(element)
        self.parent[element.objgen] = parent
        for kid in _kids(element):
            self._walk(kid, element)

    def of_type(self, kind: str) -> list[Dictionary]:
        return [e for e in self.elements if str(e.S) == kind]

    def ancestors(self, element):
        while element is not None:
            yield element
            element = self.parent.get(element.objgen)

    def lang_of(self, element) -> str:
        for e in self.ancestors(element):
            if "/Lang" in e:
                return str(e.Lang)
        return str(self.pdf.Root.get("/Lang", ""))

    def close(self) -> None:
        self.pdf.close()


def _kids(element) -> list:
    k = element.get("/K")
    return [] if k is None else list(k) if isinstance(k, Array) else [k]


# --- the checks ------------------------------------------------------------------------


def marked_content(doc: Tagged) -> list[str]:
    """Every mark on a page is in a tagged sequence owned by an element of the tree, or
    in an artifact [01-003, 01-004, 01-005]."""
    failures = []
    for index, page in enumerate(doc.pdf.pages):
        stack: list[str] = []  # 'tagged', 'artifact' or 'other' per open sequence
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                props = operands[1] if op == "BDC" else None
                if tag == "/Artifact":
                    if "tagged" in stack:
                        failures.append(f"page {index + 1}: an artifact inside tagged content [01-003]")
                    stack.append("artifact")
                elif isinstance(props, Dictionary) and "/MCID" in props:
                    if "artifact" in stack:
                        failures.append(f"page {index + 1}: tagged content inside an artifact [01-004]")
                    owner = doc.owner.get((index, int(props.MCID)))
                    if owner is None or owner.objgen not in doc.in_tree:
                        failures.append(f"page {index + 1}: MCID {int(props.MCID)} is outside the structure tree")
                    stack.append("tagged")
                else:
                    stack.append("other")
            elif op == "EMC" and stack:
                stack.pop()
            elif op in DRAWING and not ({"tagged", "artifact"} & set(stack)):
                failures.append(f"page {index + 1}: '{op}' is neither tagged nor an artifact")
    return failures


def structure_types(doc: Tagged) -> list[str]:
    """Only standard structure types [02-001], and list and table elements where they
    belong [09-004, 09-005, 16-002]."""
    failures = [f"non-standard type {e.S}" for e in doc.elements if str(e.S)[1:] not in STANDARD]
    for element in doc.elements:
        kind = str(element.S)[1:]
        parent = doc.parent.get(element.objgen)
        if kind in PARENTS and (parent is None or str(parent.S)[1:] not in PARENTS[kind]):
            failures.append(f"{kind} inside {parent.S if parent is not None else 'nothing'}")
    return failures


def metadata(doc: Tagged, title: str) -> list[str]:
    """XMP claims PDF/UA-1 and holds the title, shown as the window title [06-002, 06-003, 07-001, 07-002]."""
    failures = []
    with doc.pdf.open_metadata() as meta:
        if meta.get("pdfuaid:part") != "1":
            failures.append("no pdfuaid:part 1 in XMP")
        if meta.get("dc:title") != title:
            failures.append(f"dc:title is {meta.get('dc:title')!r}")
    if doc.pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        failures.append("DisplayDocTitle is not true")
    if not str(doc.pdf.Root.get("/Lang", "")):
        failures.append("no /Lang in the catalog [11-006]")
    return failures


def pagination_artifacts(doc: Tagged) -> dict[str, int]:
    """How many artifacts of each pagination subtype the pages mark (Header, Footer, Watermark)."""
    counts: dict[str, int] = defaultdict(int)
    for page in doc.pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and str(operands[0]) == "/Artifact" and isinstance(operands[1], Dictionary):
                if operands[1].get("/Type") == "/Pagination":
                    counts[str(operands[1].get("/Subtype", "/None"))[1:]] += 1
    return dict(counts)


def table_headers(doc: Tagged) -> list[str]:
    """Every TH has a Scope of Row, Column or Both [15-003]; every Table has a TH."""
    failures = []
    for th in doc.of_type("/TH"):
        attributes = th.get("/A")
        attributes = list(attributes) if isinstance(attributes, Array) else [attributes]
        scopes = [str(a.Scope) for a in attributes if isinstance(a, Dictionary) and "/Scope" in a]
        if scopes not in (["/Row"], ["/Column"], ["/Both"]):
            failures.append(f"TH {th.objgen} has scope {scopes or 'none'}")
    for table in doc.of_type("/Table"):
        if not any(str(e.S) == "/TH" for e in _descendants(table)):
            failures.append(f"Table {table.objgen} has no TH")
    return failures


def notes(doc: Tagged, count: int) -> list[str]:
    """One Note per endnote, each with a unique ID and a Lbl [19-003, 19-004]; each note
    marker in the text is a Reference; no endnote left as a list item."""
    failures = []
    found = doc.of_type("/Note")
    ids = [str(n.get("/ID", "")) for n in found]
    if len(found) != count:
        failures.append(f"{len(found)} Note elements for {count} endnotes")
    if len(set(ids)) != len(ids) or "" in ids:
        failures.append("Note IDs missing or not unique")
    if ids != [f"note-{n}" for n in range(1, len(ids) + 1)]:
        failures.append("Notes are not note-1 ... note-N in reading order")
    for note in found:
        if not any(str(k.get("/S")) == "/Lbl" for k in _kids(note) if isinstance(k, Dictionary)):
            failures.append(f"{note.get('/ID')} has no Lbl")
    for link in doc.of_type("/Link"):
        for annotation in _annotations(link):
            if re.fullmatch(r"note-\d+", str(annotation.get("/Dest", ""))):
                if str(doc.parent[link.objgen].S) != "/Reference":
                    failures.append(f"marker of {annotation.Dest} is not in a Reference")
    return failures


def links(doc: Tagged) -> list[str]:
    """Every link annotation is tagged (StructParent) and has /Contents [28-008, 28-011];
    note links say which note."""
    failures = []
    for index, page in enumerate(doc.pdf.pages):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            contents, dest = str(annotation.get("/Contents", "")), str(annotation.get("/Dest", ""))
            if "/StructParent" not in annotation:
                failures.append(f"page {index + 1}: link to {dest} is not tagged")
            if not contents:
                failures.append(f"page {index + 1}: link to {dest} has no /Contents")
            if (m := re.fullmatch(r"note-(\d+)", dest)) and contents != f"Note {m.group(1)}":
                failures.append(f"page {index + 1}: marker link says {contents!r}")
            if (m := re.fullmatch(r"ref-(\d+)", dest)) and contents != f"Back to text of note {m.group(1)}":
                failures.append(f"page {index + 1}: back link says {contents!r}")
        if page.obj.get("/Annots") and page.obj.get("/Tabs") != "/S":
            failures.append(f"page {index + 1}: annotations but /Tabs is not /S [28-002]")
    return failures


def languages(doc: Tagged) -> list[str]:
    """Every run of Cyrillic or Han text is in an element whose language is ru or zh [11-001]."""
    failures = []
    texts = mcid_texts(doc.path)
    for (page, mcid), text in texts.items():
        for lang, script in FOREIGN.items():
            if script.search(text):
                owner = doc.owner.get((page, mcid))
                found = doc.lang_of(owner) if owner is not None else ""
                if not found.lower().startswith(lang):
                    failures.append(f"page {page + 1}: {text[:30]!r} has language {found!r}, not {lang}")
    return failures


def headings(doc: Tagged) -> list[str]:
    """One H1 first, and no heading more than one level below the one before [14-002, 14-003]."""
    levels = [int(str(e.S)[2:]) for e in doc.elements if re.fullmatch(r"/H[1-6]", str(e.S))]
    failures = [] if levels[:1] == [1] and levels.count(1) == 1 else [f"H1s: {levels.count(1)}, first {levels[:1]}"]
    failures += [f"H{b} after H{a}" for a, b in zip(levels, levels[1:]) if b > a + 1]
    return failures


def glued_words(doc: Tagged, words: set[str]) -> list[str]:
    """Words of the tag text that the source does not have: two words run together where
    a line wrapped, as a screen reader would read them."""
    text = " ".join(t for t in " ".join(doc_text(doc)).split() if not re.search(r"[/%=#:_]", t))  # no URL pieces
    return sorted({w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in words})


def doc_text(doc: Tagged) -> list[str]:
    """The tag text of each P, LBody, TD, TH and Note, marked content joined in tree order."""
    texts = mcid_texts(doc.path)
    where = {}
    for key, owner in doc.owner.items():
        where.setdefault(owner.objgen, []).append(key)
    blocks = []
    for element in doc.elements:
        if str(element.S) in ("/P", "/LBody", "/TD", "/TH", "/Note", "/H1", "/H2", "/H3", "/H4"):
            parts = []
            for e in [element, *_descendants(element)]:
                link = " " if str(e.S) == "/Link" else ""  # a link is its own object to a reader
                parts += [link + texts.get(k, "") + link for k in where.get(e.objgen, [])]
            blocks.append("".join(parts))
    return blocks


def mcid_texts(path: Path) -> dict[tuple[int, int], str]:
    texts: dict[tuple[int, int], list[str]] = defaultdict(list)
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    texts[(index, char["mcid"])].append(char["text"])
    return {k: "".join(v) for k, v in texts.items()}


def ua_claim(doc: Tagged) -> bool:
    with doc.pdf.open_metadata() as meta:
        return meta.get("pdfuaid:part") == "1"


def _descendants(element):
    for kid in _kids(element):
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            yield from _descendants(kid)


def _annotations(link) -> list:
    return [k.Obj for k in _kids(link) if isinstance(k, Dictionary) and k.get("/Type") == "/OBJR"]
