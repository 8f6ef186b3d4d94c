"""BibTeX field values as BibTeX reads them: `@string` macros, `#` concatenation, and
the mistakes that would otherwise lose text silently.

bibtexparser 2.1 resolves a value that is one whole macro name but not an expression
such as `"Part " # "One"` or `pub # { Ltd}` (its issue #396), and it keeps whatever
follows a value up to the next comma as part of it, so a missing comma swallows the
next field. This small scanner reads each value as parts joined by `#`, resolves the
macros (the twelve month macros are predefined, as in BibTeX) and stores the result
brace-enclosed, before bibtexparser's own middlewares run.
"""

from __future__ import annotations

import calendar
import re

from bibtexparser.library import Library
from bibtexparser.model import Entry, String

from mdime_publish.errors import suggest

MONTH_MACROS = {calendar.month_abbr[i].lower(): calendar.month_name[i] for i in range(1, 13)}
_NAME = re.compile(r"[^\s#{}\"=,]+")
_FIELD_START = re.compile(r"([A-Za-z][\w-]*)\s*=")


class UnreadableValue(Exception):
    """A value that cannot be read: `offset` is where in the value the problem is."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message, self.offset = message, offset


def resolve_values(library: Library) -> list[tuple[int, str]]:
    """Resolve every `@string` and field value of `library` in place; (line, message)
    for each value that cannot be read (line 1-based)."""
    strings: dict[str, str] = {}
    problems: list[tuple[int, str]] = []
    for block in library.blocks:
        if isinstance(block, Entry):
            for field in block.fields:
                try:
                    field.value = "{" + resolve(field.value, strings) + "}"
                except UnreadableValue as exc:
                    line = (field.start_line or block.start_line or 0) + 1 + field.value[: exc.offset].count("\n")
                    problems.append((line, f"entry '{block.key}', field '{field.key}': {exc.message}"))
        elif isinstance(block, String):
            try:
                strings[block.key.lower()] = resolve(block.value, strings)
            except UnreadableValue as exc:
                problems.append(((block.start_line or 0) + 1, f"@string '{block.key}': {exc.message}"))
    return problems


def resolve(value: str, strings: dict[str, str]) -> str:
    """The text of a BibTeX value: `{...}`, `"..."`, numbers and macros joined by `#`."""
    out, pos, n = [], 0, len(value)
    while True:
        pos = _skip_space(value, pos)
        if pos >= n:
            raise UnreadableValue("a value is missing after '#'" if out else "the value is empty", pos)
        char = value[pos]
        if char in "{\"":
            end = _closing(value, pos)
            out.append(value[pos + 1 : end])
            pos = end + 1
        else:
            match = _NAME.match(value, pos)
            if not match:
                raise UnreadableValue(f"unexpected '{char}' in the value", pos)
            out.append(_macro(match.group(), strings, pos))
            pos = match.end()
        part_end, pos = pos, _skip_space(value, pos)
        if pos < n and value[pos] == "#":
            pos += 1
            continue
        if pos < n:
            field = _FIELD_START.match(value, pos)
            if field:  # the mistake is the comma missing after this value
                raise UnreadableValue(f"missing comma after this value: field '{field[1]}' below was read as "
                                      "part of it; put a ',' after each field", part_end)
            raise UnreadableValue(f"unexpected text '{value[pos:].split(chr(10))[0][:30]}' after the value; "
                                  "join parts with '#'", pos)
        return "".join(out)


def _macro(name: str, strings: dict[str, str], pos: int) -> str:
    if name.isdigit():
        return name
    if name.lower() in strings:
        return strings[name.lower()]
    if name.lower() in MONTH_MACROS:
        return MONTH_MACROS[name.lower()]
    raise UnreadableValue(f"undefined @string macro '{name}' (text goes in braces: {{...}})"
                          f"{suggest(name, strings)}", pos)


def _closing(value: str, start: int) -> int:
    """The index of the `}` or `"` that ends the part opening at `start`."""
    depth, pos = 0, start
    quote = value[start] == '"'
    while pos < len(value):
        char = value[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not quote:
                return pos
        elif char == '"' and quote and depth == 0 and pos > start:
            return pos
        pos += 1
    raise UnreadableValue(f"unclosed '{value[start]}' in the value", start)


def _skip_space(value: str, pos: int) -> int:
    while pos < len(value) and value[pos].isspace():
        pos += 1
    return pos
