"""reference.docx to an empty Document: its styles, numbering, settings and page set-up.

The template's body (sample paragraphs for designers) is removed; only its final
section properties stay. A template that lacks a style the writer names is refused
with the list of what is missing, before anything is written.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document

from mdime_publish.errors import ReportError, error
from mdime_publish.writers.docx.styles import ALL, StyleMap


def open_template(path: Path) -> tuple[Document, StyleMap]:
    document = docx.Document(str(path))
    styles = StyleMap(document.styles.element)
    missing = styles.missing(ALL)
    if missing:
        names = ", ".join(f"{st.name} ({st.kind})" for st in missing)
        raise ReportError([error(str(path), 0, 0, f"the DOCX template lacks styles the writer uses: {names}")])
    document.element.body.clear_content()
    return document, styles
