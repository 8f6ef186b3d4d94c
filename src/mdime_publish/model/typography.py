"""Typographic characters, set once in the document model so every edition prints the same.

`typeset(report)` returns a copy of a numbered Report in which every printed text has

- curly quotes and apostrophes: "a" prints “a”, 'a' prints ‘a’, Russia's prints
  Russia’s, '90s prints ’90s;
- an en dash in number ranges, locators included: 14-17 prints 14–17, 2012-2013
  prints 2012–2013, while a chain (2024-05-17, 978-3-16) and words (COVID-19) stay.

Never inside code (`Code`, `CodeBlock`), a URL (a link's target, or a URL or e-mail
address written in text) or a field that is data rather than prose (ids, keys,
dates, colours, paths; `_DATA_FIELDS`). The walk covers the whole Report, series
texts included, because the series' fixed sentences ("FMSO's ...") are printed too.

Hand-written on purpose: smartypants and markdown-it's typographer work on one
string at a time, but a quote here may open in one run and close in another
(`"**bold**"`), and the notes and front-matter values never pass through Markdown.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from mdime_publish.model import document as m

#: Fields that hold data, not prose: never changed.
_DATA_FIELDS = frozenset({
    "url", "src", "source", "id", "key", "keys", "date", "file", "media_type", "data",
    "fill", "ink", "arrow", "symbol", "form", "type", "code", "status",
    "benefactor_id", "recipient_id", "title_template", "sources", "headings", "lang",
})
#: Spans never changed inside a text: URLs and e-mail addresses.
_PROTECTED = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)[^\s<>\"“”‘’]*[^\s<>\"“”‘’.,;:!?)\]]"
    r"|[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
)
_RANGE = re.compile(r"(?<![\w/.-])(\d+(?:[.,]\d+)?)-(?=\d+(?:[.,]\d+)?(?![\w/-]|[.,]\d))")
_QUOTE = re.compile("[\"']")
_TOUCHED = re.compile("[\"'-]")
#: After these (or at the start) a quote opens; a straight quote before another opens too ("'a' b").
_OPENERS = set(" \t\n\u00a0([{<“‘—–-/\"")


class _Context:
    """The character printed before the text being set: it decides if a quote opens."""

    def __init__(self) -> None:
        self.previous = ""


def typeset(report: m.Report) -> m.Report:
    """`report` with curly quotes and en-dash ranges in everything it prints.

    Edits `report` in place (the pipeline passes the fresh copy that numbering made);
    frozen parts (the series settings) are replaced by edited copies."""
    return _model(report, _Context())


def typeset_text(text: str, previous: str = "") -> str:
    """`text` set as if printed after the character `previous` ('' at a start)."""
    context = _Context()
    context.previous = previous
    return _text(text, context)


def _value(value: Any, context: _Context) -> Any:
    if isinstance(value, BaseModel):
        return _model(value, context)
    if isinstance(value, list):
        return [_value(v, context) for v in value]
    if isinstance(value, dict):
        return {k: _value(v, context) for k, v in value.items()}
    if isinstance(value, str):
        return _text(value, _Context())  # a field of its own: starts afresh
    return value


def _model(node: BaseModel, context: _Context) -> BaseModel:
    if isinstance(node, (m.Code, m.CodeBlock)):
        context.previous = "x"
        return node
    if isinstance(node, m.Text):
        node.text = _text(node.text, context)
        return node
    if not _is_inline(node):
        context = _Context()  # a block, a cell, a note: quotes start afresh
    update = {
        name: _value(getattr(node, name), context)
        for name in type(node).model_fields
        if name not in _DATA_FIELDS
    }
    if node.model_config.get("frozen"):
        return node.model_copy(update=update)
    for name, value in update.items():
        setattr(node, name, value)
    return node


def _is_inline(node: BaseModel) -> bool:
    return isinstance(node, (m.Strong, m.Emph, m.Link, m.NoteRef, m.LineBreak, m.Image))


def _text(text: str, context: _Context) -> str:
    """Quotes curled and ranges dashed, outside protected spans; `context` moves on."""
    if not _TOUCHED.search(text):  # most texts: nothing to do
        context.previous = text[-1:] or context.previous
        return text
    out, start = [], 0
    for match in _PROTECTED.finditer(text):
        out.append(_prose(text[start:match.start()], context))
        out.append(match.group())
        context.previous = match.group()[-1]
        start = match.end()
    out.append(_prose(text[start:], context))
    return "".join(out)


def _prose(text: str, context: _Context) -> str:
    if not text:
        return text
    if "-" in text:
        text = _RANGE.sub(r"\1–", text)
    if '"' in text or "'" in text:
        first = context.previous

        def curl(match: re.Match) -> str:
            at = match.start()
            return _quote(match.group(), text[at - 1] if at else first, text[at + 1:at + 4])

        text = _QUOTE.sub(curl, text)
    context.previous = text[-1]
    return text


def _quote(char: str, before: str, after: str) -> str:
    opens = (not before or before in _OPENERS) and after[:1] not in (" ", "\n", "\t")
    if char == '"':
        return "“" if opens else "”"
    if opens and not re.match(r"\d\d(?:s|\b)", after):  # ’90s is an apostrophe
        return "‘"
    return "’"
