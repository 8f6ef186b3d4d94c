"""Review items of an edited edition, located in the sources as `check` locates problems.

Each comment and tracked change sits in a paragraph whose hidden bookmarks say
where its text comes from (`writers.docx.source_map`). Markdown and YAML text is
aligned with its source to find the item's column; front-matter, citation and
bibliography anchors give their own position. When a source changed since the
build (its digest differs), the paragraph is looked for by its words instead, and
an item whose paragraph cannot be found keeps the position of the build, marked so.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from mdime_publish.review.edition import Edition, Item, Mark, Paragraph
from mdime_publish.review.locate import Alignment, find_once, line_col, offset_of, region_end
from mdime_publish.writers.docx.source_map import ROLES

TEXT_ROLES = ("P", "Y")
WINDOW = 6  # words of printed text looked for when a source has changed
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # printed escaped: one item, one line


@dataclass
class Located:
    file: str
    line: int  # 0: not located (text the build generates)
    col: int
    kind: str  # comment or change
    author: str
    date: str
    text: str = ""  # a comment's text
    old: str = ""
    new: str = ""
    quote: str = ""  # the printed text a comment covers
    move: str = ""  # from / to
    where: str = ""  # text, front-matter text, front matter, heading, citation, bibliography entry, generated text
    note: int = 0  # the endnote it is in
    cited_at: str = ""  # the citation of that endnote
    located: str = "build"  # build (source unchanged), text (found by its text), stale, none
    applied: bool = False

    def describe(self) -> str:
        what = self.text if self.kind == "comment" else _change_text(self)
        head = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        notes = []
        if self.note:
            notes.append(f"endnote {self.note}" + (f", cited at {self.cited_at}" if self.cited_at else ""))
        if self.where in ("front matter", "heading", "generated text"):
            notes.append(f"in {self.where}")
        if self.located == "stale":
            lost = ", text not found" if self.where in ("text", "front-matter text") else ""
            notes.append(f"source changed since the build{lost}: position from the build")
        if self.applied:
            notes.append("applied")
        tail = f" ({'; '.join(notes)})" if notes else ""
        return _CONTROL.sub(lambda m: repr(m.group())[1:-1], f"{head}: {self.kind}: {self.author or 'unknown'}: {what}{tail}")

    def as_dict(self) -> dict:
        return asdict(self)


def _change_text(item: Located) -> str:
    if item.move:
        return f"moved {'away' if item.move == 'from' else 'here'} '{item.old or item.new}'"
    return f"'{item.old}' -> '{item.new}'"


@dataclass
class Source:
    name: str
    path: Path
    text: str | None  # None: missing
    changed: bool


def load_sources(edition: Edition, root: Path) -> list[Source]:
    """Today's text of each source the edition names; one outside `root` (a path the
    DOCX could have been given by anyone) counts as missing and is never written."""
    out = []
    root = root.resolve()
    for name, digest in edition.sources:
        path = (root / name).resolve()
        inside = path.is_relative_to(root) and not Path(name).is_absolute()
        data = path.read_bytes() if inside and path.is_file() else None
        changed = data is None or hashlib.sha256(data).hexdigest() != digest
        out.append(Source(name, path, data.decode("utf-8", "replace") if data is not None else None, changed))
    return out


@dataclass
class Place:
    """One item with what locating it found: the item, its anchor and source region."""

    located: Located
    item: Item
    paragraph: Paragraph
    mark: Mark | None
    segment: str  # printed text from the anchor to the next one
    source: Source | None
    region: tuple[int, int] | None  # source offsets of the anchor's text


def locate_all(edition: Edition, sources: list[Source], report: str) -> list[Place]:
    """Every item located, in source order (unlocated items last, in document order)."""
    places = []
    previous: Paragraph | None = None
    for para in edition.paragraphs:
        host = para
        if para.inserted and previous is not None and previous.part == para.part:
            host = previous  # a paragraph the editor added: an insertion after the one before
            for item in para.items:
                item.start = item.end = len(previous.text)
        for item in para.items:
            places.append(_place(item, host, sources, report))
        if para.marks:
            previous = para
    order = {s.name: i for i, s in enumerate(sources)}
    return sorted(places, key=lambda p: (p.located.line == 0, order.get(p.located.file, 0),
                                         p.located.line, p.located.col))


def _place(item: Item, para: Paragraph, sources: list[Source], report: str) -> Place:
    located = Located("", 0, 0, item.kind, item.author, item.date, text=item.text, old=item.old,
                      new=item.new, move=item.move, note=para.note,
                      quote=para.text[item.start:item.end] if item.kind == "comment" else "")
    marks = [m for m in para.marks if m.anchor.role != "C"] or para.marks
    mark = next((m for m in reversed(marks) if m.offset <= item.start), marks[0] if marks else None)
    if mark is None or mark.anchor.file >= len(sources):
        located.file, located.where, located.located = report, "generated text", "none"
        return Place(located, item, para, None, "", None, None)
    source = sources[mark.anchor.file]
    cited = next((m for m in para.marks if m.anchor.role == "C"), None)
    if cited and cited.anchor.file < len(sources):
        located.cited_at = f"{sources[cited.anchor.file].name}:{cited.anchor.line}:{cited.anchor.col}"
    located.file, located.where = source.name, ROLES[mark.anchor.role]
    located.line, located.col = mark.anchor.line, mark.anchor.col
    later = [m.offset for m in para.marks if m.offset > mark.offset]
    segment = para.text[mark.offset : later[0] if later else len(para.text)]
    place = Place(located, item, para, mark, segment, source, None)
    if mark.anchor.role not in TEXT_ROLES or source.text is None:
        located.located = "stale" if source.changed else "build"
        return place
    region = _region(source, mark, segment)
    if region is None:
        located.located = "stale"
        return place
    start, end = region
    offset = start + Alignment(segment, source.text[start:end]).source_offset(item.start - mark.offset)
    located.line, located.col = line_col(source.text, offset)
    located.located = "text" if source.changed else "build"
    place.region = region
    return place


def _region(source: Source, mark: Mark, segment: str) -> tuple[int, int] | None:
    """The source text of the anchor: where the build says, or, when the source
    changed, the paragraph holding most runs of the segment's words that are found
    once in the file."""
    text = source.text or ""
    if not source.changed:
        start = offset_of(text, mark.anchor.line, mark.anchor.col)
        return start, region_end(text, start, mark.anchor.line if mark.anchor.role == "Y" else _end_line(text, mark))
    words = segment.split()
    windows = range(0, max(len(words) - WINDOW, 0) + 1, 2)
    votes: Counter[int] = Counter()
    for first in windows:
        found = find_once(" ".join(words[first : first + WINDOW]), text)
        if found is not None:
            blank = list(re.finditer(r"\n[ \t]*\n", text[:found]))
            votes[blank[-1].end() if blank else 0] += 1
    if not votes:
        return None
    start, count = votes.most_common(1)[0]
    # a phrase the paragraph shares with another one is not enough: a quarter of its runs
    if count < (1 if len(windows) <= 2 else max(2, len(windows) // 4)):
        return None
    return start, region_end(text, start, 0)


def _end_line(text: str, mark: Mark) -> int:
    """Markdown blocks end at a blank line or at the next list item."""
    lines = text.split("\n")
    line = mark.anchor.line
    while line < len(lines):
        following = lines[line]
        if not following.strip() or re.match(r"\s*([-*+]|\d+[.)])\s", following) or following.lstrip().startswith("#"):
            break
        line += 1
    return line
