"""The PDF edition by the engine the build context names: WeasyPrint or Typst.

WeasyPrint lays out the HTML page made for print; Typst sets the numbered model
directly. Each engine is imported only when
used.
"""

from __future__ import annotations

from pathlib import Path

from mdime_publish.errors import Problem
from mdime_publish.model.document import BuildContext, Report


def render_pdf_edition(report: Report, ctx: BuildContext, workspace: Path | None) -> tuple[bytes, list[Problem]]:
    """PDF bytes and the engine's warnings as Problems; raises ReportError when it fails."""
    if ctx.pdf_engine == "typst":
        from mdime_publish.writers.typst import render_pdf as render_typst

        return render_typst(report, ctx, workspace)
    from mdime_publish.writers.html import render_html
    from mdime_publish.writers.pdf import render_pdf

    return render_pdf(report, render_html(report, ctx, workspace, print_edition=True), workspace)
