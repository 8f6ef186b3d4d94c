"""An editor's work in Word, done with python-docx and lxml: comments and tracked changes.

`Editor(path)` opens a DOCX; `comment` anchors a comment on a phrase, `replace`,
`delete` and `insert_after` make tracked changes, in the body or in an endnote;
`save` writes it back. A phrase must lie within one run of one paragraph.
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = "2024-06-01T10:00:00Z"


class Editor:
    def __init__(self, path: Path):
        self.document = docx.Document(str(path))
        # python-docx loads the endnotes as an opaque part: edited as XML, put back on save
        self.endnotes_part = next(p for p in self.document.part.package.parts if p.partname == "/word/endnotes.xml")
        self.endnotes = parse_xml(self.endnotes_part.blob)
        self.next_id = 9000

    def comment(self, phrase: str, text: str, author: str = "Editor", within: str = "") -> None:
        r = self._isolate(phrase, within)
        self.document.add_comment([Run(r, None)], text=text, author=author, initials=author[:2])

    def replace(self, old: str, new: str, author: str = "Editor", within: str = "") -> None:
        r = self._isolate(old, within)
        deleted = self._change("w:del", author)
        r.addprevious(deleted)
        deleted.append(r)
        for t in r.findall(qn("w:t")):
            t.tag = qn("w:delText")
        if new:
            inserted = self._change("w:ins", author)
            new_run = copy.deepcopy(r)
            for t in new_run.findall(qn("w:delText")):
                t.tag = qn("w:t")
                t.text = new
            inserted.append(new_run)
            deleted.addnext(inserted)

    def delete(self, old: str, author: str = "Editor", within: str = "") -> None:
        self.replace(old, "", author, within)

    def insert_after(self, phrase: str, new: str, author: str = "Editor", within: str = "") -> None:
        r = self._isolate(phrase, within)
        inserted = self._change("w:ins", author)
        new_run = copy.deepcopy(r)
        new_run.find(qn("w:t")).text = new
        inserted.append(new_run)
        r.addnext(inserted)

    def move(self, phrase: str, after: str, author: str = "Editor") -> None:
        """Move `phrase` to just after `after` (another phrase), as Word tracks a drag."""
        r = self._isolate(phrase, "")
        moved_from = self._change("w:moveFrom", author)
        r.addprevious(moved_from)
        moved_from.append(r)
        target = self._isolate(after, "")
        moved_to = self._change("w:moveTo", author)
        moved_to.append(copy.deepcopy(r))
        target.addnext(moved_to)

    def add_paragraph_after(self, phrase: str, text: str, author: str = "Editor") -> None:
        """A new paragraph after the one holding `phrase`, typed with Track Changes on."""
        r = self._isolate(phrase, "")
        p = r.getparent()
        while p.tag != qn("w:p"):
            p = p.getparent()
        new = copy.deepcopy(p)
        for child in list(new):
            if child.tag != qn("w:pPr"):
                new.remove(child)
        inserted = self._change("w:ins", author)
        run = copy.deepcopy(r)
        run.find(qn("w:t")).text = text
        inserted.append(run)
        new.append(inserted)
        p.addnext(new)

    def save(self, path: Path) -> None:
        self.endnotes_part._blob = etree.tostring(self.endnotes, xml_declaration=True, encoding="UTF-8", standalone=True)
        self.document.save(str(path))

    # -- helpers -------------------------------------------------------------------

    def _change(self, tag: str, author: str):
        from docx.oxml import OxmlElement

        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), author)
        element.set(qn("w:date"), DATE)
        self.next_id += 1
        return element

    def _isolate(self, phrase: str, within: str):
        """The `w:r` holding exactly `phrase`, split out of the run that contains it
        (in the first paragraph whose text holds `within` and the phrase)."""
        for root in (self.document.element.body, self.endnotes):
            for p in root.iter(qn("w:p")):
                text = "".join(t.text or "" for t in p.iter(qn("w:t")))
                if within not in text:
                    continue
                for r in p.iter(qn("w:r")):
                    t = r.find(qn("w:t"))
                    if t is not None and t.text and phrase in t.text:
                        before, _, after = t.text.partition(phrase)
                        for piece, where in ((before, "addprevious"), (after, "addnext")):
                            if piece:
                                twin = copy.deepcopy(r)
                                twin.find(qn("w:t")).text = piece
                                getattr(r, where)(twin)
                        t.text = phrase
                        return r
        raise AssertionError(f"phrase {phrase!r} not found in one run")
