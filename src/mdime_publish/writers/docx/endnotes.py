"""Numbered Notes to real Word endnotes: the endnotes part and references to it.

python-docx has no endnote API, so this module adds the part through python-docx's
low-level OPC layer, as Word would write it:

- an `XmlPart` at /word/endnotes.xml with the endnotes content type, related from
  the document part by the endnotes relationship, holding the separator (id -1) and
  continuation separator (id 0) endnotes;
- `w:endnotePr` in the settings naming those two, with decimal numbers collected at
  the end of the section (the writer ends the section after the endnotes heading, so
  Word prints the notes after the conclusions and before the authors; LibreOffice
  7.4 ignores the position and prints them at the end of the document), and the
  same position and format in the section properties;
- for note N, `w:endnote w:id="N"`: a paragraph styled Endnote Text opening with a
  `w:endnoteRef` run (Endnote Reference), then the note's content; its hyperlinks are
  relationships of the endnotes part;
- in the text, a `w:endnoteReference w:id="N"` run styled Endnote Reference.

Word numbers endnotes by the order of their references, not by id, so an editor who
inserts or deletes one sees the rest renumbered. The ids are the Note numbers, and
`reference` asserts that references come in that order, so Word's numbers are ours.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from mdime_publish.model.document import Note
from mdime_publish.writers.docx import styles as s
from mdime_publish.writers.docx.inlines import InlineWriter, run
from mdime_publish.writers.docx.source_map import SourceMap
from mdime_publish.writers.docx.styles import StyleMap

PARTNAME = "/word/endnotes.xml"
EMPTY_PART = (
    f"<w:endnotes {nsdecls('w', 'r')}>"
    '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
    '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:endnote>'
    "</w:endnotes>"
)
SECTION_PR = f'<w:endnotePr {nsdecls("w")}><w:pos w:val="sectEnd"/><w:numFmt w:val="decimal"/></w:endnotePr>'
SETTINGS_PR = (
    f"<w:endnotePr {nsdecls('w')}>"
    '<w:pos w:val="sectEnd"/><w:numFmt w:val="decimal"/><w:endnote w:id="-1"/><w:endnote w:id="0"/>'
    "</w:endnotePr>"
)
# Elements that follow w:endnotePr in w:sectPr and in w:settings (ECMA-376 sequences).
SECTION_AFTER = (
    "w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)
SETTINGS_AFTER = (
    "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator",
)


class Endnotes:
    """The endnotes part of `document`, holding `notes`, and the references to them."""

    def __init__(self, document: Document, styles: StyleMap, notes: list[Note], anchors: SourceMap):
        self.styles = styles
        self.anchors = anchors
        self.notes = notes
        self.part = _new_part(document)
        _declare_in_settings(document)
        _declare_in_section(document)
        writer = InlineWriter(styles, self.part)
        for note in notes:
            self.part.element.append(self._endnote(note, writer))
        self._referenced = 0

    def reference(self, number: int) -> etree._Element:
        """The run marking note `number` in the text; notes must come 1, 2, 3 ..."""
        assert number == self._referenced + 1 and number <= len(self.notes), (
            f"endnote reference {number} after {self._referenced}: Word would number it "
            f"{self._referenced + 1}"
        )
        self._referenced = number
        r = run(style_id=self.styles.id(s.ENDNOTE_REFERENCE))
        ref = OxmlElement("w:endnoteReference")
        ref.set(qn("w:id"), str(number))
        r.append(ref)
        return r

    def check_all_referenced(self) -> None:
        assert self._referenced == len(self.notes), (
            f"{len(self.notes)} notes but {self._referenced} references in the text"
        )

    def _endnote(self, note: Note, writer: InlineWriter) -> etree._Element:
        endnote = OxmlElement("w:endnote")
        endnote.set(qn("w:id"), str(note.number))
        p = OxmlElement("w:p")
        p.style = self.styles.id(s.ENDNOTE_TEXT)
        mark = run(style_id=self.styles.id(s.ENDNOTE_REFERENCE))
        mark.append(OxmlElement("w:endnoteRef"))
        p.append(mark)
        if note.form == "comment":  # its text is the source's, after '^['
            self.anchors.mark(p, "P", note.pos, col_shift=2)
        else:
            self.anchors.mark(p, "B", note.entry)
            self.anchors.mark(p, "C", note.pos)
        p.append(run(" "))
        writer.write(p, note.content)
        endnote.append(p)
        return endnote


def _new_part(document: Document) -> XmlPart:
    """A fresh endnotes part, replacing any the template brought along."""
    main = document.part
    for rId, rel in list(main.rels.items()):
        if rel.reltype == RT.ENDNOTES:
            main.drop_rel(rId)
    part = XmlPart(PackURI(PARTNAME), CT.WML_ENDNOTES, parse_xml(EMPTY_PART), main.package)
    main.relate_to(part, RT.ENDNOTES)
    return part


def _declare_in_section(document: Document) -> None:
    """Decimal numbers in the section too: LibreOffice reads them only there."""
    section = document.element.body.get_or_add_sectPr()
    for old in section.findall(qn("w:endnotePr")):
        section.remove(old)
    section.insert_element_before(parse_xml(SECTION_PR), *SECTION_AFTER)


def _declare_in_settings(document: Document) -> None:
    settings = document.settings.element
    for old in settings.findall(qn("w:endnotePr")):
        settings.remove(old)
    settings.insert_element_before(parse_xml(SETTINGS_PR), *SETTINGS_AFTER)
