"""Two DOCX editions of a report to a redline: the newer one with the differences as tracked changes.

Paragraphs of the body (tables included) and of the endnotes are aligned by their
place in the report (difflib over their style and text; paragraphs in a replaced
stretch are paired in order). A paired paragraph whose text differs is rebuilt
word by word: unchanged words keep the new edition's runs, removed words come back
from the old edition as `w:del` runs (`w:delText`), new words go in `w:ins`. An
unpaired new paragraph is marked inserted, an unpaired old one comes back deleted
after its predecessor. A table cell whose shading changed (a legend level) gets
`w:tcPrChange` holding the old shading. Word and LibreOffice show all of these as
changes an editor can accept or reject. python-docx has no API for tracked
changes, so this works on the XML with lxml.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from difflib import SequenceMatcher

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
REFERENCE = "\ufffc"  # an endnote reference: the numbers differ between editions, the place counts
PARTS = ("word/document.xml", "word/endnotes.xml")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class Counts:
    def __init__(self):
        self.changed = self.added = self.removed = 0


def redline(old: bytes, new: bytes, author: str, date: str) -> tuple[bytes, Counts]:
    """`new` with the differences from `old` as tracked changes, and how many paragraphs differ."""
    marker = _Marker(author, date)
    with zipfile.ZipFile(io.BytesIO(old)) as o, zipfile.ZipFile(io.BytesIO(new)) as n:
        parts = {}
        for name in PARTS:
            if name in n.namelist() and name in o.namelist():
                old_root, new_root = etree.fromstring(o.read(name)), etree.fromstring(n.read(name))
                marker.part(_paragraphs(old_root), _paragraphs(new_root))
                parts[name] = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in n.infolist():
                target.writestr(info, parts.get(info.filename) or n.read(info))
    return out.getvalue(), marker.counts


def _paragraphs(root) -> list:
    body = root.find(w("body"))
    if body is not None:
        return list(body.iter(w("p")))
    return [p for note in root.iter(w("endnote")) if int(note.get(w("id"), "0")) > 0 for p in note.iter(w("p"))]


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def _key(p) -> str:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return f"{style.get(w('val')) if style is not None else ''}\0{_text(p)}"


class _Marker:
    def __init__(self, author: str, date: str):
        self.author, self.date = author, date
        self.next_id = 10000
        self.counts = Counts()

    def change(self, tag: str):
        element = etree.Element(w(tag))
        element.set(w("id"), str(self.next_id))
        element.set(w("author"), self.author)
        element.set(w("date"), self.date)
        self.next_id += 1
        return element

    def part(self, old: list, new: list) -> None:
        matcher = SequenceMatcher(None, [_key(p) for p in old], [_key(p) for p in new], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                if _text(old[i1 + k]) != _text(new[j1 + k]):
                    self.counts.changed += 1
                    self.words(old[i1 + k], new[j1 + k])
                self.cell(old[i1 + k], new[j1 + k])
            for p in new[j1 + pairs : j2]:
                self.counts.added += 1
                self.words(None, p)
                self.mark_paragraph(p, "ins")
            place = new[j1 + pairs - 1] if j1 + pairs > 0 else None
            for p in old[i1 + pairs : i2]:
                self.counts.removed += 1
                place = self.deleted_paragraph(p, place, new[0] if new else None)

    def words(self, old, new) -> None:
        """Rebuild `new`'s content word by word against `old` (None: all inserted)."""
        before = _pieces(old) if old is not None else []
        after = _pieces(new)
        for child in list(new):
            if child.tag != w("pPr"):
                new.remove(child)
        matcher = SequenceMatcher(None, [k for k, _ in before], [k for k, _ in after], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op in ("delete", "replace"):
                deleted = self.change("del")
                for _, elements in before[i1:i2]:
                    for element in elements:
                        deleted.extend(_as_deleted(element))
                if len(deleted):
                    new.append(deleted)
            inserted = None  # one w:ins for the run of new words
            for _, elements in after[j1:j2]:
                for element in elements:
                    if op == "equal":
                        new.append(element)
                    elif element.tag == w("hyperlink"):
                        new.append(self._inserted_link(element))
                        inserted = None
                    else:
                        if inserted is None:
                            inserted = self.change("ins")
                            new.append(inserted)
                        inserted.append(element)

    def _inserted_link(self, link):
        """w:ins may not hold a hyperlink: the change goes inside it."""
        inserted = self.change("ins")
        for r in link.findall(w("r")):
            link.remove(r)
            inserted.append(r)
        link.append(inserted)
        return link

    def mark_paragraph(self, p, tag: str) -> None:
        """Mark the paragraph mark itself inserted or deleted (so the whole paragraph is)."""
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = etree.Element(w("rPr"))
            later = next((c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))), None)
            if later is not None:
                later.addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self.change(tag))

    def deleted_paragraph(self, old, place, first):
        """A deleted copy of `old` after `place` (before `first` when None); returns it."""
        p = etree.Element(w("p"))
        ppr = old.find(w("pPr"))
        if ppr is not None:
            ppr = copy.deepcopy(ppr)
            for section in ppr.findall(w("sectPr")):
                ppr.remove(section)
            p.append(ppr)
        deleted = self.change("del")
        for _, elements in _pieces(old):
            for element in elements:
                deleted.extend(_as_deleted(element))
        p.append(deleted)
        self.mark_paragraph(p, "del")
        if place is not None:
            place.addnext(p)
        elif first is not None:
            first.addprevious(p)
        return p

    def cell(self, old, new) -> None:
        """A changed cell shading (a legend level) as a table-cell property change."""
        old_fill, new_fill = _fill(old), _fill(new)
        if old_fill == new_fill or new.getparent().tag != w("tc"):
            return
        tcpr = new.getparent().find(w("tcPr"))
        change = self.change("tcPrChange")
        old_tcpr = old.getparent().find(w("tcPr"))
        change.append(copy.deepcopy(old_tcpr) if old_tcpr is not None else etree.Element(w("tcPr")))
        for nested in change[0].findall(w("tcPrChange")):
            change[0].remove(nested)
        tcpr.append(change)


def _fill(p) -> str:
    cell = p.getparent()
    shd = cell.find(f"{w('tcPr')}/{w('shd')}") if cell is not None and cell.tag == w("tc") else None
    return shd.get(w("fill"), "") if shd is not None else ""


def _pieces(p) -> list[tuple[str, list]]:
    """A paragraph's content as (token, elements): a run per word or space, whole
    runs and hyperlinks that are not plain text, and zero-width elements (bookmarks)
    carried along with the token after them."""
    out: list[tuple[str, list]] = []
    pending: list = []
    for child in p:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "pPr":
            continue
        if tag == "r" and all(c.tag in (w("rPr"), w("t")) for c in child):
            for token in TOKEN.findall("".join(t.text or "" for t in child.findall(w("t")))):
                run = copy.deepcopy(child)
                for t in run.findall(w("t"))[1:]:
                    run.remove(t)
                t = run.find(w("t"))
                t.text = token
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                out.append((token, [*pending, run]))
                pending = []
        elif tag == "r":
            is_reference = child.find(w("endnoteReference")) is not None or child.find(w("endnoteRef")) is not None
            out.append((REFERENCE if is_reference else f"\ufffd{etree.tostring(child)!r}", [*pending, child]))
            pending = []
        elif tag == "hyperlink":
            out.append((f"\ufffd{_text(child)}", [*pending, child]))
            pending = []
        else:
            pending.append(child)
    if pending:
        out.append(("", pending))
    return out


def _as_deleted(element) -> list:
    """Runs that show `element`'s text as deleted: no references, drawings or links."""
    tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
    runs = [element] if tag == "r" else element.findall(w("r")) if tag == "hyperlink" else []
    out = []
    for r in runs:
        r = copy.deepcopy(r)
        for child in list(r):
            if child.tag == w("t"):
                child.tag = w("delText")
            elif child.tag not in (w("rPr"), w("tab"), w("br")):
                r.remove(child)
        if any(c.tag == w("delText") for c in r):
            out.append(r)
    return out
