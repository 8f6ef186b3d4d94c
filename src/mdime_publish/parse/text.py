"""Bytes of a source file to text, or a located problem: not UTF-8, a control character.

Every source (reports, YAML, BibTeX) is decoded here, so each names a bad byte by
line and column with the same message.
"""

from __future__ import annotations

import re

from mdime_publish.errors import Problem, error

# Control characters other than tab and line ends: invisible in an editor, refused by
# DOCX (XML) and drawn as missing glyphs in the PDF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a byte-order mark dropped), or the located problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [error(shown, line, col, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8")]
    problem = control_character(text, shown)
    return (None, [problem]) if problem else (text, [])


def control_character(text: str, shown: str) -> Problem | None:
    """A located error at the first control character of `text`, if any."""
    match = _CONTROL.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return error(shown, line, col, f"control character U+{ord(match.group()):04X} in text; delete it")
