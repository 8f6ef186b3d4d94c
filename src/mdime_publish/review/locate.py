"""Printed text back to source text: offsets in a DOCX paragraph to file line and column.

The printed text differs from its source by markup (`**`, `[@key]` citations that
became note numbers, backslash escapes), by typography (curly quotes and dashes for
straight ones) and by line breaks. Both sides are normalised first (quotes and
dashes to one form, escapes dropped, runs of white space to one space), keeping
for each normalised character the offset it came from; difflib then aligns the
two, and a printed offset maps to the source offset it was aligned with. No
library maps rendered text back through Markdown, hence this small module.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00a0": " "})
_DASHES = re.compile(r"[-\u2010-\u2015]+")
_SPACE = re.compile(r"\s+")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")


@dataclass
class Normal:
    """`text` normalised, and for each of its characters the offset in the original."""

    text: str
    origin: list[int]

    def to_original(self, index: int, length: int) -> int:
        """The original offset of normalised `index` (`length` past the end)."""
        return self.origin[index] if index < len(self.origin) else length

    def from_original(self, offset: int) -> int:
        return bisect.bisect_left(self.origin, offset)


def normalise(text: str) -> Normal:
    out: list[str] = []
    origin: list[int] = []
    i = 0
    text = text.translate(_QUOTES)
    while i < len(text):
        for pattern, replacement in ((_ESCAPE, ""), (_DASHES, "-"), (_SPACE, " ")):
            match = pattern.match(text, i)
            if match:
                if replacement and not (replacement == " " and out and out[-1] == " "):
                    out.append(replacement)
                    origin.append(i)
                i = match.end()
                break
        else:
            out.append(text[i])
            origin.append(i)
            i += 1
    return Normal("".join(out), origin)


def same_text(a: str, b: str) -> bool:
    return normalise(a).text.strip() == normalise(b).text.strip()


class Alignment:
    """Offsets of a printed text mapped to offsets of its source text."""

    def __init__(self, printed: str, source: str):
        self.printed, self.source = normalise(printed), normalise(source)
        self.source_length = len(source)
        matcher = SequenceMatcher(None, self.printed.text, self.source.text, autojunk=False)
        self.blocks = [b for b in matcher.get_matching_blocks() if b.size]

    def source_offset(self, printed_offset: int) -> int:
        """Where the printed character at `printed_offset` stands in the source (or,
        when it has no counterpart, the source position after the text before it)."""
        k = self.printed.from_original(printed_offset)
        before = None
        for block in self.blocks:
            if block.a <= k < block.a + block.size:
                return self.source.to_original(block.b + k - block.a, self.source_length)
            if block.a + block.size <= k:
                before = block
        if before is None:
            return 0
        return self.source.to_original(before.b + before.size, self.source_length)


def find_once(needle: str, haystack: str) -> int | None:
    """The offset in `haystack` of the one place its normalised text holds `needle`'s."""
    n, h = normalise(needle), normalise(haystack)
    if not n.text.strip():
        return None
    first = h.text.find(n.text)
    if first < 0 or h.text.find(n.text, first + 1) >= 0:
        return None
    return h.to_original(first, len(haystack))


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def offset_of(text: str, line: int, col: int) -> int:
    """The offset of 1-based `line`, `col` in `text` (clamped to the text)."""
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return len(text)
        start = found + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return min(start + max(col - 1, 0), end)


def region_end(text: str, start: int, end_line: int) -> int:
    """Where the source block that starts at `start` ends: the end of `end_line`
    when known, else the next blank line."""
    if end_line:
        return offset_of(text, end_line, 10**9)
    blank = re.compile(r"\n[ \t]*\n").search(text, start)
    return blank.start() if blank else len(text)
