"""BibTeX files to `Reference`s by key, with every problem found as a `Problem`.

bibtexparser 2 splits the files and names (its middlewares resolve `@string`s,
remove enclosing braces, normalise field names and split authors into parts);
LaTeX is decoded here afterwards, part by part, so `{U.S. Department of State}`
stays one corporate author, and never in `url`, where `~`, `%` and `_` are literal.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable
from datetime import date as _date
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import get_default_latex_context_db

from mdime_publish.errors import Problem, error, warning
from mdime_publish.sources import control_character
from mdime_publish.model.document import Pos
from mdime_publish.model.references import ENTRY_TYPES, Name, PartialDate, Reference

# bibtexparser logs each failed block; we report them as Problems instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_NAME_FIELDS = ("author", "editor")
_LITERAL_FIELDS = ("url", "doi")
_DATE_FIELDS = ("date", "year", "month", "day", "urldate")
_ALIASES = {"journal": "journaltitle", "address": "location", "school": "institution"}
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_MONTHS = {
    **{m.lower(): i for i, m in enumerate(calendar.month_name) if m},
    **{m.lower(): i for i, m in enumerate(calendar.month_abbr) if m},
}
_DECODER = LatexNodes2Text(math_mode="verbatim")
_LATEX_CONTEXT = get_default_latex_context_db()  # built once: LatexWalker would rebuild it per value
#: What LaTeX decoding could change: a command, group, math, special character or ligature.
_LATEX_MARKUP = re.compile(r"[\\{}$%&~#^_]|--|``|''|[!?]`")


def load_bibliography(
    paths: list[Path], display_name: Callable[[Path], str] | None = None
) -> tuple[dict[str, Reference], list[Problem]]:
    """Load `paths` in order; `display_name(path)` is how messages name a file.

    A key defined twice (in one file or across files) keeps its first definition.
    """
    show = display_name or str
    references: dict[str, Reference] = {}
    problems: list[Problem] = []
    for path in paths:
        name = show(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(error(name, 0, 0, "bibliography file not found"))
            continue
        except (OSError, UnicodeDecodeError) as e:
            problems.append(error(name, 0, 0, f"cannot read bibliography: {e}"))
            continue
        problem = control_character(text, name)
        if problem:
            problems.append(problem)
            continue
        library = _parse(text)
        found = _failed_blocks(library, name)
        for entry in library.entries:
            line = entry.start_line + 1
            if entry.key in references:
                first = references[entry.key].pos
                found.append(
                    error(name, line, 1, f"duplicate key '{entry.key}' (first defined at {first})")
                )
                continue
            reference, entry_problems = _reference(entry, Pos(file=name, line=line))
            references[entry.key] = reference
            found += entry_problems
        problems += sorted(found, key=lambda p: p.line)
    return references, problems


def _parse(text: str) -> Library:
    return bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.NormalizeFieldKeys(),
            middlewares.SeparateCoAuthors(name_fields=_NAME_FIELDS),
            middlewares.SplitNameParts(name_fields=_NAME_FIELDS),
        ],
    )


def _failed_blocks(library: Library, file: str) -> list[Problem]:
    problems = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            first = (block.previous_block.start_line or 0) + 1
            message = f"duplicate key '{block.key}' (first defined at {file}:{first}:1)"
        elif isinstance(block, DuplicateFieldKeyBlock):
            fields = ", ".join(sorted(block.duplicate_keys))
            message = f"field given twice in one entry: {fields}"
        else:
            reason = getattr(block.error, "abort_reason", "") or str(block.error)
            message = f"malformed BibTeX: {' '.join(reason.split())}"
        problems.append(error(file, line, 1, message))
    return problems


def _reference(entry: Entry, pos: Pos) -> tuple[Reference, list[Problem]]:
    problems: list[Problem] = []
    kind = entry.entry_type.lower()
    if kind not in ENTRY_TYPES:
        problems.append(
            warning(pos.file, pos.line, 1, f"unknown entry type @{kind}; formatted as @misc")
        )
        kind = "misc"
    raw = {f.key: f.value for f in entry.fields}
    fields = {}
    for key, value in raw.items():
        name = _ALIASES.get(key, key)
        if key in _NAME_FIELDS + _DATE_FIELDS or (key != name and name in raw):
            continue  # names and dates are parsed below; a biblatex name beats its alias
        fields[name] = value.strip() if key in _LITERAL_FIELDS else _decode(value)
    issued, urldate = None, None
    try:
        issued = _issued(raw)
    except ValueError as e:
        problems.append(error(pos.file, pos.line, 1, f"entry '{entry.key}': {e}"))
    try:
        urldate = _iso_date(raw["urldate"]) if raw.get("urldate") else None
    except ValueError as e:
        problems.append(error(pos.file, pos.line, 1, f"entry '{entry.key}': urldate: {e}"))
    reference = Reference(
        key=entry.key,
        type=kind,
        url=fields.pop("url", ""),
        fields=fields,
        authors=_names(raw.get("author", [])),
        editors=_names(raw.get("editor", [])),
        date=issued,
        urldate=urldate,
        pos=pos,
    )
    return reference, problems


def _decode(value: str) -> str:
    """LaTeX to text, braces removed, runs of spaces and newlines made one space.

    A bare `%` or `&` is the character itself, as BibTeX reads it, not a LaTeX
    comment or alignment tab.
    """
    if _LATEX_MARKUP.search(value):
        value = _DECODER.latex_to_text(re.sub(r"(?<!\\)([%&])", r"\\\1", value), latex_context=_LATEX_CONTEXT)
    return re.sub(r"[ \t\r\n]+", " ", value).strip()


def _names(parts: list[NameParts]) -> tuple[Name, ...]:
    return tuple(_name(p) for p in parts)


def _name(parts: NameParts) -> Name:
    if not (parts.first or parts.von or parts.jr) and len(parts.last) == 1:
        word = parts.last[0]
        if word.startswith("{") and word.endswith("}"):
            return Name(family=_decode(word), corporate=True)
    return Name(
        family=_decode(" ".join(parts.last)),
        given=_decode(" ".join(parts.first)),
        prefix=_decode(" ".join(parts.von)),
        suffix=_decode(" ".join(parts.jr)),
    )


def _issued(raw: dict[str, str]) -> PartialDate | None:
    """`date` (ISO, partial allowed), else `year`/`month`/`day`."""
    if raw.get("date"):
        return _iso_date(raw["date"])
    if not raw.get("year"):
        if raw.get("month") or raw.get("day"):
            raise ValueError("month or day given without a year")
        return None
    year = raw["year"].strip()
    if not re.fullmatch(r"\d{4}", year):
        raise ValueError(f"year '{year}' is not a four-digit year")
    month = _month(raw["month"]) if raw.get("month") else 0
    day = raw.get("day", "").strip()
    if day and not (month and day.isdigit()):
        raise ValueError(f"day '{day}' needs a month and must be a number")
    return _checked(int(year), month, int(day or 0), f"{year}-{month}-{day}")


def _iso_date(value: str) -> PartialDate:
    match = _ISO_DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g or 0) for g in match.groups())
    return _checked(year, month, day, value)


def _month(value: str) -> int:
    value = value.strip().lower().rstrip(".")
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    if value in _MONTHS:
        return _MONTHS[value]
    raise ValueError(f"month '{value}' is not a month (8, aug or August)")


def _checked(year: int, month: int, day: int, written: str) -> PartialDate:
    try:
        _date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"date '{written}' does not exist") from None
    return PartialDate(year, month, day)
