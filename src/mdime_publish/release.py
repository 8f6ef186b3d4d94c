"""Release rules: what a report must satisfy to be published, and what a release writes.

A release build accepts only `status: final`, treats every warning as an error,
refuses TODO/FIXME/XXX markers left in the source, names files
`FMSO-MDIME-<Benefactor>-<Recipient>-<YYYY-MM>.<ext>` and lists every artifact with
its SHA-256 in `manifest.json`.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from mdime_publish import __version__
from mdime_publish.errors import Problem, error
from mdime_publish.model.document import Report

MARKER = re.compile(r"\b(TODO|FIXME|XXX)\b")
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


def manifest(artifacts: list[tuple[Path, str]], revision: str, source_date_epoch: int | None) -> str:
    """manifest.json text: tool, version, source revision and each artifact's SHA-256."""
    entries = [
        {
            "file": path.name,
            "report": source,
            "bytes": path.stat().st_size,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        for path, source in sorted(artifacts)
    ]
    return json.dumps({"tool": "mdime-publish", "version": __version__, "source_revision": revision,
                       "source_date_epoch": source_date_epoch, "artifacts": entries}, indent=2) + "\n"
