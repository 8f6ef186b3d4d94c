"""Tracked changes back into the Markdown source, where that is safe.

A change is applied only when it falls inside plain text of one source paragraph:
the source must be unchanged since the build, the anchor Markdown text, and the
deleted text (widened by up to three words on each side when it alone is not
unique) must appear exactly once in that paragraph's source, at the place the
alignment put it, with no markup or citation in between. Everything else stays a
located item to do by hand; comments are never applied. All edits of a file are
checked for overlap and written at once, atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mdime_publish.output import write_atomic
from mdime_publish.review.items import Place, Source
from mdime_publish.review.locate import Alignment, find_once, normalise, same_text

CONTEXT_WORDS = 3
_MARKDOWN = re.compile(r"([\\`*_\[\]$<])")
_CURLY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass
class Edit:
    source: Source
    start: int
    end: int
    text: str
    place: Place


def plan_edit(place: Place) -> Edit | None:
    """The source edit that makes `place`'s tracked change, or None when it is not safe."""
    item, source, region = place.item, place.source, place.region
    if (item.kind != "change" or item.move or place.paragraph.inserted or source is None or source.changed
            or region is None or place.mark is None or place.mark.anchor.role != "P"):
        return None
    text = source.text or ""
    start, end = region
    segment, base = place.segment, place.mark.offset
    k1, k2 = item.start - base, item.end - base
    if not (0 <= k1 <= k2 <= len(segment)) or segment[k1:k2] != item.old:
        return None
    aligned = start + Alignment(segment, text[start:end]).source_offset(k1)
    for words in range(0 if item.old.strip() else 1, CONTEXT_WORDS + 1):
        a, b = _widen(segment, k1, k2, words)
        found = find_once(segment[a:b], text[start:end])
        if found is None:
            continue
        s1 = start + found + _source_length(segment[a:k1], text[start + found:end])
        s2 = s1 + _source_length(item.old, text[s1:end])
        if abs(s1 - aligned) > 1 or not same_text(text[s1:s2], item.old):
            return None  # found once, but not where the alignment put it, or across markup
        return Edit(source, s1, s2, _markdown(item.new), place)
    return None


def _widen(text: str, k1: int, k2: int, words: int) -> tuple[int, int]:
    """[k1, k2) grown by `words` words on each side, within `text`."""
    a, b = k1, k2
    for _ in range(words):
        a = _word_start(text, a)
        b = _word_end(text, b)
    return a, b


def _word_start(text: str, i: int) -> int:
    while i > 0 and text[i - 1].isspace():
        i -= 1
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i


def _word_end(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    while i < len(text) and not text[i].isspace():
        i += 1
    return i


def _source_length(printed: str, source: str) -> int:
    """How many characters of `source` (which starts with `printed`'s text) that text takes."""
    want = len(normalise(printed).text)
    src = normalise(source)
    return src.to_original(want, len(source)) if want else 0


def _markdown(text: str) -> str:
    """Inserted text as Markdown source: straight quotes, markup characters escaped."""
    return _MARKDOWN.sub(r"\\\1", text.translate(_CURLY))


def apply_edits(edits: list[Edit]) -> list[Edit]:
    """Write every file's edits (skipping any that overlap an earlier one); the ones made."""
    by_file: dict[str, list[Edit]] = {}
    for edit in sorted(edits, key=lambda e: (e.source.name, e.start, e.end)):
        kept = by_file.setdefault(edit.source.name, [])
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    contents = {}
    for name, file_edits in by_file.items():
        text = file_edits[0].source.text or ""
        for edit in reversed(file_edits):
            text = text[: edit.start] + edit.text + text[edit.end :]
        contents[name] = text
    for name, file_edits in by_file.items():
        write_atomic(file_edits[0].source.path, contents[name])
    return [e for file_edits in by_file.values() for e in file_edits]
