"""`mdime review EDITED.docx`: an editor's comments and tracked changes, located in the sources.

Prints one line per item in source order (`FILE:LINE:COL: comment: AUTHOR: TEXT`,
`...: change: AUTHOR: 'old' -> 'new'`), or a JSON list; with `apply`, makes the
tracked changes that are safe (`review.apply`) and lists the rest to do by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mdime_publish.review.apply import apply_edits, plan_edit
from mdime_publish.review.edition import NotAnEdition, read_edition
from mdime_publish.review.items import load_sources, locate_all

EXIT_OK, EXIT_PROBLEMS = 0, 1


def run_review(docx: Path, root: Path, fmt: str, apply: bool) -> int:
    try:
        edition = read_edition(docx)
    except NotAnEdition as exc:
        print(f"{docx}: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if not edition.sources:
        print(f"{docx}: error: not an mdime edition: its source map names no source files", file=sys.stderr)
        return EXIT_PROBLEMS
    sources = load_sources(edition, root)
    for source in sources:
        if source.text is None:
            print(f"{source.name}: warning: source file not found under {root}; items keep the build's positions",
                  file=sys.stderr)
        elif source.changed:
            print(f"{source.name}: warning: changed since this DOCX was built; items are located by their text"
                  + ("; --apply leaves this file alone" if apply else ""), file=sys.stderr)
    places = locate_all(edition, sources, edition.sources[0][0])
    refused = apply and any(p.source is not None and p.source.changed and p.item.kind == "change" for p in places)
    if apply:
        edits = [e for e in (plan_edit(p) for p in places) if e is not None]
        for edit in apply_edits(edits):
            edit.place.located.applied = True
    located = [p.located for p in places]
    if fmt == "json":
        sys.stdout.write(json.dumps([item.as_dict() for item in located], indent=1, ensure_ascii=False) + "\n")
    else:
        for item in located:
            print(item.describe())
    _summary(located, apply)
    not_found = sum(item.located == "stale" for item in located)
    if not_found:
        print(f"mdime: {not_found} item{'s' * (not_found != 1)} could not be re-located in the changed sources "
              "(positions from the build)", file=sys.stderr)
    return EXIT_PROBLEMS if refused else EXIT_OK


def _summary(located: list, apply: bool) -> None:
    comments = sum(i.kind == "comment" for i in located)
    changes = len(located) - comments
    line = f"mdime: {comments} comment{'s' * (comments != 1)}, {changes} change{'s' * (changes != 1)}"
    if apply:
        applied = sum(i.applied for i in located)
        line += f"; applied {applied}, {len(located) - applied} to do by hand"
    print(line, file=sys.stderr)
