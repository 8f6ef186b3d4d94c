"""An edited DOCX edition read back: its paragraphs, their source anchors, comments and changes.

Reads the package with zipfile and lxml (python-docx has no API for comments'
ranges, tracked changes or endnotes). For each paragraph of the body (tables
included) and of the endnotes it keeps the text as the build printed it (tracked
deletions put back, insertions left out), the `_mdime` bookmarks with their offsets
in that text (`writers.docx.source_map`), and the review items inside it: comments
with the text they cover, and tracked insertions, deletions and moves, a deletion
followed by an insertion of the same author read as one replacement.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from mdime_publish.writers.docx.source_map import (
    EDITION_PROPERTY,
    SOURCE_PROPERTY,
    Anchor,
    parse_anchor,
    read_properties,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_INSERTED = {"ins", "moveTo"}
# A reviewed file comes from outside: no entities, no network, no huge trees.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_DELETED = {"del", "moveFrom"}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class NotAnEdition(Exception):
    """The file is not a DOCX, or not one `mdime build` wrote."""


@dataclass
class Item:
    kind: str  # comment or change
    author: str
    date: str
    start: int  # offsets in the paragraph's printed text
    end: int
    text: str = ""  # the comment's text
    old: str = ""  # deleted (or moved away) text
    new: str = ""  # inserted (or moved here) text
    move: str = ""  # "from" or "to" for a move


@dataclass
class Mark:
    offset: int
    anchor: Anchor


@dataclass
class Paragraph:
    part: str  # body or endnotes
    note: int  # the endnote's number, 0 in the body
    text: str = ""  # as printed by the build
    marks: list[Mark] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    inserted: bool = False  # added whole by the editor (no printed text, only insertions)


@dataclass
class Edition:
    sources: list[tuple[str, str]]  # (path as messages name it, SHA-256 at build time)
    paragraphs: list[Paragraph]


def read_edition(path: Path) -> Edition:
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            parts = {n: package.read(n) for n in ("word/document.xml", "word/endnotes.xml",
                                                   "word/comments.xml", "docProps/custom.xml") if n in names}
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAnEdition(f"not a DOCX file ({exc})") from None
    if "word/document.xml" not in parts:
        raise NotAnEdition("not a DOCX file (no word/document.xml)")
    try:
        properties = read_properties(parts["docProps/custom.xml"]) if "docProps/custom.xml" in parts else {}
    except etree.XMLSyntaxError:
        properties = {}
    if EDITION_PROPERTY not in properties:
        raise NotAnEdition("not an mdime edition: it has no source map (build it with 'mdime build --format docx')")
    sources = []
    for index in range(len(properties)):
        value = properties.get(f"{SOURCE_PROPERTY}{index}")
        if value is None:
            break
        digest, _, name = value.partition(" ")
        sources.append((name, digest))
    try:
        body = etree.fromstring(parts["word/document.xml"], _PARSER).find(w("body"))
        notes = etree.fromstring(parts["word/endnotes.xml"], _PARSER) if "word/endnotes.xml" in parts else None
        comments = _comments(parts.get("word/comments.xml"))
    except etree.XMLSyntaxError as exc:
        raise NotAnEdition(f"not a readable DOCX file ({exc})") from None
    if body is None:
        raise NotAnEdition("not a DOCX file (no document body)")
    reader = _Reader(comments)
    for p in body.iter(w("p")):
        reader.paragraph(p, "body", 0)
    if notes is not None:
        numbered = [n for n in notes.iter(w("endnote")) if not n.get(w("type"))]
        for number, note in enumerate(numbered, start=1):  # numbered in order (LibreOffice renumbers the ids)
            for p in note.iter(w("p")):
                reader.paragraph(p, "endnotes", number)
    reader.close_comments()
    return Edition(sources, reader.paragraphs)


def _comments(xml: bytes | None) -> dict[str, tuple[str, str, str]]:
    """Comment id -> (author, date, text)."""
    if xml is None:
        return {}
    out = {}
    for comment in etree.fromstring(xml, _PARSER).iter(w("comment")):
        text = " ".join("".join(t.text or "" for t in p.iter(w("t"))) for p in comment.iter(w("p")))
        out[comment.get(w("id"))] = (comment.get(w("author"), ""), comment.get(w("date"), ""), text.strip())
    return out


class _Reader:
    def __init__(self, comments: dict[str, tuple[str, str, str]]):
        self.comments = comments
        self.paragraphs: list[Paragraph] = []
        self.open: dict[str, tuple[Paragraph, int]] = {}  # comment id -> where its range starts
        self.done: set[str] = set()

    def paragraph(self, p: etree._Element, part: str, note: int) -> None:
        para = Paragraph(part, note)
        self.paragraphs.append(para)
        pieces: list[tuple[str, str, str, str]] = []  # (text, change kind, author, date)
        self._walk(p, para, pieces, None)
        inserted = "".join(t for t, kind, _, _ in pieces if kind in _INSERTED)
        para.inserted = bool(inserted) and not para.text
        para.items += _changes(pieces)
        para.items.sort(key=lambda i: i.start)

    def _walk(self, element, para: Paragraph, pieces: list, change) -> None:
        for child in element:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag in _INSERTED | _DELETED and child.tag == w(tag):
                self._walk(child, para, pieces, (tag, child.get(w("author"), ""), child.get(w("date"), "")))
            elif tag == "bookmarkStart":
                anchor = parse_anchor(child.get(w("name"), ""))
                if anchor:
                    para.marks.append(Mark(len(para.text), anchor))
            elif tag == "commentRangeStart":
                self.open[child.get(w("id"))] = (para, len(para.text))
            elif tag == "commentRangeEnd":
                self._comment(child.get(w("id")), para)
            elif tag == "commentReference":
                cid = child.get(w("id"))
                if cid not in self.done:
                    self.open.setdefault(cid, (para, len(para.text)))
                    self._comment(cid, para)
            elif tag in ("t", "delText", "tab", "noBreakHyphen"):
                text = {"tab": "\t", "noBreakHyphen": "-"}.get(tag, child.text or "")
                kind = change[0] if change else ""
                if kind not in _INSERTED:
                    para.text += text
                pieces.append((text, kind, *(change[1:] if change else ("", ""))))
            elif tag in ("pPr", "rPr", "sectPr"):
                continue  # paragraph-mark and formatting changes are not text
            else:
                self._walk(child, para, pieces, change)

    def _comment(self, cid: str, para: Paragraph) -> None:
        if cid in self.done or cid not in self.open:
            return
        start_para, start = self.open.pop(cid)
        end = len(para.text) if para is start_para else len(start_para.text)
        author, date, text = self.comments.get(cid, ("", "", ""))
        start_para.items.append(Item("comment", author, date, start, end, text=text))
        self.done.add(cid)

    def close_comments(self) -> None:
        for cid in list(self.open):
            para = self.open[cid][0]
            self._comment(cid, para)


def _changes(pieces: list[tuple]) -> list[Item]:
    """Tracked changes of one paragraph: runs of one kind and author merged, a
    deletion followed by an insertion of the same author as one replacement."""
    items: list[Item] = []
    offset = 0
    for piece in pieces:
        text, kind, author, date = piece
        if not kind:
            offset += len(text)
            continue
        last = items[-1] if items else None
        deleted = kind in _DELETED
        move = {"moveFrom": "from", "moveTo": "to"}.get(kind, "")
        start = offset
        if deleted:
            offset += len(text)
        if last and last.author == author and last.move == move and last.end == start and (
            deleted and not last.new or not deleted
        ):
            if deleted:
                last.old += text
                last.end = offset
            else:
                last.new += text
            continue
        items.append(Item("change", author, date, start, offset, old=text if deleted else "",
                          new="" if deleted else text, move=move))
    return items
