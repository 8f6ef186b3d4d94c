"""Where each paragraph of the DOCX edition comes from: hidden bookmarks and source digests.

`mdime review` maps an edited DOCX back to the source through two things that Word
and LibreOffice keep when they save a document and that no reader sees:

- a hidden bookmark (Word hides names that start with `_`) at the point of a
  paragraph where text from a source file begins, named
  `_mdime<role><file>_<line>_<col>[_<n>]`: `file` is an index into the source list
  below, `n` keeps names unique (Word caps names at 40 characters; these stay near 20).
  Roles: `P` Markdown text (paragraphs, list items, cells, highlights, comment
  notes), `Y` YAML text (glance values, bios), `R` a front-matter entry the text is
  generated from (ratings, glance labels), `H` a section heading the build titles,
  `C` a citation, `B` a bibliography entry;
- custom document properties `mdime-edition` (the format version) and
  `mdime-source-<i>` = `<sha256> <path>`, one per source file, so review can tell
  whether a source changed since the build. (Word keeps custom properties of up to
  255 characters; a path and a digest fit.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from mdime_publish.model.document import Pos

PREFIX = "_mdime"
EDITION_PROPERTY = "mdime-edition"
SOURCE_PROPERTY = "mdime-source-"
FORMAT_VERSION = "1"
ROLES = {"P": "text", "Y": "front-matter text", "R": "front matter", "H": "heading", "C": "citation",
         "B": "bibliography entry"}
# LibreOffice may append to a name when it saves ('_C'): anything after the position is ignored.
_NAME = re.compile(rf"^{PREFIX}([A-Z])(\d+)_(\d+)_(\d+)(?:_\w*)?$")
_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for user properties


@dataclass(frozen=True)
class Anchor:
    """A decoded bookmark: what kind of source, which file (index), line and column."""

    role: str
    file: int
    line: int
    col: int


def parse_anchor(name: str) -> Anchor | None:
    match = _NAME.match(name or "")
    if not match or match[1] not in ROLES:
        return None
    return Anchor(match[1], int(match[2]), int(match[3]), int(match[4]))


class SourceMap:
    """Hands out the bookmarks of one document and writes its source list."""

    def __init__(self, sources: dict[str, str]):
        self.sources = sources
        self.index = {name: i for i, name in enumerate(sources)}
        self._names: set[str] = set()

    def mark(self, p: etree._Element, role: str, pos: Pos | None, col_shift: int = 0) -> None:
        """A hidden bookmark at the end of `p` (so far) for `pos`; nothing when
        `pos` is unknown or not in a source file (series settings, generated text)."""
        if pos is None or pos.file not in self.index:
            return
        name = base = f"{PREFIX}{role}{self.index[pos.file]}_{pos.line}_{pos.col + col_shift}"
        while name in self._names:
            name = f"{base}_{len(self._names)}"
        self._names.add(name)
        number = str(len(self._names))
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), number)
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), number)
        p.append(start)
        p.append(end)

    def write_properties(self, document: Document) -> None:
        """The custom properties part naming every source with its digest."""
        package = document.part.package
        for rId, rel in list(package.rels.items()):
            if rel.reltype == RT.CUSTOM_PROPERTIES:
                package.rels.pop(rId)
        values = [(EDITION_PROPERTY, FORMAT_VERSION)]
        values += [(f"{SOURCE_PROPERTY}{i}", f"{digest} {name}") for i, (name, digest) in enumerate(self.sources.items())]
        items = "".join(
            f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
            for pid, (name, value) in enumerate(values, start=2)
        )
        blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Properties xmlns="{_PROPERTIES_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>').encode()
        part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)


def read_properties(xml: bytes) -> dict[str, str]:
    """Custom properties (name -> text) from a docProps/custom.xml."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    return {p.get("name"): "".join(p.itertext()) for p in root.iter(f"{{{_PROPERTIES_NS}}}property")}
