"""A report path to a numbered Report and every problem found on the way.

load → parse → validate → build → check references → number notes, in one short
function. Workspace-wide inputs (series settings, authors, bibliography files) are
read once per `Workspace` and shared by all its reports.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mdime_publish.errors import Problem, ReportError, error, has_errors, suggest, warning
from mdime_publish.images import load_images
from mdime_publish.model import build
from mdime_publish.model import document as m
from mdime_publish.model.properties import MAX_PROPERTY, too_long
from mdime_publish.model.walk import iter_inlines
from mdime_publish.parse.bibtex import load_bibliography
from mdime_publish.parse.markdown import inline_bare_keys, parse_source
from mdime_publish.parse.yaml_markdown import author_from_entry, glance_rows, overview
from mdime_publish.parse.yaml_positions import Located, load_yaml
from mdime_publish.style_files import links_out
from mdime_publish import sources
from mdime_publish.validate.body import validate_body
from mdime_publish.validate.front_matter import validate_front_matter
from mdime_publish.validate.placeholders import placeholders


@dataclass
class Loaded:
    """The outcome of loading one report."""

    path: Path
    shown: str  # the path as messages show it
    report: m.Report | None
    problems: list[Problem]
    inputs: list[Path] = field(default_factory=list)  # every file the report depends on

    @property
    def ok(self) -> bool:
        return self.report is not None and not has_errors(self.problems)


class Workspace:
    """A workspace root and the inputs its reports share, each read once."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self._series: Any = None
        self._authors: Any = None
        self._bibs: dict[tuple[Path, ...], tuple[dict, list[Problem]]] = {}
        self._style_problems: list[Problem] | None = None
        self._revision: str | None = None

    @classmethod
    def around(cls, path: Path) -> Workspace:
        return cls(sources.find_workspace(path))

    def shown(self, path: Path) -> str:
        return sources.display(path, self.root)

    def series(self):
        if self._series is None:
            self._series = sources.load_series(self.root)
        return self._series

    def authors(self):
        if self._authors is None:
            self._authors = sources.load_authors(self.root)
        return self._authors

    def bibliography(self, paths: list[Path]) -> tuple[dict, list[Problem]]:
        key = tuple(paths)
        if key not in self._bibs:  # a FIFO or device would block the reader: refused unopened
            refused = {p: problem for p in paths if (problem := sources.not_readable(p, self.shown(p), missing_ok=True))}
            references, problems = load_bibliography([p for p in paths if p not in refused], self.shown)
            self._bibs[key] = references, list(refused.values()) + problems
        return self._bibs[key]

    def revision(self) -> str:
        """The source revision (git), asked once per workspace."""
        if self._revision is None:
            self._revision = sources.source_revision(self.root)
        return self._revision

    def style_problems(self) -> list[Problem]:
        """Style files that are links out of the workspace: refused, once per workspace."""
        if self._style_problems is None:
            self._style_problems = [error(self.shown(p), 0, 0, f"style {kind} is a link to a {kind} outside the workspace")
                                    for p in links_out(self.root) for kind in ["folder" if p.is_dir() else "file"]]
        return self._style_problems


def load_report(path: Path, workspace: Workspace | None = None, *, number: bool = True) -> Loaded:
    """Parse, validate, build and number one report; never raises on bad input.
    Problems come sorted by file and position. Numbering notes, marking languages and
    recording source digests find no problems: what needs no edition (a check, the
    ratings) passes `number=False` and gets the report as built."""
    workspace = workspace or Workspace.around(path)
    loaded = Loaded(path, workspace.shown(path), None, [], [path])
    _load(loaded, workspace, number)
    loaded.problems.sort(key=lambda p: (p.file, p.line, p.col))
    return loaded


def _load(loaded: Loaded, workspace: Workspace, number: bool) -> None:
    path, shown = loaded.path, loaded.shown
    try:
        series = workspace.series()
    except ReportError as exc:
        loaded.problems = exc.problems
        return
    text, problems = sources.read_text(path, shown, workspace.root)
    if text is None:
        loaded.problems = problems
        return

    parsed = parse_source(text, shown)
    problems += parsed.problems
    front, doc = None, None
    if parsed.front_matter is None:
        first = next((p.line for p in parsed.parts if getattr(p, "level", 0) == 1), parsed.last_line + 1)
        problems = [p for p in problems if p.line >= first]  # front matter read as Markdown: noise
        problems.append(error(shown, 1, 1, "missing front matter: a report starts with a '---' line, "
                                           "the YAML front matter, and another '---' line"))
    else:
        doc, more = load_yaml(parsed.front_matter, shown, parsed.front_matter_line)
        problems += more
        if doc is not None:
            front, more = validate_front_matter(doc, series)
            problems += more
    unfinished = _unfinished(front, series)
    body, more = validate_body(parsed.parts, series, shown, parsed.last_line,
                               front_matter=parsed.front_matter is not None, **unfinished)
    problems += more + placeholders(text, shown, unfinished.get("unfinished", "warning"))

    authors_file, more = workspace.authors()
    problems += more + workspace.style_problems()
    loaded.inputs.append(workspace.root / "content" / "authors.yaml")
    if front is None or doc is None:
        loaded.problems = problems
        return

    authors = _authors(front, doc, authors_file, problems)
    bib_paths, refused = sources.bibliography_paths(workspace.root, front.bibliography)
    for name in refused:
        message = f"bibliography file '{name}' is outside the workspace"
        if front.bibliography is None:  # a link found among bibliography/*.bib
            problems.append(error(workspace.shown(workspace.root / "bibliography" / name), 0, 0, message))
        else:
            line, col = doc.position(("bibliography", front.bibliography.index(name)))
            problems.append(error(shown, line, col, message))
    bib_paths = _existing_bibliographies(bib_paths, front.bibliography, doc, workspace.root, problems)
    loaded.inputs += bib_paths if front.bibliography is not None else [*bib_paths, workspace.root / "bibliography"]
    references, more = workspace.bibliography(bib_paths)
    problems += more
    glance_positions = {label: doc.position(("glance", label)) for label in front.glance}
    problems += _keys_as_text(parsed.bare_keys, front, glance_positions, text.splitlines(), shown, authors_file,
                              references)
    problems += _front_matter_warnings(front, doc, path)
    glance, more = glance_rows(front.glance, glance_positions, shown, text.splitlines())
    problems += more
    if has_errors(problems):
        loaded.problems = problems
        return

    report = build.build_report(series=series, source=shown, front=front, body=body, glance=glance, authors=authors,
                                overview=overview(series))
    problems += _property_lengths(report, front, doc)
    build.place_ratings(report, lambda loc: doc.position(loc, key=True))
    problems += _check_citations(report, references, shown, warn_unused=front.bibliography is not None)
    more, images = load_images(report, path.resolve().parent, workspace.root)
    problems += more
    loaded.inputs += images
    loaded.problems = problems
    if not has_errors(problems):
        if not number:
            loaded.report = report
            return
        from mdime_publish.model.languages import mark_languages
        from mdime_publish.model.notes import number_notes
        from mdime_publish.model.typography import typeset

        loaded.report = typeset(mark_languages(number_notes(report, references)))
        texts = [(path, shown), (workspace.root / "content" / "authors.yaml", authors_file.shown),
                 *[(p, workspace.shown(p)) for p in bib_paths]]
        loaded.report.sources = {name: hashlib.sha256(p.read_bytes()).hexdigest() for p, name in texts if p.is_file()}


def _property_lengths(report: m.Report, front: Any, doc: Located) -> list[Problem]:
    """A title, byline or subject longer than a DOCX property holds, at the key it comes from."""
    problems = []
    for name, text in too_long(report).items():
        key = {"title": "title" if front.title else "recipient", "author": "authors"}.get(name, "recipient")
        line, col = doc.position((key,))
        problems.append(error(doc.file, line, col, f"the {name} '{text[:40]}...' is {len(text)} characters "
                                                   f"long; a DOCX {name} property holds at most {MAX_PROPERTY}"))
    return problems


def _unfinished(front: Any, series: Any) -> dict:
    """How unfinished content counts (an error once the report is final), and which
    instruments are rated unobserved (their findings need no evidence)."""
    if front is None:
        return {}
    unobserved = series.current_levels[-1].id
    return {"unfinished": "error" if front.status == "final" else "warning",
            "unobserved": frozenset(c for c in series.instruments if getattr(front.ratings, c).current == unobserved)}


def _keys_as_text(body_keys: list, front: Any, glance_positions: dict, lines: list[str], shown: str,
                  authors_file: Any, references: dict) -> list[Problem]:
    """Citation keys written without their '@' or brackets, in the body, the glance
    values and the bios, which would print as text."""
    found = list(body_keys)
    for label, value in front.glance.items():
        found += inline_bare_keys(value, shown, *glance_positions[label], lines)
    for author_id in dict.fromkeys(front.authors):
        entry = authors_file.entries.get(author_id)
        if entry is not None and entry.bio:
            found += inline_bare_keys(entry.bio, authors_file.shown, *authors_file.positions[author_id],
                                      authors_file.lines)
    return [make() for key, make in found if key in references]


def _existing_bibliographies(paths: list[Path], named: list[str] | None, doc: Located, root: Path,
                             problems: list[Problem]) -> list[Path]:
    """The named files that exist; each missing one is an error at its front-matter line."""
    if named is None:
        return paths
    present = sorted(p.name for p in (root / "bibliography").glob("*.bib"))
    found = []
    for path in paths:
        if sources.present(path):  # a FIFO or an over-long name is refused when read
            found.append(path)
            continue
        name = next(n for n in named if (root / "bibliography" / n).resolve() == path)
        line, col = doc.position(("bibliography", named.index(name)))
        problems.append(error(doc.file, line, col, f"bibliography file '{name}' not found in bibliography/"
                                                   f"{suggest(name, present)}"))
    return found


def _front_matter_warnings(front: Any, doc: Located, path: Path) -> list[Problem]:
    """Likely mistakes that still build: cut glance values, no byline, a file whose
    place in content/ disagrees with its front matter."""
    problems = []
    for label in front.glance:
        comment = doc.comment_after(("glance", label))
        if comment:
            line, col = doc.position(("glance", label))
            problems.append(warning(doc.file, line, col, f"glance '{label}': '{comment}' is a YAML comment and is "
                                                         "dropped; quote the whole value if '#' belongs to it"))
    if not front.authors:
        line, col = doc.position(("authors",))
        problems.append(warning(doc.file, line, col, "authors: the byline is empty"))
    expected = (build.slug(front.recipient), front.benefactor)
    actual = (path.parent.name, path.stem)
    if actual != expected:
        line, col = doc.position(("benefactor",))
        problems.append(warning(doc.file, line, col, f"the front matter makes this the {front.benefactor} report on "
                                                     f"{front.recipient}, built as {'/'.join(expected)}, but the file is "
                                                     f"{'/'.join(actual)}.md"))
    return problems


def _authors(front: Any, doc: Located, authors_file: Any, problems: list[Problem]) -> list[m.Author]:
    authors = []
    for index, author_id in enumerate(front.authors):
        entry = authors_file.entries.get(author_id)
        if entry is None and author_id in authors_file.invalid:
            continue  # its own errors were reported in authors.yaml
        if entry is None:
            line, col = doc.position(("authors", index))
            where = f"in {authors_file.shown}" if authors_file.entries else f"({authors_file.shown} is missing or empty)"
            problems.append(error(doc.file, line, col, f"unknown author id '{author_id}' {where}"
                                                      f"{suggest(author_id, authors_file.entries)}"))
            continue
        letter = "abcdefghijklmnopqrstuvwxyz"[len(authors) % 26]
        pos = authors_file.positions.get(author_id, (1, 1))
        author, more = author_from_entry(author_id, entry, letter, authors_file.shown, pos, authors_file.lines)
        authors.append(author)
        problems += more
    return authors


def _check_citations(report: m.Report, references: dict, shown: str, *, warn_unused: bool) -> list[Problem]:
    """Unknown keys are errors at the citation; entries of the report's own
    bibliography files that it never cites are warnings."""
    problems, cited = [], set()
    for node in iter_inlines(report):
        if isinstance(node, m.Cite):
            for item in node.items:
                cited.add(item.key)
                if item.locator in references:
                    pos = item.pos or m.Pos(file=shown, line=1)
                    problems.append(error(pos.file, pos.line, pos.col, f"'{item.locator}' after the comma is a "
                                          "citation key, not a page: separate citations with ';' ('[@a; @b]')"))
                if item.key not in references:
                    pos = item.pos or m.Pos(file=shown, line=1)
                    problems.append(error(pos.file, pos.line, pos.col, f"unknown citation key '{item.key}'"
                                                                       f"{suggest(item.key, references)}"))
    for key, ref in references.items() if warn_unused else ():
        if key not in cited:
            pos = ref.pos
            problems.append(warning(pos.file, pos.line, pos.col, f"bibliography entry '{key}' is never cited in {shown}"))
    return problems
