"""Inline runs as short markup for exact assertions: **bold**, *italic*, <url>, ^3."""

from __future__ import annotations

from mdime_publish.model.document import Emph, Inline, Link, NoteRef, Strong, Text


def markup(runs: list[Inline]) -> str:
    out = ""
    for run in runs:
        if isinstance(run, Text):
            out += run.text
        elif isinstance(run, Strong):
            out += f"**{markup(run.children)}**"
        elif isinstance(run, Emph):
            out += f"*{markup(run.children)}*"
        elif isinstance(run, NoteRef):
            out += f"^{run.number}"
        else:
            assert isinstance(run, Link) and markup(run.children) == run.url, run
            out += f"<{run.url}>"
    return out
