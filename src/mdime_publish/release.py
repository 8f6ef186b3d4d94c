"""Release rules: what a report must satisfy to be published, and what a release writes.

A release build accepts only `status: final`, treats every warning as an error
(placeholders and unfinished content included), refuses TODO/FIXME/XXX markers left
in the source and, in a git workspace, inputs with uncommitted changes (unless
allowed: the manifest then names them). It names files
`FMSO-MDIME-<Benefactor>-<Recipient>-<YYYY-MM>.<ext>`; the release folder is one
publication set: `manifest.json` lists every artifact in it with its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

from mdime_publish import __version__
from mdime_publish.errors import Problem, error, warning
from mdime_publish.model.document import Report

MARKER = re.compile(r"\b(TODO|FIXME|XXX)\b")
ARTIFACT = re.compile(r"FMSO-MDIME-.+\.(pdf|docx|html)")
MANIFEST = "manifest.json"
STATUS = re.compile(r"^status\s*:")


def release_problems(report: Report, text: str) -> list[Problem]:
    """Located errors for a draft status and for leftover markers in the source text."""
    problems = []
    lines = text.splitlines()
    if report.status != "final":
        line = next((i for i, t in enumerate(lines, 1) if STATUS.match(t)), 1)
        problems.append(error(report.source, line, 1,
                              f"status is '{report.status}': a release build needs 'status: final'"))
    for number, line_text in enumerate(lines, 1):
        for match in MARKER.finditer(line_text):
            problems.append(error(report.source, number, match.start() + 1,
                                  f"'{match[1]}' marker left in the text; resolve it before release"))
    return problems


def promote(problems: list[Problem]) -> list[Problem]:
    """Every warning becomes an error (release builds, --strict)."""
    return [error(p.file, p.line, p.col, p.message) if p.severity == "warning" else p for p in problems]


def release_name(report: Report) -> str:
    recipient = "-".join(w[:1].upper() + w[1:] for w in report.recipient_id.split("-"))
    return f"FMSO-MDIME-{report.benefactor}-{recipient}-{report.date[:7]}"


def uncommitted(workspace: Path, inputs: list[Path]) -> list[Path]:
    """The inputs with changes git has not committed (modified, staged or untracked);
    none when the workspace is not in a git repository."""
    files = sorted({p.resolve() for p in inputs if p.exists()})
    if not files:
        return []
    try:
        top = subprocess.run(["git", "-C", str(workspace), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, timeout=10)
        if top.returncode != 0:
            return []
        status = subprocess.run(["git", "-C", str(workspace), "status", "--porcelain", "-z", "--", *map(str, files)],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    root = Path(top.stdout.strip()).resolve()
    changed = {(root / entry[3:]).resolve() for entry in status.stdout.split("\0") if len(entry) > 3}
    return [p for p in files if p in changed]


def dirty_problems(report: Report, dirty: list[str]) -> list[Problem]:
    """An error per input with uncommitted changes, named as messages show it."""
    return [error(name, 0, 0, f"uncommitted changes to this input of {report.source}: commit them before a "
                              "release, or pass --allow-dirty") for name in dirty]


def folder_manifest(folder: Path, sources: dict[str, str], revision: str, source_date_epoch: int | None,
                    dirty: list[str], show=str) -> tuple[str, list[Problem]]:
    """manifest.json text listing every artifact in `folder` (tool, version, source
    revision, each file's report and SHA-256; the uncommitted inputs, if allowed), and
    a warning for each other file there."""
    previous = _previous_sources(folder / MANIFEST)
    entries, problems = [], []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if ARTIFACT.fullmatch(path.name):
            data = path.read_bytes()
            entries.append({"file": path.name, "report": sources.get(path.name) or previous.get(path.name, ""),
                            "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
        elif path.name != MANIFEST and not path.name.endswith(".tmp"):
            problems.append(warning(show(path), 0, 0, "not a release artifact: the release folder holds only the "
                                                     "artifacts and manifest.json; move this file elsewhere"))
    manifest = {"tool": "mdime-publish", "version": __version__, "source_revision": revision,
                "source_date_epoch": source_date_epoch, "artifacts": entries}
    if dirty:
        manifest["uncommitted_inputs"] = sorted(set(dirty))
    return json.dumps(manifest, indent=2) + "\n", problems


def _previous_sources(path: Path) -> dict[str, str]:
    try:
        return {a["file"]: a["report"] for a in json.loads(path.read_text("utf-8"))["artifacts"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
