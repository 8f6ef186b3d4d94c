"""A Report with citations to a Report with numbered notes: `Cite` and `InlineNote` to `NoteRef`.

Notes are numbered 1..N once, in reading order: key assessments, introduction,
glance values, the categories, conclusions (`model.walk`), then author bios. Each
item of `[@a; @b]` is its own note: full at a source's first citation, "Ibid." when
the preceding note cites that source alone, short otherwise (`model.note_forms`
writes them). An inline note `^[...]` is one comment note; citations inside it are
printed in its text (in parentheses after other text, as pandoc does) and count for
those choices, and no "Ibid." follows it.

Markers are then placed as Chicago places them: after the punctuation that follows
the citation (`in Mali [@x].` gives "in Mali." and the marker), never after a space.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mdime_publish.model.document import (
    Cite,
    CiteItem,
    Emph,
    Inline,
    InlineNote,
    Link,
    Note,
    NoteRef,
    Report,
    Strong,
    Text,
)
from mdime_publish.model.note_forms import full_note, ibid_note, missing_note, short_note
from mdime_publish.model.references import Reference
from mdime_publish.model.walk import inline_lists

#: Punctuation a note marker goes after (closing parentheses excepted: Chicago puts
#: the marker inside them when the citation is).
_BEFORE_MARKER = re.compile(r"^[.,;:?!”’\"]+")
#: A note's final stop, inside a closing quote or not, unless it ends "Ibid.", "et al.", "ed.".
_FINAL_STOP = re.compile(r"(?i)(?<!\bibid)(?<!\bal)(?<!\bed)(?<!\beds)\.(”?)$")


def number_notes(report: Report, references: Mapping[str, Reference]) -> Report:
    """A copy of `report` with every citation and inline note numbered, `notes` filled."""
    numbered = report.model_copy(deep=True)
    notes = _Notes(references)
    for inlines in inline_lists(numbered):
        inlines[:] = _place_markers(notes.number(inlines))
    numbered.notes = notes.notes
    return numbered


# --- numbering ----------------------------------------------------------------------


class _Notes:
    """The notes so far, and what the next citation's form depends on."""

    def __init__(self, references: Mapping[str, Reference]):
        self.references = references
        self.notes: list[Note] = []
        self.cited: set[str] = set()
        self.previous: CiteItem | None = None  # the item of the preceding note, if alone

    def number(self, inlines: list[Inline]) -> list[Inline]:
        """`inlines` with each citation item and inline note replaced by its marker."""
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, Cite):
                out += [self._citation(item) for item in node.items]
            elif isinstance(node, InlineNote):
                out.append(self._comment(node))
            else:
                if isinstance(node, (Strong, Emph, Link)):
                    node.children = self.number(node.children)
                out.append(node)
        return out

    def _citation(self, item: CiteItem) -> NoteRef:
        form, content = self._form(item)
        reference = self.references.get(item.key)
        note = Note(number=0, content=content, form=form, keys=[item.key], pos=item.pos,
                    entry=reference.pos if reference else None)
        return self._add(note, item)

    def _comment(self, note: InlineNote) -> NoteRef:
        keys: list[str] = []
        content = self._cited_inline(note.children, keys)
        return self._add(Note(number=0, content=content, form="comment", keys=keys, pos=note.pos), None)

    def _add(self, note: Note, item: CiteItem | None) -> NoteRef:
        note.number = len(self.notes) + 1
        self.notes.append(note)
        self.previous = item
        return NoteRef(number=note.number)

    def _form(self, item: CiteItem) -> tuple[str, list[Inline]]:
        """Which form `item` takes here, and its text; records the source as cited."""
        reference = self.references.get(item.key)
        if reference is None:
            return "full", missing_note(item.key, item.locator)
        previous = self.previous
        if previous and previous.key == item.key and (item.locator or not previous.locator):
            return "ibid", ibid_note("" if item.locator == previous.locator else item.locator)
        if item.key in self.cited:
            return "short", short_note(reference, item.locator)
        self.cited.add(item.key)
        return "full", full_note(reference, item.locator)

    def _cite_inline(self, cite: Cite, keys: list[str], after_text: bool) -> list[Inline]:
        """'Doe, *Title*; ibid., 4', in parentheses after text (as pandoc does)."""
        out: list[Inline] = []
        for item in cite.items:
            form, runs = self._form(item)
            self.previous = item
            keys.append(item.key)
            if form == "ibid" and (out or after_text):  # mid-sentence: "ibid., 14"
                runs = [Text(text="i" + runs[0].text[1:])]
            out += [Text(text="; ")] if out else []
            out += _without_final_stop(runs)
        return [Text(text="("), *out, Text(text=")")] if after_text else out

    def _cited_inline(self, inlines: list[Inline], keys: list[str]) -> list[Inline]:
        """A comment's text with its citations written out: 'As reported (Doe, *Title*).'."""
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, Cite):
                out += self._cite_inline(node, keys, after_text=bool(out))
            elif isinstance(node, InlineNote):  # not nested in Markdown, kept if given
                out += self._cited_inline(node.children, keys)
            else:
                if isinstance(node, (Strong, Emph, Link)):
                    node.children = self._cited_inline(node.children, keys)
                out.append(node)
        return _merged(out)


def _merged(runs: list[Inline]) -> list[Inline]:
    """Adjacent Text runs as one: no stop doubled after "ibid.", stops inside quotes."""
    out: list[Inline] = []
    for run in runs:
        if out and isinstance(run, Text) and isinstance(out[-1], Text) and run.lang == out[-1].lang:
            before, after = out[-1].text, run.text
            if before.endswith(".") and after.startswith("."):
                after = after[1:]
            elif before.endswith("”") and after[:1] in (".", ","):
                before, after = before[:-1] + after[0] + "”", after[1:]
            out[-1] = Text(text=before + after, lang=run.lang)
        else:
            out.append(run)
    return out


def _without_final_stop(runs: list[Inline]) -> list[Inline]:
    last = runs[-1]
    if isinstance(last, Text):
        return [*runs[:-1], last.model_copy(update={"text": _FINAL_STOP.sub(r"\1", last.text)})]
    return runs


# --- marker placement ---------------------------------------------------------------


def _place_markers(inlines: list[Inline]) -> list[Inline]:
    """Markers after the punctuation that follows them and without a space before them.

    A marker that ends a bold or italic run followed by punctuation (`**in Mali
    [@x]**.`) leaves the run and goes after the punctuation.
    """
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, (Strong, Emph, Link)):
            node.children = _place_markers(node.children)
        if isinstance(node, NoteRef):
            _trim_end(out)
        elif isinstance(node, Text) and (match := _BEFORE_MARKER.match(node.text)):
            markers = _trailing_markers(out)
            if markers:
                _append_text(out, match.group())
                out += markers
                node = Text(text=node.text[match.end() :])
                if not node.text:
                    continue
        out.append(node)
    return out


def _trailing_markers(out: list[Inline]) -> list[Inline]:
    """Remove and return the markers that end `out`, from inside bold or italic too."""
    markers: list[Inline] = []
    while out:
        last = out[-1]
        if isinstance(last, NoteRef):
            markers.insert(0, out.pop())
        elif isinstance(last, (Strong, Emph)) and _ends_with_marker(last):
            markers[:0] = _trailing_markers(last.children)
            _trim_end(last.children)
            if not last.children:
                out.pop()
        else:
            break
    return markers


def _ends_with_marker(node: Strong | Emph) -> bool:
    last = node.children[-1] if node.children else None
    return isinstance(last, NoteRef) or (
        isinstance(last, (Strong, Emph)) and _ends_with_marker(last)
    )


def _trim_end(out: list[Inline]) -> None:
    """Drop the whitespace that ends `out`."""
    if out and isinstance(out[-1], Text):
        text = out[-1].text.rstrip()
        if text:
            out[-1] = Text(text=text)
        else:
            out.pop()


def _append_text(out: list[Inline], text: str) -> None:
    if out and isinstance(out[-1], Text):
        out[-1] = Text(text=out[-1].text + text)
    else:
        out.append(Text(text=text))
