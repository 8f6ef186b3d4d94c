"""BibTeX files to `Reference`s by key, with every problem found as a `Problem`.

bibtexparser 2 splits the files into blocks; `bibtex_values` resolves `@string`
macros and `#` concatenation; bibtexparser's middlewares then remove enclosing
braces, normalise field names and split authors into parts. LaTeX is decoded here
afterwards, part by part, so `{U.S. Department of State}` stays one corporate
author, and never in `url`, where `~`, `%` and `_` are literal.

Whatever would lose text silently is an error at the line of the field: a field
left outside its entry by an extra `}`, a missing comma, a malformed date or URL.
A field name close to a known one (`urldtae`) is a warning; the extras reference
managers export (abstract, keywords, file, ...) pass silently.
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
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ImplicitComment, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import get_default_latex_context_db

from mdime_publish.errors import Problem, error, suggest, warning
from mdime_publish.model.document import Pos
from mdime_publish.model.languages import LANGUAGE_NAMES, entry_language
from mdime_publish.model.references import ENTRY_TYPES, Name, PartialDate, Reference
from mdime_publish.parse.bibtex_values import resolve_values
from mdime_publish.parse.text import decode

# bibtexparser logs each failed block; we report them as Problems instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_NAME_FIELDS = ("author", "editor")
_LITERAL_FIELDS = ("url", "doi")
_DATE_FIELDS = ("date", "year", "month", "day", "urldate")
_ALIASES = {"journal": "journaltitle", "address": "location", "school": "institution"}
#: Fields the note forms print or read, and what reference managers export besides.
_KNOWN_FIELDS = frozenset("""
    author editor title titleaddon shorttitle subtitle journaltitle journal booktitle maintitle
    publisher organization institution school howpublished location address date year month
    day url urldate doi volume number issue pages type note edition series chapter eventtitle
    eventdate venue version language langid isbn issn eprint eprinttype crossref pubstate
""".split())
_EXTRA_FIELDS = frozenset("""
    abstract keywords keyword file files annote annotation comment comments timestamp owner
    groups mendeley-tags mendeley-groups pmid pmcid copyright urlaccessdate accessed lccn
    citeulike-article-id bdsk-url-1 bdsk-url-2 date-added date-modified rating read priority
""".split())
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
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
            data = path.read_bytes()
        except FileNotFoundError:
            problems.append(error(name, 0, 0, "bibliography file not found"))
            continue
        except OSError as e:
            problems.append(error(name, 0, 0, f"cannot read bibliography: {e.strerror}"))
            continue
        text, more = decode(data, name)
        if text is None:
            problems += more
            continue
        library = bibtexparser.parse_string(text, parse_stack=[])
        found = _failed_blocks(library, name) + _stray_fields(library, name)
        lines = text.splitlines()
        found += [error(name, line, _field_col(lines, line), message) for line, message in resolve_values(library)]
        for middleware in _MIDDLEWARES:
            library = middleware.transform(library)
        for entry in library.entries:
            line = entry.start_line + 1
            if entry.key in references:
                first = references[entry.key].pos
                found.append(
                    error(name, line, 1, f"duplicate key '{entry.key}' (first defined at {first})")
                )
                continue
            reference, entry_problems = _reference(entry, Pos(file=name, line=line), lines)
            references[entry.key] = reference
            found += entry_problems
        problems += sorted(found, key=lambda p: p.line)
    return references, problems


_MIDDLEWARES = (
    middlewares.RemoveEnclosingMiddleware(allow_inplace_modification=True),
    middlewares.NormalizeFieldKeys(),
    middlewares.SeparateCoAuthors(name_fields=_NAME_FIELDS),
    middlewares.SplitNameParts(name_fields=_NAME_FIELDS),
)


def _stray_fields(library: Library, file: str) -> list[Problem]:
    """Field-like text or a `}` between entries: an extra `}` closed the entry before
    it, reported where it did (after a block that failed to parse, its own error
    explains the rest)."""
    problems, previous = [], None
    for block in library.blocks:
        if not isinstance(block, ImplicitComment):
            previous = block
            continue
        if isinstance(previous, ParsingFailedBlock):
            continue
        fields = [m[1] for m in _STRAY_FIELD.finditer(block.comment)]
        if not fields and "}" not in block.comment:
            continue
        lost = f": field{'s' * (len(fields) > 1)} {', '.join(fields)} after it would be lost" if fields else ""
        if isinstance(previous, Entry) and previous.raw:
            line = (previous.start_line or 0) + 1 + previous.raw.count("\n")
            col = len(previous.raw.rsplit("\n", 1)[-1]) if "\n" in previous.raw else 1
            problems.append(error(file, line, col, f"an extra '}}' closes entry '{previous.key}' here{lost}"))
        else:
            line = (block.start_line or 0) + 1 + block.comment[: block.comment.find("}")].count("\n")
            problems.append(error(file, line, 1, f"'}}' or a field outside any entry; delete the extra '}}'{lost}"))
    return problems


_STRAY_FIELD = re.compile(r"(?m)^[\s,]*([A-Za-z][\w-]*)\s*=")


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


def _field_col(lines: list[str], line: int) -> int:
    """The column where the text of `line` starts (a field's name)."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return len(text) - len(text.lstrip()) + 1


def _reference(entry: Entry, pos: Pos, source: list[str]) -> tuple[Reference, list[Problem]]:
    problems: list[Problem] = []
    kind = entry.entry_type.lower()
    if kind not in ENTRY_TYPES:
        problems.append(
            warning(pos.file, pos.line, 1, f"unknown entry type @{kind}; formatted as @misc")
        )
        kind = "misc"
    raw = {f.key: f.value for f in entry.fields}
    lines = {f.key: (f.start_line or entry.start_line) + 1 for f in entry.fields}

    def problem(key: str, message: str, severity=error) -> None:
        line = lines.get(key, pos.line)
        problems.append(severity(pos.file, line, _field_col(source, line), f"entry '{entry.key}', field '{key}': {message}"))

    fields = {}
    for key, value in raw.items():
        name = _ALIASES.get(key, key)
        if key not in _KNOWN_FIELDS | _EXTRA_FIELDS and (hint := suggest(key, _KNOWN_FIELDS)):
            problem(key, f"unknown field, not printed{hint}", warning)
        if key in _NAME_FIELDS + _DATE_FIELDS or (key != name and name in raw):
            continue  # names and dates are parsed below; a biblatex name beats its alias
        fields[name] = value.strip() if key in _LITERAL_FIELDS else _decode(value)
    for key in ("langid", "language"):
        if fields.get(key) and not entry_language(fields[key]):
            problem(key, f"unknown language '{fields[key]}': its titles are not marked as another language "
                         "(expected a name such as 'russian' or a language tag such as 'ru')"
                         + suggest(fields[key], LANGUAGE_NAMES), warning)
    url = fields.pop("url", "")
    if url and not _URL.fullmatch(url):
        problem("url", f"'{url}' is not a web address: "
                + ("it contains a space" if re.search(r"\s", url) else "it needs a scheme such as https://"))
    issued, urldate = None, None
    try:
        issued = _issued(raw)
    except _DateError as e:
        problem(e.field, str(e))
    try:
        urldate = _iso_date(raw["urldate"], "urldate") if raw.get("urldate") else None
    except _DateError as e:
        problem(e.field, str(e))
    reference = Reference(
        key=entry.key,
        type=kind,
        url=url,
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


class _DateError(ValueError):
    """A date field that is not a date; `field` names it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _issued(raw: dict[str, str]) -> PartialDate | None:
    """`date` (ISO, partial allowed), else `year`/`month`/`day`."""
    if raw.get("date"):
        return _iso_date(raw["date"], "date")
    if not raw.get("year"):
        if raw.get("month") or raw.get("day"):
            raise _DateError("month" if raw.get("month") else "day", "month or day given without a year")
        return None
    year = raw["year"].strip()
    if not re.fullmatch(r"\d{4}", year):
        raise _DateError("year", f"year '{year}' is not a four-digit year")
    month = _month(raw["month"]) if raw.get("month") else 0
    day = raw.get("day", "").strip()
    if day and not (month and day.isdigit()):
        raise _DateError("day", f"day '{day}' needs a month and must be a number")
    return _checked(int(year), month, int(day or 0), f"{year}-{month}-{day}", "day" if day else "month")


def _iso_date(value: str, field: str) -> PartialDate:
    match = _ISO_DATE.fullmatch(value.strip())
    if not match:
        raise _DateError(field, f"date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g or 0) for g in match.groups())
    return _checked(year, month, day, value, field)


def _month(value: str) -> int:
    value = value.strip().lower().rstrip(".")
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    if value in _MONTHS:
        return _MONTHS[value]
    raise _DateError("month", f"month '{value}' is not a month (8, aug or August)")


def _checked(year: int, month: int, day: int, written: str, field: str) -> PartialDate:
    try:
        _date(year, month or 1, day or 1)
    except ValueError:
        raise _DateError(field, f"date '{written}' does not exist") from None
    return PartialDate(year, month, day)
