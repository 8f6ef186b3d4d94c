"""The `mdime` command line: the only code that prints, exits or picks paths.

`main(argv)` runs in process and returns the exit status: 0 clean, 1 problems
found, 2 usage error; `run()` is the console script. Problems print as
`FILE:LINE:COL: error: MESSAGE`; no traceback reaches the user for bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
from pathlib import Path

from mdime_publish import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except _Usage as exc:
        print(f"mdime: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def run() -> int:
    """The `mdime` command: `main`, then the objects left are frozen, so the exiting
    interpreter does not search them all for cycles (about 0.1 s after a build)."""
    status = main()
    gc.freeze()
    return status


class _Usage(Exception):
    """A command-line mistake: printed as one line, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mdime",
        description="Check and build M-DIME country reports (Markdown + YAML + BibTeX) as PDF, DOCX and HTML.",
        epilog="Run 'mdime COMMAND --help' for a command's options. Docs: docs/cli.md, docs/authoring.md.",
    )
    parser.add_argument("--version", action="version", version=f"mdime {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    check = commands.add_parser("check", help="validate reports and print every problem",
                                description="Validate reports: every problem as FILE:LINE:COL: error: MESSAGE. "
                                            "Exit 0 when clean, 1 when errors were found.")
    _paths_and_root(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(run=_check)

    build = commands.add_parser("build", help="build reports as PDF, DOCX and HTML",
                                description="Build reports into OUT/<recipient>/<benefactor>.<ext>.")
    _paths_and_root(build)
    build.add_argument("--format", default="pdf,docx,html", metavar="LIST",
                       help="comma-separated formats: pdf, docx, html (default: all)")
    build.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: build/ of the workspace)")
    build.add_argument("--paper", choices=["letter", "a4"], default="letter", help="paper size (default: letter)")
    build.add_argument("--release", action="store_true",
                       help="release build: a draft, a warning, a placeholder or an uncommitted input is an error; "
                            "release file names and manifest.json in OUT/release/")
    build.add_argument("--allow-dirty", action="store_true",
                       help="with --release: allow inputs with uncommitted changes (the manifest lists them)")
    build.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    build.add_argument("--pdf-engine", choices=["weasyprint", "typst"], metavar="ENGINE",
                       help="PDF layout engine: weasyprint or typst (default: the workspace's pdf_engine "
                            "setting in content/series.yaml, else weasyprint)")
    build.set_defaults(run=_build)

    new = commands.add_parser("new", help="write a skeleton report for you to fill in",
                              description="Write content/<recipient>/<benefactor>.md: all sections, all twelve "
                                          "instruments, ratings unobserved/unknown, placeholders [[...]] where "
                                          "text belongs (check warns about each one left; a final report may "
                                          "hold none), and bibliography/<recipient>-<benefactor>.bib if it is "
                                          "missing. Refuses to overwrite.")
    new.add_argument("recipient", help="recipient country as printed, e.g. 'Burkina Faso'")
    new.add_argument("benefactor", help="benefactor id, e.g. russia or china")
    new.add_argument("--root", type=Path, metavar="DIR", help="workspace folder (default: found from the current folder)")
    new.set_defaults(run=_new)

    schema = commands.add_parser("schema", help="print the JSON Schema of the front matter",
                                 description="Print the JSON Schema of report front matter, for editors' YAML plugins.")
    schema.add_argument("--root", type=Path, metavar="DIR", help="workspace folder (its series settings apply)")
    schema.add_argument("--out", type=Path, metavar="FILE", help="write the schema to FILE instead of printing it")
    schema.set_defaults(run=_schema)

    serve = commands.add_parser("serve", help="preview reports in a browser, rebuilt and reloaded on save",
                                description="Serve the HTML edition on 127.0.0.1 only: the report at "
                                            "/<recipient>/<benefactor>.html, an index of the reports at /. "
                                            "Saving any input rebuilds the report and reloads the open page; "
                                            "a build error shows in the page. Ctrl-C stops.")
    _paths_and_root(serve)
    serve.add_argument("--port", type=int, default=8000, metavar="N",
                       help="port to listen on (default: 8000; 0 picks a free one)")
    serve.set_defaults(run=_serve)

    dataset = commands.add_parser("dataset", help="all ratings of all reports as one table (CSV or JSON)",
                                  description="Write every report's ratings as one table: a row per report and "
                                              "instrument, and a row per report for the overall rating (code "
                                              "'overall'). CSV on standard output unless --out names a .csv or "
                                              ".json file. Reports with errors are left out, their problems "
                                              "printed on standard error, and the exit status is 1.")
    _paths_and_root(dataset)
    dataset.add_argument("--out", type=Path, metavar="FILE",
                         help="write to FILE; its extension, .csv or .json, picks the format")
    dataset.set_defaults(run=_dataset)

    compare = commands.add_parser("compare", help="comparison matrix of ratings across reports (HTML and PDF)",
                                  description="Write OUT/compare.html and OUT/compare.pdf: for each benefactor, "
                                              "its recipients by the twelve instruments and the overall rating; "
                                              "for each recipient, its benefactors side by side. Reports with "
                                              "errors are left out, their problems printed, and the exit status is 1.")
    _paths_and_root(compare)
    compare.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: build/ of the workspace)")
    compare.set_defaults(run=_compare)

    review = commands.add_parser("review", help="locate a reviewed DOCX's comments and tracked changes in the sources",
                                 description="Read a DOCX edition that an editor commented and changed with track "
                                             "changes on; print each comment and change as FILE:LINE:COL in the "
                                             "sources, in source order. --apply makes the tracked changes that fall "
                                             "inside plain text of one paragraph and lists the rest. Docs: docs/review.md.")
    review.add_argument("docx", type=Path, metavar="EDITED.docx", help="the reviewed DOCX (built by mdime build)")
    review.add_argument("--root", type=Path, metavar="DIR", help="workspace folder (default: found from the DOCX, "
                                                                "else the current folder)")
    review.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    review.add_argument("--apply", action="store_true",
                        help="apply safe tracked changes to the sources (atomically; never comments)")
    review.set_defaults(run=_review)

    diff = commands.add_parser("diff", help="what changed since a revision: ratings, notes, and a redline DOCX",
                               description="Compare each report with its state at git revision REV (or with an "
                                           "earlier copy of the file, when REV is a file): print rating changes and "
                                           "notes added or removed, and write OUT/<recipient>/<benefactor>.redline.docx, "
                                           "the DOCX edition with the changes as Word tracked changes.")
    diff.add_argument("rev", metavar="REV", help="git revision (e.g. HEAD~3, v1.0) or an earlier report file")
    _paths_and_root(diff)
    diff.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: build/ of the workspace)")
    diff.set_defaults(run=_diff)
    return parser


def _paths_and_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="report files, or folders searched for content/*/*.md (default: the workspace)")
    parser.add_argument("--root", type=Path, metavar="DIR", help="workspace folder (default: found from PATH)")


# -- helpers ------------------------------------------------------------------------


def _workspace(root: Path | None, near: Path):
    from mdime_publish.pipeline import Workspace

    return Workspace(_workspace_root(root, near))


def _workspace_root(root: Path | None, near: Path) -> Path:
    from mdime_publish.paths import WorkspaceError, find_workspace

    try:
        return root.resolve() if root else find_workspace(near)
    except WorkspaceError as exc:
        raise _Usage(str(exc)) from None


def _report_paths(args) -> list[tuple[Path, Path]]:
    """(workspace root, report path) for every report the arguments name; standard
    library only (a build with nothing to do imports nothing more)."""
    from mdime_publish.paths import report_paths

    if args.root and not (args.root / "content").is_dir():
        raise _Usage(f"{args.root}: not a workspace: it has no 'content/' folder")
    targets = args.paths or [args.root or Path.cwd()]
    out = []
    for target in targets:
        if not target.exists():
            raise _Usage(f"{target}: no such file or folder")
        root = _workspace_root(args.root, target)
        if target.is_dir():
            found = report_paths(root) if (target / "content").is_dir() or target.resolve() == root else sorted(target.rglob("*.md"))
            if not found:
                raise _Usage(f"{target}: no reports found (expected content/<recipient>/<benefactor>.md)")
            out += [(root, p) for p in found if p.name != "README.md"]
        else:
            out.append((root, target))
    return out


def _reports(args) -> list[tuple[object, Path]]:
    """(workspace, report path) for every report the arguments name."""
    from mdime_publish.pipeline import Workspace

    workspaces: dict[Path, Workspace] = {}
    return [(workspaces.setdefault(root, Workspace(root)), path) for root, path in _report_paths(args)]


def _print_problems(problems, strict: bool = False, file=None) -> tuple[int, int]:
    """Print each problem (warnings as errors when `strict`); count errors and warnings."""
    from mdime_publish.release import promote

    shown = promote(problems) if strict else problems
    for problem in shown:
        print(problem, file=file)
    errors = sum(p.severity == "error" for p in shown)
    return errors, len(shown) - errors


def _load_reports(args):
    """The first report's workspace, the reports that loaded without errors, and the
    number of errors in the others (printed on standard error)."""
    from mdime_publish.pipeline import load_report

    targets = _reports(args)
    reports, errors = [], 0
    for ws, path in targets:
        loaded = load_report(path, ws, number=False)  # ratings only: no notes needed
        errors += _print_problems(loaded.problems, file=sys.stderr)[0]
        if loaded.ok:
            reports.append(loaded.report)
    return targets[0][0], reports, errors


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- commands -------------------------------------------------------------------------


def _check(args) -> int:
    from mdime_publish.pipeline import load_report

    reports = _reports(args)
    errors = warnings = 0
    for ws, path in reports:
        loaded = load_report(path, ws, number=False)
        e, w = _print_problems(loaded.problems, args.strict)
        errors, warnings = errors + e, warnings + w
    summary = f"checked {_plural(len(reports), 'report')}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if errors else EXIT_OK


def _build(args) -> int:
    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in {"pdf", "docx", "html"}]
    if unknown or not formats:
        raise _Usage(f"--format: unknown format '{','.join(unknown)}'; expected pdf, docx, html or a comma-separated list")
    from mdime_publish.builder import build_reports

    if args.allow_dirty and not args.release:
        raise _Usage("--allow-dirty applies only to --release")
    _check_environment()
    targets = _report_paths(args)
    for folder in {args.out or root / "build" for root, _ in targets}:
        _out_folder(folder, "--out" if args.out else "output folder")
    options = {"paper": args.paper, "pdf_engine": args.pdf_engine}
    return build_reports(targets, formats=formats, out=args.out, options=options,
                         release=args.release, force=args.force, allow_dirty=args.allow_dirty)


def _new(args) -> int:
    from mdime_publish.errors import suggest
    from mdime_publish.model.build import slug
    from mdime_publish.output import write_atomic
    from mdime_publish.skeleton import bibliography_name, bibliography_text, skeleton
    from mdime_publish.validate.front_matter import MAX_RECIPIENT

    if not args.recipient.isprintable() or not args.recipient.strip():
        raise _Usage(f"recipient name {args.recipient!r} is empty or holds a control character (such as a line break)")
    if len(args.recipient) > MAX_RECIPIENT:
        raise _Usage(f"recipient name is {len(args.recipient)} characters long; at most {MAX_RECIPIENT} fit "
                     "in a title, a file name and the DOCX properties")
    ws = _workspace(args.root, Path.cwd())
    series = ws.series()
    benefactor = args.benefactor.strip().lower()
    if benefactor not in series.benefactors:
        raise _Usage(f"unknown benefactor '{args.benefactor}', expected one of: "
                     f"{', '.join(series.benefactors)}{suggest(benefactor, series.benefactors)}")
    path = ws.root / "content" / slug(args.recipient) / f"{benefactor}.md"
    if path.exists():
        print(f"{ws.shown(path)}: error: file exists; mdime new never overwrites a report", file=sys.stderr)
        return EXIT_PROBLEMS
    authors, _ = ws.authors()
    bib = ws.root / "bibliography" / bibliography_name(slug(args.recipient), benefactor)
    write_atomic(path, skeleton(series, args.recipient, benefactor, list(authors.entries), dt.date.today(), bib.name))
    print(f"wrote {ws.shown(path)}", file=sys.stderr)
    if not bib.exists():
        write_atomic(bib, bibliography_text(args.recipient, series.benefactors[benefactor].name))
        print(f"wrote {ws.shown(bib)}", file=sys.stderr)
    return EXIT_OK


def _schema(args) -> int:
    from mdime_publish.output import write_atomic
    from mdime_publish.validate.front_matter import front_matter_model

    ws = _workspace(args.root, Path.cwd()) if args.root or _has_workspace() else None
    series = ws.series() if ws else _default_series()
    schema = front_matter_model(series).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "M-DIME report front matter"
    text = json.dumps(schema, indent=2) + "\n"
    if args.out:
        _out_file(args.out)
        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _serve(args) -> int:
    from mdime_publish.serve import serve

    if not 0 <= args.port <= 65535:
        raise _Usage(f"--port: {args.port} is not a port number (0 to 65535)")
    _check_environment()
    targets = _reports(args)
    try:
        preview = serve(targets, args.port, log=lambda line: print(line, file=sys.stderr, flush=True))
    except OSError as exc:
        raise _Usage(f"--port {args.port}: cannot listen on 127.0.0.1: {exc.strerror}") from None
    try:
        preview.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        preview.close()
    return EXIT_OK


def _dataset(args) -> int:
    from mdime_publish.dataset import FORMATS, rating_rows
    from mdime_publish.output import write_atomic

    suffix = args.out.suffix.lower() if args.out else ".csv"
    if suffix not in FORMATS:
        raise _Usage(f"--out {args.out}: unknown format '{suffix}'; expected a .csv or .json file")
    if args.out:
        _out_file(args.out)
    _, reports, errors = _load_reports(args)
    text = FORMATS[suffix]([row for report in reports for row in rating_rows(report)])
    if args.out:
        write_atomic(args.out, text)
        print(f"wrote {args.out}: {_plural(len(reports), 'report')}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_PROBLEMS if errors else EXIT_OK


def _compare(args) -> int:
    from mdime_publish.compare import comparison
    from mdime_publish.errors import ReportError
    from mdime_publish.output import write_atomic
    from mdime_publish.writers.compare import comparison_html, comparison_pdf

    if args.out:
        _out_folder(args.out, "--out")
    ws, reports, errors = _load_reports(args)
    if not reports:
        print("mdime: error: no report without errors to compare", file=sys.stderr)
        return EXIT_PROBLEMS
    html = comparison_html(comparison(reports), ws.root)
    try:
        pdf, problems = comparison_pdf(html, ws.root)
    except ReportError as exc:
        _print_problems(exc.problems, file=sys.stderr)
        return EXIT_PROBLEMS
    errors += _print_problems(problems, file=sys.stderr)[0]
    out = args.out or ws.root / "build"
    for name, data in (("compare.html", html), ("compare.pdf", pdf)):
        write_atomic(out / name, data)
        print(f"wrote {ws.shown(out / name)}: {_plural(len(reports), 'report')}", file=sys.stderr)
    return EXIT_PROBLEMS if errors else EXIT_OK


def _review(args) -> int:
    from mdime_publish.review.command import run_review

    if not args.docx.is_file():
        raise _Usage(f"{args.docx}: no such file")
    if args.root:
        root = _workspace(args.root, args.root).root
    else:
        root = _found_workspace(args.docx.resolve().parent) or _workspace(None, Path.cwd()).root
    return run_review(args.docx, root, args.format, args.apply)


def _diff(args) -> int:
    from mdime_publish.review.diff import run_diff

    if args.out:
        _out_folder(args.out, "--out")
    return run_diff(args.rev, _reports(args), args.out)


def _check_environment() -> None:
    """Environment variables that set what a build writes, checked before any work."""
    from mdime_publish.source_date import source_date_epoch

    try:
        source_date_epoch()
    except ValueError as exc:
        raise _Usage(str(exc)) from None


def _out_folder(folder: Path, option: str) -> None:
    """A folder to write into: not a file, and writable (or creatable)."""
    if folder.exists() and not folder.is_dir():
        raise _Usage(f"{option} {folder}: is a file; expected a folder to write into")
    _writable(folder, option)


def _out_file(path: Path) -> None:
    """A file to write: not a folder, in a writable folder."""
    if path.is_dir():
        raise _Usage(f"--out {path}: is a folder; expected a file name")
    _writable(path.parent, "--out")


def _writable(folder: Path, option: str) -> None:
    """Usage error unless files can be created in `folder` (or the folder itself can)."""
    import os

    existing = next((p for p in [folder, *folder.absolute().parents] if p.exists()), Path("/"))
    if not existing.is_dir():
        raise _Usage(f"{option} {folder}: '{existing}' is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise _Usage(f"{option} {folder}: cannot write into '{existing}': the folder is read-only")


def _found_workspace(start: Path) -> Path | None:
    from mdime_publish.paths import WorkspaceError, find_workspace

    try:
        return find_workspace(start)
    except WorkspaceError:
        return None


def _has_workspace() -> bool:
    return _found_workspace(Path.cwd()) is not None


def _default_series():
    from mdime_publish.series import Series, default_series_data

    return Series.model_validate(default_series_data())


if __name__ == "__main__":
    sys.exit(main())
