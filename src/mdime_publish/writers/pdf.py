"""The page for print (the HTML edition, URL breaks marked) to PDF bytes, by WeasyPrint.

No content is rendered here; the page already carries the stylesheet, the paper size,
the metadata (title, authors, description, keywords, language) and the draft marks.
Images arrive embedded in the HTML (the pipeline read them); WeasyPrint gets one
fetcher that serves the style folders only (fonts or pictures a stylesheet names)
and refuses everything else, network included: a missing or forbidden resource
stops the build with a clear error. The
output is tagged, and `pdf_ua` completes WeasyPrint's tagging to PDF/UA-1 (artifacts,
header scopes, notes, languages, word spaces). WeasyPrint's warnings and errors come
back as Problems.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from mdime_publish.errors import Problem, ReportError, error, warning
from mdime_publish.style_files import style_path, styles_dirs
from mdime_publish.writers.native_libraries import cached_find_library

with cached_find_library():  # WeasyPrint loads its native libraries on its first import
    from weasyprint import HTML
    from weasyprint.logger import LOGGER
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

if TYPE_CHECKING:
    from mdime_publish.model.document import Report

from mdime_publish.writers.page_fit import laid_out  # noqa: E402 (these import WeasyPrint: after the block)
from mdime_publish.writers.pdf_ua import complete  # noqa: E402

PDF_VARIANT = "pdf/ua-1"
_DATA_URL = re.compile(r"(data:[\w/+.-]*(?:;[\w=-]+)*,)[^\s'\"]{16,}")  # an embedded file, never printed whole


class RefusedResource(Exception):
    """A resource outside the allowed folders, or not a local file."""


class LocalFetcher(URLFetcher):
    """Serves `file:` URLs under `roots` (and `data:` URLs); refuses all else."""

    def __init__(self, roots: list[Path]):
        super().__init__(fail_on_errors=True)
        self.roots = [r.resolve() for r in roots]

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file":
            raise RefusedResource(f"refused to fetch '{url}': only files in {self._where()} are used, never the network")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedResource(f"refused to read '{path}': it is outside {self._where()}")
        if not path.is_file():
            raise RefusedResource(f"file not found: '{path}'")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    def _where(self) -> str:
        return ", ".join(str(r) for r in self.roots)


def render_pdf(report: Report, html: str, workspace: Path | None) -> tuple[bytes, list[Problem]]:
    """The PDF of a report's HTML edition, and WeasyPrint's warnings as Problems."""
    return html_to_pdf(html, report.source, workspace)


def html_to_pdf(html: str, source: str, workspace: Path | None) -> tuple[bytes, list[Problem]]:
    """Any page of ours to tagged PDF bytes; problems are reported against `source`.

    Raises ReportError when a resource cannot be fetched (refused or missing).
    """
    folders = styles_dirs(workspace)  # images come embedded in the HTML; CSS url()s from styles
    fetcher = LocalFetcher(folders)
    with weasyprint_problems(source) as problems:
        try:
            page = HTML(string=html, base_url=folders[0].as_uri() + "/", url_fetcher=fetcher)
            document = laid_out(page, pdf_variant=PDF_VARIANT)
            pdf = document.write_pdf(  # uncompressed: pikepdf compresses once, after `complete`
                pdf_variant=PDF_VARIANT, uncompressed_pdf=True,
                pdf_identifier=hashlib.md5(html.encode("utf-8")).hexdigest().encode("ascii"),
            )
        except FatalURLFetchingError as exc:
            problems.append(error(source, 0, 0, f"PDF: {exc.__cause__ or exc}"))
            raise ReportError(problems) from None
    pdf, remaining = complete(pdf, document.mdime_marks)
    problems += [warning(source, 0, 0, f"PDF: not PDF/UA-1, claim removed: {r}") for r in remaining]
    return pdf, problems


@contextmanager
def weasyprint_problems(file: str) -> Iterator[list[Problem]]:
    """Collects what WeasyPrint logs while the block runs (warnings and errors)."""
    problems: list[Problem] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            make = error if record.levelno >= logging.ERROR else warning
            message = _DATA_URL.sub(r"\1...", record.getMessage())
            problems.append(make(file, 0, 0, f"PDF: {message}"))

    handler = Collect(level=logging.WARNING)
    LOGGER.addHandler(handler)
    try:
        yield problems
    finally:
        LOGGER.removeHandler(handler)


def warm_up(workspace: Path | None) -> None:
    """Lay out a few words with the report stylesheet and throw the PDF away: loads the
    font configuration and the fonts before the first report arrives (about 0.1 s that
    a render worker would otherwise spend on the report's critical path). Never fails:
    whatever is wrong is reported by the real render."""
    try:
        css = style_path("report.css", workspace).read_text("utf-8")
        html_to_pdf(f"<html lang='en'><head><style>{css}</style></head><body><h1>M-DIME</h1>"
                    "<p>Text, <em>italic</em>, <strong>bold</strong> [1].</p></body></html>", "warm-up", workspace)
    except Exception:  # noqa: BLE001 - a warm-up only
        pass

