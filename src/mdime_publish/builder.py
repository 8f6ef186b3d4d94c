"""Report paths to files in build/: plan, render in parallel, write atomically, summarise.

First, with the standard library only, each report whose outputs are recorded as
built from today's inputs with today's options is set aside (`fingerprint`); when
that is every report, the build ends there without importing the parser, validator
or writers. The others are loaded (parse, validate, number: cheap) and become render
jobs: PDF on worker processes, one per core, each job starting as soon as its report
is loaded; HTML and DOCX in this process, while the PDFs lay out (`_Renderer`). A
report that fails is reported and the others are still built; the exit status says
whether any failed.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mdime_publish.fingerprint import STATE_FILE, Digests, State, shared_inputs
from mdime_publish.output import remove_stale_temp_files, write_atomic
from mdime_publish.paths import resolved

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future

    from mdime_publish.errors import Problem
    from mdime_publish.model.document import BuildContext, Report
    from mdime_publish.pipeline import Workspace

FORMATS = ("html", "pdf", "docx")


@dataclass
class Job:
    """One report's output in one format."""

    report: Report
    workspace: Path
    ctx: BuildContext
    format: str  # pdf, docx or html
    target: Path
    written: dict = field(default_factory=dict)  # format -> status of the file written (the report's jobs share it)


@dataclass
class Pending:
    """What a report's outputs are built from, to record once they are written."""

    source: Path
    folder: Path
    targets: dict[str, Path]
    inputs: dict[str, str]  # path -> digest
    options: dict
    written: dict[str, os.stat_result] = field(default_factory=dict)  # filled as its jobs finish


@dataclass
class Plan:
    jobs: list[Job] = field(default_factory=list)
    pending: dict[str, Pending] = field(default_factory=dict)  # by the source as shown
    skipped: int = 0
    failed: set[str] = field(default_factory=set)
    claimed: dict[Path, str] = field(default_factory=dict)  # output path -> the report writing it
    artifacts: list[tuple[Path, str]] = field(default_factory=list)
    digests: Digests = field(default_factory=Digests)
    allow_dirty: bool = False  # a release may use inputs with uncommitted changes
    uncommitted: list[str] = field(default_factory=list)  # ... and these were


def build_reports(targets: list[tuple[Path, Path]], *, formats: list[str], out: Path | None,
                  options: dict, release: bool, force: bool, allow_dirty: bool = False) -> int:
    """Build every (workspace root, report path) target in every format; 0 when all
    succeeded, 1 otherwise. `options` are the render options (paper, ...): outputs
    built with other options are not current."""
    started = time.monotonic()
    formats = [f for f in FORMATS if f in formats]
    plan, states, todo = Plan(allow_dirty=allow_dirty), {}, []
    for root, path in targets:
        folder = (out or root / "build") / ("release" if release else "")
        if folder not in states:
            states[folder] = State(folder)
            if states[folder].problem and not release:  # a release folder keeps no state
                print(states[folder].warning())
        current = None if force or release else _current(states[folder], path, formats, options, plan.digests)
        if current:
            plan.skipped += 1
            plan.claimed.update({p: str(path) for p in current})
            for output in current:
                remove_stale_temp_files(output)  # left by a build killed mid-write
        else:
            todo.append((root, path, folder))
    if not todo:
        print(f"nothing to build: {plan.skipped} report{'s' * (plan.skipped != 1)} up to date "
              "(--force rebuilds)", file=sys.stderr)
        return 0
    with _Renderer(len(todo) if "pdf" in formats else 0, todo[0][0], options.get("pdf_engine")) as renderer:  # workers warm up while we load
        workspaces = _load(plan, todo, formats, states, options, release, renderer.add)
        results = renderer.finish()
    for job, problems in results:
        if problems is None:
            plan.failed.add(job.report.source)
    for shown, pending in plan.pending.items():
        if shown not in plan.failed:
            for fmt, written in pending.written.items():
                states[pending.folder].built(pending.source, fmt, pending.targets[fmt], written, pending.options,
                                             pending.inputs)
    for state in states.values():
        if not release:  # a release rebuilds everything: no state among its files
            state.save()
    if release:
        _write_manifests(plan, workspaces, list(states))
    built = len(plan.pending) - len(plan.failed & set(plan.pending))
    failed = len(targets) - built - plan.skipped
    took = time.monotonic() - started
    print(f"built {built}, skipped {plan.skipped}, failed {failed} in {took:.1f} s", file=sys.stderr)
    return 1 if failed else 0


def _current(state: State, path: Path, formats: list[str], options: dict, digests: Digests) -> list[Path] | None:
    try:
        day = build_day(release=False)
    except (ValueError, OverflowError, OSError):  # a bad SOURCE_DATE_EPOCH is reported by the full build
        return None
    source = resolved(path)
    if source is None:  # a link loop: the full build reports it
        return None
    return state.current(source, formats, {**options, "release": False, "build_date": day}, digests)


def _load(plan: Plan, todo: list[tuple[Path, Path, Path]], formats: list[str], states: dict[Path, State],
          options: dict, release: bool, start: Callable[[Job], None]) -> dict[Path, Workspace]:
    """Load every report to build and `start` its jobs as soon as it is loaded; the
    workspaces used, by root."""
    from mdime_publish.pipeline import Workspace

    workspaces: dict[Path, Workspace] = {}
    for root, path, folder in todo:
        ws = workspaces.setdefault(root, Workspace(root))
        planned = len(plan.jobs)
        _plan_report(plan, ws, path, formats, folder, states[folder], options, release)
        for job in plan.jobs[planned:]:
            start(job)
    return workspaces


def _plan_report(plan: Plan, ws: Workspace, path: Path, formats: list[str], folder: Path, state: State,
                 options: dict, release: bool) -> None:
    from mdime_publish import release as rel
    from mdime_publish.errors import has_errors
    from mdime_publish.pipeline import load_report

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
    ctx = build_context(ws, options["paper"], release, report).model_copy(
        update={"pdf_engine": options.get("pdf_engine") or report.series.pdf_engine})
    stem = rel.release_name(report) if release else f"{report.recipient_id}/{report.benefactor_id}"
    targets = {fmt: folder / f"{stem}.{fmt}" for fmt in formats}
    clash = next((plan.claimed[p] for p in targets.values() if p in plan.claimed), None)
    if clash:
        print(f"{report.source}: error: builds to the same files as {ws.shown(Path(clash))} "
              f"({report.benefactor_id} report on {report.recipient}); not built")
        plan.failed.add(report.source)
        return
    plan.claimed.update({p: str(path) for p in targets.values()})
    for target in [*targets.values(), state.path]:
        remove_stale_temp_files(target)  # left by a build that was killed mid-write
    if release:
        plan.artifacts += [(p, report.source) for p in targets.values()]
    inputs = plan.digests.all([*loaded.inputs, *shared_inputs(ws.root)])
    pending = plan.pending[report.source] = Pending(path.resolve(), folder, targets, inputs,
                                                    {**options, "release": release, "build_date": ctx.build_date})
    for fmt in formats:
        plan.jobs.append(Job(report, ws.root, ctx, fmt, targets[fmt], pending.written))


def build_day(release: bool, report_date: str | None = None) -> str:
    """The date printed as built: SOURCE_DATE_EPOCH when set; a release without it takes
    the report's own date, so identical input gives identical bytes; else today."""
    from mdime_publish.source_date import source_date

    day = source_date()
    if day is None and release and report_date is not None:
        day = (report_date + "-01")[:10]
    return day or dt.date.today().isoformat()


def build_context(ws: Workspace, paper: str, release: bool, report: Report | None = None) -> BuildContext:
    """Build date (`build_day`) and revision."""
    from mdime_publish.model.document import BuildContext

    day = build_day(release, report.date if report is not None else None)
    return BuildContext(build_date=day, revision=ws.revision(), paper=paper, release=release)


def render_job(job: Job) -> tuple[list[Problem], dict[str, os.stat_result]]:
    """Render the job's format and write the file atomically; returns the writer's
    warnings and the status of the file written, by format."""
    problems: list[Problem] = []
    if job.format == "html":
        from mdime_publish.writers.html import render_html

        data = render_html(job.report, job.ctx, job.workspace)
    elif job.format == "pdf":
        from mdime_publish.writers.pdf_edition import render_pdf_edition

        data, problems = render_pdf_edition(job.report, job.ctx, job.workspace)
    else:
        from mdime_publish.writers.docx import render_docx

        data = render_docx(job.report, job.ctx, job.workspace)
    return problems, {job.format: write_atomic(job.target, data)}


class _Renderer:
    """Runs render jobs. PDF jobs go to worker processes forked before the reports are
    loaded, so WeasyPrint is imported there while this process parses, and each starts
    as soon as its report is loaded: for WeasyPrint, with the page made for print here
    (the worker is still warming up), so the worker gets only that HTML; the other jobs
    (HTML, DOCX) run here once all are loaded, while the PDFs lay out. One core: all here."""

    def __init__(self, pdf_jobs: int, workspace: Path, engine: str | None):
        workers = min(pdf_jobs, os.cpu_count() or 1)
        self.pool = None
        self.remote: list[tuple[Job, Future]] = []
        self.local: list[Job] = []
        if workers >= 1 and (os.cpu_count() or 1) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # Typst's compiler keeps threads that a forked child cannot use: once this
            # process has run it (tests, long-lived callers), workers start afresh.
            method = "forkserver" if "typst" in sys.modules else "fork"
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                                            initializer=_start_worker, initargs=(workspace, engine))
            self.pool.submit(int)  # forks the workers now, not when the first job is ready

    def __enter__(self) -> _Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def add(self, job: Job) -> None:
        if self.pool is None or job.format != "pdf":
            self.local.append(job)
        elif job.ctx.pdf_engine == "weasyprint":
            from mdime_publish.writers.html import render_html

            try:
                html = render_html(job.report, job.ctx, job.workspace, print_edition=True)
            except Exception:  # noqa: BLE001 - reported as that job's failure, by render_job
                self.local.append(job)
                return
            self.remote.append((job, self.pool.submit(_render_html_remote, html, job.report.source, job.workspace,
                                                      job.target)))
        else:
            self.remote.append((job, self.pool.submit(_render_remote, job)))

    def finish(self) -> list[tuple[Job, list[Problem] | None]]:
        """(job, writer problems) for every job, problems printed; None when the job failed."""
        progress = _Progress(len(self.local) + len(self.remote))
        results = [(job, _finish(job, progress, lambda j=job: render_job(j))) for job in self.local]
        results += [(job, _finish(job, progress, future.result)) for job, future in self.remote]
        progress.done()
        return results


def _start_worker(workspace: Path, engine: str | None) -> None:
    """A render worker: while the parent parses, load the PDF writer (WeasyPrint and its
    libraries) and warm it up (fonts); then turn the cyclic garbage collector off:
    layout makes millions of objects and few cycles, so collecting costs time and
    frees little (measured in benchmarks/RESULTS.md). Each job collects once, before
    it starts, what the job before left."""
    if engine != "typst":  # the engine may still come from the series settings: warm up the default
        from mdime_publish.writers.pdf import warm_up

        warm_up(workspace)
    gc.freeze()  # what is loaded now lives as long as the worker
    gc.disable()


def _render_remote(job: Job) -> tuple[list[Problem], dict[str, os.stat_result]]:
    gc.collect()  # the few cycles the job before left, so memory stays bounded over many
    return render_job(job)


def _render_html_remote(html: str, source: str, workspace: Path, target: Path
                        ) -> tuple[list[Problem], dict[str, os.stat_result]]:
    """A WeasyPrint PDF from the page made for print (`_Renderer.add`)."""
    from mdime_publish.writers.pdf import html_to_pdf

    gc.collect()  # as in _render_remote
    data, problems = html_to_pdf(html, source, workspace)
    return problems, {"pdf": write_atomic(target, data)}


def _finish(job: Job, progress: _Progress, result) -> list[Problem] | None:
    """Wait for one job; print its problems, note what it wrote. None when it failed."""
    try:
        problems, written = result()
    except Exception as exc:  # a writer bug must not stop the other reports
        _report_failure(job, exc)
        return None
    finally:
        progress.step(job)
    for problem in problems:
        print(problem)
    job.written.update(written)
    return problems


def _report_failure(job: Job, exc: Exception) -> None:
    from mdime_publish.errors import ReportError

    if isinstance(exc, ReportError):
        for problem in exc.problems:
            print(problem)
        return
    if isinstance(exc, OSError) and exc.filename:
        print(f"{Path(exc.filename).parent}: error: cannot write the {job.format} output there: {exc.strerror}")
        return
    print(f"{job.report.source}: error: the {job.format} writer failed: {type(exc).__name__}: {exc}")


def _write_manifests(plan: Plan, workspaces: dict[Path, Workspace], folders: list[Path]) -> None:
    """Each release folder's manifest lists every artifact in it, this run's and earlier ones."""
    from mdime_publish import release as rel
    from mdime_publish.source_date import source_date_epoch

    sources = {path.name: source for path, source in plan.artifacts if source not in plan.failed}
    ws = next(iter(workspaces.values()), None)
    revision = ws.revision() if ws else ""
    for folder in folders:
        if not folder.is_dir():
            continue
        (folder / STATE_FILE).unlink(missing_ok=True)
        text, problems = rel.folder_manifest(folder, sources, revision, source_date_epoch(),
                                             plan.uncommitted, ws.shown if ws else str)
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
            name = f"{job.report.recipient_id}/{job.report.benefactor_id} {job.format}"
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total} {name:<40}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.live and self.count:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()
