"""Inline nodes to Word runs: one table keyed by node type, for any part of the package.

The same writer fills paragraphs of the document body and of the endnotes part;
it is bound to the part whose relationships hold its hyperlinks (a link in an
endnote must be related from /word/endnotes.xml, not from the document). Strong
and Emph become bold and italic run properties, as Word's own B and I buttons do;
everything else is a named style.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace

from docx.image.image import Image as ImageFile
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from lxml import etree

from mdime_publish.model import document as m
from mdime_publish.writers.docx import styles as s
from mdime_publish.writers.docx.styles import StyleMap

MAX_IMAGE_WIDTH = Inches(6)
#: Languages Word reads from `w:eastAsia` (the rest from `w:val`), and the region Word
#: expects with a bare language (Word's proofing and screen readers know 'ru-RU').
EAST_ASIAN = {"zh": "zh-CN", "ja": "ja-JP", "ko": "ko-KR"}
REGIONS = {"ru": "ru-RU", "fr": "fr-FR", "de": "de-DE", "es": "es-ES", "pt": "pt-PT", "uk": "uk-UA", "en": "en-US"}


def word_language(lang: str) -> tuple[str, str]:
    """The `w:lang` attribute and value for a BCP 47 tag: ('eastAsia', 'zh-CN'), ('val', 'ru-RU')."""
    primary = lang.split("-")[0].lower()
    if primary in EAST_ASIAN:
        return "eastAsia", lang if "-" in lang else EAST_ASIAN[primary]
    return "val", lang if "-" in lang else REGIONS.get(primary, lang)


@dataclass(frozen=True)
class Look:
    """What the runs being written carry: emphasis and a character style."""

    bold: bool = False
    italic: bool = False
    style: s.Style | None = None


def run(text: str = "", *, style_id: str = "", bold: bool = False, italic: bool = False,
        color: str = "", lang: str = "") -> etree._Element:
    """A `w:r` holding `text` (soft line breaks become spaces), in language `lang` if given."""
    r = OxmlElement("w:r")
    props = [("w:rStyle", style_id), ("w:b", bold), ("w:i", italic), ("w:color", color)]
    if lang or any(value for _, value in props):
        rpr = OxmlElement("w:rPr")
        for tag, value in props:
            if value:
                element = OxmlElement(tag)
                if isinstance(value, str):
                    element.set(qn("w:val"), value)
                rpr.append(element)
        if lang:
            attribute, value = word_language(lang)
            rpr.append(OxmlElement("w:lang", {qn(f"w:{attribute}"): value}))
        r.append(rpr)
    if text:
        t = OxmlElement("w:t")
        t.text = text.replace("\r\n", " ").replace("\n", " ")
        t.set(qn("xml:space"), "preserve")
        r.append(t)
    return r


def line_break() -> etree._Element:
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    return r


class InlineWriter:
    """Appends inline nodes to a `w:p` of `part` (the document or the endnotes part)."""

    def __init__(self, styles: StyleMap, part: Part, *,
                 note_reference: Callable[[int], etree._Element] | None = None):
        self.styles = styles
        self.part = part
        self.note_reference = note_reference
        self._handlers: dict[type, Callable] = {
            m.Text: self._text,
            m.Strong: lambda n, t, look: self.write(t, n.children, replace(look, bold=True)),
            m.Emph: lambda n, t, look: self.write(t, n.children, replace(look, italic=True)),
            m.Code: lambda n, t, look: t.append(self._run(n.text, replace(look, style=s.VERBATIM_CHAR))),
            m.Link: self._link,
            m.Image: self._image,
            m.LineBreak: lambda n, t, look: t.append(line_break()),
            m.NoteRef: self._note_ref,
        }

    def write(self, target: etree._Element, inlines: list, look: Look = Look()) -> None:
        for node in inlines:
            handler = self._handlers.get(type(node))
            if handler is None:
                raise TypeError(f"DOCX writer got an un-numbered {type(node).__name__}: number notes first")
            handler(node, target, look)

    def _run(self, text: str, look: Look, lang: str = "") -> etree._Element:
        style_id = self.styles.id(look.style) if look.style else ""
        return run(text, style_id=style_id, bold=look.bold, italic=look.italic, lang=lang)

    def _text(self, node: m.Text, target: etree._Element, look: Look) -> None:
        target.append(self._run(node.text, look, node.lang))

    def _link(self, node: m.Link, target: etree._Element, look: Look) -> None:
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), self.part.relate_to(node.url, RT.HYPERLINK, is_external=True))
        self.write(link, node.children, replace(look, style=s.HYPERLINK))
        target.append(link)

    def _note_ref(self, node: m.NoteRef, target: etree._Element, look: Look) -> None:
        if self.note_reference is None:
            raise ValueError(f"note {node.number} refers to a note from inside a note")
        previous = target[-1] if len(target) else None
        if previous is not None and previous.find(qn("w:endnoteReference")) is not None:
            target.append(run("\u00a0", style_id=self.styles.id(s.ENDNOTE_REFERENCE)))  # "51 52", unbroken
        target.append(self.note_reference(node.number))

    def _image(self, node: m.Image, target: etree._Element, look: Look) -> None:
        if not hasattr(self.part, "new_pic_inline"):
            raise ValueError(f"image '{node.src}' inside a note: Word notes here take text only")
        width = min(ImageFile.from_blob(node.data).width, MAX_IMAGE_WIDTH)
        inline = self.part.new_pic_inline(io.BytesIO(node.data), width=width)
        inline.docPr.set("descr", node.alt)
        r = run()
        r.add_drawing(inline)
        target.append(r)
