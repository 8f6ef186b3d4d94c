"""Report paths to files in build/: load each report once, run the writers, write atomically.

A report that fails (bad input, a writer error) is reported and skipped; the others
are still built, and the exit status says whether any failed. Writers return text or
bytes; only this module decides where they go.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from mdime_publish.errors import Problem, has_errors
from mdime_publish.model.document import BuildContext, Report
from mdime_publish.output import write_atomic
from mdime_publish.pipeline import Workspace, load_report

FORMATS = ("html", "pdf", "docx")


def build_context(workspace: Path, paper: str, release: bool) -> BuildContext:
    """The build date (SOURCE_DATE_EPOCH when set) and the source revision."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return BuildContext(build_date=when.date().isoformat(), revision=source_revision(workspace),
                        paper=paper, release=release)


def source_revision(workspace: Path) -> str:
    """The git commit of the workspace ('abc1234', '+' when files are modified), or ''."""
    try:
        head = subprocess.run(["git", "-C", str(workspace), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=5)
        if head.returncode != 0:
            return ""
        dirty = subprocess.run(["git", "-C", str(workspace), "status", "--porcelain", "--", "content", "bibliography"],
                               capture_output=True, text=True, timeout=5)
        return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return ""


def render(report: Report, fmt: str, ctx: BuildContext, workspace: Path, html: str | None = None) -> tuple[bytes | str, list[Problem]]:
    """One output format of a report, as text or bytes, with any writer warnings."""
    if fmt == "html":
        from mdime_publish.writers.html import render_html

        return render_html(report, ctx, workspace), []
    if fmt == "pdf":
        from mdime_publish.writers.html import render_html
        from mdime_publish.writers.pdf import render_pdf

        return render_pdf(report, html or render_html(report, ctx, workspace), ctx, workspace)
    from mdime_publish.writers.docx import render_docx

    return render_docx(report, ctx, workspace), []


def output_path(out: Path, report: Report, fmt: str) -> Path:
    return out / report.recipient_id / f"{report.benefactor_id}.{fmt}"


def build_reports(targets: list[tuple[Workspace, Path]], *, formats: list[str], out: Path | None,
                  paper: str, release: bool, force: bool) -> int:
    """Build every target in every format; 0 when all succeeded, 1 otherwise."""
    failed = built = 0
    started = time.monotonic()
    contexts: dict[Path, BuildContext] = {}
    for ws, path in targets:
        ctx = contexts.setdefault(ws.root, build_context(ws.root, paper, release))
        ok = build_one(ws, path, formats, out or ws.root / "build", ctx)
        built += ok
        failed += not ok
    took = time.monotonic() - started
    print(f"built {built} of {len(targets)} report{'s' * (len(targets) != 1)}"
          f"{f', {failed} failed' if failed else ''} in {took:.1f} s", file=sys.stderr)
    return 1 if failed else 0


def build_one(ws: Workspace, path: Path, formats: list[str], out: Path, ctx: BuildContext) -> bool:
    started = time.monotonic()
    loaded = load_report(path, ws)
    for problem in loaded.problems:
        print(problem)
    if not loaded.ok:
        print(f"{loaded.shown}: not built", file=sys.stderr)
        return False
    report = loaded.report
    html = None
    for fmt in [f for f in FORMATS if f in formats]:
        try:
            data, problems = render(report, fmt, ctx, ws.root, html)
        except Exception as exc:  # a writer bug must not stop the other reports
            print(f"{loaded.shown}: error: {fmt} writer failed: {type(exc).__name__}: {exc}")
            return False
        for problem in problems:
            print(problem)
        if fmt == "html":
            html = data
        target = output_path(out, report, fmt)
        write_atomic(target, data)
    print(f"{loaded.shown} -> {ws.shown(out / report.recipient_id)}/{report.benefactor_id}."
          f"{{{','.join(formats)}}} ({time.monotonic() - started:.1f} s)", file=sys.stderr)
    return not has_errors(loaded.problems)
