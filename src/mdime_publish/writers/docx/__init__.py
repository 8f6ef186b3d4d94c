"""A numbered Report to DOCX bytes, through the reference.docx template.

Like pandoc's writeDocx, in phases:

1. open `styles/reference.docx` (a workspace's own copy first), check it defines
   every style in `styles.ALL`, empty its body and set the paper;
2. create the endnotes part holding every Note (endnotes.py);
3. write the report part by part (parts.py), naming styles only: blocks.py for
   paragraphs, lists and tables, inlines.py for runs, legend.py for the legend;
   each NoteRef becomes an endnote reference, in Note.number order (asserted);
   paragraphs from the sources carry hidden bookmarks of their origin (source_map.py);
4. add page furniture: page numbers, the draft stamp (page.py);
5. set core and custom properties (the sources' digests), and save with fixed
   zip dates (package.py).

Style names are the contract with designers: docs/docx-styles.md.
"""

from __future__ import annotations

from pathlib import Path

from mdime_publish.model.document import BuildContext, Report
from mdime_publish.style_files import style_path
from mdime_publish.writers.docx.blocks import BlockWriter
from mdime_publish.writers.docx.endnotes import Endnotes
from mdime_publish.writers.docx.inlines import InlineWriter
from mdime_publish.writers.docx.lists import Numbering
from mdime_publish.writers.docx.package import reproducible_bytes, set_properties
from mdime_publish.writers.docx.page import add_page_furniture, set_paper, text_width
from mdime_publish.writers.docx.parts import ReportWriter
from mdime_publish.writers.docx.source_map import SourceMap
from mdime_publish.writers.docx.template import open_template

__all__ = ["render_docx"]


def render_docx(report: Report, ctx: BuildContext, workspace: Path | None = None) -> bytes:
    # 1. template
    document, styles = open_template(style_path("reference.docx", workspace))
    set_paper(document, ctx.paper)
    # 2. endnotes
    anchors = SourceMap(report.sources)
    endnotes = Endnotes(document, styles, report.notes, anchors)
    # 3. body, each paragraph marked with where its text comes from (source_map.py)
    inlines = InlineWriter(styles, document.part, note_reference=endnotes.reference)
    blocks = BlockWriter(styles, inlines, Numbering(document), text_width(document), anchors)
    ReportWriter(document, blocks).write(report)
    endnotes.check_all_referenced()
    # 4. page furniture
    add_page_furniture(document, styles, report, ctx)
    # 5. properties and bytes
    set_properties(document, report, ctx)
    anchors.write_properties(document)
    return reproducible_bytes(document, ctx)
