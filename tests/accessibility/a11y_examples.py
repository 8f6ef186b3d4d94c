"""The example reports built once per test session in every edition, for the accessibility suites."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from mdime_publish.model import document as m
from mdime_publish.model.document import BuildContext

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ("russia", "china")
ENGINES = ("weasyprint", "typst")
CTX = BuildContext(build_date="2024-05-17", revision="abc1234")


@cache
def report(name: str, status: str = "draft") -> m.Report:
    from mdime_publish.pipeline import load_report

    loaded = load_report(ROOT / "content" / "mali" / f"{name}.md")
    assert loaded.report is not None, loaded.problems
    return loaded.report.model_copy(update={"status": status})


@cache
def html(name: str, status: str = "draft") -> str:
    from mdime_publish.writers.html import render_html

    return render_html(report(name, status), CTX, ROOT)


@cache
def pdf(name: str, status: str = "draft", engine: str = "weasyprint") -> tuple[bytes, tuple]:
    from mdime_publish.writers.pdf_edition import render_pdf_edition

    ctx = CTX.model_copy(update={"pdf_engine": engine})
    data, problems = render_pdf_edition(report(name, status), ctx, ROOT)
    return data, tuple(problems)


@cache
def docx(name: str) -> bytes:
    from mdime_publish.writers.docx import render_docx

    return render_docx(report(name), CTX, ROOT)
