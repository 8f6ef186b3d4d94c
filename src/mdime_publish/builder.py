"""Report paths to files in build/: plan, render in parallel, write atomically, summarise.

All reports are loaded first (parse, validate, number: cheap); a report whose inputs
and options are unchanged since its last build is skipped unless forced. The rest
become render jobs (PDF with HTML, DOCX apart) spread over the machine's cores, so
a single report's DOCX is written while its PDF lays out. A report that fails is
reported and the others are still built; the exit status says whether any failed.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from mdime_publish import release as rel
from mdime_publish.errors import Problem, ReportError, has_errors
from mdime_publish.fingerprint import STATE_FILE, State, digest, workspace_digest
from mdime_publish.model.document import BuildContext, Report
from mdime_publish.output import remove_stale_temp_files, write_atomic
from mdime_publish.pipeline import Workspace, load_report
from mdime_publish.source_date import source_date, source_date_epoch

FORMATS = ("html", "pdf", "docx")


@dataclass
class Job:
    """One report's outputs to render together (PDF with HTML, or DOCX)."""

    report: Report
    workspace: Path
    ctx: BuildContext
    targets: dict[str, Path]  # format -> output path


@dataclass
class Plan:
    jobs: list[Job] = field(default_factory=list)
    pending: dict[str, list[Path]] = field(default_factory=dict)  # source -> outputs to record
    digests: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    failed: set[str] = field(default_factory=set)
    claimed: dict[Path, str] = field(default_factory=dict)  # output path -> the report writing it
    shared: dict[Path, str] = field(default_factory=dict)  # workspace -> digest of its shared inputs
    artifacts: list[tuple[Path, str]] = field(default_factory=list)
    allow_dirty: bool = False  # a release may use inputs with uncommitted changes
    uncommitted: list[str] = field(default_factory=list)  # ... and these were


def build_reports(targets: list[tuple[Workspace, Path]], *, formats: list[str], out: Path | None,
                  paper: str, release: bool, force: bool, allow_dirty: bool = False,
                  pdf_engine: str | None = None) -> int:
    """Build every target in every format; 0 when all succeeded, 1 otherwise.
    `pdf_engine` overrides the workspace's `pdf_engine` setting."""
    started = time.monotonic()
    formats = [f for f in FORMATS if f in formats]
    plan, states = Plan(allow_dirty=allow_dirty), {}
    for ws, path in targets:
        folder = (out or ws.root / "build") / ("release" if release else "")
        state = states.setdefault(folder, State(folder))
        _plan_report(plan, ws, path, formats, folder, state, paper, release, force, pdf_engine)
    progress = _Progress(len(plan.jobs))
    for job, problems in _run(plan.jobs, progress):
        source = job.report.source
        if problems is None:
            plan.failed.add(source)
            continue
        for problem in problems:
            print(problem)
    progress.done()
    for folder, state in states.items():
        for source, outputs in plan.pending.items():
            if source not in plan.failed and outputs[0].parent.is_relative_to(folder):
                state.record(outputs, plan.digests[source])
        if state.built and not release:  # a release rebuilds everything: no state among its files
            state.save()
    if release:
        _write_manifests(plan, targets, list(states))
    built = len(plan.pending) - len(plan.failed & set(plan.pending))
    failed = len(targets) - built - plan.skipped
    took = time.monotonic() - started
    if not plan.jobs and not failed:
        print(f"nothing to build: {plan.skipped} report{'s' * (plan.skipped != 1)} up to date "
              "(--force rebuilds)", file=sys.stderr)
    else:
        print(f"built {built}, skipped {plan.skipped}, failed {failed} in {took:.1f} s", file=sys.stderr)
    return 1 if failed else 0


def _plan_report(plan: Plan, ws: Workspace, path: Path, formats: list[str], folder: Path, state: State,
                 paper: str, release: bool, force: bool, pdf_engine: str | None) -> None:
    loaded = load_report(path, ws)
    problems = loaded.problems
    if release:
        problems = rel.promote(problems)
    if release and loaded.report is not None:
        problems += rel.release_problems(loaded.report, path.read_text("utf-8"))
        dirty = [ws.shown(p) for p in rel.uncommitted(ws.root, [*loaded.inputs, ws.root / "content" / "series.yaml"])]
        if plan.allow_dirty:
            plan.uncommitted += dirty
        else:
            problems += rel.dirty_problems(loaded.report, dirty)
    for problem in problems:
        print(problem)
    if loaded.report is None or has_errors(problems):
        print(f"{loaded.shown}: not built", file=sys.stderr)
        plan.failed.add(loaded.shown)
        return
    report = loaded.report
    ctx = build_context(ws, paper, release, report).model_copy(
        update={"pdf_engine": pdf_engine or report.series.pdf_engine})
    stem = rel.release_name(report) if release else f"{report.recipient_id}/{report.benefactor_id}"
    targets = {fmt: folder / f"{stem}.{fmt}" for fmt in formats}
    clash = next((plan.claimed[p] for p in targets.values() if p in plan.claimed), None)
    if clash:
        print(f"{report.source}: error: builds to the same files as {clash} "
              f"({report.benefactor_id} report on {report.recipient}); not built")
        plan.failed.add(report.source)
        return
    plan.claimed.update({p: report.source for p in targets.values()})
    for target in [*targets.values(), state.path]:
        remove_stale_temp_files(target)  # left by a build that was killed mid-write
    if release:
        plan.artifacts += [(p, report.source) for p in targets.values()]
    shared = plan.shared.setdefault(ws.root, workspace_digest(ws.root))
    value = digest(loaded.inputs, shared, f"{paper}|{release}|{ctx.build_date}|{ctx.pdf_engine}")
    if not force and not release and state.is_current(list(targets.values()), value):
        plan.skipped += 1
        return
    plan.pending[report.source] = list(targets.values())
    plan.digests[report.source] = value
    groups = [[f for f in formats if f in ("html", "pdf")], [f for f in formats if f == "docx"]]
    for group in filter(None, groups):
        plan.jobs.append(Job(report, ws.root, ctx, {f: targets[f] for f in group}))


def build_context(ws: Workspace, paper: str, release: bool, report: Report | None = None) -> BuildContext:
    """Build date and revision. The date is SOURCE_DATE_EPOCH when set; a release
    without it takes the report's own date, so identical input gives identical bytes."""
    day = source_date()
    if day is None and release and report is not None:
        day = (report.date + "-01")[:10]
    elif day is None:
        day = dt.date.today().isoformat()
    return BuildContext(build_date=day, revision=ws.revision(), paper=paper, release=release)


def render_job(job: Job) -> list[Problem]:
    """Render one job's formats and write each file atomically; returns writer warnings."""
    problems: list[Problem] = []
    html = None
    if "html" in job.targets or ("pdf" in job.targets and job.ctx.pdf_engine == "weasyprint"):
        from mdime_publish.writers.html import render_html

        html = render_html(job.report, job.ctx, job.workspace)
        if "html" in job.targets:
            write_atomic(job.targets["html"], html)
    if "pdf" in job.targets:
        from mdime_publish.writers.pdf_edition import render_pdf_edition

        data, more = render_pdf_edition(job.report, job.ctx, job.workspace, html)
        problems += more
        write_atomic(job.targets["pdf"], data)
    if "docx" in job.targets:
        from mdime_publish.writers.docx import render_docx

        write_atomic(job.targets["docx"], render_docx(job.report, job.ctx, job.workspace))
    return problems


def _run(jobs: list[Job], progress: _Progress):
    """(job, writer problems) as jobs finish; problems is None when the job failed."""
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        for job in jobs:
            yield job, _guarded(job, progress)
        return
    # Typst's compiler keeps threads that a forked child cannot use: once this process
    # has run it (tests, long-lived callers), Typst jobs start from a fresh process.
    typst_jobs = any(j.ctx.pdf_engine == "typst" and "pdf" in j.targets for j in jobs)
    method = "forkserver" if typst_jobs and "typst" in sys.modules else "fork"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        futures: list[tuple[Job, Future]] = [(job, pool.submit(render_job, job)) for job in jobs]
        for job, future in futures:
            try:
                yield job, future.result()
            except Exception as exc:  # a writer bug must not stop the other reports
                _report_failure(job, exc)
                yield job, None
            progress.step(job)


def _guarded(job: Job, progress: _Progress) -> list[Problem] | None:
    try:
        return render_job(job)
    except Exception as exc:
        _report_failure(job, exc)
        return None
    finally:
        progress.step(job)


def _report_failure(job: Job, exc: Exception) -> None:
    if isinstance(exc, ReportError):
        for problem in exc.problems:
            print(problem)
        return
    formats = "+".join(job.targets)
    if isinstance(exc, OSError) and exc.filename:
        print(f"{Path(exc.filename).parent}: error: cannot write the {formats} output there: {exc.strerror}")
        return
    print(f"{job.report.source}: error: the {formats} writer failed: {type(exc).__name__}: {exc}")


def _write_manifests(plan: Plan, targets: list[tuple[Workspace, Path]], folders: list[Path]) -> None:
    """Each release folder's manifest lists every artifact in it, this run's and earlier ones."""
    sources = {path.name: source for path, source in plan.artifacts if source not in plan.failed}
    revision = targets[0][0].revision() if targets else ""
    for folder in folders:
        if not folder.is_dir():
            continue
        (folder / STATE_FILE).unlink(missing_ok=True)
        text, problems = rel.folder_manifest(folder, sources, revision, source_date_epoch(),
                                             plan.uncommitted, targets[0][0].shown if targets else str)
        for problem in problems:
            print(problem)
        write_atomic(folder / rel.MANIFEST, text)


class _Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int):
        self.total, self.count = total, 0
        self.live = total > 0 and sys.stderr.isatty()

    def step(self, job: Job) -> None:
        self.count += 1
        if self.live:
            width = 24
            filled = width * self.count // self.total
            name = f"{job.report.recipient_id}/{job.report.benefactor_id} {'+'.join(job.targets)}"
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total} {name:<40}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.live and self.count:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()
