"""`mdime diff REV [PATH...]`: what changed in each report since a git revision or an earlier file.

The earlier state is loaded like any report, from a temporary workspace: the
workspace tree at REV (`git archive`), or a copy of today's workspace with the
report replaced by the earlier file. Prints rating changes and notes added or
removed, located in today's source, and writes the redline DOCX
(`review.redline`) next to the other editions.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from mdime_publish.model import document as m
from mdime_publish.output import write_atomic
from mdime_publish.parse.markdown import plain_text
from mdime_publish.pipeline import Workspace, load_report
from mdime_publish.review.redline import redline

AUTHOR = "mdime diff"


class DiffError(Exception):
    """REV is neither a git revision nor a file."""


def run_diff(rev: str, targets: list, out: Path | None) -> int:
    from mdime_publish.builder import build_context
    from mdime_publish.writers.docx import render_docx

    if Path(rev).is_file() and len(targets) != 1:
        print(f"mdime: error: {rev} is an earlier report file: name the one report to compare it with",
              file=sys.stderr)
        return 2
    failed = 0
    for ws, path in targets:
        loaded = load_report(path, ws)
        if not loaded.ok:
            for problem in loaded.problems:
                print(problem, file=sys.stderr)
            print(f"{loaded.shown}: not compared: it has errors", file=sys.stderr)
            failed += 1
            continue
        with tempfile.TemporaryDirectory(prefix="mdime-diff-") as tmp:
            try:
                old_path = earlier(rev, ws.root, path, Path(tmp))
            except DiffError as exc:
                print(f"mdime: error: {exc}", file=sys.stderr)
                return 2
            if old_path is None:
                print(f"{loaded.shown}: not in {rev}: nothing to compare with", file=sys.stderr)
                continue
            old = load_report(old_path, Workspace(Path(tmp)))
            if not old.ok:
                print(f"{loaded.shown}: error: its state at {rev} does not build; first problem: "
                      f"{old.problems[0] if old.problems else 'unknown'}", file=sys.stderr)
                failed += 1
                continue
            new_report, old_report = loaded.report, old.report
            for line in rating_changes(old_report, new_report) + note_changes(old_report, new_report, rev):
                print(line)
            ctx = build_context(ws, "letter", False, new_report)
            date = f"{ctx.build_date}T00:00:00Z"
            data, counts = redline(render_docx(old_report, ctx, ws.root), render_docx(new_report, ctx, ws.root),
                                   AUTHOR, date)
        target = (out or ws.root / "build") / new_report.recipient_id / f"{new_report.benefactor_id}.redline.docx"
        write_atomic(target, data)
        print(f"wrote {ws.shown(target)}: {counts.changed} paragraph{'s' * (counts.changed != 1)} changed, "
              f"{counts.added} added, {counts.removed} removed since {rev}", file=sys.stderr)
    return 1 if failed else 0


def earlier(rev: str, root: Path, path: Path, tmp: Path) -> Path | None:
    """The report's earlier state in a workspace under `tmp`, or None when REV lacks it."""
    relative = path.resolve().relative_to(root)
    if Path(rev).is_file():
        for folder in ("content", "bibliography"):
            if (root / folder).is_dir():
                shutil.copytree(root / folder, tmp / folder, symlinks=False,
                                ignore=lambda d, names: [n for n in names if n.startswith(".")])
        shutil.copyfile(rev, tmp / relative)
        return tmp / relative
    git = ["git", "-C", str(root)]
    check = subprocess.run([*git, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], capture_output=True)
    if check.returncode != 0:
        raise DiffError(f"'{rev}' is neither a git revision of {root} nor a file")
    prefix = subprocess.run([*git, "rev-parse", "--show-prefix"], capture_output=True, text=True).stdout.strip()
    top = subprocess.run([*git, "rev-parse", "--show-toplevel"], capture_output=True, text=True).stdout.strip()
    # from the top: in a subfolder, git archive would look for the prefix below it
    archive = subprocess.run(["git", "-C", top, "archive", "--format=tar", f"{rev}:{prefix}"], capture_output=True)
    if archive.returncode != 0:
        raise DiffError(f"cannot read the workspace at {rev}: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / relative if (tmp / relative).is_file() else None


def rating_changes(old: m.Report, new: m.Report) -> list[str]:
    """'FILE:LINE:COL: rating: D1 current: Medium -> High', for each level that moved."""
    lines = []
    olds = {"overall": old.overall, **old.ratings()}
    for code, rating in {"overall": new.overall, **new.ratings()}.items():
        before = olds[code]
        where = str(rating.pos) if rating.pos else new.source
        for part in ("current", "projected", "confidence"):
            a, b = getattr(before, part), getattr(rating, part)
            if (a.label if a else "") != (b.label if b else ""):
                lines.append(f"{where}: rating: {code} {part}: {a.label if a else 'none'} -> {b.label if b else 'none'}")
    return lines


def note_changes(old: m.Report, new: m.Report, rev: str) -> list[str]:
    """Notes added (located in today's source) and removed (with their line at REV)."""
    olds, news = Counter(map(_identity, old.notes)), Counter(map(_identity, new.notes))
    lines = []
    for note in new.notes:
        if news[_identity(note)] > olds[_identity(note)]:
            news[_identity(note)] -= 1
            where = str(note.pos) if note.pos else new.source
            lines.append(f"{where}: note added: {note.number}. {_summary(note)}")
    news = Counter(map(_identity, new.notes))
    for note in old.notes:
        if olds[_identity(note)] > news[_identity(note)]:
            olds[_identity(note)] -= 1
            at = f" (line {note.pos.line} at {rev})" if note.pos else ""
            lines.append(f"{new.source}: note removed: {note.number}. {_summary(note)}{at}")
    return lines


def _identity(note: m.Note) -> str:
    """A citation is its source; a comment note its text."""
    return "cite:" + ",".join(note.keys) if note.form != "comment" else "note:" + plain_text(note.content)


def _summary(note: m.Note, width: int = 80) -> str:
    text = plain_text(note.content)
    text = text if len(text) <= width else text[: width - 1] + "…"
    return f"[@{', @'.join(note.keys)}] {text}" if note.form != "comment" else text
