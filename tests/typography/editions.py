"""Editions to check: each report (the two examples and the stress report) printed by each
PDF engine, read back from the PDF file.

`ENGINES` maps a name to a function writing a report's PDF: WeasyPrint from the HTML
edition, and LibreOffice from the DOCX edition (as a reader of the DOCX would see it).
A further engine (Typst) is one more entry. Each gives the page margins its PDF uses,
so the checks know the text block.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from printed_pages import Margins, PrintedPdf
from stress_report import write_workspace

from conftest import PROJECT
from mdime_publish.builder import build_context
from mdime_publish.model import document as m
from mdime_publish.pipeline import Workspace, load_report
from mdime_publish.writers.docx import render_docx
from mdime_publish.writers.html import render_html
from mdime_publish.writers.pdf import render_pdf

#: styles/report.css: @page { margin: 0.95in 0.9in 0.85in }
WEASYPRINT_MARGINS = Margins(top=68.4, right=64.8, bottom=61.2, left=64.8)
#: LibreOffice's "Endnote" page style, on which it prints a DOCX's endnotes: 2 cm margins.
LIBREOFFICE_ENDNOTE_PAGES = Margins(top=56.7, right=56.7, bottom=56.7, left=56.7)
#: Paragraphs of each category's introduction in the stress report: chosen so that
#: parts end just past a page boundary (test_stress_report_exercises_page_fit).
STRESS_PARTS = {"D": 2, "I": 9, "M": 4, "E": 11}


@dataclass
class Edition:
    """One report as one engine printed it."""

    name: str
    engine: str
    report: m.Report
    html: str
    docx: bytes
    pdf: PrintedPdf

    @property
    def back_cover(self) -> int:
        """0-based index of the back cover (LibreOffice prints the endnotes after it)."""
        name = self.report.series.back_matter.name
        return max(i for i, page in enumerate(self.pdf.pages) if name in page.text or name.upper() in page.text)

    @property
    def text_pages(self) -> range:
        """Pages between the cover and the back cover."""
        return range(1, self.back_cover)


@dataclass
class Sources:
    report: m.Report
    root: Path
    html: str
    docx: bytes


@pytest.fixture(scope="session")
def sources(tmp_path_factory) -> dict[str, Sources]:
    paths = {name: PROJECT / "content" / "mali" / f"{name}.md" for name in ("russia", "china")}
    paths["stress"] = write_workspace(tmp_path_factory.mktemp("stress") / "ws", STRESS_PARTS)
    out = {}
    for name, path in paths.items():
        loaded = load_report(path)
        assert loaded.ok, "\n".join(map(str, loaded.problems))
        root = path.parents[2]
        ctx = build_context(Workspace(root), "letter", False)
        out[name] = Sources(loaded.report, root, render_html(loaded.report, ctx, root),
                            render_docx(loaded.report, ctx, root))
    return out


def weasyprint(sources: dict[str, Sources], folder: Path) -> tuple[dict[str, Path], Margins, None]:
    paths = {}
    for name, source in sources.items():
        pdf, problems = render_pdf(source.report, source.html, source.root)
        assert [p for p in problems if p.severity == "error"] == []
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(pdf)
    return paths, WEASYPRINT_MARGINS, None


def libreoffice(sources: dict[str, Sources], folder: Path) -> tuple[dict[str, Path], Margins, Margins]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    for name, source in sources.items():
        (folder / f"{name}.docx").write_bytes(source.docx)
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *(str(folder / f"{n}.docx") for n in sources)],
                   check=True, capture_output=True, timeout=600, cwd=folder)
    section = docx.Document(io.BytesIO(next(iter(sources.values())).docx)).sections[0]
    margins = Margins(*(length.pt for length in (section.top_margin, section.right_margin,
                                                 section.bottom_margin, section.left_margin)))
    return {name: folder / f"{name}.pdf" for name in sources}, margins, LIBREOFFICE_ENDNOTE_PAGES


ENGINES = {"weasyprint": weasyprint, "docx-libreoffice": libreoffice}


@pytest.fixture(scope="session")
def printed(sources, tmp_path_factory) -> dict[str, tuple[dict[str, Path], Margins, Margins | None]]:
    """PDF files by engine, then by report, made once per session."""
    return {engine: make(sources, tmp_path_factory.mktemp(engine)) for engine, make in ENGINES.items()}


@pytest.fixture(scope="session", params=[(r, e) for e in ENGINES for r in ("russia", "china", "stress")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def edition(request, sources, printed) -> Edition:
    name, engine = request.param
    paths, margins, other_margins = printed[engine]
    source = sources[name]
    return Edition(name, engine, source.report, source.html, source.docx,
                   PrintedPdf(paths[name], margins, other_margins))
