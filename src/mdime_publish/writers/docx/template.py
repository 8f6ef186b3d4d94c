"""reference.docx to an empty Document: its styles, numbering, settings and page set-up.

The template's body (sample paragraphs for designers) is removed; only its final
section properties stay. The template comes from a workspace, so it is checked
before use, once per file version: a zip of bounded size (no zip bomb is inflated),
a package python-docx opens, with the parts the writer fills, that saves and opens
back; and it defines every style the writer names. Anything else is refused with a
ReportError naming the file, before anything is written.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document

from mdime_publish.errors import ReportError, error
from mdime_publish.paths import display
from mdime_publish.writers.docx.styles import ALL, StyleMap

MAX_FILE_BYTES = 20 * 1024 * 1024  # the template file
MAX_PART_BYTES = 32 * 1024 * 1024  # one part, uncompressed (the house template's largest is 30 KB)
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # all parts, uncompressed
MAX_PARTS = 1000


def open_template(path: Path) -> tuple[Document, StyleMap]:
    stat = path.stat()
    data = _checked(str(path), stat.st_size, stat.st_mtime_ns)
    document = docx.Document(io.BytesIO(data))
    styles = StyleMap(document.styles.element)
    missing = styles.missing(ALL)
    if missing:
        names = ", ".join(f"{st.name} ({st.kind})" for st in missing)
        raise ReportError([error(str(path), 0, 0, f"the DOCX template lacks styles the writer uses: {names}")])
    document.element.body.clear_content()
    return document, styles


@lru_cache(maxsize=4)
def _checked(path: str, size: int, mtime_ns: int) -> bytes:
    """The template's bytes once they pass `_problem` (cached per file version)."""
    if size > MAX_FILE_BYTES:
        _refuse(path, f"the file is {size / 2**20:.1f} MB; at most {MAX_FILE_BYTES // 2**20} MB")
    data = Path(path).read_bytes()
    problem = _package_problem(data) or _round_trip_problem(data)
    if problem:
        _refuse(path, problem)
    return data


def _refuse(path: str, why: str) -> None:
    raise ReportError([error(display(Path(path)), 0, 0, f"DOCX template refused: {why}")])


def _package_problem(data: bytes) -> str:
    """Why the zip is not read at all: not a zip, too many parts, or parts whose
    declared sizes (which bound what zipfile inflates) are too large."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except zipfile.BadZipFile:
        return "not a Word document (not a zip file)"
    if len(parts) > MAX_PARTS:
        return f"{len(parts):,} parts; at most {MAX_PARTS:,}"
    largest = max(parts, key=lambda p: p.file_size, default=None)
    if largest is not None and largest.file_size > MAX_PART_BYTES:
        return (f"part '{largest.filename}' expands to {largest.file_size / 2**20:.0f} MB; "
                f"at most {MAX_PART_BYTES // 2**20} MB")
    total = sum(p.file_size for p in parts)
    if total > MAX_TOTAL_BYTES:
        return f"its parts expand to {total / 2**20:.0f} MB; at most {MAX_TOTAL_BYTES // 2**20} MB"
    return ""


def _round_trip_problem(data: bytes) -> str:
    """Why python-docx cannot use the package as the writer does: open it, reach its
    styles, body and core properties, save it and open the result back."""
    try:
        document = docx.Document(io.BytesIO(data))
        _ = document.styles.element, document.core_properties.title  # parts the writer fills
        if document.element.body is None:
            return "word/document.xml has no body"
        saved = io.BytesIO()
        document.save(saved)
        docx.Document(io.BytesIO(saved.getvalue()))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds; each means "unusable"
        return f"python-docx cannot open it and save it back ({type(exc).__name__}: {str(exc)[:200]})"
    return ""
