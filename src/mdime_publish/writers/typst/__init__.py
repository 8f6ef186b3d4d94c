"""A numbered Report to PDF bytes with Typst, the second PDF engine.

Each report compiles in a private folder made for it and deleted after: the
generated `main.typ`, the template `report.typ` (the workspace's own first, as for
report.css), `theme.typ` from report.css, the draft watermark and the report's
images. Typst's root is that folder, so nothing else on disk can be read; no
package can be imported (a template that names one is refused, and there is no
package folder to find one in); fonts come only from the families the theme
names. The output is PDF/UA-1, tagged by Typst and completed by `tags`, dated
from the build date, so identical input gives identical bytes. Typst's errors and warnings become Problems against
the report (or the template, when it is at fault), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from mdime_publish.errors import Problem, ReportError, error, warning
from mdime_publish.model.document import BuildContext, Image, Report
from mdime_publish.model.walk import iter_inlines
from mdime_publish.style_files import default_styles_dir, style_path
from mdime_publish.writers.typst.document import document_typ
from mdime_publish.writers.typst.fonts import font_folder
from mdime_publish.writers.typst.markup import image_name, languages
from mdime_publish.writers.typst.tags import complete_tags
from mdime_publish.writers.typst.theme import custom_properties, families, theme_typ, watermark_svg

PDF_STANDARD = "ua-1"
FONT_PROPERTIES = ("serif", "sans", "mono", "arrows")
PACKAGE_IMPORT = re.compile(r'"@')


def render_pdf(report: Report, ctx: BuildContext, workspace: Path | None) -> tuple[bytes, list[Problem]]:
    """The Typst PDF of a report, and Typst's warnings as Problems.

    Raises ReportError when Typst stops with an error or a font is missing.
    """
    css = style_path("report.css", workspace).read_text("utf-8")
    template_path = style_path("report.typ", workspace)
    template = template_path.read_text("utf-8")
    refused = [error(str(template_path), line, 0, "the Typst template imports a package; packages are not "
                                                  "used (no downloads): copy what it needs into report.typ")
               for line, code in enumerate(template.splitlines(), 1) if PACKAGE_IMPORT.search(code)]
    stacks = {p: families(custom_properties(css).get(p, "")) for p in FONT_PROPERTIES}
    fonts, missing = font_folder(tuple(dict.fromkeys(f for stack in stacks.values() for f in stack)))
    refused += [error(report.source, 0, 0, f"PDF: none of the fonts of --{p} in report.css is installed "
                                           f"({', '.join(stack) or 'none named'})")
                for p, stack in stacks.items() if not set(stack) - set(missing)]
    if refused:
        raise ReportError(refused)
    theme, skipped = theme_typ(css, set(missing), (default_styles_dir() / "report.css").read_text("utf-8"))
    problems = [warning(report.source, 0, 0, f"PDF: {message}") for message in skipped]
    svg = watermark_svg(css)
    with tempfile.TemporaryDirectory(prefix="mdime-typst-") as folder:
        root = Path(folder)
        (root / "report.typ").write_text(template, "utf-8")
        (root / "theme.typ").write_text(theme, "utf-8")
        if svg is not None:
            (root / "watermark.svg").write_bytes(svg)
        for node in iter_inlines(report):
            if isinstance(node, Image):
                (root / image_name(node)).write_bytes(node.data)
        pdf, more, main = _compile_document(report, ctx, root, "watermark.svg" if svg else None, fonts,
                                          str(template_path))
    pdf, untagged = complete_tags(pdf, languages(main))
    return pdf, problems + more + [warning(report.source, 0, 0, f"PDF: {m}") for m in untagged]


@lru_cache(maxsize=2)
def _fonts(folder: Path):
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(folder)])


def _compile_document(report: Report, ctx: BuildContext, root: Path, watermark: str | None, fonts: Path,
                      template: str) -> tuple[bytes, list[Problem], str]:
    import typst

    main = document_typ(report, ctx, watermark)
    (root / "main.typ").write_text(main, "utf-8")
    compiler = typst.Compiler(input=str(root / "main.typ"), root=str(root), font_paths=_fonts(fonts))
    pdf, problems = _compile(compiler, ctx, report.source, template, root)
    return pdf, problems, main


def _compile(compiler, ctx: BuildContext, source: str, template: str, root: Path) -> tuple[bytes, list[Problem]]:
    import typst

    stamp = dt.datetime.fromisoformat(ctx.build_date).replace(tzinfo=dt.timezone.utc)
    try:
        pdf, warnings = compiler.compile_with_warnings(format="pdf", pdf_standards=[PDF_STANDARD], timestamp=stamp)
    except typst.TypstError as exc:
        raise ReportError([_problem(error, exc, root, source, template)]) from None
    return pdf, [_problem(warning, w, root, source, template) for w in warnings]


_LOCATION = re.compile(r"┌─ (?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+)")


def _problem(make, diagnostic, root: Path, source: str, template: str) -> Problem:
    """A Typst diagnostic as a Problem: against the template when it is at fault
    (with its line), else against the report; the hints follow the message."""
    found = _LOCATION.search(getattr(diagnostic, "diagnostic", "") or "")
    message = getattr(diagnostic, "message", str(diagnostic))
    hints = [h for h in getattr(diagnostic, "hints", []) or [] if h]
    text = f"PDF (Typst): {message}" + "".join(f"; hint: {h}" for h in hints)
    if found and Path(found["file"]).name == "report.typ":
        return make(template, int(found["line"]), int(found["col"]), text)
    return make(source, 0, 0, text)
