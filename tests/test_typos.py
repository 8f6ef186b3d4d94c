"""Property (issue 11): a one-character typo never changes the print unnoticed.

Hypothesis (derandomised) deletes or duplicates one bracket, brace, comma or marker
at a random place of an example report or its BibTeX file. Whenever the printed text
of the model then differs from the original by more than that one character (syntax
printed as text, text swallowed, a note lost), `mdime check` must report an error.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT
from mdime_publish.errors import has_errors
from mdime_publish.model import document as m
from mdime_publish.model.walk import inline_lists
from mdime_publish.pipeline import Workspace, load_report

MARKERS = "[]{}(),;*_^@"
SOURCES = {  # file -> the report it belongs to
    "content/mali/russia.md": "content/mali/russia.md",
    "content/mali/china.md": "content/mali/china.md",
    "bibliography/mali-russia.bib": "content/mali/russia.md",
    "bibliography/mali-china.bib": "content/mali/china.md",
}


def printed(report: m.Report) -> str:
    """What the editions print from the author's text: every inline list and every note,
    markup as tags, so a change of emphasis or a lost note shows."""
    parts = [report.title, report.recipient, report.date_label, report.status]
    parts += [f"{code}={r.current.id}/{r.projected.id}" for code, r in report.ratings().items()]
    parts += [row.label for row in report.glance]
    parts += [_inline(children) for children in inline_lists(report)]
    parts += [f"{n.number}:{_inline(n.content)}" for n in report.notes]
    return "\n".join(parts)


def _inline(nodes: list) -> str:
    out = []
    for node in nodes:
        if isinstance(node, (m.Text, m.Code)):
            out.append(node.text)
        elif isinstance(node, m.NoteRef):
            out.append(f"<{node.number}>")
        elif isinstance(node, m.LineBreak):
            out.append("<br>")
        elif isinstance(node, m.Image):
            out.append(f"<img {node.src}>")
        else:
            tag = type(node).__name__
            url = f" {node.url}" if isinstance(node, m.Link) else ""
            out.append(f"<{tag}{url}>{_inline(node.children)}</{tag}>")
    return "".join(out)


def _in_names(text: str, at: int) -> bool:
    """Whether `at` is on an author or editor line of BibTeX: there a comma says which
    part is the family name ('Doe, Jane' or 'Jane Doe' are both names), not a typo."""
    start = text.rfind("\n", 0, at) + 1
    return re.match(r"\s*(author|editor)\s*=", text[start:at]) is not None


def only(char: str, before: str, after: str, delete: bool) -> bool:
    """Whether `after` is `before` with one `char` deleted (or one more, when not `delete`)."""
    longer, shorter = (before, after) if delete else (after, before)
    if len(longer) != len(shorter) + 1:
        return False
    i = next((i for i, (a, b) in enumerate(zip(longer, shorter)) if a != b), len(shorter))
    return longer[i] == char and longer[:i] + longer[i + 1 :] == shorter


def everywhere(text: str, at: int, delete: bool, before: str, after: str) -> bool:
    """Whether the print changed exactly as the source around the typo did, wherever that
    source text prints (a URL is printed as the link and as its text)."""
    start = at
    while start and text[start - 1] not in ' \t\n{}"':
        start -= 1
    around = [(start, re.compile(r'[^\s{}"]*').match(text, at).end())]  # the whole word, e.g. a URL
    for width in (20, 8, 4):
        around.append((max(at - width, text.rfind("\n", 0, at) + 1), min(at + width + 1, text.find("\n", at) % (len(text) + 1))))
    for start, end in around:
        old = text[start:end]
        new = old[: at - start] + ("" if delete else text[at]) + old[at - start + delete :]
        if old and old in before and before.replace(old, new) == after:
            return True
    return False


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("typos")
    for folder in ("content", "bibliography"):
        shutil.copytree(PROJECT / folder, root / folder)
    return root


class Originals(dict):
    """Each report's printed text before any typo (a short repr for Hypothesis)."""

    def __repr__(self) -> str:
        return f"<printed text of {len(self)} reports>"


@pytest.fixture(scope="module")
def originals(workspace: Path) -> Originals:
    out = Originals()
    for report in set(SOURCES.values()):
        loaded = load_report(workspace / report, Workspace(workspace))
        assert loaded.ok, loaded.problems
        out[report] = printed(loaded.report)
    return out


@settings(derandomize=True, max_examples=250, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_typo_that_changes_the_print_is_an_error(workspace, originals, data):
    file = data.draw(st.sampled_from(sorted(SOURCES)), label="file")
    path = workspace / file
    text = path.read_text(encoding="utf-8")
    places = [i for i, c in enumerate(text) if c in MARKERS and not (c == "," and _in_names(text, i))]
    at = data.draw(st.sampled_from(places), label="offset")
    delete = data.draw(st.booleans(), label="delete")
    mutated = text[:at] + text[at + 1 :] if delete else text[:at] + text[at] + text[at:]
    line = text.count("\n", 0, at) + 1
    note(f"{file}:{line}: {'deleted' if delete else 'doubled'} {text[at]!r} in {text.splitlines()[line - 1]!r}")
    path.write_text(mutated, encoding="utf-8")
    try:
        loaded = load_report(workspace / SOURCES[file], Workspace(workspace))
    finally:
        path.write_text(text, encoding="utf-8")
    if has_errors(loaded.problems):
        assert all(p.line for p in loaded.problems if p.severity == "error"), loaded.problems  # located
        return
    after = printed(loaded.report)
    before = originals[SOURCES[file]]
    assert after == before or only(text[at], before, after, delete) or everywhere(text, at, delete, before, after), \
        _diff(before, after)


def _diff(before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return "the print changed and check said nothing:\n" + "\n".join(list(lines)[2:8])


def note(message: str) -> None:
    from hypothesis import note as hypothesis_note

    hypothesis_note(message)
