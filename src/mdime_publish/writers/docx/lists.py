"""List kinds to Word numbering definitions, and each list to its own numbering instance.

Three abstract definitions go into the numbering part, once each: findings (a
bullet for lead judgements, » for evidence), bullets and ordered lists. Every list
in the report gets a new `w:num` pointing at its definition, with a start override
at its level, so each list restarts where the author started it instead of
continuing the previous one. Indents and markers live here because they are what a
numbering definition is; fonts and sizes come from the paragraph styles.
"""

from __future__ import annotations

from typing import Literal

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

ListKind = Literal["findings", "bullet", "ordered"]

LEVELS = 9
INDENT = 360  # twentieths of a point per level (a quarter inch)
# (number format, level text) per level, cycling where a kind has fewer than nine
MARKERS: dict[ListKind, list[tuple[str, str]]] = {
    "findings": [("bullet", "\u2022"), ("bullet", "\u00bb"), ("bullet", "\u2013")],
    "bullet": [("bullet", "\u2022"), ("bullet", "\u2013"), ("bullet", "\u25e6")],
    "ordered": [("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}.")],
}


def _abstract_num_xml(abstract_id: int, kind: ListKind) -> str:
    levels = []
    for ilvl in range(LEVELS):
        fmt, text = MARKERS[kind][ilvl % len(MARKERS[kind])]
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text.format(n=ilvl + 1)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{INDENT * (ilvl + 1)}" w:hanging="{INDENT}"/></w:pPr></w:lvl>'
        )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
    )


class Numbering:
    """The numbering part of `document`, handing out one instance per list."""

    def __init__(self, document: Document):
        self.numbering = document.part.numbering_part.element
        self._abstract: dict[ListKind, int] = {}

    def new_list(self, kind: ListKind, level: int = 0, start: int = 1) -> int:
        """A fresh `w:numId` for one list of `kind` whose items sit at `level`."""
        num = self.numbering.add_num(self._abstract_id(kind))
        override = parse_xml(
            f'<w:lvlOverride {nsdecls("w")} w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        )
        num.append(override)
        return num.numId

    def _abstract_id(self, kind: ListKind) -> int:
        if kind not in self._abstract:
            existing = [int(a.get(qn("w:abstractNumId"))) for a in self.numbering.findall(qn("w:abstractNum"))]
            abstract_id = max(existing, default=-1) + 1
            abstract = parse_xml(_abstract_num_xml(abstract_id, kind))
            first_num = self.numbering.find(qn("w:num"))
            if first_num is None:
                self.numbering.append(abstract)
            else:
                first_num.addprevious(abstract)
            self._abstract[kind] = abstract_id
        return self._abstract[kind]
