"""Comparison to a standalone HTML page and its landscape PDF.

The page comes from `templates/compare.html.j2` with `compare.css` inlined, through
the report writer's Jinja2 environment (autoescape, StrictUndefined) and the style
folders, a workspace's own first. WeasyPrint lays it out with the report PDF's
fetcher (style folders only, never the network); its warnings come back as Problems.
"""

from __future__ import annotations

from pathlib import Path

from mdime_publish.compare import Comparison
from mdime_publish.errors import Problem
from mdime_publish.style_files import styles_dirs
from mdime_publish.writers.html import environment, render_page, stylesheet
from mdime_publish.writers.legend import CONFIDENCE_MARKS
from mdime_publish.writers.pdf import html_to_pdf

SOURCE = "compare.html"  # the name WeasyPrint's problems are filed under


def comparison_html(comparison: Comparison, workspace: Path | None) -> str:
    """The comparison as one HTML page, stylesheet inlined."""
    env = environment(tuple(d / "templates" for d in styles_dirs(workspace)))
    marks = dict(zip((v.id for v in comparison.confidence_levels), CONFIDENCE_MARKS))
    return render_page(env, "compare.html.j2", workspace, comparison=comparison, marks=marks,
                       css=stylesheet("compare.css", workspace))


def comparison_pdf(html: str, workspace: Path | None) -> tuple[bytes, list[Problem]]:
    """The PDF of the comparison page, and WeasyPrint's warnings as Problems."""
    return html_to_pdf(html, SOURCE, workspace)
