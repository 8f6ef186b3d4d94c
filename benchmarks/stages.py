"""One report's build, stage by stage, in this process: seconds and peak RSS after each.

Stages: parse and validate (`load_report` without numbering), notes (`number_notes`),
HTML render (the page for print), PDF layout (WeasyPrint, `render_pdf`), DOCX write. They run one after
the other; imports are timed apart, before the first stage. Prints one JSON object.
`--profile STAGE` runs that stage under pyinstrument and writes its text profile to
benchmarks/work/profile-STAGE.txt. `--no-gc` renders as the build's workers do: the
garbage collector frozen and off after loading. Usage: stages.py REPORT [--profile STAGE] [--no-gc].
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import time
from contextlib import nullcontext
from pathlib import Path

STAGES = ("parse", "notes", "html", "pdf", "docx")
WORK = Path(__file__).resolve().parent / "work"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--profile", choices=STAGES)
    parser.add_argument("--no-gc", action="store_true", help="render with the garbage collector off")
    args = parser.parse_args()

    started = time.perf_counter()
    from mdime_publish import builder, pipeline
    from mdime_publish.model import notes
    from mdime_publish.writers.docx import render_docx
    from mdime_publish.writers.html import render_html
    from mdime_publish.writers.pdf import render_pdf

    result: dict = {"import": time.perf_counter() - started}
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)

    def stage(name: str):
        return profiler if profiler is not None and name == args.profile else nullcontext()

    numbering = {"seconds": 0.0}
    number_notes = notes.number_notes

    def timed_number_notes(*a, **kw):
        with stage("notes"):
            t = time.perf_counter()
            numbered = number_notes(*a, **kw)
            numbering["seconds"] = time.perf_counter() - t
        return numbered

    notes.number_notes = timed_number_notes
    ws = pipeline.Workspace.around(args.report)
    with stage("parse"):
        t = time.perf_counter()
        loaded = pipeline.load_report(args.report, ws)
        loaded_in = time.perf_counter() - t
    if not loaded.ok:
        raise SystemExit("\n".join(map(str, loaded.problems)) or f"{args.report}: not loaded")
    report = loaded.report
    result["parse"] = loaded_in - numbering["seconds"]
    result["notes"] = numbering["seconds"]
    result["rss_after"] = {"notes": peak_mb()}
    ctx = builder.build_context(ws, "letter", False, report)
    if args.no_gc:
        gc.freeze()
        gc.disable()
    with stage("html"):
        t = time.perf_counter()
        html = render_html(report, ctx, ws.root, print_edition=True)  # the page the PDF worker lays out
        result["html"] = time.perf_counter() - t
    result["rss_after"]["html"] = peak_mb()
    with stage("pdf"):
        t = time.perf_counter()
        pdf, _ = render_pdf(report, html, ws.root)
        result["pdf"] = time.perf_counter() - t
    result["rss_after"]["pdf"] = peak_mb()
    with stage("docx"):
        t = time.perf_counter()
        render_docx(report, ctx, ws.root)
        result["docx"] = time.perf_counter() - t
    result["rss_after"]["docx"] = peak_mb()
    result.update(notes_count=len(report.notes), pdf_bytes=len(pdf), peak_mb=peak_mb())
    if profiler is not None:
        WORK.mkdir(exist_ok=True)
        out = WORK / f"profile-{args.profile}.txt"
        out.write_text(profiler.output_text(unicode=True, color=False), "utf-8")
        result["profile"] = str(out)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
